/**
 * A workspace on PostgreSQL: the same audited write path as SQLite's, and the writer lock that
 * keeps the audit chain one chain when many processes write at once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, auditRowHash, type AuditRow } from '../../db/audit.ts';
import { openPgStore, type PgStore } from '../../db/pg/store.ts';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

const server = pgServer;
const stores: PgStore[] = [];
let url = '';

async function open(): Promise<PgStore> {
  const s = await openPgStore(url, { password: server!.password });
  stores.push(s);
  return s;
}

/** Every audit row follows the one before it, from the first to the recorded head. */
async function chainOf(s: PgStore): Promise<{ rows: number; seqs: number[]; intact: boolean }> {
  const rows = await s.engine.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  let prev = GENESIS_HASH;
  let intact = true;
  rows.forEach((r, i) => {
    intact &&= r.seq === i + 1 && r.prev_hash === prev && auditRowHash(r.prev_hash, r) === r.hash;
    prev = r.hash;
  });
  const head = await s.engine.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  intact &&= rows.length === 0 ? head === undefined : head?.seq === rows.length && head.hash === prev;
  return { rows: rows.length, seqs: rows.map((r) => r.seq), intact };
}

const addSetting = (s: PgStore, actor: string, key: string) =>
  s.write(actor, async (w) => {
    await w.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, JSON.stringify(key)]);
    return w.audit({ action: 'settings.update', entity: 'settings', entityId: key, after: key });
  });

describe.runIf(server)('a workspace on PostgreSQL', () => {
  beforeAll(async () => {
    url = pgUrl(server!, await freshPgDatabase(server!));
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  it('opens at the latest schema and commits a change with its audit row, or nothing at all', async () => {
    const s = await open();
    expect(await s.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    const row = await addSetting(s, 'ada', 'first');
    // The actor is the server's word (session_user, migration 24), whatever name the caller passed.
    const login = (await s.engine.get<{ who: string }>('SELECT session_user AS who'))!.who;
    expect(login).not.toBe('ada');
    expect(row).toMatchObject({ seq: 1, actor: login, action: 'settings.update' });
    await expect(s.write('ada', async (w) => void (await w.run("INSERT INTO settings (key, value) VALUES ('bare', '1')")))).rejects.toThrow(
      /without an audit entry; it was rolled back/,
    );
    await expect(
      s.write('ada', async (w) => {
        await w.run("INSERT INTO settings (key, value) VALUES ('undone', '1')");
        await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'undone' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await s.engine.all<{ key: string }>('SELECT key FROM settings ORDER BY key')).map((r) => r.key)).toEqual(['first']);
    expect(await chainOf(s)).toEqual({ rows: 1, seqs: [1], intact: true });
  });

  it('sends a write to the server in as few messages as it can: BEGIN with the lock and the chain’s head, each change, each audit row with the head, COMMIT', async () => {
    const s = await open();
    await addSetting(s, 'ada', 'warm'); // the pool's connection is made outside the count
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await addSetting(s, 'ada', 'counted');
      expect(sent).toHaveBeenCalledTimes(4);
      sent.mockClear();
      // Several rows in one write follow on from one another without reading the head again.
      await s.write('bo', async (w) => {
        for (const key of ['one', 'two', 'three']) {
          await w.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, '1']);
          await w.audit({ action: 'settings.update', entity: 'settings', entityId: key });
        }
      });
      expect(sent).toHaveBeenCalledTimes(8);
    } finally {
      sent.mockRestore();
    }
    const chain = await chainOf(s);
    expect(chain.intact).toBe(true);
  });

  it('closes once however often it is told to', async () => {
    const s = await openPgStore(url, { password: server!.password });
    await Promise.all([s.close(), s.close()]);
    await expect(s.close()).resolves.toBeUndefined();
  });

  it('keeps one unbroken audit chain while two processes’ worth of connections write at once', async () => {
    const [a, b] = [await open(), await open()];
    const before = (await chainOf(a)).rows;
    const writes = Array.from({ length: 60 }, (_, i) => addSetting(i % 2 ? a : b, i % 2 ? 'ada' : 'bo', `many-${i}`));
    const rows = await Promise.all(writes);
    // Every acknowledged write is in the chain, each at its own place in it.
    expect(new Set(rows.map((r) => r.seq)).size).toBe(60);
    const chain = await chainOf(b);
    expect(chain.intact).toBe(true);
    expect(chain.rows).toBe(before + 60);
  });
});
