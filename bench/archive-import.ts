/**
 * Archives: importing a ZIP of about 200 MB of mixed files (PDFs, text, incompressible
 * picture-sized files, nested folders) against unzipping it with the system's `unzip` and
 * importing the unpacked folder. Figures are printed, never asserted.
 * SUNSHINE_BENCH_ARCHIVE_MB sets the size (200 by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { must, printRows } from './stats.ts';
import { pageText, wordsPdf } from './corpus.ts';

const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-archive-'));
const MB = Number(process.env.SUNSHINE_BENCH_ARCHIVE_MB ?? 200);

/** Imports `paths` into a fresh workspace; the time, the report's counts and the peak RSS of this process. */
async function importInto(name: string, paths: string[]) {
  const core = openCore({ dataDir: path.join(tmp, name) });
  await core.ready;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const t = performance.now();
  try {
    const r = await must(core.invoke('documents.import', { paths }));
    return { secs: (performance.now() - t) / 1000, added: r.added, failed: r.failed, duplicates: r.duplicates, peakRss };
  } finally {
    clearInterval(sampler);
    core.close();
  }
}

try {
  if (spawnSync('unzip', ['-v']).status !== 0 || spawnSync('zip', ['-v']).status !== 0) throw new Error('zip and unzip are needed (apt-get install zip unzip)');
  // ---- the release: a tenth PDFs, two fifths text, half files that do not compress (pictures) ----
  const release = path.join(tmp, 'release3');
  const folder = (i: number) => {
    const dir = path.join(release, `Agency ${i % 5}`, `${2019 + (i % 4)}`, i % 3 ? 'Sponsors' : 'Placements');
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  let bytes = 0;
  let files = 0;
  for (let i = 0; bytes < MB * 1e6 * 0.1; i++, files++) {
    const pdf = await wordsPdf(20);
    fs.writeFileSync(path.join(folder(i), `memo-${i}.pdf`), pdf);
    bytes += pdf.length;
  }
  for (let i = 0; bytes < MB * 1e6 * 0.5; i++, files++) {
    const text = Array.from({ length: 12 }, () => pageText(400)).join('\n\n');
    fs.writeFileSync(path.join(folder(i), `notes-${i}.txt`), text);
    bytes += text.length;
  }
  for (let i = 0; bytes < MB * 1e6; i++, files++) {
    const data = randomBytes(1024 * 1024);
    fs.writeFileSync(path.join(folder(i), `photo-${i}.bin`), data);
    bytes += data.length;
  }
  const zipFile = path.join(tmp, 'release3.zip');
  execFileSync('zip', ['-r', '-q', zipFile, 'release3'], { cwd: tmp });
  const zipBytes = fs.statSync(zipFile).size;
  rows.push(['the release', `${files.toLocaleString()} files, ${(bytes / 1e6).toFixed(0)} MB unpacked, ${(zipBytes / 1e6).toFixed(0)} MB zipped`]);

  const sourceDir = path.join(tmp, 'source');
  fs.mkdirSync(sourceDir);
  fs.renameSync(zipFile, path.join(sourceDir, 'release3.zip'));
  fs.rmSync(release, { recursive: true });

  const zipped = await importInto('zip', [path.join(sourceDir, 'release3.zip')]);
  rows.push([
    'import the ZIP (entries unpacked by the file reader)',
    `${zipped.secs.toFixed(1)} s, ${zipped.added} added, ${zipped.failed} failed, peak RSS ${Math.round(zipped.peakRss / 1e6)} MB`,
  ]);

  const unzipTo = path.join(tmp, 'unzipped');
  let t = performance.now();
  execFileSync('unzip', ['-q', path.join(sourceDir, 'release3.zip'), '-d', unzipTo]);
  const unzipSecs = (performance.now() - t) / 1000;
  t = performance.now();
  const folderImport = await importInto('folder', [unzipTo]);
  rows.push(['unzip (system command)', `${unzipSecs.toFixed(1)} s`]);
  rows.push([
    'import the unpacked folder',
    `${folderImport.secs.toFixed(1)} s, ${folderImport.added} added, ${folderImport.failed} failed, peak RSS ${Math.round(folderImport.peakRss / 1e6)} MB`,
  ]);
  const both = unzipSecs + folderImport.secs;
  rows.push(['import the ZIP against unzip + import the folder', `${zipped.secs.toFixed(1)} s against ${both.toFixed(1)} s (${(zipped.secs / both).toFixed(2)}×)`]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine archive bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
