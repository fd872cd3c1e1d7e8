/**
 * Receiving productions: a volume of SUNSHINE_BENCH_RECEIVED_DOCS documents (10,000 by default,
 * about five single-page Group 4 TIFFs each) imported with its text files (Windows-1252 DAT), the
 * same without text files (UTF-16LE DAT, every page queued for OCR), each timed end to end and set
 * against `cp -r` of the same folder, with the process's peak resident memory sampled throughout
 * (the file readers are separate processes: their own peaks are bounded by the pool's limits).
 * Then a Bates look-up of one page among SUNSHINE_BENCH_BATES_PAGES pages (1,000,000 by default).
 *
 *   npx tsx bench/received.ts            (SUNSHINE_BENCH_RECEIVED_DOCS=2000 for a quicker run, 0 for the look-up only)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openCore } from '../core/index.ts';
import { spawnSync } from 'node:child_process';
import { copyTime } from './received-volume.ts';
import { ms, must, printRows, stats, time } from './stats.ts';

const DOCS = Number(process.env.SUNSHINE_BENCH_RECEIVED_DOCS ?? 10_000);
const BATES_PAGES = Number(process.env.SUNSHINE_BENCH_BATES_PAGES ?? 1_000_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-received-'));
const rows: [string, string][] = [];
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The volume, made by bench/received-volume.ts in a process of its own: making it costs memory this process must not start the import with. */
function makeVolumeApart(dir: string, docs: number, withText: boolean, encoding: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'received-volume.ts'), '--docs', String(docs), '--out', dir, '--encoding', encoding, ...(withText ? [] : ['--no-text'])], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`making the bench volume failed (exit ${r.status})`);
  return path.join(dir, 'VOL001');
}

async function importOnce(label: string, docs: number, withText: boolean, encoding: 'windows-1252' | 'utf-16le'): Promise<void> {
  const dir = path.join(tmp, 'volume');
  const root = makeVolumeApart(dir, docs, withText, encoding);
  const copy = copyTime(root);
  const core = openCore({ dataDir: path.join(tmp, 'data') });
  await core.ready;
  try {
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t = performance.now();
    const r = await must(core.invoke('received.import', { path: root, party: 'ICE' }));
    const secs = (performance.now() - t) / 1000;
    clearInterval(sampler);
    rows.push([
      `import, ${label}`,
      `${r.records.toLocaleString()} documents, ${r.pages.toLocaleString()} pages in ${secs.toFixed(1)} s = ${Math.round(r.pages / secs)} pages/s; ` +
        `cp -r ${copy.toFixed(1)} s (import ${(secs / copy).toFixed(1)}× the copy); peak RSS ${mb(peak)} (${mb(before)} before); ` +
        `${r.imported} imported, ${r.blocked} blocked, ${r.failed} failed`,
    ]);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.join(tmp, 'data'), { recursive: true, force: true });
  }
}

/** Fill a closed data folder's database with `pages` received pages (documents of 5) straight through SQL: the look-up's index is what is measured, not the import. */
function fill(dataDir: string, pages: number): void {
  const db = new Database(path.join(dataDir, 'sunshine.db'));
  try {
    const at = new Date().toISOString();
    const prod = db.prepare("INSERT INTO received_productions (party, volume, added_at, status) VALUES ('ICE', 'BENCH', ?, 'complete') RETURNING id").get(at) as { id: number };
    const doc = db.prepare(
      "INSERT INTO documents (sha256, size, type, mime, name, path, source, added_at, status, page_count, received_id, bates_begin, bates_end) VALUES (?, 1, 'pdf', 'application/pdf', ?, ?, 'ICE', ?, 'ready', ?, ?, ?, ?) RETURNING id",
    );
    const page = db.prepare("INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, '') RETURNING id");
    const bates = db.prepare("INSERT INTO page_bates (page_id, document_id, bates, prefix, number, width) VALUES (?, ?, ?, 'ICE-', ?, 8)");
    const batch = db.transaction((from: number, to: number) => {
      for (let first = from; first < to; first += 5) {
        const last = Math.min(first + 4, pages);
        const name = batesOf(first);
        const { id } = doc.get(`bench-${first}`.padEnd(64, '0'), name, `BENCH/${name}`, at, last - first + 1, prod.id, name, batesOf(last)) as { id: number };
        for (let n = first; n <= last; n++) {
          const p = page.get(id, n - first + 1) as { id: number };
          bates.run(p.id, id, batesOf(n), n);
        }
      }
    });
    for (let from = 1; from <= pages; from += 50_000) batch(from, Math.min(from + 50_000, pages + 1));
  } finally {
    db.close();
  }
}

const batesOf = (i: number) => `ICE-${String(i).padStart(8, '0')}`;

async function batesLookup(): Promise<void> {
  const dataDir = path.join(tmp, 'bates');
  const empty = openCore({ dataDir });
  await empty.ready;
  await empty.close();
  const t = performance.now();
  fill(dataDir, BATES_PAGES);
  const filled = (performance.now() - t) / 1000;
  const core = openCore({ dataDir });
  await core.ready;
  try {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const samples = await time(2000, async () => {
      const r = await must(core.invoke('documents.byBates', { bates: batesOf(1 + (next() % BATES_PAGES)) }));
      if (r.hits.length !== 1) throw new Error(`a Bates look-up found ${r.hits.length} pages, not 1`);
    });
    const s = stats(samples);
    rows.push([`Bates look-up in ${BATES_PAGES.toLocaleString()} pages`, `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)} (2,000 random pages through documents.byBates; filled in ${filled.toFixed(0)} s)`]);
  } finally {
    await core.close();
  }
}

try {
  // SUNSHINE_BENCH_RECEIVED_DOCS=0: the look-up only.
  if (DOCS > 0) {
    // First a fifth of the documents, then all: the peak memory must not grow with the production.
    await importOnce('a fifth as large, with text files, Windows-1252 DAT', Math.round(DOCS / 5), true, 'windows-1252');
    await importOnce('with text files, Windows-1252 DAT', DOCS, true, 'windows-1252');
    await importOnce('without text files, UTF-16LE DAT', DOCS, false, 'utf-16le');
  }
  await batesLookup();
  printRows('Received productions', rows);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
