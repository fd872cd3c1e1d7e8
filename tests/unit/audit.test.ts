import { describe, expect, it } from 'vitest';
import { verifyAuditChain, GENESIS_HASH } from '../../db/audit.ts';
import { writeSetting } from '../../db/settings.ts';
import { openStore } from '../../db/store.ts';
import path from 'node:path';
import { tamper, tempDir } from './helpers.ts';

function storeWithEntries(n: number) {
  const store = openStore(path.join(tempDir(), 'sunshine.db'), { now: () => new Date('2026-11-28T12:00:00Z') });
  for (let i = 1; i <= n; i++) store.write('ada', (w) => writeSetting(w, 'officeName', `Office ${i}`));
  return store;
}

describe('the audit log', () => {
  it('chains every row to the one before and verifies clean', async () => {
    const store = storeWithEntries(3);
    const rows = store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string; actor: string; before: string | null; after: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(rows[0]!.before).toBeNull();
    expect(JSON.parse(rows[1]!.before!)).toBe('Office 1');
    expect(JSON.parse(rows[1]!.after)).toBe('Office 2');
    expect(rows.every((r) => r.actor === 'ada')).toBe(true);
    expect(await verifyAuditChain(store.db)).toEqual({ checked: 3, breaks: [], head: { seq: 3, hash: rows[2]!.hash } });
    store.close();
  });

  it('names the row that was edited behind the app’s back', async () => {
    const store = storeWithEntries(4);
    tamper(store.db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    const { breaks } = await verifyAuditChain(store.db);
    expect(breaks).toEqual([{ seq: 2, message: expect.stringMatching(/Audit row 2 .*altered/) }]);
    store.close();
  });

  it('detects a deleted row at the row after the gap', async () => {
    const store = storeWithEntries(4);
    tamper(store.db, 'DELETE FROM audit_log WHERE seq = 2');
    expect((await verifyAuditChain(store.db)).breaks.map((b) => b.seq)).toEqual([3, 3]);
    store.close();
  });

  it('detects rows cut off the end of the log, even all of them', async () => {
    const store = storeWithEntries(4);
    tamper(store.db, 'DELETE FROM audit_log WHERE seq >= 3');
    expect((await verifyAuditChain(store.db)).breaks).toEqual([{ seq: 3, message: expect.stringMatching(/rows 3–4 are missing from the end/) }]);
    tamper(store.db, 'DELETE FROM audit_log');
    expect((await verifyAuditChain(store.db)).breaks).toEqual([{ seq: 1, message: expect.stringMatching(/rows 1–4 are missing/) }]);
    store.close();
  });

  it('detects a last row swapped for another', async () => {
    const store = storeWithEntries(2);
    tamper(store.db, "UPDATE audit_head SET hash = 'f00d' WHERE id = 1");
    expect((await verifyAuditChain(store.db)).breaks).toEqual([{ seq: 2, message: expect.stringMatching(/does not match its recorded last row/) }]);
    store.close();
  });

  it('a change without an audit entry is rolled back', () => {
    const store = storeWithEntries(0);
    expect(() => store.write('ada', (w) => w.db.prepare("INSERT INTO settings VALUES ('x', '1')").run())).toThrow(/without an audit entry/);
    expect(store.db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    store.close();
  });

  it('a write that fails half-way leaves nothing behind, neither data nor audit rows', () => {
    const store = storeWithEntries(1);
    expect(() =>
      store.write('ada', (w) => {
        writeSetting(w, 'officeName', 'changed');
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'officeName'").get()).toEqual({ value: '"Office 1"' });
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    store.close();
  });

  it('a write that changes nothing needs no audit entry', () => {
    const store = storeWithEntries(1);
    expect(store.write('ada', (w) => writeSetting(w, 'officeName', 'Office 1'))).toBe(false);
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    store.close();
  });
});
