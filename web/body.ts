/** Reading a request body with a hard cap: what is declared too large is refused unread, what grows too large is cut off. */
import type http from 'node:http';
import type { ApiError } from '../core/index.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

const tooLarge = (max: number) =>
  new BodyError({ code: 'PAYLOAD_TOO_LARGE', message: `A request body may be at most ${max} bytes; send files (a CSV to import, a document) through /api/upload.` });

export function readBody(req: http.IncomingMessage, max = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return reject(tooLarge(max));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > max) {
        // Stop buffering; the caller answers 413 and closes the connection.
        req.off('data', onData);
        req.pause();
        reject(tooLarge(max));
      } else chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // An aborted upload ends without 'end' or 'error' on some Node versions.
    req.on('close', () => {
      if (!req.complete) reject(new BodyError({ code: 'BAD_INPUT', message: 'The request body was cut off.' }));
    });
  });
}
