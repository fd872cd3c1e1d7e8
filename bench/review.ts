/**
 * Review at scale: SUNSHINE_BENCH_DOCS documents (100,000 by default) of one
 * page each; tag every result of a search that matches all of them, untag
 * them, code them, and tag them by a list of ids. Target: each under a second.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { ms, must, printRows, stats, time } from './stats.ts';
import { pageText } from './corpus.ts';
import { fetchForReview } from './review-fetch.ts';

const N = Number(process.env.SUNSHINE_BENCH_DOCS ?? 100_000);
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-review-'));

try {
  const core = openCore({ dataDir: tmp });
  const db = core.store.db;
  const t0 = performance.now();
  await core.store.write('bench', async (w) => {
    const doc = db.prepare("INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, 0, 'text', 'text/plain', ?, '', ?, 'ready', 1)");
    const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, 1, ?)');
    for (let i = 0; i < N; i++) {
      const id = Number(doc.run(String(i).padStart(64, '0'), `doc-${i}.txt`, w.at).lastInsertRowid);
      page.run(id, `placement ${pageText(60)}`);
    }
    await w.audit({ action: 'bench.documents', entity: 'bench', entityId: '0' });
  });
  rows.push([`${N.toLocaleString()} one-page documents`, `made in ${((performance.now() - t0) / 1000).toFixed(1)} s`]);

  await must(core.invoke('tags.create', { name: 'Responsive' }));
  const timed = async (label: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    const v = await fn();
    rows.push([label, `${(performance.now() - t).toFixed(0)} ms (target < 1,000) → ${JSON.stringify(v)}`]);
  };
  await timed('tag every result of a search', () => must(core.invoke('tags.apply', { tag: 'Responsive', search: { query: 'placement' } })));
  await timed('untag them again', () => must(core.invoke('tags.apply', { tag: 'Responsive', remove: true, search: { query: 'placement' } })));
  const ids = db.prepare('SELECT id FROM documents').pluck().all() as number[];
  await timed(`tag ${ids.length.toLocaleString()} listed ids`, () => must(core.invoke('tags.apply', { tag: 'Responsive', ids })));
  await timed('code every tagged document (status, exemptions)', () => must(core.invoke('review.set', { search: { tag: 'Responsive' }, status: 'responsive', exemptions: ['b6'] })));
  await timed('count them by tag and status', async () => (await must(core.invoke('documents.list', { tag: 'Responsive', status: 'responsive', limit: 1 }))).total);
  const sample = Array.from({ length: 200 }, (_, i) => ids[(i * 7919) % ids.length]!);
  let i = 0;
  const load = stats(
    await time(200, async () => {
      const id = sample[i++]!;
      await fetchForReview(core, id);
    }),
  );
  rows.push(['one document for keyboard review (facts, page, coding, history)', `p50 ${ms(load.p50)}  p95 ${ms(load.p95)} (target: on screen within 100 ms)`]);
  core.close();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('\nSunshine review bench', rows);
