/**
 * Browser mode must outlive anything a client sends: malformed request lines,
 * headers and bodies (hand-written and a seeded, repeatable batch of generated
 * ones), aborted connections, over-limit bodies and too many event streams.
 */
import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../web/server.ts';
import { httpRequest, rawExchange, testServer } from './web-helpers.ts';
import { rowCount } from './helpers.ts';

/** mulberry32: the same cases on every run, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/** Hand-written hostile requests; TOKEN and HOST are filled in per server. */
const HAND_WRITTEN = [
  'GET //[ HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'GET //[ HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\n\r\n',
  'GET http://[ HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'GET //evil.example/api/call HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'OPTIONS * HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'GET /%E0%A4%A HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'GET /api/original/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\n\r\n',
  'GET /api/original/%00 HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\n\r\n',
  'GET /\0 HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: HOST\r\nX-Bad: a\0b\r\n\r\n',
  `GET / HTTP/1.1\r\nHost: HOST\r\nX-Huge: ${'a'.repeat(100_000)}\r\n\r\n`,
  'GET / HTTP/1.1\r\nHost: HOST\r\nBad Header Name: x\r\n\r\n',
  'GET / HTTP/9.9\r\nHost: HOST\r\n\r\n',
  'G\tET / HTTP/1.1\r\nHost: HOST\r\n\r\n',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n{}',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"name":}',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n\xff\xfe\0\0',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n{"name":["x"],"jobId":{}}  ',
  'POST /api/call HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 45\r\n\r\n{"name":"__proto__","input":{"__proto__":1}}',
  'POST /api/upload?name=a.txt HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/octet-stream\r\nContent-Length: 50\r\n\r\nonly part of it',
  'POST /api/upload?name=%ZZ HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab',
  'GET /api/original/1 HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nRange: bytes=99999999999999999999999-\r\n\r\n',
  'GET /api/original/1 HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer TOKEN\r\nRange: bytes=-0,5-1,x\r\n\r\n',
  'GET /api/events HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: [\r\nOrigin: //[\r\n\r\n',
  'GET / HTTP/1.1\r\n\r\n',
  '\r\n\r\n\r\n',
  '\0\0\0\0',
  'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
];

const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'G ET', 'POST\0', '', 'get'];
const TARGETS = [
  '/',
  '//[',
  '//',
  '/index.html',
  '/api/call',
  '/api/call?token=TOKEN',
  '/api/events?token=TOKEN',
  '/api/upload?name=x.csv&modified=NaN',
  '/api/original/1',
  '/api/original/0',
  '/api/original/-1',
  '/api/original/../call',
  '/api/original/%2e%2e',
  '/api/nothing',
  '/%',
  '/%00',
  '/..%2f..%2f',
  '*',
  'http://127.0.0.1/',
  'http://[::1',
  '/\\evil',
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '', 'HTTP/1.1 extra'];
const HEADERS = [
  'Host: HOST',
  'Host: evil.example',
  'Host: ',
  'Authorization: Bearer TOKEN',
  'Authorization: Bearer wrong',
  'Authorization: Basic Og==',
  'Content-Type: application/json',
  'Content-Type: application/octet-stream',
  'Content-Type: ;;;',
  'Content-Length: 0',
  'Content-Length: 3',
  'Content-Length: 1e3',
  'Content-Length: 2000000',
  'Content-Length: 18446744073709551616',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: identity',
  'Origin: http://evil.example',
  'Origin: null',
  'Range: bytes=0-0',
  'Range: bytes=-',
  'Range: bytes=5-2',
  'Expect: 100-continue',
  'Connection: upgrade',
  'Upgrade: websocket',
  'X-\x01: y',
  ': novalue',
  'NoColon',
];
const BODIES = [
  '',
  '{}',
  '{"name":"settings.get","input":{}}',
  '{"name":"nope.nothing","input":null}',
  '{"name":"settings.get"',
  '[1,2,3]',
  'null',
  '0\r\n\r\n',
  'ff\r\nabc\r\n0\r\n\r\n',
  '\u0000\u0001\u0002',
  '{"name":"documents.get","input":{"id":"1; DROP TABLE documents"}}',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** A random request built from hostile parts, sometimes with random bytes spliced in. */
function generated(rand: () => number): { bytes: string; how: 'end' | 'abort' } {
  const headers = Array.from({ length: Math.floor(rand() * 6) }, () => pick(rand, HEADERS));
  if (rand() < 0.8) headers.unshift('Host: HOST');
  let text = `${pick(rand, METHODS)} ${pick(rand, TARGETS)} ${pick(rand, VERSIONS)}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${pick(rand, BODIES)}`;
  const flips = rand() < 0.4 ? Math.floor(rand() * 4) + 1 : 0;
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(rand() * text.length);
    text = text.slice(0, at) + String.fromCharCode(Math.floor(rand() * 256)) + text.slice(at + 1);
  }
  return { bytes: text, how: rand() < 0.15 ? 'abort' : 'end' };
}

