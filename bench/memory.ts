/**
 * Memory: ingest of a folder of SUNSHINE_BENCH_MEMORY_MB megabytes (1,024 by
 * default) of scanned-looking PDFs — every page a photo-sized JPEG, every file
 * different — with the process's peak resident memory sampled throughout
 * (worker threads included). Files stream through the vault one at a time, so
 * the peak must stay far below the size of the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createCanvas } from '@napi-rs/canvas';
import { openCore } from '../core/index.ts';
import { printRows } from './stats.ts';

const TOTAL_MB = Number(process.env.SUNSHINE_BENCH_MEMORY_MB ?? 1024);
const FILE_MB = 25;
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-memory-'));

try {
  // One noisy "photo of paper" JPEG (noise does not compress), reused on every page.
  const canvas = createCanvas(1600, 2000);
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(1600, 2000);
  let x = 2463534242;
  for (let i = 0; i < img.data.length; i++) {
    // xorshift32: noise a JPEG cannot squeeze, so files are as big as real scans.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    img.data[i] = (i & 3) === 3 ? 255 : x & 255;
  }
  ctx.putImageData(img, 0, 0);
  const jpeg = canvas.toBuffer('image/jpeg', 92);
  const pagesPerFile = Math.max(1, Math.round((FILE_MB * 1024 * 1024) / jpeg.length));
  const files = Math.max(1, Math.round(TOTAL_MB / ((pagesPerFile * jpeg.length) / 1024 / 1024)));
  const dir = path.join(tmp, 'folder');
  fs.mkdirSync(dir);
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < pagesPerFile; p++) {
      // Embedded once per page (as a scanner writes them), so the file is as big as its pages.
      const image = await doc.embedJpg(jpeg);
      const page = doc.addPage([612, 792]);
      page.drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
      // A line of real text makes each file (and page) distinct.
      page.drawText(`Production box ${f + 1}, page ${p + 1}`, { x: 40, y: 20, size: 9, font });
    }
    const file = path.join(dir, `box-${String(f + 1).padStart(3, '0')}.pdf`);
    fs.writeFileSync(file, await doc.save());
    bytes += fs.statSync(file).size;
  }

  const core = openCore({ dataDir: path.join(tmp, 'data') });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t = performance.now();
  const r = await core.invoke('documents.import', { paths: [dir] });
  const secs = (performance.now() - t) / 1000;
  clearInterval(sampler);
  if (!r.ok) throw new Error(r.error.message);
  core.close();
  rows.push([
    `ingest of a ${(bytes / 1024 / 1024).toFixed(0)} MB folder (${files} scanned PDFs of ${FILE_MB} MB, ${r.value.pages.toLocaleString()} pages)`,
    `${secs.toFixed(1)} s, ${(bytes / 1024 / 1024 / secs).toFixed(0)} MB/s; peak RSS ${Math.round(peak / 1024 / 1024)} MB (${Math.round(before / 1024 / 1024)} MB before), ${r.value.added} added, ${r.value.failed} failed`,
  ]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('\nSunshine memory bench', rows);
