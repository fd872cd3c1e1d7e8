/**
 * The desktop app's way to a document's original as bytes: the page fetches
 * app://sunshine/api/original/<id>, exactly the path browser mode serves, and
 * this adapts the core's reply to a streamed Response. Only the app's own
 * page may ask: a foreign origin or referrer, a cross-site fetch, or a
 * navigation or embed (rather than the page's own fetch) is refused.
 */
import { Readable } from 'node:stream';
import { AppError, ORIGINAL_PATH, type ServedCore } from '../core/index.ts';
import { APP_HOST, APP_ORIGIN, isAppUrl } from './security.ts';

const STATUS: Partial<Record<AppError['code'], number>> = { BAD_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, INTEGRITY: 500 };
const NOT_FETCHES = new Set(['document', 'iframe', 'frame', 'embed', 'object']);

function refuse(status: number, code: AppError['code'], message: string): Response {
  return new Response(JSON.stringify({ ok: false, error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
  });
}

/** Whether `request` is the app's own page fetching an original (the caller has matched the path). */
function fromAppPage(request: Request): boolean {
  const h = request.headers;
  const origin = h.get('origin');
  if (origin !== null && origin !== APP_ORIGIN) return false;
  const site = h.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') return false;
  const dest = h.get('sec-fetch-dest');
  if (dest !== null && NOT_FETCHES.has(dest)) return false;
  const referrer = request.referrer;
  return !referrer || referrer === 'about:client' || isAppUrl(referrer);
}

export const isOriginalRequest = (url: URL) => url.host === APP_HOST && ORIGINAL_PATH.test(url.pathname);

export async function originalResponse(core: ServedCore, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const match = url.host === APP_HOST ? ORIGINAL_PATH.exec(url.pathname) : null;
  if (!match) return refuse(404, 'NOT_FOUND', 'Not found.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'BAD_INPUT', 'Use GET for an original.');
  if (!fromAppPage(request)) return refuse(403, 'FORBIDDEN', 'Originals are given only to the Sunshine window.');
  try {
    const reply = await core.original(match[1]!, request.headers.get('range'));
    const body = request.method === 'HEAD' || !reply.body ? null : (Readable.toWeb(reply.body()) as ReadableStream<Uint8Array>);
    return new Response(body, { status: reply.status, headers: reply.headers });
  } catch (e) {
    if (e instanceof AppError) return refuse(STATUS[e.code] ?? 400, e.code, e.message);
    console.error('[sunshine] an original could not be served', e);
    return refuse(500, 'INTERNAL', 'The original could not be read.');
  }
}
