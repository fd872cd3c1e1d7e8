/** A browser-mode server on a fresh core for tests, and ways to talk to it over loopback. */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startWebServer, type WebServer, type WebServerOptions } from '../../web/server.ts';
import type { Core, ServedCore } from '../../core/index.ts';
import { tempDir, testCore } from './helpers.ts';

const servers: WebServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

/** A server on `opts.core` (an in-process core, or a worker's handle), or on a fresh in-process core. */
export async function testServer<C extends ServedCore = Core>(opts: Partial<Omit<WebServerOptions, 'core'>> & { core?: C } = {}): Promise<{ core: C; server: WebServer }> {
  const core = (opts.core ?? (await testCore())) as C;
  const ui = path.join(tempDir('sunshine-ui-'), 'ui');
  fs.mkdirSync(ui);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Sunshine</title>');
  const server = await startWebServer({ rendererDir: ui, port: 0, ...opts, core });
  servers.push(server);
  return { core, server };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function httpRequest(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Send raw bytes over one loopback connection, then either half-close (the
 * server answers and hangs up) or drop the connection mid-request; resolves
 * with whatever came back once the connection is closed.
 */
export function rawExchange(port: number, bytes: Buffer, how: 'end' | 'abort' = 'end'): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    socket.on('data', (c: Buffer) => got.push(c));
    // A reset from the server is an answer too: the test is whether it lives on.
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    socket.on('connect', () => {
      if (how === 'abort') {
        socket.write(bytes.subarray(0, Math.ceil(bytes.length / 2)));
        setImmediate(() => socket.destroy());
      } else socket.end(bytes);
    });
  });
}
