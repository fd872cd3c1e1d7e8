/**
 * A search's results as a CSV, one row a document in the order the results list shows them (its
 * best page first): the window's "Export results (CSV)" and `sunshine search --csv` both write this.
 * A document received in a production carries the producing party's range and name, and each page
 * hit names its Bates number as received, so the export can be cited as the pages are.
 */
import type { Reader } from '../../db/engine.ts';
import type { SearchFilters } from '../../db/documents.ts';
import { exportedDocuments } from '../../db/received.ts';
import { toCsv } from '../csv.ts';
import { rankedPageRefs } from './search.ts';
import { receivedRange } from './received-range.ts';

export const RESULT_COLUMNS = ['id', 'name', 'date', 'custodian', 'from', 'to', 'subject', 'received Bates begin', 'received Bates end', 'producing party', 'pages hit'] as const;

export async function exportResults(q: Reader, query: string, f: SearchFilters): Promise<{ csv: string; count: number; capped: boolean }> {
  const { pages, capped } = await rankedPageRefs(q, query, f);
  const hits = new Map<number, string[]>();
  for (const p of pages) {
    const list = hits.get(p.document_id) ?? [];
    list.push(p.bates ? `${p.page_no} (${p.bates})` : String(p.page_no));
    hits.set(p.document_id, list);
  }
  const about = await exportedDocuments(q, [...hits.keys()]);
  const rows = [...hits].flatMap(([id, pageList]) => {
    const d = about.get(id);
    if (!d) return [];
    const range = receivedRange(d);
    // Pages in page order within a document, though the documents keep the results' order.
    const inOrder = pageList.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
    return [[d.id, d.name, d.doc_date?.slice(0, 10) ?? '', d.custodian, d.email_from, d.email_to, d.email_subject, range?.begin, range?.end, d.party, inOrder.join('; ')]];
  });
  return { csv: toCsv(RESULT_COLUMNS, rows), count: rows.length, capped };
}
