/**
 * The production plan's warning about personal data (issue 15, item 4): what the PII finder found
 * on the pages of a document that goes out. A page with redactions is read as its TEXT will carry
 * it — the words outside its boxes — so data already boxed is not reported again. A warning, not a
 * problem: personal data is often what a production is for; the user decides.
 */
import type { Reader } from '../../db/engine.ts';
import { kindsByPage } from '../../db/pii.ts';
import { pagesOf } from '../../db/documents.ts';
import type { RedactionRow } from '../../db/redactions.ts';
import { findPii, type CompiledPattern } from '../pii/find.ts';
import { piiKindLabel } from '../shared/pii-kinds.ts';
import { redactedPageText } from './redacted-text.ts';
import type { WordBox } from '../documents/word-boxes.ts';

const pagesWord = (pages: number[]) => `${pages.length === 1 ? 'page' : 'pages'} ${pages.length > 6 ? `${pages.slice(0, 6).join(', ')} …` : pages.join(', ')}`;

/** "SSN (pages 2, 5), Phone number (page 3)" for a document's pages as they go out; null when nothing is found. */
export async function piiFound(
  q: Reader,
  documentId: number,
  redactions: readonly RedactionRow[],
  words: (documentId: number, pageNo: number) => Promise<WordBox[] | null>,
  patterns: readonly CompiledPattern[],
): Promise<string | null> {
  const found = await kindsByPage(q, documentId);
  if (found.length === 0) return null;
  const boxed = new Set(redactions.map((r) => r.page_no));
  const byKind = new Map<string, Set<number>>();
  const add = (kind: string, page: number) => byKind.set(kind, (byKind.get(kind) ?? new Set()).add(page));
  for (const f of found) if (!boxed.has(f.page_no)) add(f.kind, f.page_no);
  const redactedWithData = new Set(found.filter((f) => boxed.has(f.page_no)).map((f) => f.page_no));
  if (redactedWithData.size) {
    for (const pg of await pagesOf(q, documentId)) {
      if (!redactedWithData.has(pg.page_no)) continue;
      const placed = await words(documentId, pg.page_no);
      const boxes = redactions.filter((r) => r.page_no === pg.page_no).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height, label: '' }));
      // Without word positions nothing says what the boxes hide: the page's finds stand.
      const text = placed ? redactedPageText(placed, boxes) : pg.text;
      for (const h of findPii(text, patterns)) add(h.kind, pg.page_no);
    }
  }
  if (byKind.size === 0) return null;
  return [...byKind].map(([kind, pages]) => `${piiKindLabel(kind)} (${pagesWord([...pages].sort((a, b) => a - b))})`).join(', ');
}
