/**
 * A page of a picture document for the viewer: the image, decoded in the
 * file reader's helper process when it is a TIFF, and the OCR word boxes
 * stored with the page, as fractions of the page (as redaction boxes are).
 */
import type { Reader } from '../../db/engine.ts';
import type { PageImageOut, PageWord } from '../api.ts';
import { AppError } from '../errors.ts';
import { pageWords, type DocumentRow } from '../../db/documents.ts';
import type { OcrWord } from './ocr-engines.ts';
import { ExtractionFailed, type ExtractPool } from './extract-pool.ts';
import { blobPath, checkBlob } from './vault.ts';

/** Past this, a page's image is too heavy to send to the window in one piece. */
const MAX_PAGE_IMAGE_BYTES = 64 * 1024 * 1024;

/** Stored word boxes (migration 0013) as fractions of the page; null when there are none. */
export function wordBoxes(stored: string | null): PageWord[] | null {
  if (!stored) return null;
  const { w, h, words } = JSON.parse(stored) as { w: number; h: number; words: OcrWord[] };
  return words.map(([text, left, top, width, height]) => ({ text, x: left / w, y: top / h, width: width / w, height: height / h }));
}

export async function pageImage(q: Reader, dataDir: string, pool: ExtractPool, d: DocumentRow, page: number): Promise<PageImageOut> {
  if (d.type !== 'image') throw new AppError('BAD_INPUT', `id: document ${d.id} is a ${d.type} file, not a picture; its pages are shown as text or as a PDF.`);
  if (page > d.page_count) throw new AppError('NOT_FOUND', `page: document ${d.id} has ${d.page_count} page${d.page_count === 1 ? '' : 's'}.`);
  const problem = await checkBlob(dataDir, d.sha256, d.size);
  if (problem) throw new AppError('INTEGRITY', `The stored file of document ${d.id} ${problem}; run "sunshine verify".`);
  const image = await pool.run({ imagePage: { file: blobPath(dataDir, d.sha256), page } }).catch((e: unknown) => {
    if (e instanceof ExtractionFailed) throw new AppError('BAD_INPUT', `Page ${page} of ${d.name} cannot be shown: ${e.message}.`);
    throw e;
  });
  if (image.bytes.length > MAX_PAGE_IMAGE_BYTES) {
    throw new AppError('BAD_INPUT', `Page ${page} of ${d.name} is ${Math.round(image.bytes.length / 1024 / 1024)} MB as an image, too large to show here; save a copy of the original instead.`);
  }
  return {
    mime: image.mime,
    base64: Buffer.from(image.bytes).toString('base64'),
    width: image.width,
    height: image.height,
    words: wordBoxes(await pageWords(q, d.id, page)),
  };
}
