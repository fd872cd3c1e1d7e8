/**
 * What a search hit shows of its document beyond its name: its date, the Bates range it took in
 * its first production, and its tags. Read for a list of documents in one statement each, so a
 * page of results (or the documents of 5,000 candidate pages, to sort them) costs the same
 * number of round trips on PostgreSQL as on SQLite.
 */
import type { Reader } from './engine.ts';
import { idList } from './dialect.ts';

export interface HitDocument {
  id: number;
  doc_date: string | null;
  /** The numbers the document took in the first production it went into; null when never produced. */
  bates: { prefix: string; padding: number; begin: number; end: number } | null;
}

/**
 * Each document's date and first Bates range. "First" is the production with the lowest id: a
 * document produced again later keeps the numbers it was first known by.
 */
export async function hitDocuments(q: Reader, ids: number[]): Promise<Map<number, HitDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await q.all<{ id: number; doc_date: string | null; prefix: string | null; padding: number | null; begin_number: number | null; end_number: number | null }>(
    `SELECT d.id, d.doc_date, p.prefix, p.padding, pd.begin_number, pd.end_number
       FROM (${idList(q.kind, 'ids')}) j JOIN documents d ON d.id = j.id
       LEFT JOIN production_documents pd ON pd.document_id = d.id
         AND pd.production_id = (SELECT min(x.production_id) FROM production_documents x WHERE x.document_id = d.id)
       LEFT JOIN productions p ON p.id = pd.production_id`,
    { ids: JSON.stringify(ids) },
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        doc_date: r.doc_date,
        bates: r.prefix !== null && r.begin_number !== null ? { prefix: r.prefix, padding: r.padding!, begin: r.begin_number, end: r.end_number! } : null,
      },
    ]),
  );
}

/**
 * Each document's tag paths, in path order (documents without tags are absent). Sorted here, by
 * code unit: a PostgreSQL database's collation may order "a/B" and "a/b" otherwise than SQLite.
 */
export async function tagPathsOf(q: Reader, ids: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (ids.length === 0) return out;
  const rows = await q.all<{ document_id: number; path: string }>(
    `SELECT dt.document_id, t.path FROM (${idList(q.kind, 'ids')}) j JOIN document_tags dt ON dt.document_id = j.id JOIN tags t ON t.id = dt.tag_id`,
    { ids: JSON.stringify(ids) },
  );
  for (const r of rows) {
    const list = out.get(r.document_id);
    if (list) list.push(r.path);
    else out.set(r.document_id, [r.path]);
  }
  for (const list of out.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}
