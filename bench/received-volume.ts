/**
 * The received-production bench's volume: 10,000 documents / about 50,000 single-page Group 4
 * TIFF pages with text files, families and natives, the DAT in Windows-1252 (or UTF-16LE), made by
 * tests/fixtures/production-volume.ts. Prints how long making it took, its size, and how long
 * `cp -r` takes to copy it: the import bench reports its own time as a ratio to that copy.
 *
 *   npx tsx bench/received-volume.ts [--docs 10000] [--out DIR] [--no-text] [--encoding windows-1252|utf-16le]
 *
 * Without --out the volume goes to a temporary folder and is removed afterwards. The import
 * bench calls benchVolume() for the same volume (and copyTime() for its ratio).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeVolume, type Volume } from '../tests/fixtures/production-volume.ts';
import { printRows } from './stats.ts';

export interface BenchVolumeOptions {
  /** Documents in the volume (10,000: about 50,000 pages). */
  docs?: number;
  /** Text files for the records (true); false: every page goes to OCR. */
  withText?: boolean;
  encoding?: 'windows-1252' | 'utf-16le';
}

/** The bench's production volume, made under `dir`, with how long making it took (seconds). */
export async function benchVolume(dir: string, options: BenchVolumeOptions = {}): Promise<{ volume: Volume; seconds: number }> {
  const t = performance.now();
  const volume = await makeVolume(dir, {
    documents: options.docs ?? 10_000,
    seed: 16,
    prefix: 'ICE-',
    encoding: options.encoding ?? 'windows-1252',
    textEncoding: 'windows-1252',
    withText: options.withText ?? true,
    pagesPerDocument: 5,
  });
  return { volume, seconds: (performance.now() - t) / 1000 };
}

/** Seconds `cp -r` takes to copy the volume folder (the copy is removed afterwards). */
export function copyTime(root: string): number {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-copy-'));
  try {
    const t = performance.now();
    const r = spawnSync('cp', ['-r', root, to], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`cp -r of the volume failed (exit ${r.status})`);
    return (performance.now() - t) / 1000;
  } finally {
    fs.rmSync(to, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '10000' },
      out: { type: 'string' },
      'no-text': { type: 'boolean', default: false },
      encoding: { type: 'string', default: 'windows-1252' },
    },
  });
  const docs = Number(values.docs);
  if (!Number.isInteger(docs) || docs < 1) throw new Error(`--docs takes a whole number of documents, not "${values.docs}"`);
  if (values.encoding !== 'windows-1252' && values.encoding !== 'utf-16le') throw new Error(`--encoding takes windows-1252 or utf-16le, not "${values.encoding}"`);
  const out = values.out ? path.resolve(values.out) : fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-volume-'));
  if (values.out && fs.existsSync(path.join(out, 'VOL001'))) throw new Error(`${out} already holds a VOL001; remove it or choose another --out`);
  try {
    const { volume, seconds } = await benchVolume(out, { docs, withText: !values['no-text'], encoding: values.encoding });
    const copy = copyTime(volume.root);
    printRows('Received production volume (generated)', [
      ['volume', `${volume.documents.toLocaleString()} documents, ${volume.pages.toLocaleString()} pages, ${volume.firstBates}–${volume.lastBates}`],
      ['DAT', `${values.encoding}, ${values['no-text'] ? 'no text files' : 'with text files'}`],
      ['files', `${volume.files.length.toLocaleString()}, ${mb(volume.bytes)}`],
      ['made in', `${seconds.toFixed(1)} s, ${Math.round(volume.pages / seconds)} pages/s`],
      ['cp -r', `${copy.toFixed(1)} s, ${Math.round(volume.pages / copy)} pages/s (the import's yardstick)`],
      ['at', values.out ? volume.root : 'a temporary folder, removed'],
    ]);
  } finally {
    if (!values.out) fs.rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
