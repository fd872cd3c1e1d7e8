/**
 * Redaction read-back (issue 15, item 6): after a produced PDF is written,
 * each page that carries redactions is read again the way a recipient could
 * read it — its text layer (pdf.js) and OCR of the page as drawn — and any
 * term that was under a box and can still be read is a leak. A box merely
 * drawn over text leaves the words in the text layer; a burned page is only
 * its picture, so neither way finds them.
 *
 * The PDF is read in the file reader's helper processes (extract pool): a
 * produced file is written by us, but the page it came from was not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { foldWord } from '../../db/word-order.ts';
import { AppError } from '../errors.ts';
import { writePrivate } from '../private-files.ts';
import { ExtractionFailed, type ExtractPool } from '../documents/extract-pool.ts';
import { DEFAULT_LIMITS } from '../documents/extract/types.ts';
import { startRecognizer, type Recognizer } from '../documents/ocr-engines.ts';

/** A page of the produced PDF (1-based) that carries redactions, and the terms that were under its boxes. */
export interface RedactedPage {
  page: number;
  terms: string[];
}

/** A redacted term still readable on a produced page: in its text layer, or by OCR of the page as drawn. */
export interface RedactionLeak {
  page: number;
  term: string;
  via: 'text' | 'ocr';
}

export interface ReadBackOptions {
  pool: ExtractPool;
  /** OCR engine to use; by default one is started (the system tesseract when installed) and stopped after. */
  recognizer?: Recognizer;
  /** Resolution the pages are drawn at for OCR (default 200: small type on a burned page still reads). */
  dpi?: number;
}

/** Letters and digits only, folded: "Ramírez-\nLópez" and "ramirez lopez" read alike. */
export const squash = (s: string): string => (foldWord(s).match(/[\p{L}\p{N}]+/gu) ?? []).join('');

/**
 * Is `term` readable in `text`? Compared folded (case, accents) and with the
 * spaces, hyphens and line breaks between its parts ignored, so a term split
 * by a line or hyphenation break is still found — but only from the start of
 * a word to the end of one ("Ann" is not read in "Annual").
 */
export function termReadable(text: string, term: string): boolean {
  const key = squash(term);
  if (!key) return false;
  const starts = new Set<number>();
  const ends = new Set<number>();
  let page = '';
  for (const w of foldWord(text).match(/[\p{L}\p{N}]+/gu) ?? []) {
    starts.add(page.length);
    page += w;
    ends.add(page.length);
  }
  for (let at = page.indexOf(key); at >= 0; at = page.indexOf(key, at + 1)) {
    if (starts.has(at) && ends.has(at + key.length)) return true;
  }
  return false;
}

/** The terms of `terms` readable in `text`, each once. */
const readableTerms = (text: string, terms: string[]): string[] => [...new Set(terms)].filter((t) => termReadable(text, t));

/**
 * The redacted terms still readable on the given pages of a produced PDF
 * (its bytes, or the path of the file), by text layer and by OCR, in page
 * order; empty when every redaction holds. Throws an AppError when the PDF
 * cannot be read back or has no such page: a production whose redactions
 * cannot be checked must not count as checked.
 */
export async function redactionLeaks(pdf: Uint8Array | string, pages: RedactedPage[], opts: ReadBackOptions): Promise<RedactionLeak[]> {
  const wanted = pages.filter((p) => p.terms.some((t) => squash(t)));
  if (wanted.length === 0) return [];
  let tempDir: string | undefined;
  let file: string;
  if (typeof pdf === 'string') {
    if (!fs.existsSync(pdf)) throw new AppError('NOT_FOUND', `The produced PDF ${path.basename(pdf)} is missing; its redactions cannot be checked.`);
    file = pdf;
  } else {
    // The helpers read files: the bytes go to an owner-only temporary file (in a 0700 folder), removed after.
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-qc-'));
    file = path.join(tempDir, 'produced.pdf');
    writePrivate(file, pdf);
  }
  // A helper's message may quote the file it failed on: only its name is said, never where it is.
  const unplaced = (message: string) => message.split(file).join(path.basename(file));
  const recognizer = opts.recognizer ?? (await startRecognizer());
  try {
    const read = await opts.pool.run({ file, type: 'pdf', limits: DEFAULT_LIMITS }).catch((e: unknown) => {
      throw e instanceof ExtractionFailed ? new AppError('BAD_INPUT', `The produced PDF cannot be read back to check its redactions: ${unplaced(e.message)}.`) : e;
    });
    const leaks: RedactionLeak[] = [];
    for (const { page, terms } of [...wanted].sort((a, b) => a.page - b.page)) {
      if (!Number.isInteger(page) || page < 1 || page > read.pages.length) {
        throw new AppError('BAD_INPUT', `The produced PDF has ${read.pages.length} page${read.pages.length === 1 ? '' : 's'}; its redactions on page ${page} cannot be checked.`);
      }
      for (const term of readableTerms(read.pages[page - 1]!, terms)) leaks.push({ page, term, via: 'text' });
      const drawn = await opts.pool.run({ render: { file, page, dpi: opts.dpi ?? 200 } }).catch((e: unknown) => {
        throw e instanceof ExtractionFailed ? new AppError('BAD_INPUT', `Page ${page} of the produced PDF cannot be drawn to check its redactions: ${unplaced(e.message)}.`) : e;
      });
      const ocr = await recognizer.recognize(Buffer.from(drawn.png));
      for (const term of readableTerms(ocr.text, terms)) leaks.push({ page, term, via: 'ocr' });
    }
    return leaks;
  } finally {
    if (!opts.recognizer) await recognizer.terminate();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  }
}
