/**
 * A production's page images looked over before an import, in the file
 * reader's helper process: structure only (a TIFF's IFDs parse and its strips
 * lie inside the file, a JPEG has its start and frame markers, a PNG its
 * header, a PDF its pages), nothing decoded, so tens of thousands of files
 * check in seconds. The import then refuses or reports what fails here.
 */
import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { jpegSize, pngSize, sniffImage, type ImageKind } from './assemble-pages.ts';
import { stripsInside, tiffPages } from './image-page.ts';

export interface CheckImagesJob {
  checkImages: { files: string[] };
}

export interface CheckedImage {
  file: string;
  kind: ImageKind | null;
  /** Pages in the file: a TIFF's images, a PDF's pages, 1 for a JPEG or PNG; 0 when it cannot be read. */
  frames: number;
  problem?: string;
}

async function checkOne(file: string): Promise<CheckedImage> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    return { file, kind: null, frames: 0, problem: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is missing' : 'the file cannot be opened' };
  }
  if (data.length === 0) return { file, kind: null, frames: 0, problem: 'the file is empty' };
  const kind = sniffImage(data);
  if (!kind) return { file, kind, frames: 0, problem: 'the file is not a TIFF, JPEG, PNG or PDF' };
  try {
    if (kind === 'tiff') {
      const pages = await tiffPages(data);
      if (pages.length === 0) return { file, kind, frames: 0, problem: 'the TIFF holds no page' };
      const bad = pages.findIndex((ifd) => !stripsInside(ifd, data.length));
      if (bad >= 0) return { file, kind, frames: pages.length, problem: `page ${bad + 1} of the TIFF is cut off (its image data lies past the end of the file)` };
      return { file, kind, frames: pages.length };
    }
    if (kind === 'jpeg') return jpegSize(data) ? { file, kind, frames: 1 } : { file, kind, frames: 0, problem: 'the JPEG is damaged (no frame header)' };
    if (kind === 'png') return pngSize(data) ? { file, kind, frames: 1 } : { file, kind, frames: 0, problem: 'the PNG is damaged (no image header)' };
    const pdf = await PDFDocument.load(data, { updateMetadata: false });
    return { file, kind, frames: pdf.getPageCount() };
  } catch (e) {
    return { file, kind, frames: 0, problem: `the ${kind.toUpperCase()} is damaged (${(e as Error)?.message?.slice(0, 120) ?? String(e)})` };
  }
}

/** Each file's kind, page count and first problem, in the order given. */
export async function checkImages(files: string[]): Promise<CheckedImage[]> {
  const out: CheckedImage[] = [];
  for (const file of files) out.push(await checkOne(file));
  return out;
}
