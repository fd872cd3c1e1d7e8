/**
 * The transport under the typed client: Electron's preload bridge when it is
 * there, else the browser-mode HTTP server (token from the address Sunshine
 * printed, kept for this tab only).
 */
import type { Bridge, CoreEvent, Result } from '../../../core/api.ts';
import { EXTERNAL_LINK_REFUSED, isSafeExternalUrl } from '../../../core/shared/links.ts';

declare global {
  interface Window {
    sunshine?: Bridge;
  }
}

const TOKEN_KEY = 'sunshine.token';
const UNREACHABLE = 'Sunshine is not reachable. Is the "npm run web" window still running?';

/** Browser mode's token, for fetches the bridge does not make itself (an original's bytes). */
let bearer: string | null = null;

/** What a plain fetch of /api/… needs: the token in browser mode; nothing in the desktop app, whose app:// origin answers it. */
export const apiHeaders = (): Record<string, string> => (bearer ? { Authorization: `Bearer ${bearer}` } : {});

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpBridge(): Bridge {
  const token = takeToken();
  bearer = token;
  const listeners = new Set<(e: CoreEvent) => void>();
  // Connect at once, so the first progress events of a job are not missed.
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  source.onmessage = (m) => {
    const e = JSON.parse(m.data as string) as CoreEvent;
    for (const l of listeners) l(e);
  };
  /** One of the start screen's calls; an unreachable server is said as for any call. */
  async function launcherCall<T>(action: string, body: unknown): Promise<Result<T>> {
    try {
      const res = await fetch(`/api/launcher/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      return (await res.json()) as Result<T>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: UNREACHABLE } };
    }
  }
  return {
    launcher: {
      status: () => launcherCall('status', {}),
      open: (choice) => launcherCall('open', { choice }),
      switchWorkspace: () => launcherCall('switch', {}),
    },
    async invoke(name, input, options) {
      try {
        const res = await fetch('/api/call', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, input, ...(options?.jobId ? { jobId: options.jobId } : {}) }),
        });
        return (await res.json()) as Result<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: UNREACHABLE } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async upload(file, name, modified) {
      try {
        const q = new URLSearchParams({ name, modified: String(modified) });
        const res = await fetch(`/api/upload?${q}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` },
          body: file,
        });
        return (await res.json()) as Result<{ id: string }>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `${name} could not be sent to Sunshine. Is the "npm run web" window still running?` } };
      }
    },
    async openExternal(url) {
      if (!isSafeExternalUrl(url)) return { ok: false, error: { code: 'BAD_INPUT', message: EXTERNAL_LINK_REFUSED } };
      window.open(new URL(url).href, '_blank', 'noopener,noreferrer');
      return { ok: true, value: null };
    },
  };
}

export const bridge: Bridge = window.sunshine ?? httpBridge();
