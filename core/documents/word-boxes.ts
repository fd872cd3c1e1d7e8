/**
 * The words of any page with where they stand: fractions of the page from its top left, as
 * redaction boxes are. A page read by OCR has them stored (migration 0013); a PDF page with a text
 * layer has them computed from pdf.js's text positions, in the file reader's helper process (the
 * file is untrusted). Null when the page has neither: it can only be redacted by hand.
 */
import type { CallContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { documentById, pageWords } from '../../db/documents.ts';
import { wordBoxes } from './page-image.ts';
import { ExtractionFailed } from './extract-pool.ts';
import { blobPath, checkBlob } from './vault.ts';
import type { WordBox } from './extract/pdf-words.ts';

export type { WordBox } from './extract/pdf-words.ts';

export type WordBoxContext = Pick<CallContext, 'store' | 'dataDir' | 'pool'>;

export async function pageWordBoxes(ctx: WordBoxContext, documentId: number, pageNo: number): Promise<WordBox[] | null> {
  const q = ctx.store.engine;
  const stored = wordBoxes(await pageWords(q, documentId, pageNo));
  if (stored) return stored;
  const d = await documentById(q, documentId);
  if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${documentId}.`);
  if (d.type !== 'pdf' || pageNo < 1 || pageNo > d.page_count) return null;
  const problem = await checkBlob(ctx.dataDir, d.sha256, d.size);
  if (problem) throw new AppError('INTEGRITY', `The stored file of document ${d.id} ${problem}; run "sunshine verify".`);
  try {
    const words = await ctx.pool().run({ pdfWords: { file: blobPath(ctx.dataDir, d.sha256), page: pageNo } });
    return words.length ? words : null; // no text layer, and not read by OCR yet
  } catch (e) {
    if (e instanceof ExtractionFailed) throw new AppError('BAD_INPUT', `Page ${pageNo} of ${d.name}: its words could not be placed (${e.message}).`);
    throw e;
  }
}
