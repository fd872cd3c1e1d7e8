/**
 * Who may talk to the browser-mode server: only pages it served itself, on the
 * loopback address it is bound to, carrying this run's token. A foreign Host
 * (DNS rebinding) or Origin (another site in the same browser) gets 403, a
 * missing or wrong token 401.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const LOOPBACK = '127.0.0.1';

export function allowedHosts(port: number): Set<string> {
  return new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

export function checkOrigin(req: IncomingMessage, port: number): Verdict {
  const hosts = allowedHosts(port);
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `Requests must be addressed to http://${LOOPBACK}:${port}; Host "${host.slice(0, 100)}" was refused.` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `Calls from pages at ${origin.slice(0, 100)} are refused; use the Sunshine page this server printed.` };
  }
  return { ok: true };
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer …`, or from `?token=` for EventSource (which cannot set headers). */
export function tokenFrom(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}
