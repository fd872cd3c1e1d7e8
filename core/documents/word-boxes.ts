/**
 * Where each word of a page is, as fractions of the page from its top left —
 * the unit redaction boxes use. This version knows only OCR'd pages (the
 * word boxes Tesseract gave, stored in pages.words in pixels); a page with
 * a text layer and no OCR gives null.
 */
import type { Reader } from '../../db/engine.ts';
import { pageWords } from '../../db/documents.ts';

export interface WordBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function pageWordBoxes(q: Reader, documentId: number, pageNo: number): Promise<WordBox[] | null> {
  const raw = await pageWords(q, documentId, pageNo);
  if (!raw) return null;
  try {
    const { w, h, words } = JSON.parse(raw) as { w: number; h: number; words: [string, number, number, number, number][] };
    if (!(w > 0 && h > 0) || !Array.isArray(words)) return null;
    return words.map(([text, left, top, width, height]) => ({ text, x: left / w, y: top / h, width: width / w, height: height / h }));
  } catch {
    return null;
  }
}
