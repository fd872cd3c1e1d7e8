import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCore } from '../../core/index.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';
import { makePdf, write } from './fixtures.ts';

/** Every folder and file under `root` (itself included) that group or others may read, write or enter. */
function openToOthers(root: string): string[] {
  const all = [root, ...fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).map((rel) => path.join(root, rel))];
  return all.filter((p) => (fs.lstatSync(p).mode & 0o077) !== 0).map((p) => `${path.relative(root, p) || '.'} ${(fs.lstatSync(p).mode & 0o777).toString(8)}`);
}

const sunshine = (args: string[]) => spawnSync(process.execPath, [path.resolve('bin/sunshine.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, SUNSHINE_DATA: '' }, timeout: 30_000 });

// Most Linux systems: new files 0644, folders 0755 unless created otherwise.
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

describe.skipIf(process.platform === 'win32')('owner-only files (file modes are not used on Windows)', () => {
  it('a new workspace, an import, a backup, an upload and a production leave nothing group or others can read', async () => {
    const data = path.join(tempDir(), 'data');
    const core = await testCore(data);
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'memo.pdf'), ['Placement memo']);
    write(src, 'note.txt', 'a note from the source');
    const imported = await ok(core.invoke('documents.import', { paths: [src] }));
    const { Readable } = await import('node:stream');
    await core.receiveUpload(Readable.from([Buffer.from('sent by a browser')]), 'dropped.txt', null, null);
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: imported.files.map((f) => f.documentId!) }));
    await ok(core.invoke('app.backupNow', {}));
    const outside = path.join(tempDir('sunshine-out-'), 'volumes');
    const backup = await ok(core.invoke('app.backup', { out: path.join(outside, 'backups') }));
    const production = path.join(outside, 'HSGAC-001');
    await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'HSGAC-', start: 1, folder: production, recipient: 'HSGAC', name: 'HSGAC 001' }));

    // One backup, and the stored files its folder keeps for all its backups.
    expect(fs.readdirSync(path.join(data, 'backups')).sort()).toEqual(['files', expect.stringMatching(/^sunshine-backup-/)]);
    expect(fs.readdirSync(path.join(data, 'files', 'uploads'))).toHaveLength(1);
    if (core.workspace.kind === 'sqlite') expect(fs.existsSync(`${core.store.file}-wal`)).toBe(true);
    expect(openToOthers(data)).toEqual([]);
    expect(openToOthers(path.dirname(backup.folder))).toEqual([]);
    expect(openToOthers(production)).toEqual([]);
    expect((await ok(core.invoke('app.status', {}))).permissions).toEqual({ ownerOnly: true, readableByOthers: [], fix: null });

    // What the command line writes out is owner-only too.
    const csv = path.join(outside, 'history.csv');
    const day = new Date().toISOString().slice(0, 10);
    core.close();
    expect(runSunshine(cliWorkspaceOf(core), ['audit', 'export', '--from', day, '--to', day, '--out', csv]).code).toBe(0);
    expect(fs.statSync(csv).mode & 0o777).toBe(0o600);
  });

  it('status names what others can read and the chmod that closes it; opening such a folder warns once on stderr', async () => {
    const data = tempDir();
    fs.chmodSync(data, 0o755);
    const warn = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const core = openCore({ dataDir: data });
      openCore({ dataDir: tempDir() }).close();
      const status = await ok(core.invoke('app.status', {}));
      core.close();
      openCore({ dataDir: data }).close();
      expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(`can read the data folder ${data}. To make it owner-only, run: chmod -R go-rwx '${data}'`)]);
      expect(status.permissions).toEqual({ ownerOnly: false, readableByOthers: [{ what: 'data folder', path: data, mode: '755' }], fix: `chmod -R go-rwx '${data}'` });
    } finally {
      warn.mockRestore();
    }
    // Sunshine does not change a mode it did not set: the folder may be shared on purpose.
    expect(fs.statSync(data).mode & 0o777).toBe(0o755);
    const r = sunshine(['--data', data, 'status']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Permissions:    WARNING: other accounts on this machine can read');
    expect(r.stdout).toContain(`the data folder ${data} (mode 755)`);
    expect(r.stdout).toContain(`run: chmod -R go-rwx '${data}'`);
    expect(r.stderr).toContain('warning: other accounts on this machine can read the data folder');

    fs.chmodSync(data, 0o700);
    expect(sunshine(['--data', data, 'status']).stdout).toContain('Permissions:    owner-only');
  });
});
