/**
 * Originals as bytes: browser mode's GET /api/original/<id> (token, Range,
 * safe headers) and the desktop app's app://sunshine/api/original/<id>, both
 * answered by the core's one reply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobPath } from '../../core/documents/vault.ts';
import { parseRange } from '../../core/documents/originals.ts';
import { originalResponse } from '../../electron/original-protocol.ts';
import type { Core } from '../../core/index.ts';
import { tempDir, testCore } from './helpers.ts';
import { httpRequest, testServer } from './web-helpers.ts';

const CONTENT = 'Original bytes of the memo about detention contracts, exactly as received.';

async function withDocument(core: Core, name = 'memo.txt', content: string | Buffer = CONTENT): Promise<{ id: number; sha256: string }> {
  const dir = tempDir('sunshine-src-');
  fs.writeFileSync(path.join(dir, name), content);
  const r = await core.invoke('documents.import', { paths: [dir] });
  if (!r.ok) throw new Error(r.error.message);
  const id = r.value.files[0]!.documentId!;
  const d = await core.invoke('documents.get', { id });
  if (!d.ok) throw new Error(d.error.message);
  return { id, sha256: d.value.sha256 };
}

describe('byte ranges', () => {
  it.each([
    [undefined, 10, null],
    ['bytes=0-3', 10, { start: 0, end: 3 }],
    ['bytes=4-', 10, { start: 4, end: 9 }],
    ['bytes=-3', 10, { start: 7, end: 9 }],
    ['bytes=5-500', 10, { start: 5, end: 9 }],
    ['bytes=10-', 10, 'unsatisfiable'],
    ['bytes=-0', 10, 'unsatisfiable'],
    ['bytes=99999999999999999999999-', 10, 'unsatisfiable'],
    ['bytes=5-2', 10, null],
    ['bytes=0-1,4-5', 10, null],
    ['items=0-1', 10, null],
    ['bytes=-', 10, null],
  ])('%s of %i bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('GET /api/original/<id> in browser mode', () => {
  const get = (port: number, p: string, headers: Record<string, string> = {}) => httpRequest(port, { path: p, headers });

  it('sends the original with the token: whole, a range (206), or 416 past its end, never to be shown by the browser itself', async () => {
    const { core, server } = await testServer();
    const { id } = await withDocument(core);
    const auth = { Authorization: `Bearer ${server.token}` };
    const whole = await get(server.port, `/api/original/${id}`, auth);
    expect(whole.status).toBe(200);
    expect(whole.body.toString()).toBe(CONTENT);
    expect(whole.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': String(CONTENT.length),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-disposition': expect.stringMatching(/^attachment; filename="memo\.txt"/),
      'content-security-policy': expect.stringContaining('sandbox'),
    });
    const part = await get(server.port, `/api/original/${id}`, { ...auth, Range: 'bytes=9-13' });
    expect(part.status).toBe(206);
    expect(part.body.toString()).toBe('bytes');
    expect(part.headers['content-range']).toBe(`bytes 9-13/${CONTENT.length}`);
    const past = await get(server.port, `/api/original/${id}`, { ...auth, Range: `bytes=${CONTENT.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${CONTENT.length}`);
    const head = await httpRequest(server.port, { method: 'HEAD', path: `/api/original/${id}`, headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(CONTENT.length));
  });

  it('refuses without the token, for unknown and hostile ids, and a tampered file', async () => {
    const { core, server } = await testServer();
    const { id, sha256 } = await withDocument(core);
    const auth = { Authorization: `Bearer ${server.token}` };
    const noToken = await get(server.port, `/api/original/${id}`);
    expect(noToken.status).toBe(401);
    expect(noToken.body.toString()).not.toContain(CONTENT);
    expect((await get(server.port, `/api/original/${id}`, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const unknown = await get(server.port, '/api/original/999', auth);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'id: there is no document 999.' } });
    for (const hostile of ['..%2F..%2Fetc%2Fpasswd', '1%00', '0', '-1', '1.0', '01', '1e3', '0x1', '9'.repeat(40), '']) {
      const r = await get(server.port, `/api/original/${hostile}`, auth);
      expect(r.status, hostile).toBe(400);
      expect(JSON.parse(r.body.toString()), hostile).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/is not a document number/) } });
    }
    // Dot segments are resolved by URL parsing before routing: they never reach a file.
    for (const dots of ['../../../etc/passwd', '%2e%2e', '%2e%2e/%2e%2e/etc/passwd']) expect((await get(server.port, `/api/original/${dots}`, auth)).status, dots).toBe(404);
    expect((await httpRequest(server.port, { method: 'POST', path: `/api/original/${id}`, headers: auth })).status).toBe(405);
    fs.chmodSync(blobPath(core.dataDir, sha256), 0o600);
    fs.writeFileSync(blobPath(core.dataDir, sha256), 'tampered');
    const tampered = await get(server.port, `/api/original/${id}`, auth);
    expect(tampered.status).toBe(500);
    expect(JSON.parse(tampered.body.toString())).toMatchObject({ ok: false, error: { code: 'INTEGRITY' } });
  });
});

describe('app://sunshine/api/original/<id> in the desktop app', () => {
  it('streams the original, with ranges, to the app page only', async () => {
    const core = await testCore();
    const { id } = await withDocument(core);
    const whole = await originalResponse(core, new Request(`app://sunshine/api/original/${id}`));
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe(CONTENT);
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment;/);
    const part = await originalResponse(core, new Request(`app://sunshine/api/original/${id}`, { headers: { Range: 'bytes=0-7' } }));
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('Original');
    const sameOrigin = await originalResponse(core, new Request(`app://sunshine/api/original/${id}`, { headers: { Origin: 'app://sunshine', 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Dest': 'empty' } }));
    expect(sameOrigin.status).toBe(200);
    await sameOrigin.body?.cancel();
    const foreign: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Dest': 'document' }, { 'Sec-Fetch-Dest': 'iframe' }];
    for (const headers of foreign) {
      const r = await originalResponse(core, new Request(`app://sunshine/api/original/${id}`, { headers }));
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(await r.text()).not.toContain(CONTENT);
    }
    expect((await originalResponse(core, new Request('app://evil/api/original/1'))).status).toBe(404);
    expect((await originalResponse(core, new Request('app://sunshine/api/original/..%2Fx'))).status).toBe(400);
    expect((await originalResponse(core, new Request('app://sunshine/api/original/77'))).status).toBe(404);
    expect((await originalResponse(core, new Request(`app://sunshine/api/original/${id}`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
