import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startWebServer, type WebServer } from '../../web/server.ts';
import type { Core } from '../../core/index.ts';
import { query, tempDir, testCore } from './helpers.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let core: Core;
let server: WebServer;

beforeEach(async () => {
  core = await testCore();
  const parent = tempDir('sunshine-ui-');
  const ui = path.join(parent, 'ui');
  fs.mkdirSync(ui);
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Sunshine</title>');
  // A servable type right beside the UI folder: only the containment check keeps it in.
  fs.writeFileSync(path.join(parent, 'secret.html'), 'TOP SECRET CONTENT');
  server = await startWebServer({ core, rendererDir: ui, port: 0 });
});
afterEach(async () => {
  await server.close();
});

function request(opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'POST',
        path: opts.path ?? '/api/call',
        headers: { Host: `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });
const callBody = (name: string, input: unknown = {}) => JSON.stringify({ name, input });
const auditCount = async () => ((await query(core, 'SELECT count(*) AS n FROM audit_log'))[0] as { n: number }).n;

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 only and prints a URL with a long random token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers a good call', async () => {
    const r = await request({ headers: auth(), body: callBody('settings.update', { officeName: 'Oversight' }) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: expect.objectContaining({ officeName: 'Oversight' }) });
    expect(await auditCount()).toBe(1);
  });

  it.each([
    ['no token', () => ({ 'Content-Type': 'application/json' }), 401, 'UNAUTHORIZED'],
    ['a wrong token', () => ({ ...auth(), Authorization: 'Bearer nope' }), 401, 'UNAUTHORIZED'],
    ['a foreign Host (DNS rebinding)', () => ({ ...auth(), Host: 'evil.example:80' }), 403, 'FORBIDDEN'],
    ['a foreign Origin', () => ({ ...auth(), Origin: 'https://evil.example' }), 403, 'FORBIDDEN'],
    ['an Origin on another port', () => ({ ...auth(), Origin: 'http://127.0.0.1:1' }), 403, 'FORBIDDEN'],
  ])('refuses a call with %s and changes nothing', async (_what, headers, status, code) => {
    const r = await request({ headers: headers(), body: callBody('settings.update', { officeName: 'x' }) });
    expect(r.status).toBe(status);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
    expect(await auditCount()).toBe(0);
  });

  it('accepts the page’s own Origin', async () => {
    const r = await request({ headers: { ...auth(), Origin: `http://127.0.0.1:${server.port}` }, body: callBody('settings.get') });
    expect(r.status).toBe(200);
  });

  it.each([
    ['malformed JSON', '{"name": "settings.get", ', 400, 'BAD_INPUT', /not valid JSON/],
    ['a JSON array', '[1,2]', 400, 'BAD_INPUT', /must be an object/],
    ['an unknown call', callBody('requests.purge'), 404, 'UNKNOWN_CALL', /no call named "requests.purge"/],
    ['wrong input types', callBody('settings.update', { theme: 7 }), 400, 'BAD_INPUT', /theme/],
    ['a non-string job id', JSON.stringify({ name: 'app.verify', input: {}, jobId: 5 }), 400, 'BAD_INPUT', /jobId/],
  ])('answers %s with a clear error', async (_what, body, status, code, message) => {
    const r = await request({ headers: auth(), body });
    expect(r.status).toBe(status);
    const json = JSON.parse(r.body);
    expect(json).toMatchObject({ ok: false, error: { code } });
    expect(json.error.message).toMatch(message);
    expect(await auditCount()).toBe(0);
  });

  it('refuses an oversized body before reading it all', async () => {
    const big = JSON.stringify({ name: 'settings.update', input: { officeName: 'x'.repeat(MAX_BODY_BYTES) } });
    const r = await request({ headers: auth(), body: big });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await auditCount()).toBe(0);
  });

  it('refuses an oversized body sent in chunks without a declared length', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/call', headers: { ...auth(), 'Transfer-Encoding': 'chunked' } },
        (res) => (res.resume(), resolve(res.statusCode!)),
      );
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(r).toBe(413);
    expect(await auditCount()).toBe(0);
  });

  it('refuses a form post (no JSON content type) so other sites cannot send simple requests', async () => {
    const r = await request({ headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, body: callBody('settings.get') });
    expect(r.status).toBe(415);
  });

  it('serves the UI with a strict CSP, and nothing outside its folder', async () => {
    const page = await request({ method: 'GET', path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    // Encoded slashes survive URL parsing, so these reach the containment check itself.
    for (const p of ['/..%2fsecret.html', '/%2e%2e%2fsecret.html', '/..%5csecret.html', '/%2e%2e%5csecret.html', '/../secret.html', '/%00index.html']) {
      const r = await request({ method: 'GET', path: p });
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('TOP SECRET');
    }
  });

  it('refuses the UI to a foreign Host too', async () => {
    const r = await request({ method: 'GET', path: '/', headers: { Host: 'attacker.example' } });
    expect(r.status).toBe(403);
  });

  it('streams job progress over Server-Sent Events to holders of the token', async () => {
    await core.workspace.write('bulk', async (w) => {
      for (let i = 0; i < 6000; i++) await w.audit({ action: 'test.bulk', entity: 'x', entityId: String(i) });
    });
    const noToken = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port: server.port, path: '/api/events' }, (res) => (res.resume(), resolve(res.statusCode!))),
    );
    expect(noToken).toBe(401);

    const received: string[] = [];
    const sse = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, resolve),
    );
    expect(sse.headers['content-type']).toBe('text/event-stream');
    sse.on('data', (c: Buffer) => received.push(c.toString()));
    const r = await request({ headers: auth(), body: JSON.stringify({ name: 'app.verify', input: {}, jobId: 'sse-job' }) });
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { ok: true, auditEntriesChecked: 6000 } });
    // The last progress event may still be on its way when the call's answer arrives: wait for it, not for a time.
    const events = () => received.join('').split('\n\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    // The stream also carries changes committed to the workspace (live refresh): the job's own events are looked at.
    const progress = () => events().filter((e: { kind: string }) => e.kind === 'progress');
    await expect.poll(() => progress().at(-1), { timeout: 30_000 }).toMatchObject({ kind: 'progress', jobId: 'sse-job', progress: { done: 6000, total: 6000 } });
    sse.destroy();
  });
});

