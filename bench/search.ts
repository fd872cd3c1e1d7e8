/**
 * Search over a large generated index (bench/page-index.ts: SUNSHINE_BENCH_PAGES
 * pages, 1,000,000 by default), top 50 with snippets through the API, against a
 * raw FTS5 query on the same database. Building the index takes minutes; set
 * SUNSHINE_BENCH_INDEX=DIR to keep it there and reuse it on the next run.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ms, printRows, stats, time } from './stats.ts';
import { VOCAB } from './corpus.ts';
import { N, openPageIndex } from './page-index.ts';

const rows: [string, string][] = [];
const { core, made, done } = await openPageIndex('sunshine-bench-search-');
rows.push(made);

try {
  const db = core.store.db;
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
  done();
}
printRows(`\nSunshine search bench — ${N.toLocaleString()} pages, ${os.cpus().length} cores, Node ${process.version}`, rows);
