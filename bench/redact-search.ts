/**
 * Redaction by search at scale: the time from "apply" (redactions.applyHits) to done for 10,000
 * hits — finding them again on every page, boxing each word, and writing every box in one write
 * under one batch — then undoing the batch. Two corpora: OCR'd pages (word boxes stored with the
 * page), and a text-layer PDF whose word boxes the file reader computes page by page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { must, printRows } from './stats.ts';
import { pageText } from './corpus.ts';

const HITS = Number(process.env.SUNSHINE_BENCH_REDACT_HITS ?? 10_000);
const PER_PAGE = 10;
const TERM = 'quarrymede';
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-redact-'));
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(2)} s`;

try {
  const core = openCore({ dataDir: tmp });
  const db = core.store.db;
  // OCR'd one-page pictures, each with the term PER_PAGE times among other words, and every word's box.
  const pages = HITS / PER_PAGE;
  const t0 = performance.now();
  await core.store.write('bench', async (w) => {
    const doc = db.prepare("INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, 0, 'image', 'image/png', ?, '', ?, 'ready', 1)");
    const page = db.prepare('INSERT INTO pages (document_id, page_no, text, words, ocr) VALUES (?, 1, ?, ?, 1)');
    for (let i = 0; i < pages; i++) {
      const id = Number(doc.run(String(i).padStart(64, '0'), `scan-${i}.png`, w.at).lastInsertRowid);
      const words = Array.from({ length: PER_PAGE }, () => [...pageText(8).split(' '), TERM]).flat();
      const boxes = words.map((t, k) => [t, 40 + (k % 12) * 80, 40 + Math.floor(k / 12) * 30, 70, 24]);
      page.run(id, words.join(' '), JSON.stringify({ w: 1100, h: 1400, words: boxes }));
    }
    await w.audit({ action: 'bench.documents', entity: 'bench', entityId: '0' });
  });
  rows.push([`${pages.toLocaleString()} OCR'd pages, ${PER_PAGE} hits each`, `made in ${seconds(t0)}`]);

  let t = performance.now();
  const applied = await must(core.invoke('redactions.applyHits', { terms: [TERM], reason: 'b6' }));
  rows.push([`apply ${applied.hits.toLocaleString()} hits (${applied.boxes.toLocaleString()} boxes, one batch)`, seconds(t)]);
  t = performance.now();
  const undone = await must(core.invoke('redactions.undoBatch', { batch: applied.batch }));
  rows.push([`undo the batch (${undone.removed.toLocaleString()} boxes)`, seconds(t)]);

  // A text-layer PDF: word boxes from pdf.js, computed in the file reader a page at a time.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pdfPages = Number(process.env.SUNSHINE_BENCH_REDACT_PDF_PAGES ?? 100);
  for (let i = 0; i < pdfPages; i++) {
    const p = pdf.addPage([612, 792]);
    for (let l = 0; l < PER_PAGE; l++) p.drawText(`${pageText(6)} pdfquarrymede ${pageText(3)}`, { x: 50, y: 740 - l * 16, size: 11, font });
  }
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-redact-src-'));
  fs.writeFileSync(path.join(src, 'long.pdf'), await pdf.save());
  await must(core.invoke('documents.import', { paths: [src] }));
  t = performance.now();
  const fromPdf = await must(core.invoke('redactions.applyHits', { terms: ['pdfquarrymede'], reason: 'b6' }));
  rows.push([`apply ${fromPdf.hits.toLocaleString()} hits on a ${pdfPages}-page text-layer PDF`, seconds(t)]);
  fs.rmSync(src, { recursive: true, force: true });
  await core.close();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine redaction by search bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
