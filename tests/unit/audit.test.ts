import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain, GENESIS_HASH } from '../../db/audit.ts';
import { writeSetting } from '../../db/settings.ts';
import { openStore } from '../../db/store.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { dbPathIn } from '../../core/datadir.ts';
import path from 'node:path';
import { ok, query, tamper, teamLoginOf, tempDir, testCore } from './helpers.ts';

const me = os.userInfo().username;

async function storeWithEntries(n: number) {
  const store = openStore(path.join(tempDir(), 'sunshine.db'), { now: () => new Date('2026-11-28T12:00:00Z') });
  for (let i = 1; i <= n; i++) await store.write('ada', (w) => writeSetting(w, 'officeName', `Office ${i}`));
  return store;
}

describe('the audit log', () => {
  it('chains every row to the one before and verifies clean', async () => {
    const store = await storeWithEntries(3);
    const rows = store.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string; actor: string; before: string | null; after: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(rows[0]!.before).toBeNull();
    expect(JSON.parse(rows[1]!.before!)).toBe('Office 1');
    expect(JSON.parse(rows[1]!.after)).toBe('Office 2');
    expect(rows.every((r) => r.actor === 'ada')).toBe(true);
    expect(await verifyAuditChain(store.engine)).toEqual({ checked: 3, breaks: [], head: { seq: 3, hash: rows[2]!.hash } });
    store.close();
  });

  it('names the row that was edited behind the app’s back', async () => {
    const store = await storeWithEntries(4);
    tamper(store.db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    const { breaks } = await verifyAuditChain(store.engine);
    expect(breaks).toEqual([{ seq: 2, message: expect.stringMatching(/Audit row 2 .*altered/) }]);
    store.close();
  });

  it('detects a deleted row at the row after the gap', async () => {
    const store = await storeWithEntries(4);
    tamper(store.db, 'DELETE FROM audit_log WHERE seq = 2');
    expect((await verifyAuditChain(store.engine)).breaks.map((b) => b.seq)).toEqual([3, 3]);
    store.close();
  });

  it('detects rows cut off the end of the log, even all of them', async () => {
    const store = await storeWithEntries(4);
    tamper(store.db, 'DELETE FROM audit_log WHERE seq >= 3');
    expect((await verifyAuditChain(store.engine)).breaks).toEqual([{ seq: 3, message: expect.stringMatching(/rows 3–4 are missing from the end/) }]);
    tamper(store.db, 'DELETE FROM audit_log');
    expect((await verifyAuditChain(store.engine)).breaks).toEqual([{ seq: 1, message: expect.stringMatching(/rows 1–4 are missing/) }]);
    store.close();
  });

  it('detects a last row swapped for another', async () => {
    const store = await storeWithEntries(2);
    tamper(store.db, "UPDATE audit_head SET hash = 'f00d' WHERE id = 1");
    expect((await verifyAuditChain(store.engine)).breaks).toEqual([{ seq: 2, message: expect.stringMatching(/does not match its recorded last row/) }]);
    store.close();
  });

  it('a change without an audit entry is rolled back', async () => {
    const store = await storeWithEntries(0);
    await expect(store.write('ada', async (w) => void (await w.run("INSERT INTO settings VALUES ('x', '1')")))).rejects.toThrow(/without an audit entry/);
    // Also a change made on the connection itself, which the writer does not see.
    await expect(store.write('ada', async () => void store.db.prepare("INSERT INTO settings VALUES ('y', '1')").run())).rejects.toThrow(/without an audit entry/);
    expect(store.db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
    store.close();
  });

  it('a write that fails half-way leaves nothing behind, neither data nor audit rows', async () => {
    const store = await storeWithEntries(1);
    await expect(
      store.write('ada', async (w) => {
        await writeSetting(w, 'officeName', 'changed');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(store.db.prepare("SELECT value FROM settings WHERE key = 'officeName'").get()).toEqual({ value: '"Office 1"' });
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    store.close();
  });

  it('a write that changes nothing needs no audit entry', async () => {
    const store = await storeWithEntries(1);
    expect(await store.write('ada', (w) => writeSetting(w, 'officeName', 'Office 1'))).toBe(false);
    expect(store.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    store.close();
  });

  it('records the OS account with every row, whatever display name is saved, and shows it in the list and the export', async () => {
    const core = await testCore();
    await ok(core.invoke('settings.update', { userName: 'Ada Lovelace' }));
    await ok(core.invoke('settings.update', { officeName: 'Committee on Oversight' }));
    const rows = (await query(core, 'SELECT actor, os_user FROM audit_log ORDER BY seq'));
    // A team workspace's actor is the login, whatever name was typed.
    const login = teamLoginOf(core);
    const [first, named] = [login ?? me, login ?? 'Ada Lovelace'];
    expect(rows).toEqual([
      { actor: first, os_user: me },
      { actor: named, os_user: me },
    ]);
    const listed = await ok(core.invoke('audit.list', { limit: 10 }));
    expect(listed.entries.map((e) => [e.actor, e.osUser])).toEqual([
      [named, me],
      [first, me],
    ]);
    const day = new Date().toISOString().slice(0, 10);
    const lines = (await ok(core.invoke('audit.export', { from: day, to: day }))).csv.split('\r\n');
    expect(lines[0]).toBe('\uFEFFseq,at,actor,os_user,action,entity,entity_id,before,after,prev_hash,hash');
    expect(lines[2]).toMatch(new RegExp(`^2,[^,]+,${named},${me},settings.update,`));
  });

  it('a change of the display name is its own event, old and new, made under the old name', async () => {
    const core = await testCore();
    await ok(core.invoke('settings.update', { userName: 'Ada Lovelace' }));
    await ok(core.invoke('settings.update', { userName: 'Ada King', officeName: 'Oversight' }));
    await ok(core.invoke('settings.update', { userName: 'Ada King' }));
    const rows = (await query(core, 'SELECT actor, action, entity_id, before, after FROM audit_log ORDER BY seq'));
    const login = teamLoginOf(core);
    if (login !== null) {
      // A team workspace: the name is the member's own, changed by its login.
      expect(rows).toEqual([
        { actor: login, action: 'team.displayName', entity_id: login, before: JSON.stringify({ displayName: login }), after: JSON.stringify({ displayName: 'Ada Lovelace' }) },
        { actor: login, action: 'team.displayName', entity_id: login, before: JSON.stringify({ displayName: 'Ada Lovelace' }), after: JSON.stringify({ displayName: 'Ada King' }) },
        { actor: login, action: 'settings.update', entity_id: 'officeName', before: '""', after: '"Oversight"' },
      ]);
      return;
    }
    expect(rows).toEqual([
      { actor: me, action: 'settings.displayName', entity_id: 'userName', before: JSON.stringify(me), after: '"Ada Lovelace"' },
      { actor: 'Ada Lovelace', action: 'settings.displayName', entity_id: 'userName', before: '"Ada Lovelace"', after: '"Ada King"' },
      { actor: 'Ada Lovelace', action: 'settings.update', entity_id: 'officeName', before: '""', after: '"Oversight"' },
    ]);
  });

  it('the OS account is covered by the hash: changing or clearing it behind the app’s back is named', async () => {
    const store = await storeWithEntries(3);
    tamper(store.db, "UPDATE audit_log SET os_user = 'mallory' WHERE seq = 2");
    tamper(store.db, 'UPDATE audit_log SET os_user = NULL WHERE seq = 3');
    const { breaks } = await verifyAuditChain(store.engine);
    expect(breaks).toEqual([
      { seq: 2, message: expect.stringMatching(/Audit row 2 .*altered/) },
      { seq: 3, message: expect.stringMatching(/Audit row 3 .*altered/) },
    ]);
    store.close();
  });

  it('a database upgraded with rows from before the OS account was recorded still verifies, and `sunshine verify` passes', async () => {
    const data = tempDir();
    const file = dbPathIn(data);
    const old = openStore(file, { migrations: MIGRATIONS.slice(0, 10) });
    for (let i = 1; i <= 3; i++) await old.write('ada', (w) => writeSetting(w, 'officeName', `Office ${i}`));
    old.close();
    const store = openStore(file);
    await store.write('ada', (w) => writeSetting(w, 'officeName', 'Office 4'));
    expect(store.db.prepare('SELECT seq, os_user FROM audit_log ORDER BY seq').all()).toEqual([
      { seq: 1, os_user: null },
      { seq: 2, os_user: null },
      { seq: 3, os_user: null },
      { seq: 4, os_user: me },
    ]);
    expect((await verifyAuditChain(store.engine)).breaks).toEqual([]);
    store.close();
    const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'verify'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no problems found/);
  });
});
