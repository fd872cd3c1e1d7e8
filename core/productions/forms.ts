/**
 * How a document that is not withheld goes out, decided while planning (its
 * page count fixes its Bates numbers):
 *   - a mailbox or an archive: a one-page slip sheet saying so, never its
 *     file (which would carry every message or entry, withheld ones too);
 *     what it holds goes out as documents of their own;
 *   - a file stored but not read (no reader for its kind): its original
 *     behind a slip sheet whatever the natives chosen, as there is nothing
 *     to draw (it has no text, and nothing read out of it to keep back);
 *   - a kind the production sends native (spreadsheets by default): its
 *     original file behind a one-page slip sheet — unless its family holds
 *     something kept back (the file would carry it), then drawn as pages;
 *   - a PDF: its own pages (redacted ones burned in);
 *   - a picture: one page per picture page;
 *   - anything else (emails, Word files old and new, rich text, PowerPoint
 *     slides, web pages, text): drawn as pages from its extracted text, an
 *     email's headers first (render-pages.ts).
 */
import fs from 'node:fs';
import { AppError } from '../errors.ts';
import type { Reader } from '../../db/engine.ts';
import { childrenOf, pagesOf, type DocumentRow } from '../../db/documents.ts';
import { blobPath } from '../documents/vault.ts';
import { pdfPageCount } from './stamp.ts';
import { emailHeader, layoutPages } from './render-pages.ts';
import { isContainer, kindLabel } from '../shared/document-kinds.ts';

export interface Form {
  native: boolean;
  pages: number;
  /** The lines of the one slip sheet that stands for it, its contents produced apart (a mailbox, an archive). */
  slip?: string[];
}

const isEmail = (d: DocumentRow) => d.type === 'eml' || d.type === 'msg';

/** The lines an email's or a text's pages hold, as laid out for drawing. */
export async function drawnLayout(q: Reader, d: DocumentRow, withheld: ReadonlySet<number>): Promise<string[][]> {
  const body = (await pagesOf(q, d.id)).map((p) => p.text);
  // A withheld attachment is listed as withheld: its name can give away what it is.
  const header = isEmail(d) ? emailHeader(d, (await childrenOf(q, d.id)).map((c) => (withheld.has(c.id) ? '(withheld; see the privilege log)' : c.name))) : [];
  return layoutPages(header, body);
}

export async function formOf(
  q: Reader,
  dataDir: string,
  d: DocumentRow,
  o: { natives: readonly string[]; redacted: boolean; familyKeptBack: boolean; withheld: ReadonlySet<number> },
): Promise<Form> {
  if (isContainer(d.type)) {
    const held = d.type === 'mailbox' ? 'Its messages are' : 'Its entries are';
    return { native: false, pages: 1, slip: [`${kindLabel(d.type)} not produced as a file`, d.name, `${held} produced as documents of their own.`] };
  }
  if (d.not_read !== null) return { native: true, pages: 1 };
  if (o.natives.includes(d.type) && !o.redacted && !o.familyKeptBack) return { native: true, pages: 1 };
  if (d.type === 'pdf') {
    // Pages as the stamping will count them (pdf-lib), not as text extraction counted them.
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(blobPath(dataDir, d.sha256));
    } catch {
      throw new AppError('INTEGRITY', `Document #${d.id} ${d.name}: its stored file is missing from the vault; run "sunshine verify". Nothing was produced.`);
    }
    try {
      return { native: false, pages: await pdfPageCount(bytes) };
    } catch (e) {
      throw new AppError('BAD_INPUT', `Document #${d.id} ${d.name}: ${(e as Error).message}. Withhold it or take it out of the production.`);
    }
  }
  if (d.type === 'image') return { native: false, pages: d.page_count };
  // Laid out again when written (the layout of a whole production is not held in memory meanwhile).
  return { native: false, pages: (await drawnLayout(q, d, o.withheld)).length };
}
