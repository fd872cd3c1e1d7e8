/**
 * Browser mode with the core in a worker thread (as `sunshine web` runs it):
 * a long synchronous step in the core leaves the server answering.
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type CoreEvent } from '../../core/index.ts';
import { openCoreInWorker, type CoreHandle } from '../../core/core-host.ts';
import { tempDir } from './helpers.ts';
import { httpRequest, testServer } from './web-helpers.ts';

const cores: CoreHandle[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

/**
 * A workspace whose SQLite integrity check takes a while: a filler table of
 * 300,000 indexed rows (about 70 MB) beside the app's own, written straight
 * into the file before the core opens it.
 */
function slowToCheck(): string {
  const dataDir = tempDir();
  openCore({ dataDir }).close();
  const db = new Database(path.join(dataDir, 'sunshine.db'));
  db.exec(`CREATE TABLE filler(i INTEGER, x BLOB);
    CREATE INDEX filler_i ON filler(i);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) INSERT INTO filler SELECT i, randomblob(200) FROM n;`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dataDir;
}

describe('browser mode with the core in a worker', () => {
  it('answers the page while the core checks the database file', async () => {
    const dataDir = slowToCheck();
    const core = await openCoreInWorker({ dataDir });
    cores.push(core);
    // What the worker has said so far, seen on the serving thread as it arrives.
    const said: string[] = [];
    const watched = { ...core, call: ((name, input, opts = {}) => core.call(name, input, { ...opts, emit: (e: CoreEvent) => (said.push(e.progress.message ?? ''), opts.emit?.(e)) })) as CoreHandle['call'] };
    const { server } = await testServer({ core: watched });

    let answered = false;
    const verify = httpRequest(server.port, {
      method: 'POST',
      path: '/api/call',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'app.verify', input: {}, jobId: 'slow-check' }),
    }).then((r) => ((answered = true), r));
    // The integrity check has begun: the worker said so just before starting it.
    await expect.poll(() => said, { timeout: 60_000 }).toContain('Checking the database file');

    // The page (and a second progress stream) are served meanwhile, not after.
    const page = await httpRequest(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Sunshine</title>');
    const events = await new Promise<number>((resolve) =>
      http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => (resolve(res.statusCode!), res.destroy())),
    );
    expect(events).toBe(200);
    expect(answered).toBe(false);
    expect(said).not.toContain('Checking the audit log');

    const r = await verify;
    expect(JSON.parse(r.body.toString())).toMatchObject({ ok: true, value: { ok: true } });
  });
});
