/**
 * Browser mode: the same core behind a loopback HTTP server.
 *
 *   POST /api/call     {"name", "input", "jobId"?} → Result JSON (body at most 1 MiB)
 *   GET  /api/events   Server-Sent Events: progress of running jobs, and changes committed to the workspace by anyone (a bounded number at once)
 *   POST /api/upload?name=…&modified=…   one file's bytes (a dropped document, a CSV to import) → {"ok", "value": {"id"}}
 *   GET  /api/original/<id>   a document's original as bytes (Range supported)
 *   POST /api/launcher/status|open|switch   the start screen: the workspaces, open one ({"choice"}), close it
 *   GET  /…            the built renderer
 *
 * Every /api request needs this run's token and a loopback Host/Origin.
 * Nothing a client sends ends the server: see the listener below.
 */
import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { AppError, ORIGINAL_PATH, staticFile, type Launcher, type ServedCore } from '../core/index.ts';
import { LOOPBACK, checkOrigin, tokenFrom, tokenMatches } from './security.ts';
import { BodyError, readBody } from './body.ts';
import { EventStreams } from './events.ts';
import { handleOriginal } from './original.ts';
import { baseHeaders, sendError, sendErrorAndClose, sendJson } from './reply.ts';

export { MAX_BODY_BYTES } from './body.ts';

export interface WebServerOptions {
  core: ServedCore;
  /** Folder holding the built renderer (index.html). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** The start screen's side (a server started without a workspace, or one that may switch). */
  launcher?: Pick<Launcher, 'status' | 'open' | 'switchWorkspace'>;
  /** How many event streams (open tabs) may listen at once. */
  maxEventStreams?: number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The request target as a URL, or null when it is not a plain path: "*",
 * an absolute URL, or one starting "//" (a network-path reference such as
 * "//[" that URL parsing would read as a host — and throw on).
 */
function targetUrl(raw: string | undefined, port: number): URL | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return null;
  try {
    return new URL(`http://${LOOPBACK}:${port}${raw}`);
  } catch {
    return null;
  }
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { core } = opts;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = fs.realpathSync(opts.rendererDir);
  // While a page listens, every change committed to the workspace goes to every page (live refresh).
  const events: EventStreams = new EventStreams(opts.maxEventStreams, () => core.onChange((e) => events.broadcast(e)));
  let port = 0;

