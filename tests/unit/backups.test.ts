import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/index.ts';
import { backup, describeBackups, listBackups, restore, verifyBackup, workspaceOf } from '../../core/backups.ts';
import { BackupScheduler } from '../../core/backup-schedule.ts';
import { currentSettings } from '../../core/handlers/settings.ts';
import { writeSetting } from '../../db/settings.ts';
import { openStore } from '../../db/store.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations/index.ts';
import { ok, sha256File, tempDir } from './helpers.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { write } from './fixtures.ts';

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
    await expect(restore(newer, data, new Date(), (f) => openStore(f))).rejects.toMatchObject({ code: 'DB_TOO_NEW', message: expect.stringMatching(/newer Sunshine \(9\.0\.0/) });
    const damaged = tempDir('sunshine-damaged-');
    fs.cpSync(good.folder, damaged, { recursive: true });
    const db = fs.readFileSync(path.join(damaged, 'sunshine.db'));
    db[db.length - 100] = db[db.length - 100]! ^ 0xff;
    fs.writeFileSync(path.join(damaged, 'sunshine.db'), db);
    await expect(restore(damaged, data, new Date(), (f) => openStore(f))).rejects.toMatchObject({ code: 'INTEGRITY' });
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

  it('a backup process killed at the last moment leaves the earlier backups intact and its own never listed, restored or kept', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const core = openCore({ dataDir: data });
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Before the kill' }));
    const good = await ok(core.invoke('app.backup', { out }));
    const goodBytes = fs.readFileSync(path.join(good.folder, 'sunshine.db'));
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Only in the killed one' }));
    core.close();

    const child = spawn(process.execPath, [path.resolve('tests/unit/backup-child.mjs'), data, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    const hanging = await new Promise<string>((resolve, reject) => {
      let said = '';
      child.stdout.on('data', (b: Buffer) => {
        said += b.toString();
        if (said.includes('\n')) resolve(said.trim());
      });
      child.on('exit', (code) => reject(new Error(`the backup process ended (${code}) before it reached the rename`)));
    });
    const work = hanging.replace(/^hanging /, '');
    expect(fs.readdirSync(work).sort()).toEqual(['manifest.json', 'sunshine.db']);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Copy and manifest were both written, yet the hidden work folder is never a backup.
    expect(listBackups(out)).toEqual([good.folder]);
    expect(describeBackups(out).mine.map((b) => b.name)).toEqual([path.basename(good.folder)]);
    expect(fs.readFileSync(path.join(good.folder, 'sunshine.db'))).toEqual(goodBytes);
    await expect(verifyBackup(good.folder, data)).resolves.toMatchObject({ format: 'sunshine-backup' });
    // The data folder itself was not touched by the kill, and the next backup clears the leftover once it is old.
    const again = openCore({ dataDir: data });
    try {
      expect(again.store.db.prepare('SELECT count(*) FROM requests').pluck().get()).toBe(2);
      const old = new Date(Date.now() - 2 * 3600_000);
      for (const f of fs.readdirSync(work)) fs.utimesSync(path.join(work, f), old, old);
      fs.utimesSync(work, old, old);
      const next = await ok(again.invoke('app.backup', { out }));
      expect(fs.readdirSync(out).sort()).toEqual([path.basename(good.folder), path.basename(next.folder)].sort());
    } finally {
      again.close();
    }
    // Restoring the good one brings back exactly its data.
    await restore(good.folder, data, new Date(), (f) => openStore(f));
    const back = openCore({ dataDir: data });
    try {
      expect(back.store.db.prepare('SELECT subject FROM requests').pluck().all()).toEqual(['Before the kill']);
    } finally {
      back.close();
    }
  }, 60_000);

  it('automatic backups: made when due into the backup folder, the newest N kept, failures kept for Settings to show', async () => {
    const data = tempDir();
    const folder = tempDir('sunshine-scheduled-');
    let clock = new Date('2026-11-29T09:00:00Z');
    const core = openCore({ dataDir: data, now: () => clock });
    try {
      await ok(core.invoke('app.setBackupFolder', { folder }));
      await ok(core.invoke('settings.update', { backupEveryHours: 6, backupKeep: 2 }));
      const made: string[] = [];
      const scheduler = new BackupScheduler({
        settings: () => currentSettings(core.store.engine),
        dataDir: data,
        now: () => clock,
        workspace: () => workspaceOf(core.store.engine),
        run: async () => {
          const r = await ok(core.invoke('app.backupNow', {}));
          made.push(r.createdAt);
          return r.folder;
        },
      });
      await scheduler.check(); // none yet: due at once
      expect(made).toEqual(['2026-11-29T09:00:00.000Z']);
      clock = new Date('2026-11-29T14:59:00Z');
      await scheduler.check(); // 5 h 59 min later: not due
      expect(made).toHaveLength(1);
      for (const at of ['2026-11-29T15:00:00Z', '2026-11-29T21:30:00Z', '2026-11-30T04:00:00Z']) {
        clock = new Date(at);
        await scheduler.check();
      }
      expect(made).toHaveLength(4);
      const overview = await ok(core.invoke('app.backups', {}));
      expect(overview).toMatchObject({ folder, isDefaultFolder: false, everyHours: 6, keep: 2, scheduled: false });
      expect(overview.backups.map((b) => b.createdAt)).toEqual(['2026-11-30T04:00:00.000Z', '2026-11-29T21:30:00.000Z']);
      expect(scheduler.last).toMatchObject({ ok: true, message: path.join(folder, 'sunshine-backup-2026-11-30T04-00-00-000Z') });

      // Off: nothing is made however old the newest is.
      await ok(core.invoke('settings.update', { backupEveryHours: 0 }));
      clock = new Date('2027-01-01T00:00:00Z');
      await scheduler.check();
      expect(made).toHaveLength(4);

      // A folder that cannot be written (set behind the app's back, e.g. a drive gone): the failure is kept, nothing thrown.
      const blocker = path.join(tempDir(), 'a-file');
      fs.writeFileSync(blocker, 'x');
      await core.workspace.write('test', (w) => writeSetting(w, 'backupFolder', blocker));
      await ok(core.invoke('settings.update', { backupEveryHours: 1 }));
      await scheduler.check();
      expect(scheduler.last).toMatchObject({ ok: false, at: '2027-01-01T00:00:00.000Z', message: expect.stringMatching(/backups cannot go to .*a-file \(EEXIST\); is the drive connected/) });
    } finally {
      core.close();
    }
  });

  it('the backup folder is chosen only by Sunshine itself, must be writable and outside the store of files', async () => {
    const data = tempDir();
    const core = openCore({ dataDir: data });
    try {
      expect(await core.call('app.setBackupFolder', { folder: tempDir() })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const refused = async (folder: string) => {
        const r = await core.invoke('app.setBackupFolder', { folder });
        if (r.ok) throw new Error(`${folder} was taken`);
        return r.error;
      };
      expect(await refused(path.join(data, 'files', 'inside'))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/store of files/) });
      // Its files/ would be the vault: pruning the backups' files would prune the vault.
      expect(await refused(data)).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not the data folder itself/) });
      expect(await core.invoke('app.backup', { out: data })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/not the data folder itself/) } });
      const file = path.join(tempDir(), 'plain-file');
      fs.writeFileSync(file, '');
      expect(await refused(path.join(file, 'below'))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot write/) });
      expect((await currentSettings(core.store.engine)).backupFolder).toBe('');
      // '' goes back to the data folder's own backups/; from a window "Back up now" goes there.
      const overview = await ok(core.invoke('app.backups', {}));
      expect(overview).toMatchObject({ folder: path.join(data, 'backups'), isDefaultFolder: true });
      const made = await core.call('app.backupNow', {});
      expect(made).toMatchObject({ ok: true, value: { folder: expect.stringContaining(path.join(data, 'backups', 'sunshine-backup-')) } });
      expect(await core.call('settings.update', { backupKeep: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/keep at least one/) } });
    } finally {
      core.close();
    }
  });

  it('restore from inside the running app (by name, from a window): verified, swapped, the old database kept, the restore on the record', async () => {
    const data = tempDir();
    const core = openCore({ dataDir: data, staysOpen: true });
    try {
      expect(fs.existsSync(path.join(data, 'holders', String(process.pid)))).toBe(true);
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'In the backup' }));
      const b = await ok(core.call('app.backupNow', {}) as never as Promise<{ ok: true; value: { folder: string } }>);
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'After it' }));
      // Chosen after the backup: this machine's settings, which a restore keeps.
      await ok(core.invoke('settings.update', { userName: 'Ada Ortiz', backupEveryHours: 6, backupKeep: 3, officeName: 'Changed after' }));
      for (const bad of ['../escape', '.sunshine-backup-2026-11-29T00-00-00-000Z.partial', '/etc', 'sunshine-backup-2026-11-29T00-00-00-000Z/../..']) {
        expect(await core.call('app.restore', { backup: bad })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      }
      expect(await core.call('app.restore', { backup: 'sunshine-backup-2020-01-01T00-00-00-000Z' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const r = await core.call('app.restore', { backup: path.basename(b.folder) });
      expect(r).toMatchObject({ ok: true, value: { previous: expect.stringContaining('sunshine.db.before-restore-') } });
      // The same core now answers from the restored database.
      expect(core.store.db.prepare('SELECT subject FROM requests').pluck().all()).toEqual(['In the backup']);
      const list = await ok(core.invoke('requests.list', {}));
      expect(list.rows.map((x) => x.subject)).toEqual(['In the backup']);
      expect(await ok(core.invoke('app.verify', {}))).toMatchObject({ ok: true });
      const restoreRow = core.store.db.prepare("SELECT actor FROM audit_log WHERE action = 'app.restore'").get() as { actor: string };
      expect(restoreRow.actor).toBe('Ada Ortiz');
      expect(await ok(core.invoke('settings.get', {}))).toMatchObject({ userName: 'Ada Ortiz', backupEveryHours: 6, backupKeep: 3, officeName: '' });
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'After the restore' }));
    } finally {
      core.close();
    }
    expect(fs.readdirSync(path.join(data, 'holders'))).toEqual([]);
    expect(fs.readdirSync(path.join(data, 'in-use'))).toEqual([]);
  });

  it('the command line will not restore under a running Sunshine', async () => {
    const data = tempDir();
    const core = openCore({ dataDir: data });
    const b = await ok(core.invoke('app.backup', { out: tempDir('sunshine-backups-') }));
    core.close();
    // Another live process holds the folder (as the desktop app or browser mode would).
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      fs.mkdirSync(path.join(data, 'holders'), { recursive: true });
      fs.writeFileSync(path.join(data, 'holders', String(holder.pid)), new Date().toISOString());
      const before = fs.readFileSync(path.join(data, 'sunshine.db'));
      const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'restore', b.folder], { encoding: 'utf8', timeout: 60_000 });
      expect(r).toMatchObject({ status: 2, stderr: expect.stringMatching(new RegExp(`Sunshine is running on this data folder \\(process ${holder.pid}, since .*delete .*holders.${holder.pid}\\. Nothing was changed`)) });
      expect(fs.readFileSync(path.join(data, 'sunshine.db'))).toEqual(before);
      // Another sunshine command with the database open (a long import, say) holds it too.
      fs.rmSync(path.join(data, 'holders', String(holder.pid)));
      fs.mkdirSync(path.join(data, 'in-use'), { recursive: true });
      fs.writeFileSync(path.join(data, 'in-use', String(holder.pid)), '');
      const r2 = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'restore', b.folder], { encoding: 'utf8', timeout: 60_000 });
      expect(r2).toMatchObject({ status: 2, stderr: expect.stringMatching(new RegExp(`Another sunshine command has this data folder open \\(process ${holder.pid} \\(marked in .*in-use.${holder.pid}\\)\\)`)) });
      const app = openCore({ dataDir: data, staysOpen: true });
      try {
        await ok(app.invoke('app.setBackupFolder', { folder: path.dirname(b.folder) }));
        expect(await app.call('app.restore', { backup: path.basename(b.folder) })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/sunshine command has this data folder open/) } });
      } finally {
        app.close();
      }
      expect(fs.readdirSync(data).filter((n) => n.includes('before-restore'))).toEqual([]);
    } finally {
      holder.kill();
    }
    await new Promise((r) => holder.once('exit', r));
    // Once it is gone, its stale lock no longer stands in the way.
    const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'restore', b.folder], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
  }, 60_000);

  it('sunshine backups set|list and sunshine backup into the chosen folder', () => {
    const data = tempDir();
    const folder = path.join(tempDir('sunshine-cli-backups-'), 'nested', 'there');
    const sun = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, ...args], { encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    expect(sun('backups')).toMatchObject({ code: 0, out: expect.stringMatching(/Backup folder: .*backups \(inside the data folder[^]*every 24 h, the newest 7 kept\.\nNo backups there yet\./) });
    expect(sun('backups', 'set', '--every', '-1')).toMatchObject({ code: 2, err: expect.stringMatching(/whole number from 0 to 720/) });
    expect(sun('backups', 'set', '--folder', folder, '--every', '6', '--keep', '2')).toMatchObject({ code: 0, out: expect.stringContaining(`Backup folder: ${folder}\nWhile the app runs: a backup every 6 h, the newest 2 kept.`) });
    for (let i = 0; i < 3; i++) expect(sun('backup')).toMatchObject({ code: 0, out: expect.stringContaining(`Backed up to ${folder}`) });
    const listed = JSON.parse(sun('--json', 'backups').out) as { backups: { name: string }[] };
    expect(listed.backups).toHaveLength(2);
    expect(fs.readdirSync(folder).filter((n) => n.startsWith('sunshine-backup-')).sort()).toEqual(listed.backups.map((b) => b.name).sort());
  }, 60_000);

  it('a restore waits for nothing half-done: refused while a backup runs, other calls refused while it swaps, a second app refused', async () => {
    const data = tempDir();
    const core = openCore({ dataDir: data, staysOpen: true });
    try {
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Kept' }));
      const b = await ok(core.invoke('app.backupNow', {}));
      const running = core.call('app.backupNow', {});
      expect(await core.call('app.restore', { backup: path.basename(b.folder) })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/still running.*Nothing was changed/) } });
      expect(await running).toMatchObject({ ok: true });

      const restoring = core.call('app.restore', { backup: path.basename(b.folder) });
      // Asked while the backup is being verified and swapped in: a clear answer, never a closed database.
      const meanwhile = await Promise.all([core.call('requests.list', {}), core.call('app.backupNow', {})]);
      for (const r of meanwhile) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'A restore is under way; try again in a moment.' } });
      expect(await restoring).toMatchObject({ ok: true });
      expect(await core.call('requests.list', {})).toMatchObject({ ok: true });

      // A second desktop app or browser mode on the same folder is refused; its failure leaves the first's lock alone.
      const second = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'web', '--port', '0'], { encoding: 'utf8', timeout: 60_000 });
      expect(second).toMatchObject({ status: 2, stderr: expect.stringMatching(new RegExp(`already open on this data folder \\(process ${process.pid}, since `)) });
      expect(fs.existsSync(path.join(data, 'holders', String(process.pid)))).toBe(true);
    } finally {
      core.close();
    }
  });

  it('two backups started at once give a new workspace one id, not one each', async () => {
    const core = openCore({ dataDir: tempDir() });
    try {
      const made = await Promise.all([core.invoke('app.backup', { out: tempDir() }), core.invoke('app.backup', { out: tempDir() })]);
      expect(made.map((r) => r.ok)).toEqual([true, true]);
      const named = core.store.db.prepare("SELECT count(*) FROM audit_log WHERE entity = 'setting' AND entity_id = 'workspaceId'").pluck().get();
      expect(named).toBe(1);
      const [a, b] = made.map((r) => (r.ok ? (JSON.parse(fs.readFileSync(path.join(r.value.folder, 'manifest.json'), 'utf8')) as { workspace: string }).workspace : null));
      expect(a).toBe(b);
    } finally {
      core.close();
    }
  });

  it('a backup from an older Sunshine is restored and brought up to date', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const older = openStore(path.join(tempDir(), 'sunshine.db'), { migrations: MIGRATIONS.slice(0, -1) });
    await older.write('x', (w) => w.audit({ action: 'test', entity: 'x', entityId: '1' }));
    const b = await backup(older, out, new Date());
    older.close();
    expect(b.schemaVersion).toBe(LATEST_SCHEMA_VERSION - 1);
    const core = openCore({ dataDir: data, staysOpen: true });
    try {
      const r = await core.invoke('app.restore', { backup: path.basename(b.folder) } as never);
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // not in this workspace's backup folder
      await ok(core.invoke('app.setBackupFolder', { folder: out }));
      await ok(core.invoke('app.restore', { backup: path.basename(b.folder) }));
      expect(core.store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect(await ok(core.invoke('app.verify', {}))).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
  });

  it('two data folders sharing a backup folder keep their backups apart: listing, keeping N, the schedule and restore', async () => {
    const shared = tempDir('sunshine-shared-');
    const [a, b] = [openCore({ dataDir: tempDir() }), openCore({ dataDir: tempDir() })];
    try {
      for (const core of [a, b]) {
        await ok(core.invoke('app.setBackupFolder', { folder: shared }));
        await ok(core.invoke('settings.update', { backupKeep: 1 }));
      }
      const fromB = await ok(b.invoke('app.backupNow', {}));
      await new Promise((r) => setTimeout(r, 5));
      await ok(a.invoke('app.backupNow', {}));
      await new Promise((r) => setTimeout(r, 5));
      const fromA = await ok(a.invoke('app.backupNow', {}));
      // A keeps its newest one and never touches B's.
      expect(listBackups(shared).sort()).toEqual([fromA.folder, fromB.folder].sort());
      expect(await ok(a.invoke('app.backups', {}))).toMatchObject({ backups: [{ name: path.basename(fromA.folder) }], otherWorkspaces: 1 });
      expect(await ok(b.invoke('app.backups', {}))).toMatchObject({ backups: [{ name: path.basename(fromB.folder) }], otherWorkspaces: 1 });
      expect(await b.call('app.restore', { backup: path.basename(fromA.folder) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/of this workspace/) } });
      expect(await workspaceOf(a.store.engine)).not.toBe(await workspaceOf(b.store.engine));
    } finally {
      a.close();
      b.close();
    }
  });

  it('leftovers of a killed restore or a crashed app never stand in the way; a restore under way keeps other commands out', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    let core = openCore({ dataDir: data });
    await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Backed up' }));
    const b = await ok(core.invoke('app.backup', { out }));
    core.close();
    // A restore killed after SQLite had opened its incoming copy: the copy and a WAL beside it.
    fs.writeFileSync(path.join(data, 'sunshine.db.restoring'), 'half a database');
    fs.writeFileSync(path.join(data, 'sunshine.db.restoring-wal'), Buffer.alloc(4096, 7));
    // An app that crashed: its lock names a process that is gone; another lock holds garbage.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    fs.mkdirSync(path.join(data, 'holders'));
    fs.writeFileSync(path.join(data, 'holders', gone.stdout.trim()), '2026-01-01T00:00:00.000Z');
    const r = await restore(b.folder, data, new Date(), (f) => openStore(f));
    expect(r.previous).toMatch(/before-restore-/);
    expect(fs.existsSync(path.join(data, 'sunshine.db.restoring-wal'))).toBe(false);
    fs.writeFileSync(path.join(data, 'holders', 'not-a-process'), 'garbage');
    core = openCore({ dataDir: data, staysOpen: true });
    try {
      expect(core.store.db.prepare('SELECT subject FROM requests').pluck().all()).toEqual(['Backed up']);
    } finally {
      core.close();
    }
    // While another process restores, a sunshine command waits rather than open a database about to be swapped.
    const restorer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      fs.mkdirSync(path.join(data, 'restoring'), { recursive: true });
      fs.writeFileSync(path.join(data, 'restoring', String(restorer.pid)), new Date().toISOString());
      const st = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'status'], { encoding: 'utf8', timeout: 60_000 });
      expect(st).toMatchObject({ status: 2, stderr: expect.stringMatching(new RegExp(`A backup is being restored into this data folder \\(process ${restorer.pid}\\); try again in a moment\\. If no restore is running, delete .*restoring.${restorer.pid}`)) });
    } finally {
      restorer.kill();
    }
    await new Promise((res) => restorer.once('exit', res));
    // Its mark outlives it: ignored and cleared.
    const st = spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'status'], { encoding: 'utf8', timeout: 60_000 });
    expect(st.status).toBe(0);
    expect(fs.readdirSync(path.join(data, 'restoring'))).toEqual([]);
  }, 60_000);

  it('the command line restores over a damaged database, keeps the workspace it restores into, and never prunes the backup just made', async () => {
    const a = tempDir();
    const b = tempDir();
    const shared = tempDir('sunshine-shared-');
    const coreA = openCore({ dataDir: a });
    await ok(coreA.invoke('app.setBackupFolder', { folder: shared }));
    const fromA = await ok(coreA.invoke('app.backupNow', {}));
    const idA = await workspaceOf(coreA.store.engine);
    coreA.close();
    const coreB = openCore({ dataDir: b });
    await ok(coreB.invoke('app.setBackupFolder', { folder: shared }));
    await ok(coreB.invoke('settings.update', { backupKeep: 1 }));
    await ok(coreB.invoke('app.backupNow', {}));
    const idB = await workspaceOf(coreB.store.engine);
    coreB.close();
    const sun = (...args: string[]) => spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', b, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(sun('restore', fromA.folder)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Restored the backup of /) });
    const back = openCore({ dataDir: b });
    try {
      // A's data, and the history says so, but B stays B: its next backup does not touch A's.
      expect(back.store.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'app.restore'").pluck().get()).toBe(1);
      expect(await workspaceOf(back.store.engine)).toBe(idB);
      expect(idA).not.toBe(idB);
      // A clock set back: the backup just made is kept, whatever its name sorts as.
      const made = await backup(back.store, shared, new Date('2020-01-01T00:00:00Z'), 1);
      expect(fs.existsSync(made.folder)).toBe(true);
      expect(fs.existsSync(fromA.folder)).toBe(true);
    } finally {
      back.close();
    }
    // A database too damaged to open: the very case a restore is for.
    fs.writeFileSync(path.join(b, 'sunshine.db'), Buffer.alloc(8192, 0x41));
    expect(sun('status')).toMatchObject({ status: 2 });
    expect(sun('restore', fromA.folder)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Restored the backup of /) });
    expect(sun('verify').status).toBe(0);
  }, 60_000);

  it("a restore checks the stored files the backup's database names, not only its manifest's list", async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const core = openCore({ dataDir: data });
    await ok(core.invoke('documents.import', { paths: [write(tempDir('sunshine-src-'), 'a.txt', 'memo text')] }));
    const made = await ok(core.invoke('app.backup', { out }));
    core.close();
    const manifestFile = path.join(made.folder, 'manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestFile, 'utf8')), vault: [] }));
    // Gone from the vault and from the backup folder's own store.
    fs.rmSync(path.join(data, 'files'), { recursive: true });
    fs.rmSync(path.join(out, 'files'), { recursive: true });
    await expect(verifyBackup(made.folder, data)).rejects.toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/1 stored file the backup names is missing/) });
  });

  it('Ctrl+C on a long sunshine command closes the database first: no mark is left saying it is open', async () => {
    const data = tempDir();
    const src = tempDir('sunshine-src-');
    for (let i = 0; i < 400; i++) write(src, `memo-${i}.txt`, `memo ${i} about sponsors and transport`);
    const child = spawn(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, 'import', src], { stdio: 'ignore' });
    const inUse = path.join(data, 'in-use', String(child.pid));
    await expect.poll(() => fs.existsSync(inUse), { timeout: 50_000, interval: 20 }).toBe(true);
    // Into the import: wait until its first documents are stored, as a user would see them arrive.
    const stored = () => {
      try {
        const db = new Database(path.join(data, 'sunshine.db'), { readonly: true, fileMustExist: true });
        try {
          return db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
        } finally {
          db.close();
        }
      } catch {
        return 0; // not created or not migrated yet
      }
    };
    await expect.poll(stored, { timeout: 50_000, interval: 20 }).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(fs.existsSync(inUse)).toBe(false);
  }, 60_000);
});

