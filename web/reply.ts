/** Answers from the browser-mode server: JSON results and errors, with the same safety headers everywhere. */
import type http from 'node:http';
import { CONTENT_SECURITY_POLICY, type ApiError } from '../core/index.ts';

export const STATUS: Partial<Record<ApiError['code'], number>> = {
  BAD_INPUT: 400,
  UNKNOWN_CALL: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  DB_BUSY: 503,
  INTEGRITY: 500,
  INTERNAL: 500,
};

export const baseHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  // A reply already under way (or a socket already gone) cannot take another: leave it be.
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify(body));
}

export function sendError(res: http.ServerResponse, error: ApiError, status = STATUS[error.code] ?? 400, extra: Record<string, string> = {}): void {
  sendJson(res, status, { ok: false, error }, extra);
}

/**
 * Refuse and hang up: for a body we will not read (too large, or refused
 * before it was read), so the connection cannot be reused mid-body.
 */
export function sendErrorAndClose(res: http.ServerResponse, error: ApiError, status = STATUS[error.code] ?? 400): void {
  sendError(res, error, status, { Connection: 'close' });
  // Once the answer is out, end the socket even if the sender keeps sending.
  res.once('finish', () => res.socket?.destroySoon());
}
