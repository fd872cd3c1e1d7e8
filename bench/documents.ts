/**
 * Documents: ingest speed against poppler's pdftotext on the same PDFs, and
 * search over a large generated index (SUNSHINE_BENCH_PAGES pages, 200,000 by
 * default; the target is 1,000,000). Figures are printed, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openCore } from '../core/index.ts';
import { ms, printRows, stats, time } from './stats.ts';

const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-docs-'));

// A vocabulary with a Zipf-like spread, so some words are everywhere and most are rare.
const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);
let seed = 42;
// mulberry32: small, fast and well spread.
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const word = () => VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(rand() * Math.log(VOCAB.length)) - 1))]!;
const pageText = (n = 300) => Array.from({ length: n }, word).join(' ');

try {
  // ---- ingest vs pdftotext -------------------------------------------------
  const pdfDir = path.join(tmp, 'pdfs');
  fs.mkdirSync(pdfDir);
  const font = StandardFonts.Helvetica;
  for (let f = 0; f < 40; f++) {
    const doc = await PDFDocument.create();
    const helv = await doc.embedFont(font);
    for (let p = 0; p < 25; p++) {
      const page = doc.addPage([612, 792]);
      const words = pageText(240).split(' ');
      for (let line = 0; line < 40; line++) page.drawText(words.slice(line * 6, line * 6 + 6).join(' '), { x: 40, y: 750 - line * 18, size: 11, font: helv });
    }
    fs.writeFileSync(path.join(pdfDir, `generated-${f}.pdf`), await doc.save());
  }
  const debianPdfs = (() => {
    try {
      return execFileSync('find', ['/usr/share/doc', '-name', '*.pdf', '-size', '-20M'], { encoding: 'utf8' }).split('\n').filter(Boolean).slice(0, 300);
    } catch {
      return [];
    }
  })();
  for (const [i, f] of debianPdfs.entries()) fs.copyFileSync(f, path.join(pdfDir, `debian-${i}-${path.basename(f)}`));
  const files = fs.readdirSync(pdfDir).map((f) => path.join(pdfDir, f));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

  let popplerSecs: number | null = null;
  if (spawnSync('pdftotext', ['-v']).status === 0) {
    const t = performance.now();
    for (const f of files) spawnSync('pdftotext', [f, path.join(tmp, 'out.txt')]);
    popplerSecs = (performance.now() - t) / 1000;
  }

  const ingestCore = openCore({ dataDir: path.join(tmp, 'ingest') });
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t = performance.now();
  const r = await ingestCore.invoke('documents.import', { paths: [pdfDir] });
  const ingestSecs = (performance.now() - t) / 1000;
  clearInterval(sampler);
  ingestCore.close();
  const pages = r.ok ? r.value.pages : 0;
  rows.push([
    `ingest ${files.length} PDFs (${debianPdfs.length} from Debian docs), ${(bytes / 1e6).toFixed(1)} MB, ${pages.toLocaleString()} pages`,
    `${ingestSecs.toFixed(1)} s, ${Math.round(pages / ingestSecs)} pages/s, peak RSS ${Math.round(peakRss / 1e6)} MB`,
  ]);
  if (popplerSecs !== null) {
    rows.push(['pdftotext on the same files', `${popplerSecs.toFixed(1)} s — Sunshine at ${(popplerSecs / ingestSecs).toFixed(2)}× its speed (target ≥ 0.5×)`]);
  } else rows.push(['pdftotext', 'not installed (apt-get install poppler-utils) — no ratio']);

  // ---- search at scale -------------------------------------------------------
  const N = Number(process.env.SUNSHINE_BENCH_PAGES ?? 200_000);
  const core = openCore({ dataDir: path.join(tmp, 'search') });
  const db = core.store.db;
  const tb = performance.now();
  const PER_DOC = 100;
  for (let start = 0; start < N; start += 10_000) {
    core.store.write('bench', (w) => {
      const doc = db.prepare("INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES (?, 0, 'text', 'text/plain', ?, ?, 'ready', ?)");
      const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
      let docId = 0;
      for (let i = start; i < Math.min(N, start + 10_000); i++) {
        if (i % PER_DOC === 0) docId = Number(doc.run(String(i).padStart(64, "0"), `bench-${i / PER_DOC}.txt`, w.at, PER_DOC).lastInsertRowid);
        page.run(docId, (i % PER_DOC) + 1, pageText());
      }
      w.audit({ action: 'bench.pages', entity: 'bench', entityId: String(start) });
    });
  }
  core.store.checkpoint();
  rows.push([`index ${N.toLocaleString()} generated pages of 300 words`, `${((performance.now() - tb) / 1000).toFixed(1)} s, ${Math.round(N / ((performance.now() - tb) / 1000))} pages/s`]);

  const queries: [string, string][] = [
    ['rare word', VOCAB[15_000]!],
    ['phrase of two common-ish words', `"${VOCAB[40]} ${VOCAB[41]}"`],
    ['two terms', `${VOCAB[300]} ${VOCAB[900]}`],
    ['most common word', VOCAB[0]!],
  ];
  const raw = db.prepare('SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? ORDER BY rank LIMIT 50');
  for (const [label, q] of queries) {
    const api = stats(await time(40, () => core.invoke('documents.search', { query: q, limit: 50 })));
    const base = stats(await time(40, () => raw.all(q)));
    const r1 = await core.invoke('documents.search', { query: q, limit: 50 });
    const matched = r1.ok ? `${r1.value.capped ? '>' : ''}${r1.value.total.toLocaleString()}` : '?';
    rows.push([`search: ${label} (${matched} pages), top 50 with snippets`, `p50 ${ms(api.p50)}  p95 ${ms(api.p95)}   raw FTS5 bm25 top 50: p50 ${ms(base.p50)}  p95 ${ms(base.p95)}`]);
  }
  core.close();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine documents bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
