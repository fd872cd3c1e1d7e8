/**
 * The search term report over the benches' large index (bench/page-index.ts: 1,000,000 pages by
 * default; SUNSHINE_BENCH_INDEX=DIR reuses the one the search bench built): a 50-query report
 * of rare, mid-frequency and common words, phrases, prefixes and Boolean queries, every count
 * exact. Goal: under 10 s. Each run is cold: a write in between (untimed) empties the kept report.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { must, printRows } from './stats.ts';
import { VOCAB } from './corpus.ts';
import { N, openPageIndex } from './page-index.ts';

const rows: [string, string][] = [];
const { core, made, done } = await openPageIndex('sunshine-bench-terms-');
rows.push(made);

try {
  // Families to count: every five documents an email and four attachments (untimed; kept with the index).
  if (!core.store.db.prepare('SELECT 1 FROM documents WHERE parent_id IS NOT NULL LIMIT 1').get()) {
    await core.store.write('bench', async (w) => {
      core.store.db.exec('UPDATE documents SET parent_id = id - ((id - 1) % 5) WHERE (id - 1) % 5 <> 0');
      await w.audit({ action: 'bench.families', entity: 'bench', entityId: '0' });
    });
  }
  const terms = [
    ...Array.from({ length: 20 }, (_, i) => VOCAB[12_000 + 97 * i]!),
    ...Array.from({ length: 10 }, (_, i) => VOCAB[300 + 31 * i]!),
    ...Array.from({ length: 5 }, (_, i) => VOCAB[i * 3]!),
    ...Array.from({ length: 5 }, (_, i) => `"${VOCAB[40 + 2 * i]} ${VOCAB[41 + 2 * i]}"`),
    ...Array.from({ length: 4 }, (_, i) => `${VOCAB[5000 + 37 * i]!.slice(0, 3)}*`),
    ...Array.from({ length: 3 }, (_, i) => `${VOCAB[2000 + i]} OR ${VOCAB[2500 + i]}`),
    ...Array.from({ length: 3 }, (_, i) => `${VOCAB[300 + i]} AND NOT ${VOCAB[900 + i]}`),
  ];
  const forget = () => core.store.write('bench', (w) => w.audit({ action: 'bench.tick', entity: 'bench', entityId: '0' }));
  const times: number[] = [];
  let report;
  for (let run = 0; run < 3; run++) {
    await forget();
    const t = performance.now();
    report = await must(core.invoke('documents.termReport', { terms }));
    times.push(performance.now() - t);
  }
  const largest = Math.max(...report!.rows.map((r) => r.counts?.pages ?? 0));
  rows.push([
    `${terms.length}-query report (largest row ${largest.toLocaleString()} pages; any query ${report!.total.documents.toLocaleString()} documents)`,
    `cold, three runs: ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ')} (goal under 10 s)`,
  ]);
  core.close();
} finally {
  done();
}
printRows(`\nSunshine search term report bench — ${N.toLocaleString()} pages, ${os.cpus().length} cores, Node ${process.version}`, rows);
