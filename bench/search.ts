/**
 * Search over a large generated index: SUNSHINE_BENCH_PAGES pages (1,000,000
 * by default), top 50 with snippets through the API, against a raw FTS5 query
 * on the same database. Building the index takes minutes; set
 * SUNSHINE_BENCH_INDEX=DIR to keep it there and reuse it on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { ms, printRows, stats, time } from './stats.ts';
import { VOCAB, pageText } from './corpus.ts';

const rows: [string, string][] = [];
const N = Number(process.env.SUNSHINE_BENCH_PAGES ?? 1_000_000);
const kept = process.env.SUNSHINE_BENCH_INDEX;
const dir = kept ? path.resolve(kept, `pages-${N}`) : fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-search-'));
const PER_DOC = 100;
const BATCH = 20_000;

try {
  const core = openCore({ dataDir: dir });
  const db = core.store.db;
  const have = db.prepare('SELECT count(*) FROM pages').pluck().get() as number;
  if (have !== N) {
    if (have !== 0) throw new Error(`${dir} holds ${have} pages, not ${N}; remove it first.`);
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
    rows.push([`index ${N.toLocaleString()} generated pages of 300 words`, `${((performance.now() - tb) / 1000).toFixed(0)} s, ${Math.round(N / ((performance.now() - tb) / 1000))} pages/s`]);
  } else rows.push([`index of ${N.toLocaleString()} pages`, `reused from ${dir}`]);

  // Each class is measured cold: a different query each time, or the cache emptied by a write
  // in between (untimed), as after an import. The raw baseline ranks every match with bm25.
  const forget = () => core.store.write('bench', (w) => w.audit({ action: 'bench.tick', entity: 'bench', entityId: '0' }));
  const classes: [string, (i: number) => string][] = [
    ['rare word', (i) => VOCAB[15_000 + i]!],
    ['phrase of two mid-frequency words', (i) => `"${VOCAB[300 + 2 * i]} ${VOCAB[301 + 2 * i]}"`],
    ['phrase of two very common words', (i) => `"${VOCAB[40 + 2 * i]} ${VOCAB[41 + 2 * i]}"`],
    ['two terms', (i) => `${VOCAB[300 + i]} ${VOCAB[900 + i]}`],
    ['word OR word', (i) => `${VOCAB[2000 + i]} OR ${VOCAB[2500 + i]}`],
    ['prefix', (i) => `${VOCAB[5000 + 37 * i]!.slice(0, 3)}*`],
    ['most common word', () => VOCAB[0]!],
    ['two most common words', () => `${VOCAB[0]} ${VOCAB[1]}`],
  ];
  const raw = db.prepare('SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? ORDER BY rank LIMIT 50');
  const RUNS = 20;
  // The same with a filter (every generated page is plain text, so the filter keeps all):
  // filters must not turn into a scan per candidate.
  const filtered: [string, (i: number) => string, { type: 'text' }][] = [
    ['rare word, filtered by kind', (i) => VOCAB[15_100 + i]!, { type: 'text' }],
    ['most common word, filtered by kind', () => VOCAB[0]!, { type: 'text' }],
  ];
  for (const [label, q, f] of filtered) {
    const cold: number[] = [];
    let r;
    for (let i = 0; i < RUNS; i++) {
      await forget();
      const t = performance.now();
      r = await core.invoke('documents.search', { query: q(i), limit: 50, ...f });
      cold.push(performance.now() - t);
      if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
    }
    const api = stats(cold);
    const matched = r?.ok ? `${r.value.capped ? 'over ' : ''}${r.value.total.toLocaleString()}` : '?';
    rows.push([`${label} (${matched} pages)`, `top 50 with snippets and facets: p50 ${ms(api.p50)}  p95 ${ms(api.p95)}`]);
  }
  for (const [label, q] of classes) {
    const first = await core.invoke('documents.search', { query: q(0), limit: 50 });
    if (!first.ok) throw new Error(`${label}: ${first.error.message}`);
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await forget();
      const t = performance.now();
      const r = await core.invoke('documents.search', { query: q(i), limit: 50 });
      cold.push(performance.now() - t);
      if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
    }
    const api = stats(cold);
    const more = stats(await time(RUNS, () => core.invoke('documents.search', { query: q(0), limit: 50, offset: 50 })));
    let i = 0;
    const base = stats(await time(5, () => raw.all(q(i++))));
    const matched = `${first.value.capped ? 'over ' : ''}${first.value.total.toLocaleString()}`;
    rows.push([
      `${label} (${matched} pages)`,
      `top 50 with snippets and facets: p50 ${ms(api.p50)}  p95 ${ms(api.p95)} | next 50: p95 ${ms(more.p95)} | raw FTS5 bm25 top 50: p50 ${ms(base.p50)}  p95 ${ms(base.p95)}`,
    ]);
  }
  core.close();
} finally {
  if (!kept) fs.rmSync(dir, { recursive: true, force: true });
}
printRows(`\nSunshine search bench — ${N.toLocaleString()} pages, ${os.cpus().length} cores, Node ${process.version}`, rows);