describe('browser-mode uploads (drag and drop)', () => {
  const upload = (query: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    request({ path: `/api/upload?${query}`, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream', ...headers }, body });

  it('takes a dropped file with the token, and the import then reads it by id', async () => {
    const r = await upload(`name=${encodeURIComponent('Production/notes.txt')}&modified=1700000000000`, 'dropped words about placement');
    expect(r.status).toBe(200);
    const { id } = (JSON.parse(r.body) as { value: { id: string } }).value;
    expect(id).toMatch(/^[a-f0-9]{32}$/);
    const imported = await request({ headers: auth(), body: callBody('documents.import', { uploads: [id] }) });
    expect(JSON.parse(imported.body)).toMatchObject({ ok: true, value: { added: 1, files: [{ path: 'Production/notes.txt', status: 'added' }] } });
  });

  it('refuses uploads without the token, of the wrong type, without a name or declared too large', async () => {
    expect((await request({ path: '/api/upload?name=a.txt', headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' })).status).toBe(401);
    expect((await upload('name=a.txt', 'x', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await upload('', 'x')).status).toBe(400);
    const big = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/upload?name=big.pdf',
          headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/octet-stream', 'Content-Length': String(3 * 1024 ** 3) },
        },
        (res) => (res.resume(), resolve(res.statusCode!)),
      );
      req.on('error', reject);
      req.write('only the start');
    });
    expect(big).toBe(413);
    const uploads = path.join(core.dataDir, 'files', 'uploads');
    expect(fs.existsSync(uploads) ? fs.readdirSync(uploads) : []).toEqual([]);
  });
});
