/**
 * Live refresh: an open app hears each change committed to its workspace, by anyone, as a
 * `changed` event naming what changed: on PostgreSQL through LISTEN/NOTIFY (surviving the server
 * going away, after which it asks for everything to be read again), in a data folder through
 * SQLite's data_version when another process (a `sunshine` command) writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type ChangedEvent, type Core } from '../../core/index.ts';
import { ok, tempDir } from './helpers.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from './pg-cluster.ts';
import { freshPgDatabase, pgSkipReason, pgUrl } from './pg-helpers.ts';
import { teamWorkspace } from './team-helpers.ts';
import { noteOf, parseNote } from '../../db/changes.ts';

/** Events heard by one core, and a way to wait for the next one that matches (no sleeps: the test's timeout bounds it). */
function hear(core: Core) {
  const heard: ChangedEvent[] = [];
  const waiting = new Set<{ test: (e: ChangedEvent) => boolean; resolve: (e: ChangedEvent) => void }>();
  const stop = core.onChange((e) => {
    heard.push(e);
    for (const w of waiting) {
      if (w.test(e)) {
        waiting.delete(w);
        w.resolve(e);
      }
    }
  });
  return {
    heard,
    stop,
    /** The first event from now on that matches. */
    next: (test: (e: ChangedEvent) => boolean) => new Promise<ChangedEvent>((resolve) => waiting.add({ test, resolve })),
  };
}

const names = (e: ChangedEvent, entity: string) => (e.ids ?? []).filter((i) => i.entity === entity).map((i) => i.id);

describe.skipIf(pgSkipReason)('live refresh in a team workspace', () => {
  it("a change by one staffer reaches the other's app, naming what changed and who changed it", async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    const admin = hear(team.admin.core);
    // The app's own change is told too (a second window shows it); hearing it says the app is listening.
    const own = admin.next((e) => e.entities.includes('request'));
    const first = await ok(team.admin.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Told to its own app' }));
    expect(names(await own, 'request')).toEqual([first.reference]);

    const fromAna = admin.next((e) => e.actor === ana.login);
    const made = await ok(ana.core.invoke('requests.create', { kind: 'foia', agency: 'FBI', subject: 'Made by Ana' }));
    const e = await fromAna;
    expect(e).toMatchObject({ kind: 'changed', entities: ['request'], actor: ana.login });
    expect(names(e, 'request')).toEqual([made.reference]);
    expect(e.seq).toBeGreaterThan(0);

    const timeline = admin.next((x) => x.actor === ana.login && names(x, 'request').includes(made.reference));
    await ok(ana.core.invoke('requests.addEvent', { reference: made.reference, type: 'received', date: '2026-11-02' }));
    expect((await timeline).entities).toEqual(['request']);
    admin.stop();
  });

  it("a disclosure's change is told by kind only: its reference never goes to everyone listening", async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'viewer');
    const heard = hear(ana.core);
    const warm = heard.next((e) => e.entities.includes('request'));
    await ok(team.admin.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Warm up' }));
    await warm;
    const told = heard.next((e) => e.entities.includes('disclosure'));
    const d = await ok(team.admin.core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'Need to know only' }));
    const e = await told;
    expect(JSON.stringify(e)).not.toContain(d.reference);
    heard.stop();
  });
});

const unavailable = pgUnavailableReason();
describe.skipIf(unavailable)('live refresh when the database server restarts', () => {
  let cluster: PgCluster;
  let core: Core;
  beforeAll(async () => {
    // A server of this file's own: stopping it disturbs no other test.
    cluster = await startPgCluster();
    core = openCore({ dataDir: tempDir('sunshine-team-'), database: pgUrl(cluster, await freshPgDatabase(cluster, 'live')), password: cluster.password });
    await core.ready;
  });
  afterAll(() => {
    core?.close();
    cluster?.stop();
  });

  it('listens again once the server is back, first asking for everything to be read again', async () => {
    const heard = hear(core);
    const listening = heard.next((e) => e.entities.includes('request'));
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Before the restart' }));
    await listening;

    const everything = heard.next((e) => e.everything === true);
    cluster.pause();
    cluster.resume();
    expect(await everything).toMatchObject({ kind: 'changed', entities: [], everything: true });

    const after = heard.next((e) => e.entities.includes('request') && !e.everything);
    const made = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'After the restart' }));
    expect(names(await after, 'request')).toEqual([made.reference]);
    heard.stop();
  }, 60_000);
});

describe('live refresh in a data folder', () => {
  it('a write by another process on the same folder is seen through data_version, and so is its own', async () => {
    const dataDir = tempDir();
    const window = openCore({ dataDir });
    const command = openCore({ dataDir });
    try {
      const heard = hear(window);
      const own = heard.next((e) => e.entities.includes('request'));
      const mine = await ok(window.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'From the window' }));
      expect(names(await own, 'request')).toEqual([mine.reference]);

      const other = heard.next((e) => names(e, 'request').some((r) => r !== mine.reference));
      const theirs = await ok(command.invoke('requests.create', { kind: 'foia', agency: 'FBI', subject: 'From a command' }));
      expect(names(await other, 'request')).toEqual([theirs.reference]);
      heard.stop();
    } finally {
      command.close();
      window.close();
    }
  });
});

describe('what a change note tells', () => {
  it('a big write is told as kinds and counts, under PostgreSQL’s 8000-byte limit; a small one names its rows', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ seq: i + 1, entity: i % 2 ? 'document' : 'tag', entity_id: String(i), action: 'review.set' }));
    const big = noteOf('ana', rows)!;
    expect(big).toEqual({ seq: 5000, actor: 'ana', kinds: { tag: 2500, document: 2500 } });
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThan(8000);
    const small = noteOf('ana', rows.slice(0, 2))!;
    expect(small.rows).toEqual([
      { seq: 1, entity: 'tag', id: '0', action: 'review.set' },
      { seq: 2, entity: 'document', id: '1', action: 'review.set' },
    ]);
    expect(parseNote('not json')).toBeNull();
    expect(parseNote(JSON.stringify(small))).toEqual(small);
  });
});
