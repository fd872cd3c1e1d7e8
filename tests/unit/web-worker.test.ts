/**
 * Browser mode with the core in a worker thread (as `sunshine web` runs it):
 * a long synchronous step in the core leaves the server answering.
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../core/index.ts';
import { openCoreInWorker, type CoreHandle } from '../../core/core-host.ts';
import { tempDir } from './helpers.ts';
import { httpRequest, testServer } from './web-helpers.ts';

const cores: CoreHandle[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

describe('browser mode with the core in a worker', () => {
  it('answers the page while the core waits on a database another program holds', async () => {
    const dataDir = tempDir();
    openCore({ dataDir }).close();
    const core = await openCoreInWorker({ dataDir });
    cores.push(core);
    const { server } = await testServer({ core });

    // Another program (a SQLite shell, a sync tool) holds the write lock: the core's next write waits
    // for it inside SQLite, synchronously, on whichever thread runs the core.
    const other = new Database(path.join(dataDir, 'sunshine.db'));
    other.exec('BEGIN IMMEDIATE');
    let answered = false;
    const save = httpRequest(server.port, {
      method: 'POST',
      path: '/api/call',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'settings.update', input: { officeName: 'Oversight staff' } }),
    }).then((r) => ((answered = true), r));

    try {
      // The page and a progress stream are served while the write waits; it cannot finish before the lock goes.
      const page = await httpRequest(server.port, { path: '/' });
      expect(page.status).toBe(200);
      expect(page.body.toString()).toContain('<title>Sunshine</title>');
      const events = await new Promise<number>((resolve) =>
        http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => (resolve(res.statusCode!), res.destroy())),
      );
      expect(events).toBe(200);
      expect(answered).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const r = await save;
    expect(JSON.parse(r.body.toString())).toMatchObject({ ok: true, value: { officeName: 'Oversight staff' } });
  });
});
