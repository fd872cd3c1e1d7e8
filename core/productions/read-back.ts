/**
 * The production's redaction check (issue 15, item 6): each produced document with boxes is read
 * back — the text layer and OCR of its redacted pages as they went out (redaction-qc.ts) — for the
 * words that were under its boxes. A word under a box that the page also shows elsewhere, outside
 * any box, is not looked for: it may rightly be read there. One OCR engine serves the whole
 * production, started at the first redacted document and stopped when the production ends.
 */
import { AppError } from '../errors.ts';
import type { ExtractPool } from '../documents/extract-pool.ts';
import { startRecognizer, type Recognizer } from '../documents/ocr-engines.ts';
import type { WordBox } from '../documents/word-boxes.ts';
import { underBox } from './redacted-text.ts';
import { redactionLeaks, squash, type RedactedPage } from './redaction-qc.ts';

type Box = { x: number; y: number; width: number; height: number };

/**
 * The words a page's boxes cover that should no longer be readable there: two characters or more
 * (a lone letter or digit is read anywhere, the reason printed in a box among them), and not also
 * shown on the page outside every box.
 */
export function hiddenTerms(words: readonly WordBox[], boxes: readonly Box[]): string[] {
  const hidden = new Set<string>();
  const shown = new Set<string>();
  for (const w of words) {
    // Folded, letters and digits only ("Ramírez," → "ramirez"): as termReadable reads the page back.
    const k = squash(w.text);
    if (k.length < 2) continue;
    (boxes.some((b) => underBox(w, b)) ? hidden : shown).add(k);
  }
  return [...hidden].filter((k) => !shown.has(k));
}

export class RedactionReadBack {
  private recognizer: Promise<Recognizer> | null = null;
  /** Pages read back, for the production's report. */
  pages = 0;

  constructor(private readonly pool: ExtractPool) {}

  /**
   * Read back a produced document (its stamped PDF, pages in the original's order); throws naming
   * the document and pages — never the words — when a word under a box can still be read.
   */
  async check(doc: { id: number; name: string }, pdf: Uint8Array, pages: { page: number; words: readonly WordBox[] | null; boxes: readonly Box[] }[]): Promise<void> {
    const wanted: RedactedPage[] = pages.filter((p) => p.words).map((p) => ({ page: p.page, terms: hiddenTerms(p.words!, p.boxes) }));
    if (!wanted.some((p) => p.terms.length)) return;
    this.recognizer ??= startRecognizer();
    const leaks = await redactionLeaks(pdf, wanted, { pool: this.pool, recognizer: await this.recognizer });
    this.pages += wanted.filter((p) => p.terms.length).length;
    if (leaks.length === 0) return;
    const onPage = new Map<number, { words: Set<string>; via: Set<string> }>();
    for (const l of leaks) {
      const p = onPage.get(l.page) ?? { words: new Set(), via: new Set() };
      p.words.add(l.term);
      p.via.add(l.via === 'text' ? 'in its text layer' : 'by OCR of the page');
      onPage.set(l.page, p);
    }
    const where = [...onPage].map(([page, p]) => `page ${page}: ${p.words.size} word${p.words.size === 1 ? '' : 's'} ${[...p.via].join(' and ')}`).join('; ');
    throw new AppError(
      'INTEGRITY',
      `The redaction check failed for document #${doc.id} ${doc.name}: words under its boxes can still be read as produced (${where}). Make the boxes cover them (or redact the page again) and produce again. Nothing was produced.`,
    );
  }

  async close(): Promise<void> {
    const r = this.recognizer;
    this.recognizer = null;
    if (r) await (await r).terminate();
  }
}
