/**
 * Where each word of a page is, as fractions of the page from its top left —
 * the unit redaction boxes use. This version knows only OCR'd pages (the
 * word boxes Tesseract gave, stored in pages.words in pixels); a page with
 * a text layer and no OCR gives null.
 */
import type { WorkspaceStore } from '../../db/store.ts';
import type { ExtractPool } from './extract-pool.ts';
import { pageWords } from '../../db/documents.ts';

export interface WordBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function pageWordBoxes(ctx: { store: WorkspaceStore; dataDir: string; pool: ExtractPool }, documentId: number, pageNo: number): Promise<WordBox[] | null> {
  const raw = await pageWords(ctx.store.engine, documentId, pageNo);
  if (!raw) return null;
  try {
    const { w, h, words } = JSON.parse(raw) as { w: number; h: number; words: [string, number, number, number, number][] };
    if (!(w > 0 && h > 0) || !Array.isArray(words)) return null;
    return words.map(([text, left, top, width, height]) => ({ text, x: left / w, y: top / h, width: width / w, height: height / h }));
  } catch {
    return null;
  }
}
