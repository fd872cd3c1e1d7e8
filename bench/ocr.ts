/**
 * OCR: scanned pages (text pages drawn to 200-dpi images, read at 150 dpi, and wrapped in an
 * image-only PDF, as a scanner makes them) read by the background queue.
 * Prints pages per second and how many of the known words came back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openCore } from '../core/index.ts';
import { renderPdfPage } from '../core/documents/extract/render.ts';
import { systemTesseract } from '../core/documents/ocr-engines.ts';
import { printRows } from './stats.ts';

const PAGES = Number(process.env.SUNSHINE_BENCH_OCR_PAGES ?? 12);
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-ocr-'));
const SENTENCES = [
  'The Office of Refugee Resettlement placed the child with a sponsor on March 4.',
  'Case managers did not complete the home study before the release was approved.',
  'Records show the sponsor listed an address that belonged to a vacant warehouse.',
  'Follow-up calls were made on day thirty, but nobody answered the listed phone.',
  'The inspector general requested all placement files for fiscal year 2024.',
];

try {
  // A typed memo, one paragraph per line, then "scanned": each page drawn to an image.
  const text = await PDFDocument.create();
  const font = await text.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < PAGES; p++) {
    const page = text.addPage([612, 792]);
    for (let line = 0; line < 30; line++) page.drawText(SENTENCES[(p + line) % SENTENCES.length]!, { x: 60, y: 730 - line * 22, size: 12, font });
  }
  const textFile = path.join(tmp, 'typed.pdf');
  fs.writeFileSync(textFile, await text.save());
  const scan = await PDFDocument.create();
  for (let p = 1; p <= PAGES; p++) {
    const png = await scan.embedPng((await renderPdfPage(textFile, p, 200)).png);
    scan.addPage([612, 792]).drawImage(png, { x: 0, y: 0, width: 612, height: 792 });
  }
  const scanDir = path.join(tmp, 'scans');
  fs.mkdirSync(scanDir);
  fs.writeFileSync(path.join(scanDir, 'scanned.pdf'), await scan.save());

  const words = new Set(SENTENCES.join(' ').toLowerCase().match(/[a-z]{4,}/g));
  const engines = ['system', 'wasm'].filter((e) => e === 'wasm' || systemTesseract());
  if (!systemTesseract()) rows.push(['system Tesseract', 'not installed (apt-get install tesseract-ocr) — tesseract.js only']);
  for (const engine of engines) {
    process.env.SUNSHINE_OCR_ENGINE = engine;
    const core = openCore({ dataDir: path.join(tmp, `data-${engine}`) });
    const r = await core.invoke('documents.import', { paths: [scanDir] });
    if (!r.ok) throw new Error(r.error.message);
    const t = performance.now();
    const done = await core.invoke('documents.runOcr', {});
    const secs = (performance.now() - t) / 1000;
    if (!done.ok) throw new Error(done.error.message);
    const read = core.store.db.prepare("SELECT group_concat(text, ' ') FROM pages").pluck().get() as string;
    const found = [...words].filter((w) => read.toLowerCase().includes(w)).length;
    rows.push([
      `OCR of ${done.value.done} scanned pages, ${engine === 'system' ? "the system's Tesseract" : 'tesseract.js'} (${os.cpus().length} cores)`,
      `${secs.toFixed(1)} s, ${(done.value.done / secs).toFixed(2)} pages/s (target ≥ 1), ${found} of ${words.size} known words read back`,
    ]);
    core.close();
  }
  delete process.env.SUNSHINE_OCR_ENGINE;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('\nSunshine OCR bench', rows);
