/**
 * The PII finder's storage (migration 0019): which pages wait to be scanned under the current
 * set of detectors and patterns, the hits of a batch of pages written in one go, and what the
 * window and the CLI list. Hits are offsets only; the values stay in the pages' text.
 */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';
import { idList, jsonElements } from './dialect.ts';

export interface PageToScan {
  id: number;
  document_id: number;
  page_no: number;
  text: string;
}

export interface ScannedPage extends PageToScan {
  hits: { kind: string; start: number; end: number }[];
}

/** Pages not scanned under `scan` (a version of the detectors and patterns), after page `afterId`, in id order: the primary key walks them. */
export async function pagesToScan(q: Reader, scan: string, afterId: number, limit: number): Promise<PageToScan[]> {
  return await q.all<PageToScan>(
    `SELECT p.id, p.document_id, p.page_no, p.text FROM pages p LEFT JOIN pii_scans s ON s.page_id = p.id
     WHERE p.id > @afterId AND (s.scan IS NULL OR s.scan <> @scan) ORDER BY p.id LIMIT @limit`,
    { afterId, scan, limit },
  );
}

export const countPagesToScan = async (q: Reader, scan: string): Promise<number> =>
  (await q.get<{ n: number }>('SELECT count(*) AS n FROM pages p LEFT JOIN pii_scans s ON s.page_id = p.id WHERE s.scan IS NULL OR s.scan <> @scan', { scan }))!.n;

/** Pages of these documents the PII scan has not read under `scan` yet. */
export const countUnscannedPagesOf = async (q: Reader, scan: string, documentIds: readonly number[]): Promise<number> =>
  (await q.get<{ n: number }>(
    `SELECT count(*) AS n FROM pages p LEFT JOIN pii_scans s ON s.page_id = p.id
     WHERE p.document_id IN (${idList(q.kind, 'ids')}) AND (s.scan IS NULL OR s.scan <> @scan)`,
    { scan, ids: JSON.stringify(documentIds) },
  ))!.n;

/**
 * Replace the hits of scanned pages and mark them scanned under `scan`. A page whose text changed
 * since it was read (OCR filled it meanwhile) is left for the next round rather than marked with
 * hits of its old text. Returns how many pages were recorded.
 */
export async function saveScan(w: Writer, scan: string, pages: ScannedPage[]): Promise<number> {
  let recorded = 0;
  for (const p of pages) {
    const { changes } = await w.run(
      `INSERT INTO pii_scans (page_id, scan) SELECT id, @scan FROM pages WHERE id = @id AND text = @text
       ON CONFLICT (page_id) DO UPDATE SET scan = excluded.scan`,
      { scan, id: p.id, text: p.text },
    );
    if (changes === 0) continue;
    recorded++;
    await w.run('DELETE FROM pii_hits WHERE page_id = ?', [p.id]);
    if (p.hits.length === 0) continue;
    await w.run(
      `INSERT INTO pii_hits (page_id, document_id, page_no, kind, start_at, end_at)
       SELECT @id, @document, @pageNo, h.value ->> 'k', CAST(h.value ->> 's' AS INTEGER), CAST(h.value ->> 'e' AS INTEGER) FROM ${jsonElements(w.kind, 'hits')} h
       WHERE true ON CONFLICT DO NOTHING`,
      { id: p.id, document: p.document_id, pageNo: p.page_no, hits: JSON.stringify(p.hits.map((h) => ({ k: h.kind, s: h.start, e: h.end }))) },
    );
  }
  return recorded;
}

/** One page's hits, in reading order. */
export async function pageHits(q: Reader, documentId: number, pageNo: number): Promise<{ kind: string; start: number; end: number }[]> {
  return await q.all('SELECT kind, start_at AS start, end_at AS "end" FROM pii_hits WHERE document_id = ? AND page_no = ? ORDER BY start_at, kind', [documentId, pageNo]);
}

/** Per kind and document, the pages with that kind (a kind, or every kind), by document id. */
export async function hitPages(q: Reader, kind: string | undefined): Promise<{ kind: string; document_id: number; name: string; pages: string }[]> {
  return await q.all(
    `SELECT h.kind, h.document_id, d.name, string_agg(CAST(h.page_no AS TEXT), ',' ORDER BY h.page_no) AS pages
     FROM (SELECT DISTINCT kind, document_id, page_no FROM pii_hits ${kind === undefined ? '' : 'WHERE kind = @kind'} ORDER BY kind, document_id, page_no) h
     JOIN documents d ON d.id = h.document_id GROUP BY h.kind, h.document_id, d.name ORDER BY h.kind, h.document_id`,
    kind === undefined ? {} : { kind },
  );
}

/** The kinds of personal data on each page of a document, by page. */
export async function kindsByPage(q: Reader, documentId: number): Promise<{ page_no: number; kind: string }[]> {
  return await q.all('SELECT DISTINCT page_no, kind FROM pii_hits WHERE document_id = ? ORDER BY page_no, kind', [documentId]);
}

/** The documents with personal data of a kind (or of any kind: `kind` undefined), by id. */
export async function piiDocuments(q: Reader, kind: string | undefined): Promise<number[]> {
  const rows = await q.all<{ id: number }>(`SELECT DISTINCT document_id AS id FROM pii_hits ${kind === undefined ? '' : 'WHERE kind = @kind'} ORDER BY document_id`, kind === undefined ? {} : { kind });
  return rows.map((r) => Number(r.id));
}

/** The document filter (on documents as `d`) for a kind of personal data, or for any (`kind` undefined). */
export const piiCondition = (kind: string | undefined): string =>
  kind === undefined ? 'EXISTS (SELECT 1 FROM pii_hits h WHERE h.document_id = d.id)' : 'EXISTS (SELECT 1 FROM pii_hits h WHERE h.kind = @pii AND h.document_id = d.id)';
