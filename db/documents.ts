/** Documents, the names they arrived under, their links, pages and the OCR queue. */
import type { Database } from 'better-sqlite3';
import { insertedId, prepared } from './prepared.ts';
import type { Writer } from './store.ts';

export interface DocumentRow {
  id: number;
  sha256: string;
  size: number;
  type: string;
  mime: string;
  name: string;
  /** Where the file was read from (a path, or "mail.eml › attachment.pdf"). */
  path: string;
  /** Where it came from, as the user named it. */
  source: string;
  added_at: string;
  file_date: string | null;
  /** Its own date: sent, created, else last modified. */
  doc_date: string | null;
  parent_id: number | null;
  status: 'ready' | 'ocr-pending';
  page_count: number;
  title: string | null;
  email_from: string | null;
  email_to: string | null;
  email_cc: string | null;
  email_date: string | null;
  email_subject: string | null;
}

export interface NewDocument {
  sha256: string;
  size: number;
  type: string;
  mime: string;
  name: string;
  path: string;
  source: string;
  fileDate: string | null;
  docDate: string | null;
  parentId: number | null;
  title: string | null;
  emailFrom: string | null;
  emailTo: string | null;
  emailCc: string | null;
  emailDate: string | null;
  emailSubject: string | null;
  pages: string[];
  ocrPages: number[];
}

export const documentBySha = (db: Database, sha256: string) =>
  prepared(db, 'SELECT * FROM documents WHERE sha256 = ?').get(sha256) as DocumentRow | undefined;