describe('backups hold the stored files', () => {
  const sun = (data: string, ...args: string[]) => spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), '--data', data, ...args], { encoding: 'utf8', timeout: 60_000 });
  const storeOf = (out: string) =>
    fs.existsSync(path.join(out, 'files'))
      ? fs
          .readdirSync(path.join(out, 'files'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [];

  it('each file copied once across the backups of a folder, kept while a backup names it, and given back whole into an empty data folder', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const src = tempDir('sunshine-src-');
    const core = openCore({ dataDir: data });
    let last: string;
    try {
      await ok(core.invoke('documents.import', { paths: [write(src, 'quillfeather-a.txt', 'quillfeather memo one'), write(src, 'quillfeather-b.txt', 'quillfeather memo two')] }));
      const first = await ok(core.invoke('app.backup', { out }));
      expect(first).toMatchObject({ vaultFiles: 2, filesCopied: 2, bytesCopied: 42, filesMissing: 0 });
      const stored = storeOf(out);
      expect(stored).toHaveLength(2);
      if (process.platform !== 'win32') for (const f of stored) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
      const inodes = stored.map((f) => fs.statSync(f).ino);

      // Nothing new: nothing copied, the same files stay.
      const second = await ok(core.invoke('app.backup', { out }));
      expect(second).toMatchObject({ vaultFiles: 2, filesCopied: 0, bytesCopied: 0 });
      expect(storeOf(out).map((f) => fs.statSync(f).ino)).toEqual(inodes);

      // One new document: that file alone. Keeping one backup removes the older ones, never a file the kept one names;
      // a file no backup names goes once untouched for an hour (a younger one may be a backup's still at work).
      const unnamed = (sha: string, hoursOld: number) => {
        const f = blobPath(out, sha.repeat(64));
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, 'no backup names this');
        const t = new Date(Date.now() - hoursOld * 3600_000);
        fs.utimesSync(f, t, t);
        return f;
      };
      const stale = unnamed('e', 2);
      const young = unnamed('f', 0);
      await ok(core.invoke('documents.import', { paths: [write(src, 'quillfeather-c.txt', 'quillfeather memo three')] }));
      const third = await ok(core.invoke('app.backup', { out, keep: 1 }));
      expect(third).toMatchObject({ vaultFiles: 3, filesCopied: 1, removedOld: [first.folder, second.folder] });
      expect(fs.existsSync(stale)).toBe(false);
      fs.rmSync(young);
      expect(storeOf(out)).toHaveLength(3);
      last = third.folder;
    } finally {
      core.close();
    }

    // A new machine: only the backup folder is left.
    const fresh = path.join(tempDir(), 'new-data');
    const r = sun(fresh, '--json', 'restore', last);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ previous: null, forgotten: { productions: 0, sentence: null } });
    const back = openCore({ dataDir: fresh });
    try {
      expect(await ok(back.invoke('app.verify', {}))).toMatchObject({ ok: true, problems: [] });
      const docs = back.store.db.prepare('SELECT id, sha256, name FROM documents ORDER BY name').all() as { id: number; sha256: string; name: string }[];
      expect(docs.map((d) => d.name)).toEqual(['quillfeather-a.txt', 'quillfeather-b.txt', 'quillfeather-c.txt']);
      // Each original opens and is exactly what was imported.
      const copied = tempDir('sunshine-out-');
      for (const d of docs) {
        const saved = await ok(back.invoke('documents.saveCopy', { id: d.id, folder: copied }));
        expect(sha256File(saved.file)).toBe(d.sha256);
      }
      expect(fs.readFileSync(path.join(copied, 'quillfeather-c.txt'), 'utf8')).toBe('quillfeather memo three');
    } finally {
      back.close();
    }
  }, 60_000);

  it('a file missing or damaged in the backup folder refuses the restore and leaves an empty data folder empty; a restore over a workspace puts lost files back', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-backups-');
    const src = tempDir('sunshine-src-');
    const core = openCore({ dataDir: data });
    let made: string;
    let sha: string;
    try {
      await ok(core.invoke('documents.import', { paths: [write(src, 'marrowbell.txt', 'marrowbell memo'), write(src, 'marrowbell-2.txt', 'second marrowbell memo')] }));
      made = (await ok(core.invoke('app.backup', { out }))).folder;
      sha = core.store.db.prepare("SELECT sha256 FROM documents WHERE name = 'marrowbell.txt'").pluck().get() as string;
    } finally {
      core.close();
    }
    const blob = blobPath(out, sha);
    const good = fs.readFileSync(blob);
    const target = tempDir('sunshine-empty-');
    const refused = async (message: RegExp) => {
      await expect(restore(made, target, new Date(), (f) => openStore(f))).rejects.toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(message) });
      // Only the (emptied) folders of marks saying who held it.
      expect(fs.readdirSync(target).filter((n) => !['holders', 'in-use', 'restoring'].includes(n))).toEqual([]);
      expect(fs.existsSync(path.join(target, 'files'))).toBe(false);
    };
    // Same size, other bytes: found by its SHA-256 as it is copied back.
    fs.writeFileSync(blob, Buffer.from(good.toString().toUpperCase()));
    await refused(/^from: 1 stored file in the backup folder no longer matches its SHA-256.*Nothing was changed\.$/);
    fs.rmSync(blob);
    await refused(/^from: 1 stored file the backup names is missing from both the backup folder's files\/ and this data folder's vault/);

    // Over the workspace itself, whose vault lost that file: the restore brings it back.
    fs.writeFileSync(blob, good, { mode: 0o600 });
    fs.rmSync(blobPath(data, sha));
    await restore(made, data, new Date(), (f) => openStore(f));
    expect(sha256File(blobPath(data, sha))).toBe(sha);
  }, 60_000);
});
