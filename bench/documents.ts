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
import { wordsPdf } from './corpus.ts';

const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-docs-'));

try {
  // ---- ingest vs pdftotext -------------------------------------------------
  const pdfDir = path.join(tmp, 'pdfs');
  fs.mkdirSync(pdfDir);
  const font = StandardFonts.Helvetica;
  const GENERATED = Number(process.env.SUNSHINE_BENCH_PDFS ?? 120);
  for (let f = 0; f < GENERATED; f++) fs.writeFileSync(path.join(pdfDir, `generated-${f}.pdf`), await wordsPdf(25));
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

  // Twice: a fresh core, as `sunshine import` runs (the readers start with it), and a core
  // whose readers were started by a one-page import first, as in the running app.
  const ingest = async (warm: boolean) => {
    const core = openCore({ dataDir: path.join(tmp, warm ? 'ingest-warm' : 'ingest-cold') });
    if (warm) {
      const w = path.join(tmp, 'warm-up');
      fs.mkdirSync(w, { recursive: true });
      const doc = await PDFDocument.create();
      doc.addPage().drawText('warm-up', { x: 50, y: 700, font: await doc.embedFont(font) });
      fs.writeFileSync(path.join(w, 'warm-up.pdf'), await doc.save());
      await core.invoke('documents.import', { paths: [w] });
    }
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const t = performance.now();
    const r = await core.invoke('documents.import', { paths: [pdfDir] });
    const secs = (performance.now() - t) / 1000;
    clearInterval(sampler);
    core.close();
    if (!r.ok) throw new Error(r.error.message);
    return { secs, pages: r.value.pages, peakRss };
  };
  const ratio = (secs: number) => (popplerSecs === null ? 'no pdftotext (apt-get install poppler-utils)' : `${(popplerSecs / secs).toFixed(2)}× pdftotext's speed (target ≥ 0.5×)`);
  const cold = await ingest(false);
  const warm = await ingest(true);
  rows.push([
    `ingest ${files.length} PDFs (${debianPdfs.length} from Debian docs), ${(bytes / 1e6).toFixed(1)} MB, ${cold.pages.toLocaleString()} pages`,
    `${cold.secs.toFixed(1)} s, ${Math.round(cold.pages / cold.secs)} pages/s, peak RSS ${Math.round(cold.peakRss / 1e6)} MB — ${ratio(cold.secs)}`,
  ]);
  rows.push(['  the same, readers already started', `${warm.secs.toFixed(1)} s, ${Math.round(warm.pages / warm.secs)} pages/s — ${ratio(warm.secs)}`]);
  if (popplerSecs !== null) rows.push(['pdftotext on the same files, one after another', `${popplerSecs.toFixed(1)} s`]);

} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine documents bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
