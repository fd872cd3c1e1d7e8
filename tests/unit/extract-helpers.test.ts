/**
 * Untrusted files are read in helper processes: a helper that crashes or runs
 * out of memory costs its one file, never the app, and the batch goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { forkHelper, type SpawnHelper } from '../../core/documents/helper-process.ts';
import { ingest } from '../../core/documents/ingest.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { write } from './fixtures.ts';
import { tempDir, testCore } from './helpers.ts';

const pools: ExtractPool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.close();
});
function pool(opts: ConstructorParameters<typeof ExtractPool>[0] = {}): ExtractPool {
  const p = new ExtractPool({ size: 1, ...opts });
  pools.push(p);
  return p;
}
async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const byName = (r: DocumentImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name)!;

/** An import of `src` through `readers`, into a fresh workspace (the test process plays the app). */
async function importWith(readers: ExtractPool, src: string) {
  const core = testCore();
  const report = await ingest(
    { store: core.store, dataDir: core.dataDir, actor: 'Test', pool: readers, signal: new AbortController().signal, progress: () => undefined },
    { paths: [src] },
  );
  return { core, report };
}
const documentCount = (core: ReturnType<typeof testCore>) => (core.store.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;

describe('helper processes', () => {
  it('a helper that crashes while reading a file costs that file only; the next file imports and the app goes on', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'a-before.txt', 'read before the crash');
    write(src, 'b-crashes.txt', 'CRASH-HERE: this file takes its reader down');
    write(src, 'c-after.txt', 'read after the crash');
    // A native crash, as a damaged file could cause in a decoder: SIGSEGV to the helper that is handed this file.
    const pids: number[] = [];
    const crashing: SpawnHelper = (script, memoryMb, on) => {
      const helper = forkHelper(script, memoryMb, on);
      pids.push(helper.pid!);
      return {
        pid: helper.pid,
        kill: helper.kill,
        send(job) {
          // The signal first: a pending signal ends the helper before it can read (and answer) the job.
          const file = (job as { file?: string }).file;
          if (file && fs.readFileSync(file, 'utf8').startsWith('CRASH-HERE')) process.kill(helper.pid!, 'SIGSEGV');
          helper.send(job);
        },
      };
    };
    const { core, report } = await importWith(pool({ spawn: crashing }), src);
    expect(byName(report, 'b-crashes.txt')).toMatchObject({ status: 'failed', error: 'the reader stopped while reading this file (it may be damaged or too large)' });
    expect(byName(report, 'a-before.txt')).toMatchObject({ status: 'added' });
    expect(byName(report, 'c-after.txt')).toMatchObject({ status: 'added' });
    expect(new Set(pids).size).toBe(2); // a new helper took over
    // Nothing of the failed file is kept: two documents, and the app still answers.
    expect(documentCount(core)).toBe(2);
    expect((await ok(core.invoke('documents.search', { query: 'crash' }))).hits.map((h) => h.name).sort()).toEqual(['a-before.txt', 'c-after.txt']);
  });

  it('a file that needs more memory than its helper has is stopped with that error, and the batch goes on', async () => {
    const src = tempDir('sunshine-src-');
    // 96 MB of text against a 64 MB helper: its decoded text alone does not fit.
    fs.writeFileSync(path.join(src, 'a-huge.txt'), Buffer.alloc(96 * 1024 * 1024, 'word '));
    write(src, 'b-small.txt', 'small and fine');
    const { core, report } = await importWith(pool({ memoryMb: 64 }), src);
    expect(byName(report, 'a-huge.txt')).toMatchObject({
      status: 'failed',
      error: 'the reader stopped while reading this file: it needed more than 64 MB of memory (it may be damaged or too large)',
    });
    expect(byName(report, 'b-small.txt')).toMatchObject({ status: 'added' });
    expect(documentCount(core)).toBe(1);
  }, 60_000);
});
