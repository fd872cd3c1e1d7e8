/**
 * Documents: ingest speed against poppler's pdftotext on the same PDFs (real
 * ones from Debian's documentation packages and generated ones). Figures are
 * printed, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openCore } from '../core/index.ts';
import { printRows } from './stats.ts';
import { pageText } from './corpus.ts';

const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-docs-'));

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

} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine documents bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
