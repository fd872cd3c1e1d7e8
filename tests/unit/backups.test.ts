import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/index.ts';
import { listBackups, restore, verifyBackup } from '../../core/backups.ts';
import { tempDir } from './helpers.ts';
import { write } from './fixtures.ts';

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const rows = (db: { prepare(s: string): { all(): unknown[] } }, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();

describe('backups', () => {
  it('copy the database online with a manifest, keep the newest N, and hold no byte of a sealed source', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const core = openCore({ dataDir: data });
    try {
      await ok(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 's', identity: { name: 'Zelda Quorntree', contact: 'zq@example.org' }, passphrase: 'correct horse battery staple' }));
      await ok(core.invoke('documents.import', { paths: [write(tempDir('sunshine-src-'), 'a.txt', 'memo text')] }));
      const first = await ok(core.invoke('app.backup', { out }));
      expect(fs.readdirSync(first.folder).sort()).toEqual(['manifest.json', 'sunshine.db']);
      const manifest = JSON.parse(fs.readFileSync(path.join(first.folder, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ format: 'sunshine-backup', schemaVersion: core.store.schemaVersion(), vault: [{ size: 9 }] });
      const bytes = fs.readFileSync(path.join(first.folder, 'sunshine.db'));
      expect(bytes.includes(Buffer.from('Quorntree'))).toBe(false);
      expect(bytes.includes(Buffer.from('Quorntree', 'utf16le'))).toBe(false);
      await new Promise((r) => setTimeout(r, 5));
      await ok(core.invoke('app.backup', { out }));
      await new Promise((r) => setTimeout(r, 5));
      const third = await ok(core.invoke('app.backup', { out, keep: 2 }));
      expect(third.removedOld).toEqual([first.folder]);
      expect(listBackups(out)).toHaveLength(2);
      // From a window it is not allowed: it writes into a folder it is given.
      expect(await core.call('app.backup', { out })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      core.close();
    }
  });

  it('an interrupted backup is never taken for a good one, and bad or newer backups are refused with nothing changed', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const core = openCore({ dataDir: data });
    const good = await ok(core.invoke('app.backup', { out }));
    core.close();
    // A backup killed half-way: the hidden work folder, or a folder without its manifest.
    fs.mkdirSync(path.join(out, '.sunshine-backup-2026-11-29T00-00-00-000Z.partial'));
    fs.mkdirSync(path.join(out, 'sunshine-backup-2026-11-29T00-00-01-000Z'));
    fs.writeFileSync(path.join(out, 'sunshine-backup-2026-11-29T00-00-01-000Z', 'sunshine.db'), 'half');
    expect(listBackups(out)).toEqual([good.folder]);
    await expect(verifyBackup(path.join(out, 'sunshine-backup-2026-11-29T00-00-01-000Z'), data)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not a Sunshine backup/) });
    await expect(verifyBackup(tempDir(), data)).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const before = fs.readFileSync(path.join(data, 'sunshine.db'));
    const newer = tempDir('sunshine-newer-');
    fs.cpSync(good.folder, newer, { recursive: true });
    const m = JSON.parse(fs.readFileSync(path.join(newer, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(newer, 'manifest.json'), JSON.stringify({ ...m, schemaVersion: 999, appVersion: '9.0.0' }));
    await expect(restore(newer, data, new Date())).rejects.toMatchObject({ code: 'DB_TOO_NEW', message: expect.stringMatching(/newer Sunshine \(9\.0\.0/) });
    const damaged = tempDir('sunshine-damaged-');
    fs.cpSync(good.folder, damaged, { recursive: true });
    const db = fs.readFileSync(path.join(damaged, 'sunshine.db'));
    db[db.length - 100] = db[db.length - 100]! ^ 0xff;
    fs.writeFileSync(path.join(damaged, 'sunshine.db'), db);
    await expect(restore(damaged, data, new Date())).rejects.toMatchObject({ code: 'INTEGRITY' });
    expect(fs.readFileSync(path.join(data, 'sunshine.db'))).toEqual(before);
  });

  it('restore brings back exactly the data of the backup, keeps the database it replaced, and the history verifies', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    let core = openCore({ dataDir: data });
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Kept' }));
    await ok(core.invoke('documents.import', { paths: [write(tempDir('sunshine-src-'), 'a.txt', 'memo text')] }));
    const b = await ok(core.invoke('app.backup', { out }));
    const snapshot = { requests: rows(core.store.db, 'requests'), documents: rows(core.store.db, 'documents'), pages: rows(core.store.db, 'pages') };
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'After the backup' }));
    core.close();

    const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'restore', b.folder], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Restored the backup of .*The database it replaced is kept as .*sunshine\.db\.before-restore-/);
    core = openCore({ dataDir: data });
    try {
      expect({ requests: rows(core.store.db, 'requests'), documents: rows(core.store.db, 'documents'), pages: rows(core.store.db, 'pages') }).toEqual(snapshot);
      expect((await ok(core.invoke('documents.search', { query: 'memo' }))).total).toBe(1);
      expect(await ok(core.invoke('app.verify', {}))).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
    expect(fs.readdirSync(data).some((n) => n.startsWith('sunshine.db.before-restore-'))).toBe(true);
    const cli = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'restore', tempDir()], { encoding: 'utf8', timeout: 60_000 });
    expect(cli).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a Sunshine backup/) });
  }, 60_000);
});
