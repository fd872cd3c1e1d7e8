import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/index.ts';
import { sweepStale } from '../../core/sweep.ts';
import { ok, tempDir } from './helpers.ts';
import { write } from './fixtures.ts';

const HOUR = 3600_000;
/** Make a file or folder (and what is directly in it) look untouched since `ms` ago. */
function age(p: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  if (fs.statSync(p).isDirectory()) for (const n of fs.readdirSync(p)) fs.utimesSync(path.join(p, n), t, t);
  fs.utimesSync(p, t, t);
}

describe('sweeping leftovers', () => {
  it('removes only matching entries untouched for longer than the limit; a folder whose files are still being written is kept', () => {
    const dir = tempDir();
    const old = write(dir, '.work.partial-old', 'x');
    const fresh = write(dir, '.work.partial-fresh', 'x');
    const other = write(dir, 'finished', 'x');
    const busy = path.join(dir, '.work.partial-busy');
    fs.mkdirSync(busy);
    write(busy, 'still-copying', 'x');
    age(old, 2 * HOUR);
    age(other, 2 * HOUR);
    fs.utimesSync(busy, new Date(Date.now() - 2 * HOUR), new Date(Date.now() - 2 * HOUR));

    expect(sweepStale(dir, { match: (n) => n.includes('.partial-'), olderThanMs: HOUR })).toEqual([old]);
    expect(fs.readdirSync(dir).sort()).toEqual(['.work.partial-busy', '.work.partial-fresh', 'finished']);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(sweepStale(path.join(dir, 'not-there'), { match: () => true, olderThanMs: 0 })).toEqual([]);
  });

  it('a production killed before its folder was put in place is cleared at start once an hour old; a fresh one and finished ones are kept', async () => {
    const data = tempDir();
    const out = tempDir('sunshine-out-');
    const core = openCore({ dataDir: data });
    const src = tempDir('sunshine-src-');
    write(src, 'note.txt', 'a note to produce');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [r.files[0]!.documentId!] }));
    const finished = await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'DONE-', start: 1, folder: path.join(out, 'Done'), recipient: 'HSGAC', name: 'Done' }));
    core.close();

    const child = spawn(process.execPath, [path.resolve('tests/unit/production-child.mjs'), data, 'Produce', path.join(out, 'Killed')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const said = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (b: Buffer) => {
        text += b.toString();
        if (text.includes('\n')) resolve(text.trim());
      });
      child.on('exit', (code) => reject(new Error(`the production process ended (${code}) before it reached the rename`)));
    });
    expect(said).toMatch(/^hanging /);
    const work = said.replace(/^hanging /, '');
    expect(path.dirname(work)).toBe(out);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(fs.readdirSync(work).sort()).toEqual(['.sunshine-production.json', 'DATA', 'IMAGES', 'Killed-privilege-log.csv', 'Killed-privilege-log.xlsx', 'NATIVES', 'TEXT']);

    // Fresh: it might be another Sunshine's production still at work.
    openCore({ dataDir: data }).close();
    expect(fs.existsSync(work)).toBe(true);

    age(work, 2 * HOUR);
    for (const sub of fs.readdirSync(work)) if (fs.statSync(path.join(work, sub)).isDirectory()) age(path.join(work, sub), 2 * HOUR);
    age(finished.folder, 2 * HOUR);
    openCore({ dataDir: data }).close();
    expect(fs.existsSync(work)).toBe(false);
    expect(fs.readdirSync(out)).toEqual(['Done']);
    expect(fs.readdirSync(path.join(out, 'Done')).sort()).toEqual(['.sunshine-production.json', 'DATA', 'Done-privilege-log.csv', 'Done-privilege-log.xlsx', 'IMAGES', 'NATIVES', 'TEXT']);
    // Nothing is left noting it, and nothing noted the finished one.
    expect(fs.readdirSync(path.join(data, 'producing'))).toEqual([]);
  });
});
