import { useSyncExternalStore } from 'react';

/** The app's screens, in navigation order. Hash routes work in Electron and browser mode alike. */
export const ROUTES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'requests', label: 'Requests' },
  { id: 'disclosures', label: 'Disclosures' },
  { id: 'documents', label: 'Documents' },
  { id: 'search', label: 'Search' },
  { id: 'review', label: 'Review' },
  { id: 'agencies', label: 'Agencies' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];
export interface Route {
  id: RouteId;
  /** The item within the screen, e.g. a request's reference in #/requests/REQ-2026-0042. */
  param?: string;
  /** Options after "?", e.g. #/documents/12?page=3&q=sponsors. */
  query: URLSearchParams;
}

const isRoute = (s: string): s is RouteId => ROUTES.some((r) => r.id === s);

export function routeFromHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [id = '', param] = path.split('/');
  const query = new URLSearchParams(search);
  if (!isRoute(id)) return { id: 'dashboard', query };
  return param ? { id, param: decodeURIComponent(param), query } : { id, query };
}

export const hrefFor = (id: RouteId, param?: string, query?: Record<string, string | number>) =>
  `#/${id}${param ? `/${encodeURIComponent(param)}` : ''}${query ? `?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}` : ''}`;

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    (cb) => {
      window.addEventListener('hashchange', cb);
      return () => window.removeEventListener('hashchange', cb);
    },
    () => window.location.hash,
  );
  return routeFromHash(hash);
}

export function navigate(id: RouteId, param?: string, query?: Record<string, string | number>): void {
  window.location.hash = hrefFor(id, param, query);
}
