/**
 * The readers of old and other Office files on this machine, in this process (the helper runs the
 * same code): megabytes and pages per second for a large RTF, a .doc, a .pptx and a .ppt built
 * like the unit tests' files (tests/unit/office-fixtures.ts), with the peak resident memory.
 * SUNSHINE_BENCH_OFFICE_SCALE multiplies the sizes (default 1: about 20 MB of RTF, 1,000 slides).
 * Printed, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extract } from '../core/documents/extract/extract.ts';
import { DEFAULT_LIMITS } from '../core/documents/extract/types.ts';
import type { SniffType } from '../core/documents/sniff.ts';
import { makePpt, makePptx, makeWordDoc } from '../tests/unit/office-fixtures.ts';
import { pageText } from './corpus.ts';

const SCALE = Number(process.env.SUNSHINE_BENCH_OFFICE_SCALE ?? 1);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-office-'));

async function time(label: string, file: string, type: SniffType): Promise<void> {
  const mb = fs.statSync(file).size / 1024 / 1024;
  const start = performance.now();
  const r = await extract({ file, type, limits: DEFAULT_LIMITS });
  const s = (performance.now() - start) / 1000;
  const chars = r.pages.reduce((n, p) => n + p.length, 0);
  console.log(
    `  ${label.padEnd(40)} ${mb.toFixed(1).padStart(6)} MB  ${r.pages.length.toLocaleString('en-US').padStart(6)} pages  ${(chars / 1e6).toFixed(1)} M chars  ${s.toFixed(2)} s  ${(mb / s).toFixed(1)} MB/s  ${Math.round(r.pages.length / s).toLocaleString('en-US')} pages/s`,
  );
}

console.log(`Office readers (scale ${SCALE}):`);
const para = String.raw`\pard\f0\fs24 {\b Finding} ` + pageText(80) + String.raw` \'93quoted\'94 \u8364? 10.\par `;
fs.writeFileSync(path.join(dir, 'big.rtf'), `{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}${para.repeat(30_000 * SCALE)}}`, 'latin1');
await time('RTF', path.join(dir, 'big.rtf'), 'rtf');
makeWordDoc(path.join(dir, 'big.doc'), Array.from({ length: 20_000 * SCALE }, (_, i) => `${i}. ${pageText(60)}`).join('\n'));
await time('Word 97–2003 (.doc)', path.join(dir, 'big.doc'), 'ole');
const slides = Array.from({ length: 1000 * SCALE }, (_, i) => ({ text: [`Slide ${i}`, pageText(80)], notes: pageText(40) }));
await makePptx(path.join(dir, 'big.pptx'), slides);
await time('PowerPoint (.pptx), with notes', path.join(dir, 'big.pptx'), 'pptx');
makePpt(path.join(dir, 'big.ppt'), slides.map((s) => s.text), { boxes: slides.map((s) => [s.notes]), notes: slides.map((s) => s.notes) });
await time('PowerPoint 97–2003 (.ppt), with notes', path.join(dir, 'big.ppt'), 'ole');
console.log(`  peak resident memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
fs.rmSync(dir, { recursive: true, force: true });
