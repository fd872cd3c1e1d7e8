/**
 * How a search's candidate pages become the list the user reads: one row a page or one a
 * document, best first, newest document date first, or in Bates order. Works on the cached
 * candidate list (core/documents/search.ts), so a switch or a sort costs no new MATCH.
 *
 * Date and Bates order are the same on both engines to the last row: ties go to the newer
 * document (higher id), then to the earlier page. Only relevance follows the engine's own rank.
 */
import type { Candidate } from '../../db/documents.ts';
import type { ResultGroup, ResultSort } from '../shared/search-view.ts';

/** Where a candidate page is: its document and page number. */
export interface Located {
  document_id: number;
  page_no: number;
}

/** What date and Bates order compare of a document. */
export interface SortKeys {
  doc_date: string | null;
  bates: { prefix: string; begin: number } | null;
}

export interface ResultRow {
  /** The page shown: in documents mode the document's best page. */
  id: number;
  score: number;
  documentId: number;
  pageNo: number;
  /** Documents mode: how many candidate pages of the document matched. */
  matchingPages?: number;
}

const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Present values before missing ones (undated, never produced), whichever way the values sort. */
function missingLast<T>(a: T | null | undefined, b: T | null | undefined, cmp: (a: T, b: T) => number): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  return cmp(a, b);
}

const byDate = (keys: Map<number, SortKeys>) => (a: ResultRow, b: ResultRow) =>
  // Dates are ISO instants in UTC: text order is time order. Newest first.
  missingLast(keys.get(a.documentId)?.doc_date, keys.get(b.documentId)?.doc_date, (x, y) => text(y, x));

const byBates = (keys: Map<number, SortKeys>) => (a: ResultRow, b: ResultRow) =>
  // A prefix is one whatever its case (db/productions.ts), so ABC- and abc- numbers interleave.
  missingLast(keys.get(a.documentId)?.bates, keys.get(b.documentId)?.bates, (x, y) => text(x.prefix.toLowerCase(), y.prefix.toLowerCase()) || x.begin - y.begin);

const ties = (a: ResultRow, b: ResultRow) => b.documentId - a.documentId || a.pageNo - b.pageNo;

/**
 * The rows to page through. `pages` is in relevance order; `where` locates every one of them
 * (a page missing from it — deleted since — is left out); `keys` has every document's sort keys
 * when sorting by date or Bates.
 */
export function orderResults(pages: Candidate[], where: Map<number, Located>, keys: Map<number, SortKeys>, group: ResultGroup, sort: ResultSort): ResultRow[] {
  const rows: ResultRow[] = [];
  const byDocument = new Map<number, ResultRow>();
  for (const p of pages) {
    const at = where.get(p.id);
    if (!at) continue;
    if (group === 'documents') {
      const seen = byDocument.get(at.document_id);
      if (seen) {
        seen.matchingPages! += 1;
        continue;
      }
    }
    const row: ResultRow = { id: p.id, score: p.score, documentId: at.document_id, pageNo: at.page_no, ...(group === 'documents' ? { matchingPages: 1 } : {}) };
    byDocument.set(at.document_id, row);
    rows.push(row);
  }
  if (sort === 'relevance') return rows;
  const cmp = (sort === 'date' ? byDate : byBates)(keys);
  return rows.sort((a, b) => cmp(a, b) || ties(a, b));
}