  /** A POSTed JSON object; else the refusal, already sent, and null. */
  async function jsonObject(req: http.IncomingMessage, res: http.ServerResponse, endpoint: string, shape: string): Promise<Record<string, unknown> | null> {
    const refuse = (send: () => void) => {
      send();
      return null;
    };
    if (req.method !== 'POST') return refuse(() => sendErrorAndClose(res, { code: 'BAD_INPUT', message: `Use POST for ${endpoint}.` }, 405));
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return refuse(() => sendErrorAndClose(res, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the call as JSON (Content-Type: application/json).' }));
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      if (e instanceof BodyError) return refuse(() => sendErrorAndClose(res, e.apiError));
      return refuse(() => sendError(res, { code: 'BAD_INPUT', message: 'The request body is not valid JSON.' }));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(() => sendError(res, { code: 'BAD_INPUT', message: `The request body must be an object: ${shape}.` }));
    }
    return body as Record<string, unknown>;
  }

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await jsonObject(req, res, '/api/call', '{"name": …, "input": …}');
    if (!body) return;
    const { name, input, jobId } = body;
    if (jobId !== undefined && typeof jobId !== 'string') {
      return sendError(res, { code: 'BAD_INPUT', message: 'jobId must be a string.' });
    }
    const result = await core.call(name, input, { emit: (e) => events.broadcast(e), ...(jobId === undefined ? {} : { jobId }) });
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  /** One file (a dropped document, a CSV to import), streamed to the data folder; the page then uses it by id. */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendErrorAndClose(res, { code: 'BAD_INPUT', message: 'Use POST for /api/upload.' }, 405);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      return sendErrorAndClose(res, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the file as application/octet-stream.' });
    }
    const name = url.searchParams.get('name');
    if (!name || name.length > 4096) return sendErrorAndClose(res, { code: 'BAD_INPUT', message: 'name: give the file name (at most 4096 characters).' });
    const modified = Number(url.searchParams.get('modified'));
    try {
      const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
      const id = await core.receiveUpload(req, name, Number.isFinite(modified) && modified > 0 ? modified : null, declared);
      sendJson(res, 200, { ok: true, value: { id } });
    } catch (e) {
      const error = e instanceof AppError ? { code: e.code, message: e.message } : { code: 'INTERNAL' as const, message: 'The file could not be received.' };
      // A sender that went away mid-file is not the server's failure.
      if (!(e instanceof AppError) && (e as NodeJS.ErrnoException).code !== 'ECONNRESET') console.error('[sunshine] upload failed', e);
      // The rest of a refused body is not read: close the connection after answering.
      sendErrorAndClose(res, error);
    }
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendErrorAndClose(res, { code: 'BAD_INPUT', message: 'Only GET is served here.' }, 405);
    const found = staticFile(rendererDir, url.pathname);
    if (!found) return sendError(res, { code: 'NOT_FOUND', message: `Nothing at ${url.pathname.slice(0, 200)}.` });
    res.writeHead(200, { ...baseHeaders, 'Content-Type': found.type });
    if (req.method === 'HEAD') return void res.end();
    // The file can vanish between the check and the read (a rebuild of the UI): end the reply, not the server.
    fs.createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  /** The start screen's calls: which workspaces there are, open one, close it to choose another. */
  async function handleLauncher(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    const launcher = opts.launcher;
    if (!launcher) return sendError(res, { code: 'NOT_FOUND', message: 'This server was started on one workspace; it has no start screen.' });
    const body = await jsonObject(req, res, `/api/launcher/${action.slice(0, 40)}`, action === 'open' ? '{"choice": …}' : '{}');
    if (!body) return;
    if (action === 'status') return sendJson(res, 200, { ok: true, value: launcher.status() });
    const result = action === 'open' ? await launcher.open(body.choice) : action === 'switch' ? await launcher.switchWorkspace() : null;
    if (!result) return sendErrorAndClose(res, { code: 'NOT_FOUND', message: `No API endpoint at /api/launcher/${action.slice(0, 40)}.` });
    if (result.ok) sendJson(res, 200, result);
    else sendError(res, result.error);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const verdict = checkOrigin(req, port);
    if (!verdict.ok) return sendErrorAndClose(res, { code: verdict.code, message: verdict.message }, verdict.status);
    const url = targetUrl(req.url, port);
    if (!url) return sendErrorAndClose(res, { code: 'BAD_INPUT', message: 'The request target is not a path on this server.' }, 400);
    if (!url.pathname.startsWith('/api/')) return handleStatic(req, res, url);
    if (!tokenMatches(tokenFrom(req, url), token)) {
      return sendErrorAndClose(res, { code: 'UNAUTHORIZED', message: 'This call needs the token from the address Sunshine printed at start.' }, 401);
    }
    if (url.pathname === '/api/call') return handleCall(req, res);
    if (url.pathname === '/api/events') return events.attach(req, res);
    if (url.pathname === '/api/upload') return handleUpload(req, res, url);
    if (url.pathname.startsWith('/api/launcher/')) return handleLauncher(req, res, url.pathname.slice('/api/launcher/'.length));
    const original = ORIGINAL_PATH.exec(url.pathname);
    if (original) return handleOriginal(core, req, res, original[1]!);
    return sendErrorAndClose(res, { code: 'NOT_FOUND', message: `No API endpoint at ${url.pathname.slice(0, 200)}.` });
  }

  /**
   * Nothing a client sends may end the server: every request is routed inside
   * one catch, and the request's and reply's own stream errors (an aborted
   * socket, a write after the peer left) are handled here, not left unhandled.
   */
  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    route(req, res).catch((e: unknown) => {
      console.error('[sunshine] a request failed inside the server', e);
      if (!res.headersSent) sendErrorAndClose(res, { code: 'INTERNAL', message: 'The request failed inside the server.' }, 500);
      else res.destroy();
    });
  });
  // Requests the HTTP parser itself refuses (bad request line, header, chunking, length).
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  // Long enough for a 1 GB dropped file on a slow disk; this server answers only this machine.
  server.requestTimeout = 600_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, LOOPBACK, () => resolve());
  });
  // After listening, an error on the server (not a request) is logged; it must not be an unhandled event.
  server.on('error', (e) => console.error('[sunshine] web server error', e));
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        events.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
