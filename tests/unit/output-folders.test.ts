import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { openCoreInWorker } from '../../core/core-host.ts';
import { outputFolderPicks } from '../../core/productions/output-folders.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { write } from './fixtures.ts';

/** A workspace with one text document tagged for production. */
async function oneTagged(): Promise<Core> {
  const core = await testCore();
  const src = tempDir('sunshine-src-');
  write(src, 'quillfeather.txt', 'Quillfeather memo about the grant audit.');
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  await ok(core.invoke('tags.create', { name: 'Outbound' }));
  await ok(core.invoke('tags.apply', { tag: 'Outbound', ids: [r.files[0]!.documentId!] }));
  return core;
}

const produceFrom = (core: Core, input: Record<string, unknown>) => core.call('productions.create', { tag: 'Outbound', prefix: 'QF-', start: 1, ...input });

describe('chosen output folders (the desktop app)', () => {
  it('are held under random single-use tokens that expire; a failed use leaves the token waiting', async () => {
    let now = 0;
    const picks = outputFolderPicks({ ttlMs: 60_000, now: () => now });
    const [a] = picks.issue(['/home/me/Volumes/Vol 1']);
    expect(a).toMatchObject({ name: 'Vol 1', token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // A use that fails gives the token back; one that succeeds uses it up.
    await expect(picks.spend(a!.token, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await picks.spend(a!.token, async (folder) => folder)).toBe('/home/me/Volumes/Vol 1');
    await expect(picks.spend(a!.token, async (folder) => folder)).rejects.toThrow(
      'folderPick: one chosen output folder is no longer waiting (already used for a production, expired after 1 minutes, or never picked here); choose the folder again. Nothing was produced.',
    );
    // While one use runs, a second cannot start with the same token.
    const [b] = picks.issue(['/home/me/Volumes/Vol 2']);
    let finish!: () => void;
    const running = picks.spend(b!.token, () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(picks.spend(b!.token, async () => undefined)).rejects.toThrow(/no longer waiting/);
    finish();
    await running;
    const [old] = picks.issue(['/home/me/Volumes/Old']);
    now += 60_000;
    await expect(picks.spend(old!.token, async () => undefined)).rejects.toThrow(/expired/);
  });

  it('are judged when the dialog hands them over: a full path, new or empty, its parent there, outside the data folder; refusals name no path', async () => {
    const core = await testCore();
    const parent = tempDir('sunshine-out-');
    const full = path.join(parent, 'Full');
    write(full, 'old.txt', 'already here');
    const file = write(parent, 'plain.txt', 'a file, not a folder');
    const refusals: [string, RegExp][] = [
      ['Volumes/Vol 1', /not a full path/],
      [path.join(core.dataDir, 'productions', 'Vol 1'), /inside Sunshine's own data folder/],
      [path.join(parent, 'missing', 'Vol 1'), /is to be made in is not there/],
      [full, /"Full" already holds files; choose a new or empty folder/],
      [file, /"plain.txt" is a file/],
    ];
    for (const [folder, why] of refusals) {
      let message = '';
      try {
        core.pickOutputFolder(folder);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(why);
      expect(message).not.toContain(parent);
      expect(message).not.toContain(core.dataDir);
    }
    expect(core.pickOutputFolder(path.join(parent, 'New volume'))).toMatchObject({ name: 'New volume' });
    fs.mkdirSync(path.join(parent, 'Empty'));
    expect(core.pickOutputFolder(path.join(parent, 'Empty'))).toMatchObject({ name: 'Empty' });
  });

  it('take a window\'s production there, once; a window still names no folder', async () => {
    const core = await oneTagged();
    const out = path.join(tempDir('sunshine-out-'), 'QF volume');
    const pick = core.pickOutputFolder(out);
    // The folder filled after it was chosen: refused by its name, nothing written, and the token still good.
    write(out, 'stray.txt', 'put here meanwhile');
    const filled = await fails(produceFrom(core, { folderPick: pick.token }));
    expect(filled).toMatchObject({ code: 'BAD_INPUT', message: 'folder: "QF volume" already holds files; name a new or empty folder. Nothing was produced.' });
    expect((await ok(core.invoke('productions.list', {}))).productions).toHaveLength(0);
    fs.rmSync(path.join(out, 'stray.txt'));

    const made = await ok(produceFrom(core, { folderPick: pick.token }));
    expect(made).toMatchObject({ folder: fs.realpathSync(out), firstBates: 'QF-00000001', produced: 1 });
    expect(fs.readdirSync(path.join(out, 'DATA')).some((f) => f.endsWith('.dat'))).toBe(true);

    // Used up: a second production with it is refused in plain words and writes nothing.
    const again = await fails(produceFrom(core, { folderPick: pick.token, start: 50 }));
    expect(again).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/chosen output folder is no longer waiting.*choose the folder again\. Nothing was produced\./) });
    expect((await ok(core.invoke('productions.list', {}))).productions).toHaveLength(1);
    expect(fs.existsSync(path.join(core.dataDir, 'productions'))).toBe(false);

    // A token never handed out, and a folder named by the window, are refused alike.
    expect(await fails(produceFrom(core, { folderPick: 'f'.repeat(32), start: 50 }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/no longer waiting/) });
    expect(await fails(produceFrom(core, { folder: path.join(tempDir('sunshine-out-'), 'typed'), start: 50 }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/^folder: from a window/) });
    expect(await fails(produceFrom(core, { folderPick: 'x', start: 50 }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/chosen-folder token/) });
    expect((await ok(core.invoke('productions.list', {}))).productions).toHaveLength(1);
  });

  it('cross from the desktop app\'s main process to the core in its worker thread, refusals too', async () => {
    const core = await openCoreInWorker({ dataDir: tempDir() });
    try {
      const parent = tempDir('sunshine-out-');
      expect(await core.pickOutputFolder(path.join(parent, 'Vol 9'))).toMatchObject({ name: 'Vol 9', token: expect.stringMatching(/^[0-9a-f]{32}$/) });
      await expect(core.pickOutputFolder(path.join(core.dataDir, 'x'))).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/data folder/) });
    } finally {
      await core.close();
    }
  });
});
