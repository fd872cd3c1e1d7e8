/**
 * The benches' large generated index: SUNSHINE_BENCH_PAGES pages (1,000,000 by default) of 300
 * generated words, 100 pages a document. Building it takes minutes; with SUNSHINE_BENCH_INDEX=DIR
 * it is kept there (pages-N) and reused by the next run of any bench that uses it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore, type Core } from '../core/index.ts';
import { pageText } from './corpus.ts';

export const N = Number(process.env.SUNSHINE_BENCH_PAGES ?? 1_000_000);
const kept = process.env.SUNSHINE_BENCH_INDEX;
const PER_DOC = 100;
const BATCH = 20_000;

/** The index open, with a line saying how it was made; `done` closes it (and removes it unless kept). */
export async function openPageIndex(prefix: string): Promise<{ core: Core; made: [string, string]; done(): void; reopen(): Core }> {
  const dir = kept ? path.resolve(kept, `pages-${N}`) : fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const done = () => {
    if (!kept) fs.rmSync(dir, { recursive: true, force: true });
  };
  const core = openCore({ dataDir: dir });
  // The same index opened afresh, as after a restart (close the first core before).
  const reopen = () => openCore({ dataDir: dir });
  const db = core.store.db;
  const have = db.prepare('SELECT count(*) FROM pages').pluck().get() as number;
  if (have === N) return { core, made: [`index of ${N.toLocaleString()} pages`, `reused from ${dir}`], done, reopen };
  if (have !== 0) throw new Error(`${dir} holds ${have} pages, not ${N}; remove it first.`);
  try {
    return { core, made: await build(core), done, reopen };
  } catch (e) {
    core.close();
    done();
    throw e;
  }
}

async function build(core: Core): Promise<[string, string]> {
  const db = core.store.db;
  const tb = performance.now();
  const doc = db.prepare("INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES (?, 0, 'text', 'text/plain', ?, ?, 'ready', ?)");
  const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
  for (let start = 0; start < N; start += BATCH) {
    await core.store.write('bench', async (w) => {
      let docId = 0;
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        if (i % PER_DOC === 0) docId = Number(doc.run(String(i).padStart(64, '0'), `bench-${i / PER_DOC}.txt`, w.at, PER_DOC).lastInsertRowid);
        page.run(docId, (i % PER_DOC) + 1, pageText());
      }
      await w.audit({ action: 'bench.pages', entity: 'bench', entityId: String(start) });
    });
    if (start % 100_000 === 0) process.stderr.write(`\r  indexing ${start.toLocaleString()} / ${N.toLocaleString()} pages`);
  }
  db.exec("INSERT INTO pages_fts(pages_fts) VALUES ('optimize')");
  core.store.checkpoint();
  process.stderr.write('\n');
  const s = (performance.now() - tb) / 1000;
  return [`index ${N.toLocaleString()} generated pages of 300 words`, `${s.toFixed(0)} s, ${Math.round(N / s)} pages/s`];
}
