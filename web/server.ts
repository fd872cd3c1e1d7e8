/**
 * Browser mode: the same core behind a loopback HTTP server.
 *
 *   POST /api/call     {"name", "input", "jobId"?} → Result JSON
 *   GET  /api/events   Server-Sent Events: progress of running jobs
 *   POST /api/upload?name=…&modified=…   one file's bytes (drag and drop) → {"ok", "value": {"id"}}
 *   GET  /…            the built renderer
 *
 * Every /api request needs this run's token and a loopback Host/Origin.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CONTENT_SECURITY_POLICY, type Core, type CoreEvent } from '../core/index.ts';
import { AppError, type ApiError } from '../core/index.ts';
import { LOOPBACK, checkOrigin, tokenFrom, tokenMatches } from './security.ts';
import { staticFile } from '../core/index.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebServerOptions {
  core: Core;
  /** Folder holding the built renderer (index.html). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Partial<Record<ApiError['code'], number>> = {
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

const baseHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: http.ServerResponse, error: ApiError, status = STATUS[error.code] ?? 400): void {
  sendJson(res, status, { ok: false, error });
}

class BodyError extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    const tooLarge = new BodyError({ code: 'PAYLOAD_TOO_LARGE', message: `A request body may be at most ${MAX_BODY_BYTES} bytes.` });
    if (declared > MAX_BODY_BYTES) return reject(tooLarge);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { core } = opts;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = fs.realpathSync(opts.rendererDir);
  const listeners = new Set<http.ServerResponse>();
  let port = 0;

  const broadcast = (e: CoreEvent) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of listeners) res.write(line);
  };

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, { code: 'BAD_INPUT', message: 'Use POST for /api/call.' }, 405);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendError(res, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the call as JSON (Content-Type: application/json).' });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      if (e instanceof BodyError) return sendError(res, e.apiError);
      return sendError(res, { code: 'BAD_INPUT', message: 'The request body is not valid JSON.' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, { code: 'BAD_INPUT', message: 'The request body must be an object: {"name": …, "input": …}.' });
    }
    const { name, input, jobId } = body as { name?: unknown; input?: unknown; jobId?: unknown };
    if (jobId !== undefined && typeof jobId !== 'string') {
      return sendError(res, { code: 'BAD_INPUT', message: 'jobId must be a string.' });
    }
    const result = await core.call(name, input, { emit: broadcast, ...(jobId === undefined ? {} : { jobId }) });
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  /** One dropped file, streamed to the data folder; the page then imports it by id. */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendError(res, { code: 'BAD_INPUT', message: 'Use POST for /api/upload.' }, 405);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      return sendError(res, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the file as application/octet-stream.' });
    }
    const name = url.searchParams.get('name');
    if (!name || name.length > 4096) return sendError(res, { code: 'BAD_INPUT', message: 'name: give the file name (at most 4096 characters).' });
    const modified = Number(url.searchParams.get('modified'));
    try {
      const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
      const id = await core.receiveUpload(req, name, Number.isFinite(modified) && modified > 0 ? modified : null, declared);
      sendJson(res, 200, { ok: true, value: { id } });
    } catch (e) {
      const error = e instanceof AppError ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: 'The file could not be received.' };
      if (!(e instanceof AppError)) console.error('[sunshine] upload failed', e);
      // The rest of a refused body is not read: close the connection after answering.
      res.setHeader('Connection', 'close');
      sendError(res, error);
    }
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { ...baseHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'BAD_INPUT', message: 'Only GET is served here.' }, 405);
    const found = staticFile(rendererDir, url.pathname);
    if (!found) return sendError(res, { code: 'NOT_FOUND', message: `Nothing at ${url.pathname.slice(0, 200)}.` });
    res.writeHead(200, { ...baseHeaders, 'Content-Type': found.type });
    if (req.method === 'HEAD') return void res.end();
    // The file can vanish between the check and the read (a rebuild of the UI): end the reply, not the server.
    fs.createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = http.createServer((req, res) => {
    const verdict = checkOrigin(req, port);
    if (!verdict.ok) return sendError(res, { code: verdict.code, message: verdict.message }, verdict.status);
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(tokenFrom(req, url), token)) {
        return sendError(res, { code: 'UNAUTHORIZED', message: 'This call needs the token from the address Sunshine printed at start.' }, 401);
      }
      if (url.pathname === '/api/call') {
        handleCall(req, res).catch((e: unknown) => {
          console.error('[sunshine] web call failed', e);
          if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'The call failed inside the server.' }, 500);
        });
        return;
      }
      if (url.pathname === '/api/events') return handleEvents(req, res);
      if (url.pathname === '/api/upload') {
        handleUpload(req, res, url).catch((e: unknown) => {
          console.error('[sunshine] upload failed', e);
          if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'The upload failed inside the server.' }, 500);
        });
        return;
      }
      return sendError(res, { code: 'NOT_FOUND', message: `No API endpoint at ${url.pathname.slice(0, 200)}.` });
    }
    handleStatic(req, res, url);
  });
  // Long enough for a 1 GB dropped file on a slow disk; this server answers only this machine.
  server.requestTimeout = 600_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of listeners) res.end();
        listeners.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