describe('browser-mode server under malformed traffic', () => {
  it('answers "GET //[" with 400 and keeps serving', async () => {
    const { server } = await testServer();
    const reply = await rawExchange(server.port, Buffer.from(`GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`));
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('The request target is not a path on this server.');
    const r = await httpRequest(server.port, { method: 'POST', path: '/api/call', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{"name":"settings.get","input":{}}' });
    expect(r.status).toBe(200);
  });

  it('survives hand-written and 300 generated hostile requests, changes nothing, and still answers a normal call', async () => {
    const { core, server } = await testServer();
    const fill = (s: string) => Buffer.from(s.replaceAll('TOKEN', server.token).replaceAll('HOST', `127.0.0.1:${server.port}`), 'latin1');
    const rand = prng(0x5eed);
    const cases = [...HAND_WRITTEN.map((bytes) => ({ bytes, how: 'end' as const })), ...HAND_WRITTEN.map((bytes) => ({ bytes, how: 'abort' as const })), ...Array.from({ length: 300 }, () => generated(rand))];
    // A few connections at a time, like a busy browser, not all at once.
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(cases.slice(i, i + 8).map((c) => rawExchange(server.port, fill(c.bytes), c.how)));
    }
    const r = await httpRequest(server.port, { method: 'POST', path: '/api/call', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{"name":"settings.get","input":{}}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.toString())).toMatchObject({ ok: true });
    expect(await rowCount(core, 'audit_log')).toBe(0);
  }, 120_000);

  it.each([
    ['declared', (port: number, token: string) => `POST /api/call HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\n\r\n{"name":`],
    ['streamed in chunks', (port: number, token: string) => `POST /api/call HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${`10000\r\n${'x'.repeat(0x10000)}\r\n`.repeat(17)}`],
  ])('answers an over-limit body (%s) with 413 and closes the connection', async (_how, make) => {
    const { server } = await testServer();
    // The socket is not half-closed: the server itself must hang up.
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write(make(server.port, server.token)));
      const got: Buffer[] = [];
      socket.on('data', (c: Buffer) => got.push(c));
      socket.on('error', () => {});
      socket.on('close', () => resolve(Buffer.concat(got).toString()));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/\r\nConnection: close\r\n/i);
    expect(reply).toContain('/api/upload');
  });
});

describe('browser-mode event streams', () => {
  const open = (port: number, token: string) =>
    new Promise<http.IncomingMessage>((resolve) => http.get({ host: '127.0.0.1', port, path: `/api/events?token=${token}` }, resolve));

  it('are bounded: one past the limit is refused with a message, and a closed one frees its place', async () => {
    const { server } = await testServer({ maxEventStreams: 3 });
    const streams = await Promise.all([1, 2, 3].map(() => open(server.port, server.token)));
    expect(streams.map((s) => s.statusCode)).toEqual([200, 200, 200]);
    const refused = await open(server.port, server.token);
    expect(refused.statusCode).toBe(503);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      refused.on('data', (c: Buffer) => (text += c.toString()));
      refused.on('end', () => resolve(text));
    });
    expect(JSON.parse(body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/close some Sunshine tabs/) } });
    const closed = new Promise((resolve) => streams[0]!.socket.once('close', resolve));
    streams[0]!.destroy();
    await closed;
    // The server sees the close on its own side in its own time: ask until the place is free.
    let next = await open(server.port, server.token);
    while (next.statusCode !== 200) {
      next.resume();
      next = await open(server.port, server.token);
    }
    expect(next.statusCode).toBe(200);
    for (const s of [...streams, next]) s.destroy();
  });
});

describe('CSV import in browser mode', () => {
  it('imports a CSV larger than the 1 MiB call limit, sent through /api/upload and imported by id', async () => {
    const { core, server } = await testServer();
    const sought = 'All contracts, task orders, modifications and invoices for detention services, with their attachments. '.repeat(9);
    const lines = ['kind,agency,subject,records_sought'];
    for (let i = 1; i <= 1300; i++) lines.push(`foia,ICE,Detention contracts part ${i},"${sought}"`);
    const csv = Buffer.from(`${lines.join('\n')}\n`);
    expect(csv.length).toBeGreaterThan(MAX_BODY_BYTES);
    const auth = { Authorization: `Bearer ${server.token}` };
    // As text in the call it is refused (the cap), with a pointer to the way that works.
    const asText = Buffer.from(JSON.stringify({ name: 'requests.importCsv', input: { csv: csv.toString() } }));
    const refused = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/call', headers: { Host: `127.0.0.1:${server.port}`, ...auth, 'Content-Type': 'application/json', 'Content-Length': String(asText.length) } },
        (res) => (res.resume(), resolve(res.statusCode!)),
      );
      req.on('error', reject);
      // Only the start: the answer comes before the rest is sent.
      req.write(asText.subarray(0, 1000));
    });
    expect(refused).toBe(413);
    const sent = await httpRequest(server.port, { method: 'POST', path: '/api/upload?name=requests.csv', headers: { ...auth, 'Content-Type': 'application/octet-stream' }, body: csv });
    expect(sent.status).toBe(200);
    const { id } = (JSON.parse(sent.body.toString()) as { value: { id: string } }).value;
    const imported = await httpRequest(server.port, { method: 'POST', path: '/api/call', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'requests.importCsv', input: { upload: id } }) });
    expect(JSON.parse(imported.body.toString())).toEqual({ ok: true, value: { created: 1300, updated: 0, errors: [] } });
    expect(await rowCount(core, 'requests')).toBe(1300);
    // The upload is used up: importing it again says so.
    const again = await httpRequest(server.port, { method: 'POST', path: '/api/call', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'requests.importCsv', input: { upload: id } }) });
    expect(JSON.parse(again.body.toString())).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/send the file again/) } });
    // Neither or both is a clear error.
    const neither = await httpRequest(server.port, { method: 'POST', path: '/api/call', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'agencies.importCsv', input: {} }) });
    expect(JSON.parse(neither.body.toString())).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/either the CSV text or the id of an uploaded CSV file/) } });
  }, 60_000);
});