export const documentById = (db: Database, id: number) => prepared(db, 'SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;

/** Insert a document with its name, pages and OCR queue entries (inside the caller's write). */
export function insertDocument(w: Writer, d: NewDocument): number {
  const id = insertedId(w.db, `INSERT INTO documents (sha256, size, type, mime, name, path, source, added_at, file_date, doc_date, parent_id, status, page_count, title,
         email_from, email_to, email_cc, email_date, email_subject)
       VALUES (@sha256, @size, @type, @mime, @name, @path, @source, @at, @fileDate, @docDate, @parentId, @status, @pageCount, @title,
         @emailFrom, @emailTo, @emailCc, @emailDate, @emailSubject) RETURNING id`, { ...d, at: w.at, status: d.ocrPages.length ? 'ocr-pending' : 'ready', pageCount: d.pages.length });
  addName(w.db, id, d.name, d.path, d.source, w.at);
  const queue = prepared(w.db, 'INSERT INTO ocr_queue (page_id, queued_at) VALUES (?, ?)');
  const ocr = new Set(d.ocrPages);
  d.pages.forEach((text, i) => {
    const pageId = insertedId(w.db, 'INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?) RETURNING id', id, i + 1, text);
    if (ocr.has(i)) queue.run(pageId, w.at);
  });
  const { pages: _p, ocrPages: _o, ...meta } = d;
  w.audit({ action: 'documents.add', entity: 'document', entityId: String(id), after: { ...meta, pages: d.pages.length, ocrPages: d.ocrPages.length } });
  return id;
}

function addName(db: Database, documentId: number, name: string, path: string, source: string, at: string): void {
  prepared(db, 'INSERT INTO document_names (document_id, name, path, source, added_at) VALUES (?, ?, ?, ?, ?)').run(documentId, name, path, source, at);
}

/** The same bytes arrived again under some name: record the name (audited). */
export function recordDuplicate(w: Writer, documentId: number, name: string, path: string, source: string): void {
  addName(w.db, documentId, name, path, source, w.at);
  w.audit({ action: 'documents.duplicate', entity: 'document', entityId: String(documentId), after: { name, path, source } });
}

/** Link a document to a request; false when it already was. */
export function linkDocument(w: Writer, documentId: number, requestId: number, reference: string): boolean {
  const r = prepared(w.db, 'INSERT INTO document_links (document_id, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(documentId, requestId);
  if (r.changes === 0) return false;
  w.audit({ action: 'documents.link', entity: 'document', entityId: String(documentId), after: { request: reference } });
  return true;
}

export function unlinkDocument(w: Writer, documentId: number, requestId: number, reference: string): boolean {
  const r = prepared(w.db, 'DELETE FROM document_links WHERE document_id = ? AND request_id = ?').run(documentId, requestId);
  if (r.changes === 0) return false;
  w.audit({ action: 'documents.unlink', entity: 'document', entityId: String(documentId), before: { request: reference } });
  return true;
}

export const namesOf = (db: Database, id: number) =>
  prepared(db, 'SELECT name, path, source, added_at FROM document_names WHERE document_id = ? ORDER BY id').all(id) as { name: string; path: string; source: string; added_at: string }[];

export const linksOf = (db: Database, id: number) =>
  prepared(db, 'SELECT r.reference FROM document_links l JOIN requests r ON r.id = l.request_id WHERE l.document_id = ? ORDER BY r.reference', 'pluck').all(id) as string[];

export const childrenOf = (db: Database, id: number) => prepared(db, 'SELECT * FROM documents WHERE parent_id = ? ORDER BY id').all(id) as DocumentRow[];

/** A document's pages in order, with their text. */
export const pagesOf = (db: Database, documentId: number) =>
  prepared(db, 'SELECT page_no, text FROM pages WHERE document_id = ? ORDER BY page_no').all(documentId) as { page_no: number; text: string }[];

export const pageText = (db: Database, documentId: number, pageNo: number) =>
  prepared(db, 'SELECT text FROM pages WHERE document_id = ? AND page_no = ?', 'pluck').get(documentId, pageNo) as string | undefined;

/** A page's OCR word boxes as stored (JSON), or null when it has none. */
export const pageWords = (db: Database, documentId: number, pageNo: number) =>
  (prepared(db, 'SELECT words FROM pages WHERE document_id = ? AND page_no = ?', 'pluck').get(documentId, pageNo) as string | null | undefined) ?? null;

export const allDocumentBlobs = (db: Database) => prepared(db, 'SELECT id, sha256, size, name FROM documents ORDER BY id').all() as { id: number; sha256: string; size: number; name: string }[];

export const countDocuments = (db: Database) => prepared(db, 'SELECT count(*) FROM documents', 'pluck').get() as number;
export const countPendingOcr = (db: Database) => prepared(db, 'SELECT count(*) FROM ocr_queue', 'pluck').get() as number;

export interface DocumentListQuery extends SearchFilters {
  sort?: 'added' | 'date';
  offset: number;
  limit: number;
}

/** The WHERE clause (on documents as `d`) and its parameters for the document filters. */
function documentFilters(f: SearchFilters): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.type !== undefined) {
    clauses.push('d.type = @type');
    params.type = f.type;
  }
  if (f.requestId !== undefined) {
    clauses.push('d.id IN (SELECT document_id FROM document_links WHERE request_id = @requestId)');
    params.requestId = f.requestId;
  }
  if (f.disclosureId !== undefined) {
    clauses.push('d.id IN (SELECT document_id FROM document_disclosures WHERE disclosure_id = @disclosureId)');
    params.disclosureId = f.disclosureId;
  }
  if (f.documentId !== undefined) {
    clauses.push('d.id = @documentId');
    params.documentId = f.documentId;
  }
  if (f.source !== undefined) {
    // Any arrival counts: the same file may have come from two sources.
    clauses.push('d.id IN (SELECT document_id FROM document_names WHERE source = @source)');
    params.source = f.source;
  }
  if (f.tagIds !== undefined) {
    clauses.push('d.id IN (SELECT document_id FROM document_tags WHERE tag_id IN (SELECT value FROM json_each(@tagIds)))');
    params.tagIds = JSON.stringify(f.tagIds);
  }
  if (f.status !== undefined) {
    clauses.push("coalesce((SELECT status FROM reviews WHERE document_id = d.id), 'unreviewed') = @status");
    params.status = f.status;
  }
  if (f.from !== undefined) {
    clauses.push('d.doc_date >= @from');
    params.from = f.from;
  }
  if (f.before !== undefined) {
    clauses.push('d.doc_date < @before');
    params.before = f.before;
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function listDocuments(db: Database, q: DocumentListQuery): { rows: DocumentRow[]; total: number } {
  const { where, params } = documentFilters(q);
  const total = prepared(db, `SELECT count(*) FROM documents d ${where}`, 'pluck').get(params) as number;
  // doc_date is a UTC instant, so text order is time order; undated documents come last.
  const order = q.sort === 'date' ? 'd.doc_date IS NULL, d.doc_date DESC, d.id DESC' : 'd.id DESC';
  const rows = prepared(db, `SELECT d.* FROM documents d ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as DocumentRow[];
  return { rows, total };
}

export interface SearchFilters {
  type?: string;
  requestId?: number;
  disclosureId?: number;
  documentId?: number;
  source?: string;
  /** Documents carrying any of these tags (a tag and the tags under it). */
  tagIds?: number[];
  /** Review status ('unreviewed' also matches documents never coded). */
  status?: string;
  /** Document dates on or after this day (YYYY-MM-DD). */
  from?: string;
  /**
   * Document dates before this day (YYYY-MM-DD): the day after the last day asked for, since
   * dates are ISO timestamps and a day's end is before the next day's start. Computed by the
   * caller, so the SQL needs no date function (SQLite's date() has no PostgreSQL twin).
   */
  before?: string;
}

/** A page that matched a query, with its bm25 score (lower is better). */
export interface Candidate {
  id: number;
  score: number;
}

/**
 * Pages matching an FTS5 query (and the filters), newest first, at most
 * `cap`; `broad` when more matched than that. Only rowids and scores: no
 * join runs per matching row, so a word on every page costs a scan of its
 * doclist and no more. Rowids are bound as BigInt: FTS5 ignores a rowid
 * constraint bound as a REAL, which is what a JS number becomes.
 */
export function matchCandidates(db: Database, match: string, f: SearchFilters, cap: number): { pages: Candidate[]; broad: boolean } {
  const { where, params } = documentFilters(f);
  let sql: string;
  if (!where) {
    sql = 'SELECT rowid AS id, bm25(pages_fts) AS score FROM pages_fts WHERE pages_fts MATCH @match ORDER BY rowid DESC LIMIT @limit';
  } else {
    // Two ways to filter, each fast where the other is slow. A narrow filter (a request, a
    // tag on a few hundred documents): list its pages once and keep the matches among them.
    // A broad one: follow the matches newest first and check each, stopping at the cap.
    // ("+rowid": without the plus SQLite hands the list to FTS5, which then runs the MATCH
    // once per listed page.)
    const pagesLetThrough = (prepared(db, `SELECT coalesce(sum(d.page_count), 0) FROM documents d ${where}`, 'pluck').get(params) as number) ?? 0;
    if (pagesLetThrough === 0) return { pages: [], broad: false };
    sql =
      pagesLetThrough <= NARROW_FILTER_PAGES
        ? `SELECT rowid AS id, bm25(pages_fts) AS score FROM pages_fts WHERE pages_fts MATCH @match
             AND +rowid IN (SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id ${where}) ORDER BY rowid DESC LIMIT @limit`
        : `SELECT f.rowid AS id, bm25(pages_fts) AS score FROM pages_fts f JOIN pages p INDEXED BY pages_locator ON p.id = f.rowid
             JOIN documents d ON d.id = p.document_id WHERE pages_fts MATCH @match ${where.replace(/^WHERE/, 'AND')} ORDER BY f.rowid DESC LIMIT @limit`;
  }
  const rows = prepared(db, sql).all({ ...params, match, limit: cap + 1 }) as Candidate[];
  const broad = rows.length > cap;
  if (broad) rows.length = cap;
  return { pages: rows, broad };
}

/** Up to this many pages, a filter's pages are listed first; past it, matches are checked one by one. */
const NARROW_FILTER_PAGES = 50_000;

/**
 * Every document with a page matching the query and the filters, unbounded
 * (tagging or coding "every result"): page ids map to documents through the
 * compact locator, never through the pages' text.
 */
export function allMatchingDocuments(db: Database, match: string, f: SearchFilters): number[] {
  const { where, params } = documentFilters(f);
  return prepared(
    db,
    `SELECT DISTINCT d.id FROM (SELECT rowid AS id FROM pages_fts WHERE pages_fts MATCH @match) m
     JOIN pages p INDEXED BY pages_locator ON p.id = m.id JOIN documents d ON d.id = p.document_id ${where}`,
    'pluck',
  ).all({ ...params, match }) as number[];
}

/** Every document the filters let through (no words to match). */
export function allFilteredDocuments(db: Database, f: SearchFilters): number[] {
  const { where, params } = documentFilters(f);
  return prepared(db, `SELECT d.id FROM documents d ${where}`, 'pluck').all(params) as number[];
}

/** Which document and page number each page id is. */
export function pageRefs(db: Database, ids: number[]): Map<number, { document_id: number; page_no: number }> {
  if (ids.length === 0) return new Map();
  const rows = prepared(db, 'SELECT p.id, p.document_id, p.page_no FROM json_each(?) j JOIN pages p INDEXED BY pages_locator ON p.id = j.value').all(JSON.stringify(ids)) as {
    id: number;
    document_id: number;
    page_no: number;
  }[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Snippets for given pages, with `open`/`close` around each hit. */
export function snippets(db: Database, match: string, pageIds: number[], open: string, close: string): Map<number, string> {
  if (pageIds.length === 0) return new Map();
  const rows = prepared(
    db,
    `SELECT rowid AS id, snippet(pages_fts, 0, @open, @close, '…', 24) AS s FROM pages_fts WHERE pages_fts MATCH @match AND rowid IN (${pageIds.map((_, i) => `@p${i}`).join(',')})`,
  ).all({ match, open, close, ...Object.fromEntries(pageIds.map((id, i) => [`p${i}`, BigInt(id)])) }) as { id: number; s: string }[];
  return new Map(rows.map((r) => [r.id, r.s]));
}

export interface OcrItem {
  page_id: number;
  document_id: number;
  page_no: number;
  sha256: string;
  type: string;
  attempts: number;
}

/** The next page waiting for OCR that has failed fewer than `maxAttempts` times and nobody has taken, oldest first. */
export const nextOcrItem = (db: Database, maxAttempts: number, taken: Iterable<number> = []) =>
  prepared(
    db,
    `SELECT q.page_id, p.document_id, p.page_no, d.sha256, d.type, q.attempts
     FROM ocr_queue q JOIN pages p ON p.id = q.page_id JOIN documents d ON d.id = p.document_id
     WHERE q.attempts < ? AND q.page_id NOT IN (SELECT value FROM json_each(?)) ORDER BY q.queued_at, q.page_id LIMIT 1`,
  ).get(maxAttempts, JSON.stringify([...taken])) as OcrItem | undefined;

/**
 * Fill in a page's text from OCR, with where its words are (JSON, see
 * migration 0013); the document is ready once no page of it waits.
 */
export function saveOcrText(w: Writer, item: OcrItem, text: string, words: string | null = null): void {
  prepared(w.db, 'UPDATE pages SET text = ?, words = ?, ocr = 1 WHERE id = ?').run(text, words, item.page_id);
  prepared(w.db, 'DELETE FROM ocr_queue WHERE page_id = ?').run(item.page_id);
  const left = prepared(w.db, 'SELECT count(*) FROM ocr_queue q JOIN pages p ON p.id = q.page_id WHERE p.document_id = ?', 'pluck').get(item.document_id) as number;
  if (left === 0) prepared(w.db, "UPDATE documents SET status = 'ready' WHERE id = ?").run(item.document_id);
  w.audit({ action: 'documents.ocr', entity: 'document', entityId: String(item.document_id), after: { page: item.page_no, characters: text.length } });
}

/**
 * Queue again the pages of a document that OCR read before word positions
 * were kept (words null, some text found), so their words can be boxed;
 * returns how many were queued. Their text stays searchable meanwhile.
 */
export function requeueWithoutWords(w: Writer, documentId: number): number {
  const queued = prepared(
    w.db,
    `INSERT INTO ocr_queue (page_id, queued_at) SELECT id, ? FROM pages WHERE document_id = ? AND ocr = 1 AND words IS NULL AND text <> '' ON CONFLICT DO NOTHING`,
  ).run(w.at, documentId).changes;
  if (queued > 0) {
    prepared(w.db, "UPDATE documents SET status = 'ocr-pending' WHERE id = ?").run(documentId);
    w.audit({ action: 'documents.readAgain', entity: 'document', entityId: String(documentId), after: { pages: queued } });
  }
  return queued;
}

/** Note a failed OCR attempt (not audited: nothing the user can see changed). */
export function noteOcrFailure(db: Database, pageId: number, error: string): void {
  prepared(db, 'UPDATE ocr_queue SET attempts = attempts + 1, last_error = ? WHERE page_id = ?').run(error.slice(0, 500), pageId);
}

export interface Facet {
  value: string;
  count: number;
}

export type Facets = Record<'types' | 'requests' | 'sources' | 'years' | 'tags' | 'statuses', Facet[]>;

/** How many of the documents holding these pages each kind, request, source, year, tag and review status has: one statement. */
export function facetsOf(db: Database, pageIds: number[]): Facets {
  const rows = prepared(
    db,
    `WITH docs AS MATERIALIZED (SELECT DISTINCT p.document_id AS id FROM json_each(@pages) j JOIN pages p INDEXED BY pages_locator ON p.id = j.value)
     SELECT * FROM (SELECT 'types' AS facet, d.type AS value, count(*) AS count FROM docs JOIN documents d ON d.id = docs.id GROUP BY d.type)
     UNION ALL
     SELECT * FROM (SELECT 'requests', r.reference, count(*) AS count FROM docs JOIN document_links l ON l.document_id = docs.id
       JOIN requests r ON r.id = l.request_id GROUP BY r.id ORDER BY count DESC, r.reference LIMIT 50)
     UNION ALL
     SELECT * FROM (SELECT 'sources', n.source, count(DISTINCT n.document_id) AS count FROM docs JOIN document_names n ON n.document_id = docs.id
       WHERE n.source <> '' GROUP BY n.source ORDER BY count DESC, n.source LIMIT 50)
     UNION ALL
     SELECT * FROM (SELECT 'years', substr(d.doc_date, 1, 4) AS year, count(*) FROM docs JOIN documents d ON d.id = docs.id
       WHERE d.doc_date IS NOT NULL GROUP BY year)
     UNION ALL
     SELECT * FROM (SELECT 'tags', t.path, count(*) AS count FROM docs JOIN document_tags dt ON dt.document_id = docs.id
       JOIN tags t ON t.id = dt.tag_id GROUP BY t.id ORDER BY count DESC, t.path LIMIT 100)
     UNION ALL
     SELECT * FROM (SELECT 'statuses', coalesce(r.status, 'unreviewed') AS coded, count(*) FROM docs LEFT JOIN reviews r ON r.document_id = docs.id
       GROUP BY coalesce(r.status, 'unreviewed'))`,
  ).all({ pages: JSON.stringify(pageIds) }) as (Facet & { facet: keyof Facets })[];
  const out: Facets = { types: [], requests: [], sources: [], years: [], tags: [], statuses: [] };
  for (const { facet, value, count } of rows) out[facet].push({ value, count });
  out.types.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  out.years.sort((a, b) => b.value.localeCompare(a.value));
  return out;
}
