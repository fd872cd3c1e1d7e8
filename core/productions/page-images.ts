/**
 * Produced pages as review platforms load them: one single-page image file
 * per Bates number, `IMAGES/<folder>/<BATES>.pdf`, folders of at most
 * PAGES_PER_FOLDER pages (001, 002, …) so no folder grows past what loaders
 * and file systems handle well. The OPT names each page's own file. A
 * production may ask for Group 4 TIFF pages instead (`.tif`), for loaders
 * that take nothing else.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { writePrivate } from '../private-files.ts';
import type { ExtractPool } from '../documents/extract-pool.ts';

/** Pages per IMAGES/ sub-folder. */
export const PAGES_PER_FOLDER = 1000;

/** Where the n-th page of the production (0-based) goes, relative to the production folder, with "/" separators. */
export const imageFolder = (n: number) => `IMAGES/${String(Math.floor(n / PAGES_PER_FOLDER) + 1).padStart(3, '0')}`;

/** A stamped PDF cut into one PDF per page, in order. Only what each page uses is copied into its file. */
export async function splitPdf(bytes: Uint8Array): Promise<Uint8Array[]> {
  const { PDFDocument } = await import('pdf-lib');
  const src = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: Uint8Array[] = [];
  for (let i = 0; i < src.getPageCount(); i++) {
    const one = await PDFDocument.create({ updateMetadata: false });
    const [page] = await one.copyPages(src, [i]);
    one.addPage(page!);
    out.push(await one.save());
  }
  return out;
}

/** Pages drawn as TIFF at this resolution: the usual one for Group 4 productions. */
export const TIFF_DPI = 300;

/** A stamped single-page PDF as a Group 4 TIFF, drawn by the file reader from a copy beside the work. */
export async function tiffOf(pool: ExtractPool, work: string, page: Uint8Array, bates: string): Promise<Uint8Array> {
  const file = path.join(work, `.${bates}.pdf`);
  writePrivate(file, page);
  try {
    return await pool.run({ tiffPage: { file, dpi: TIFF_DPI } });
  } catch (e) {
    throw new AppError('BAD_INPUT', `Page ${bates} could not be drawn as a TIFF (${(e as Error).message.slice(0, 200)}). Nothing was produced.`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
