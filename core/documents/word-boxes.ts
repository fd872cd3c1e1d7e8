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

/** Pages of a PDF read in one job of the file reader: the file is parsed once for them, within one job's time limit. */
const PAGES_PER_JOB = 50;

export async function pageWordBoxes(ctx: WordBoxContext, documentId: number, pageNo: number): Promise<WordBox[] | null> {
  return (await pagesWordBoxes(ctx, documentId, [pageNo])).get(pageNo) ?? null;
}

/** The word boxes of several pages of one document (null for a page without them). */
export async function pagesWordBoxes(ctx: WordBoxContext, documentId: number, pageNos: number[]): Promise<Map<number, WordBox[] | null>> {
  const q = ctx.store.engine;
  const out = new Map<number, WordBox[] | null>();
  for (const p of pageNos) out.set(p, wordBoxes(await pageWords(q, documentId, p)));
  const d = await documentById(q, documentId);
  if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${documentId}.`);
  const missing = pageNos.filter((p) => out.get(p) === null && p >= 1 && p <= d.page_count);
  if (d.type !== 'pdf' || missing.length === 0) return out;
  const problem = await checkBlob(ctx.dataDir, d.sha256, d.size);
  if (problem) throw new AppError('INTEGRITY', `The stored file of document ${d.id} ${problem}; run "sunshine verify".`);
  for (let i = 0; i < missing.length; i += PAGES_PER_JOB) {
    const pages = missing.slice(i, i + PAGES_PER_JOB);
    try {
      const words = await ctx.pool().run({ pdfWords: { file: blobPath(ctx.dataDir, d.sha256), pages } });
      // No words: no text layer, and not read by OCR yet.
      pages.forEach((p, k) => out.set(p, words[k]!.length ? words[k]! : null));
    } catch (e) {
      if (e instanceof ExtractionFailed) throw new AppError('BAD_INPUT', `${d.name}: the words of its pages could not be placed (${e.message}).`);
      throw e;
    }
  }
  return out;
}
