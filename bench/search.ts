/**
 * Search over a large generated index (bench/page-index.ts: SUNSHINE_BENCH_PAGES
 * pages, 1,000,000 by default), top 50 with snippets through the API, against a
 * raw FTS5 query on the same database. Building the index takes minutes; set
 * SUNSHINE_BENCH_INDEX=DIR to keep it there and reuse it on the next run.
 */
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { ms, printRows, stats, time } from './stats.ts';
import { VOCAB } from './corpus.ts';
import { N, openPageIndex } from './page-index.ts';
import { renderQuery } from '../core/documents/query-render.ts';
import { explainQuery, parseQuery, splitFields } from '../core/shared/search-query.ts';

/** A query's page words as an engine's own syntax (fields and the vocabulary's lookups left out). */
const compileQuery = (query: string, kind: 'sqlite' | 'postgres') => renderQuery(splitFields(parseQuery(query)).text!, kind);

/** Empties the kernel's file cache, so the reopened index is read from disk; false where not allowed. */
function dropCaches(): boolean {
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

const rows: [string, string][] = [];
const { core, made, done, reopen } = await openPageIndex('sunshine-bench-search-');
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
    ['w/5 of two mid-frequency words', (i) => `${VOCAB[300 + i]} w/5 ${VOCAB[900 + i]}`],
    // Every generated document is named bench-N.txt: the field lets all of them through, the worst case for its join.
    ['fielded: filename: and a mid-frequency word', (i) => `filename:bench AND ${VOCAB[600 + i]}`],
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
    // The raw baseline runs the page words as Sunshine compiles them (a field has no raw twin).
    const base = stats(await time(5, () => raw.all(compileQuery(q(i++), 'sqlite'))));
    const matched = `${first.value.capped ? 'over ' : ''}${first.value.total.toLocaleString()}`;
    rows.push([
      `${label} (${matched} pages)`,
      `top 50 with snippets and facets: p50 ${ms(api.p50)}  p95 ${ms(api.p95)} | next 50: p95 ${ms(more.p95)} | raw FTS5 bm25 top 50: p50 ${ms(base.p50)}  p95 ${ms(base.p95)}`,
    ]);
  }

  // What reading the language costs a query: parse, explain and compile, every class's queries.
  const texts = classes.flatMap(([, q]) => Array.from({ length: RUNS }, (_, i) => q(i)));
  const tp = performance.now();
  for (let k = 0; k < 50; k++) {
    for (const t of texts) {
      compileQuery(t, 'sqlite');
      compileQuery(t, 'postgres');
      explainQuery(parseQuery(t));
    }
  }
  rows.push(['parse, explain and compile for both engines, per query', `${ms((performance.now() - tp) / (50 * texts.length))}`]);
  core.close();

  // The first ten queries after the workspace is opened again, each a class's first.
  const dropped = dropCaches();
  const again = reopen();
  await again.ready;
  const firsts: number[] = [];
  for (const [, q] of [...classes, ...classes].slice(0, 10)) {
    const t = performance.now();
    const r = await again.invoke('documents.search', { query: q(RUNS + firsts.length), limit: 50 });
    firsts.push(performance.now() - t);
    if (!r.ok) throw new Error(r.error.message);
  }
  rows.push([`first ten queries after opening${dropped ? ', the OS file cache dropped' : ' (OS file cache kept: not root)'}`, firsts.map((t) => ms(t)).join(', ')]);
  again.close();
} finally {
  done();
}
printRows(`\nSunshine search bench — ${N.toLocaleString()} pages, ${os.cpus().length} cores, Node ${process.version}`, rows);
