/**
 * A spreadsheet of SUNSHINE_BENCH_SHEET_ROWS rows (100,000 by default) × 20 columns: the XLSX's
 * reading alone in a process of its own (time and peak memory: what the file reader's helper
 * needs), its import end to end (time to text), the cell grid's size, the first slice of rows
 * (cold: the grid's line index built; warm; and one at the sheet's end), and the grid's first
 * paint in Chromium (from opening the document's page to its first rows shown), when the UI is
 * built (npm run e2e builds it) and a Chromium is at hand.
 *
 *   npx tsx bench/spreadsheet.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn, spawnSync } from 'node:child_process';
import * as XLSX from '@e965/xlsx';
import { openCore } from '../core/index.ts';
import { extractSpreadsheet } from '../core/documents/extract/spreadsheet.ts';
import { DEFAULT_LIMITS } from '../core/documents/extract/types.ts';
import { blobPath } from '../core/documents/vault.ts';
import { documentById } from '../db/documents.ts';
import { ms, must, printRows } from './stats.ts';

const ROWS = Number(process.env.SUNSHINE_BENCH_SHEET_ROWS ?? 100_000);
const COLS = 20;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Run as the reader alone: `--read FILE DIR` prints its time and the process's peak memory.
if (process.argv[2] === '--read') {
  const t = performance.now();
  const r = await extractSpreadsheet(process.argv[3]!, false, DEFAULT_LIMITS, process.argv[4]);
  console.log(JSON.stringify({ ms: performance.now() - t, pages: r.pages.length, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-sheet-'));
const rows: [string, string][] = [];
try {
  const file = path.join(tmp, 'placements.xlsx');
  let t = performance.now();
  const aoa: (string | number)[][] = [Array.from({ length: COLS }, (_, c) => `Column ${c + 1}`)];
  for (let r = 1; r <= ROWS; r++) aoa.push(Array.from({ length: COLS }, (_, c) => (c % 3 === 0 ? `case K-${r}-${c}` : c % 3 === 1 ? r * 7 + c : `sponsor ${(r * 31 + c) % 997}`)));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true }), 'Placements');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
  rows.push(['workbook', `${ROWS.toLocaleString('en-US')} rows × ${COLS} columns, ${mb(fs.statSync(file).size)} (written in ${(performance.now() - t).toFixed(0)} ms)`]);

  const scratch = fs.mkdtempSync(path.join(tmp, 'scratch-'));
  const alone = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--read', file, scratch], { encoding: 'utf8' });
  if (alone.status !== 0) throw new Error(`reading alone failed: ${alone.stderr}`);
  const read = JSON.parse(alone.stdout.trim().split('\n').at(-1)!) as { ms: number; pages: number; maxRssKb: number };
  rows.push(['read alone (the helper’s work)', `${ms(read.ms)}, ${read.pages} pages, peak memory ${mb(read.maxRssKb * 1024)}`]);

  const core = openCore({ dataDir: path.join(tmp, 'data') });
  t = performance.now();
  const report = await must(core.invoke('documents.import', { paths: [file] }));
  rows.push(['import (time to text)', `${ms(performance.now() - t)} (${report.files[0]!.pages} pages${report.files[0]!.error ? `; ${report.files[0]!.error}` : ''})`]);
  const id = report.files[0]!.documentId!;
  const d = (await documentById(core.store.engine, id))!;
  rows.push(['cell grid', `${mb(fs.statSync(blobPath(core.dataDir, d.grid_sha256!)).size)} (the file itself ${mb(d.size)})`]);

  t = performance.now();
  await must(core.invoke('documents.grid', { id }));
  await must(core.invoke('documents.sheet', { id, sheet: 0, from: 0, count: 200 }));
  rows.push(['first slice, cold (grid + 200 rows)', ms(performance.now() - t)]);
  t = performance.now();
  await must(core.invoke('documents.sheet', { id, sheet: 0, from: 0, count: 200 }));
  rows.push(['a slice, warm (200 rows)', ms(performance.now() - t)]);
  t = performance.now();
  await must(core.invoke('documents.sheet', { id, sheet: 0, from: ROWS - 199, count: 200 }));
  rows.push(['the last 200 rows', ms(performance.now() - t)]);
  t = performance.now();
  const hits = await must(core.invoke('documents.search', { query: `"K-${ROWS - 5}-9"` }));
  rows.push(['search naming the cell', `${ms(performance.now() - t)} (${hits.hits[0]?.cell ?? 'no hit'})`]);
  await core.close();
  rows.push(['first paint in Chromium', await firstPaint(path.join(tmp, 'data'), id)]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('Spreadsheet', rows);

/** From going to the document's page to its first grid rows shown, in browser mode; or why not measured. */
async function firstPaint(dataDir: string, id: number): Promise<string> {
  const { chromiumPath, CHROMIUM_FLAGS } = await import('../tests/e2e/chromium.ts');
  if (!fs.existsSync(path.join(import.meta.dirname, '..', 'out', 'renderer', 'index.html'))) return 'not measured: the UI is not built (npm run e2e builds it)';
  const { chromium } = await import('@playwright/test');
  const web = spawn(process.execPath, ['bin/sunshine.mjs', '--data', dataDir, '--json', 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      web.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /"url"\s*:\s*"([^"]+)"/.exec(out);
        if (m) resolve(m[1]!);
      });
      web.once('exit', (code) => reject(new Error(`sunshine web ended (${code}): ${out}`)));
    });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByRole('navigation').waitFor();
      const t = performance.now();
      await page.goto(`${url}#/documents/${id}`);
      await page.getByRole('gridcell', { name: 'A2', exact: true }).waitFor();
      const first = performance.now() - t;
      // And a jump to the sheet's end: its rows come from the grid as they scroll into view.
      const t2 = performance.now();
      await page.getByRole('grid').evaluate((g) => g.scrollTo(0, g.scrollHeight));
      await page.getByRole('gridcell', { name: `A${ROWS + 1}`, exact: true }).waitFor();
      return `${ms(first)} (scrolled to row ${(ROWS + 1).toLocaleString('en-US')}: ${ms(performance.now() - t2)})`;
    } finally {
      await browser.close();
    }
  } finally {
    web.kill();
  }
}
