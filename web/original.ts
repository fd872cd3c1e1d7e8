/** GET|HEAD /api/original/<id>: a document's original as bytes, with Range, for the viewer and "Save a copy". */
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError, type ServedCore } from '../core/index.ts';
import { baseHeaders, sendError } from './reply.ts';

export async function handleOriginal(core: ServedCore, req: http.IncomingMessage, res: http.ServerResponse, rawId: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'BAD_INPUT', message: 'Use GET for /api/original.' }, 405);
  let reply;
  try {
    reply = await core.original(rawId, req.headers.range);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return sendError(res, { code: e.code, message: e.message });
  }
  if (res.destroyed) return;
  res.writeHead(reply.status, { ...baseHeaders, ...reply.headers });
  if (req.method === 'HEAD' || !reply.body) return void res.end();
  // A reader that goes away mid-file ends this reply only.
  await pipeline(reply.body(), res).catch(() => res.destroy());
}
