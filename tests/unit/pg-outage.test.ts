/**
 * A team workspace whose database server goes away and comes back (a restart, a network outage):
 * calls meanwhile are refused in plain words with nothing half-written, and once the server is
 * back the same open workspace carries on, without being opened again. The server here is one of
 * this file's own, so stopping it disturbs no other test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
import { fails, ok, tempDir } from './helpers.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from './pg-cluster.ts';
import { freshPgDatabase, pgUrl } from './pg-helpers.ts';

const unavailable = pgUnavailableReason();
if (unavailable) console.warn(`[skipped] a database server that restarts: ${unavailable}`);

describe.skipIf(unavailable)('a team workspace whose database server restarts', () => {
  let cluster: PgCluster;
  let core: Core;
  beforeAll(async () => {
    cluster = await startPgCluster();
    core = openCore({ dataDir: tempDir('sunshine-team-'), database: pgUrl(cluster, await freshPgDatabase(cluster, 'outage')), password: cluster.password });
    await core.ready;
  });
  afterAll(() => {
    core?.close();
    cluster?.stop();
  });

  it('refuses calls in plain words while it is down, keeps nothing half-written, and carries on when it is back', async () => {
    const before = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Before the outage' }));
    cluster.pause();
    const refused = await fails(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'During the outage' }));
    expect(refused).toMatchObject({ code: 'DB_BUSY', message: expect.stringMatching(/database server at 127\.0\.0\.1:\d+ .*(Nothing was changed|was not saved)/) });
    expect(await fails(core.invoke('requests.list', {}))).toMatchObject({ code: 'DB_BUSY' });

    cluster.resume();
    const after = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'After the outage' }));
    const listed = await ok(core.invoke('requests.list', {}));
    expect(listed.rows.map((r) => r.subject).sort()).toEqual(['After the outage', 'Before the outage']);
    // The reference the refused call would have taken was never handed out.
    expect(after.reference).toBe(before.reference.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(n.length, '0')));
    expect(await ok(core.invoke('app.verify', {}))).toMatchObject({ ok: true, databaseIntegrity: 'ok' });
  });
});
