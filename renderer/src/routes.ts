import { useSyncExternalStore } from 'react';

/** The app's screens, in navigation order. Hash routes work in Electron and browser mode alike. */
export const ROUTES = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'requests', label: 'Requests' },
  { id: 'disclosures', label: 'Disclosures' },
  { id: 'documents', label: 'Documents' },
  { id: 'search', label: 'Search' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

const isRoute = (s: string): s is RouteId => ROUTES.some((r) => r.id === s);

export function routeFromHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isRoute(id) ? id : 'dashboard';
}

export const hrefFor = (id: RouteId) => `#/${id}`;

export function useRoute(): RouteId {
  const hash = useSyncExternalStore(
    (cb) => {
      window.addEventListener('hashchange', cb);
      return () => window.removeEventListener('hashchange', cb);
    },
    () => window.location.hash,
  );
  return routeFromHash(hash);
}

export function navigate(id: RouteId): void {
  window.location.hash = hrefFor(id);
}
