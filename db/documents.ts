/** Documents, the names they arrived under, their links, pages and the OCR queue. */
import type { Params, Reader, Runner } from './engine.ts';
import { containing } from './like.ts';
import type { Writer } from './store.ts';
import { readChainHead } from './audit.ts';
import { storedColumns } from './copy-rows.ts';
import { idList, indexedBy, skipLocked, textConfig, textMatches, tsquery, type Kind } from './dialect.ts';
import { fieldConditionSql, type FieldCondition } from './document-fields.ts';
import { piiCondition } from './pii.ts';
import { INCLUSIVE_ONLY, threadMates } from './threads.ts';
import { RECEIVED_COLUMNS, receivedColumns, writePageBates, type ReceivedFields } from './received.ts';

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
  /** Since migration 22: what a document received in a production arrived as (null for others). */
  received_id: number | null;
  bates_begin: string | null;
  bates_end: string | null;
  custodian: string | null;
  email_bcc: string | null;
  /** JSON object of the load file's unmapped columns. */
  metadata: string | null;
  native_sha256: string | null;
  native_size: number | null;
  native_name: string | null;
  native_mime: string | null;
  text_sha256: string | null;
  md5: string | null;
  sha1: string | null;
  /** Since migration 23 (file formats): an email's ids and thread, where a message came from, why a file was not read, a spreadsheet's grid. */
  message_id: string | null;
  in_reply_to: string | null;
  /** The References header's ids, space-separated. */
  email_refs: string | null;
  thread_id: number | null;
  /** 1 for the last email of a thread's branch (it quotes the others), 0 for one it holds; null for no email. */
  inclusive: number | null;
  /** The mailbox document a message was read out of. */
  container_id: number | null;
  /** The mailbox folder it was filed in ("Inbox/ORR placements"). */
  folder: string | null;
  /** Why a stored file's content was not read (null when it was). */
  not_read: string | null;
  grid_sha256: string | null;
  grid_size: number | null;
}

/** What a document of the wider file kinds carries (migration 23), each named only when set. */
export interface FormatFields {
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  containerId?: number;
  folder?: string;
  notRead?: string;
  gridSha256?: string;
  gridSize?: number;
}

const FORMAT_COLUMNS: Record<keyof FormatFields, string> = {
  messageId: 'message_id',
  inReplyTo: 'in_reply_to',
  references: 'email_refs',
  containerId: 'container_id',
  folder: 'folder',
  notRead: 'not_read',
  gridSha256: 'grid_sha256',
  gridSize: 'grid_size',
};

/** The set ones of a document's format fields, as columns and bound values (references joined by spaces). */
function formatColumns(f: FormatFields | undefined): { columns: string[]; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f ?? {}) as [keyof FormatFields, unknown][]) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    values[`fmt_${k}`] = Array.isArray(v) ? v.join(' ') : v;
  }
  return { columns: Object.keys(values).map((k) => FORMAT_COLUMNS[k.slice(4) as keyof FormatFields]), values };
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
  /** A document received in a production (db/received.ts): its Bates range, custodian, metadata, native and each page's Bates number. */
  received?: ReceivedFields;
  /** Email ids, mailbox, not-read reason, spreadsheet grid (migration 23); each column named only when set. */
  formats?: FormatFields;
}

export async function documentBySha(q: Reader, sha256: string): Promise<DocumentRow | undefined> {
  return await q.get<DocumentRow>('SELECT * FROM documents WHERE sha256 = ?', [sha256]);
}

/** The email with this Message-ID (normalized, as documents.message_id keeps it), the first one in. */
export async function documentByMessageId(q: Reader, messageId: string): Promise<DocumentRow | undefined> {
  return await q.get<DocumentRow>('SELECT * FROM documents WHERE message_id = ? ORDER BY id LIMIT 1', [messageId]);
}

/** A stored file found unreadable after it was written (a damaged mailbox): why, so it is listed as stored but not read. */
export async function markNotRead(w: Writer, documentId: number, why: string): Promise<void> {
  await w.run('UPDATE documents SET not_read = ? WHERE id = ?', [why, documentId]);
  await w.audit({ action: 'documents.notRead', entity: 'document', entityId: String(documentId), after: { notRead: why } });
}

/** A mailbox's folders, with how many of its messages were filed in each. */
export async function mailboxFolders(q: Reader, containerId: number): Promise<{ folder: string; messages: number }[]> {
  const rows = await q.all<{ folder: string; n: number | string }>(
    "SELECT coalesce(folder, '') AS folder, count(*) AS n FROM documents WHERE container_id = ? GROUP BY coalesce(folder, '') ORDER BY 1",
    [containerId],
  );
  return rows.map((r) => ({ folder: r.folder, messages: Number(r.n) }));
}

export async function documentById(q: Reader, id: number): Promise<DocumentRow | undefined> {
  return await q.get<DocumentRow>('SELECT * FROM documents WHERE id = ?', [id]);
}

/** Insert a document with its name, pages and OCR queue entries (inside the caller's write). */
export async function insertDocument(w: Writer, d: NewDocument): Promise<number> {
  // A received document's own columns are named only when it has them: every other document is
  // written as before migration 22 (so the same code still writes to a workspace being brought up to date).
  const receivedValues = d.received ? receivedColumns(d.received) : {};
  const extra = Object.keys(receivedValues);
  const formats = formatColumns(d.formats);
  const fmtNames = Object.keys(formats.values);
  const { lastId } = await w.run(
    `INSERT INTO documents (sha256, size, type, mime, name, path, source, added_at, file_date, doc_date, parent_id, status, page_count, title,
         email_from, email_to, email_cc, email_date, email_subject${extra.map((k) => `, ${RECEIVED_COLUMNS[k]}`).join('')}${formats.columns.map((c) => `, ${c}`).join('')})
       VALUES (@sha256, @size, @type, @mime, @name, @path, @source, @at, @fileDate, @docDate, @parentId, @status, @pageCount, @title,
         @emailFrom, @emailTo, @emailCc, @emailDate, @emailSubject${extra.map((k) => `, @${k}`).join('')}${fmtNames.map((k) => `, @${k}`).join('')}) RETURNING id`,
    { ...d, ...receivedValues, ...formats.values, at: w.at, status: d.ocrPages.length ? 'ocr-pending' : 'ready', pageCount: d.pages.length },
  );
  const id = lastId!;
  await addName(w, id, d.name, d.path, d.source, w.at);
  const ocr = new Set(d.ocrPages);
  const pageIds: number[] = [];
  for (const [i, text] of d.pages.entries()) {
    const { lastId: pageId } = await w.run('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?) RETURNING id', [id, i + 1, text]);
    pageIds.push(pageId!);
    if (ocr.has(i)) await w.run('INSERT INTO ocr_queue (page_id, queued_at) VALUES (?, ?)', [pageId, w.at]);
  }
  if (d.received) await writePageBates(w, id, pageIds, d.received.pageBates);
  const { pages: _p, ocrPages: _o, received, ...meta } = d;
  const receivedAudit = received && { ...received, pageBates: received.pageBates.length };
  await w.audit({ action: 'documents.add', entity: 'document', entityId: String(id), after: { ...meta, pages: d.pages.length, ocrPages: d.ocrPages.length, ...(receivedAudit ? { received: receivedAudit } : {}) } });
  return id;
}

async function addName(w: Runner, documentId: number, name: string, path: string, source: string, at: string): Promise<void> {
  await w.run('INSERT INTO document_names (document_id, name, path, source, added_at) VALUES (?, ?, ?, ?, ?)', [documentId, name, path, source, at]);
}

/** The same bytes arrived again under some name: record the name (audited). */
export async function recordDuplicate(w: Writer, documentId: number, name: string, path: string, source: string): Promise<void> {
  await addName(w, documentId, name, path, source, w.at);
  await w.audit({ action: 'documents.duplicate', entity: 'document', entityId: String(documentId), after: { name, path, source } });
}

/** Link a document to a request; false when it already was. */
export async function linkDocument(w: Writer, documentId: number, requestId: number, reference: string): Promise<boolean> {
  const r = await w.run('INSERT INTO document_links (document_id, request_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [documentId, requestId]);
  if (r.changes === 0) return false;
  await w.audit({ action: 'documents.link', entity: 'document', entityId: String(documentId), after: { request: reference } });
  return true;
}

export async function unlinkDocument(w: Writer, documentId: number, requestId: number, reference: string): Promise<boolean> {
  const r = await w.run('DELETE FROM document_links WHERE document_id = ? AND request_id = ?', [documentId, requestId]);
  if (r.changes === 0) return false;
  await w.audit({ action: 'documents.unlink', entity: 'document', entityId: String(documentId), before: { request: reference } });
  return true;
}

export async function namesOf(q: Reader, id: number): Promise<{ name: string; path: string; source: string; added_at: string }[]> {
  return await q.all<{ name: string; path: string; source: string; added_at: string }>('SELECT name, path, source, added_at FROM document_names WHERE document_id = ? ORDER BY id', [id]);
}

export async function linksOf(q: Reader, id: number): Promise<string[]> {
  const rows = await q.all<{ reference: string }>('SELECT r.reference FROM document_links l JOIN requests r ON r.id = l.request_id WHERE l.document_id = ? ORDER BY r.reference', [id]);
  return rows.map((r) => r.reference);
}

export async function childrenOf(q: Reader, id: number): Promise<DocumentRow[]> {
  return await q.all<DocumentRow>('SELECT * FROM documents WHERE parent_id = ? ORDER BY id', [id]);
}

/** A document's pages in order, with their text. */
export async function pagesOf(q: Reader, documentId: number): Promise<{ page_no: number; text: string }[]> {
  return await q.all<{ page_no: number; text: string }>('SELECT page_no, text FROM pages WHERE document_id = ? ORDER BY page_no', [documentId]);
}

export async function pageText(q: Reader, documentId: number, pageNo: number): Promise<string | undefined> {
  return (await q.get<{ text: string }>('SELECT text FROM pages WHERE document_id = ? AND page_no = ?', [documentId, pageNo]))?.text;
}

/** A page's OCR word boxes as stored (JSON), or null when it has none. */
export async function pageWords(q: Reader, documentId: number, pageNo: number): Promise<string | null> {
  return (await q.get<{ words: string | null }>('SELECT words FROM pages WHERE document_id = ? AND page_no = ?', [documentId, pageNo]))?.words ?? null;
}

/**
 * Every stored file a document names: its own, and the native kept beside a received document's
 * page PDF. Also read from a backup's database at the schema it was made with (core/backups.ts),
 * which before migration 22 has no natives.
 */
export async function allDocumentBlobs(q: Reader): Promise<{ id: number; sha256: string; size: number; name: string }[]> {
  const columns = await storedColumns(q, 'documents');
  const natives = columns.includes('native_sha256')
    ? 'UNION ALL SELECT id, native_sha256, native_size, native_name, 1 FROM documents WHERE native_sha256 IS NOT NULL'
    : '';
  // A spreadsheet's cell grid is derived, but re-reading every workbook to rebuild it is no restore.
  const grids = columns.includes('grid_size')
    ? `UNION ALL SELECT id, grid_sha256, grid_size, name || ' (cell grid)', 2 FROM documents WHERE grid_sha256 IS NOT NULL AND grid_size IS NOT NULL`
    : '';
  const rows = await q.all<{ id: number; sha256: string; size: number; name: string }>(
    `SELECT id, sha256, size, name FROM (SELECT id, sha256, size, name, 0 AS native FROM documents ${natives} ${grids}) b ORDER BY id, native`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), size: Number(r.size) }));
}

/** The stored file of the document added last, or null when there is none yet. */
export async function newestDocumentBlob(q: Reader): Promise<{ sha256: string; name: string } | null> {
  return (await q.get<{ sha256: string; name: string }>('SELECT sha256, name FROM documents ORDER BY id DESC LIMIT 1')) ?? null;
}

/** The one number a `SELECT count(*) AS n` gives. */
const numberOf = async (q: Reader, sql: string, params?: Params) => (await q.get<{ n: number }>(sql, params))!.n;
export const countDocuments = (q: Reader) => numberOf(q, 'SELECT count(*) AS n FROM documents');
export const countPendingOcr = (q: Reader) => numberOf(q, 'SELECT count(*) AS n FROM ocr_queue');

export interface DocumentListQuery extends SearchFilters {
  /** Any name the document arrived under contains this, in any case (a file not read is found so too). */
  name?: string;
  sort?: 'added' | 'date' | 'bates';
  offset: number;
  limit: number;
}

/** The WHERE clause (on documents as `d`) and its parameters for the document filters. */
function documentFilters(kind: Kind, f: SearchFilters): { where: string; params: Record<string, unknown> } {
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
    clauses.push(`d.id IN (SELECT document_id FROM document_tags WHERE tag_id IN (${idList(kind, 'tagIds')}))`);
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
  if (f.fields !== undefined) clauses.push(fieldConditionSql(kind, f.fields, params));
  if (f.pii !== undefined) {
    clauses.push(piiCondition(f.pii.kind ?? undefined));
    if (f.pii.kind !== null) params.pii = f.pii.kind;
  }
  // Whole threads: the documents the filters let through and every email of their threads (the
  // inner query's \`d\` is its own). With page words, the hits are what is widened instead (threadMates).
  if (f.wholeThreads && clauses.length) {
    const these = clauses.join(' AND ');
    clauses.splice(0, clauses.length, `((${these}) OR d.thread_id IN (SELECT d.thread_id FROM documents d WHERE ${these} AND d.thread_id IS NOT NULL))`);
  }
  if (f.inclusiveOnly) clauses.push(INCLUSIVE_ONLY);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function listDocuments(q: Reader, l: DocumentListQuery): Promise<{ rows: DocumentRow[]; total: number }> {
  const filters = documentFilters(q.kind, l);
  let { where } = filters;
  const params = { ...filters.params };
  if (l.name !== undefined) {
    where = `${where ? `${where} AND` : 'WHERE'} d.id IN (SELECT document_id FROM document_names WHERE lower(name) LIKE lower(@name) ESCAPE '\\')`;
    params.name = containing(l.name);
  }
  const total = await numberOf(q, `SELECT count(*) AS n FROM documents d ${where}`, params);
  // doc_date is a UTC instant, so text order is time order; undated documents come last.
  // By Bates: the first page's number split into prefix and number (ICE-9 before ICE-10, as text would not), none last.
  const order = l.sort === 'date' ? 'd.doc_date IS NULL, d.doc_date DESC, d.id DESC' : l.sort === 'bates' ? 'fb.prefix IS NULL, lower(fb.prefix), fb.number, d.id' : 'd.id DESC';
  const firstBates = l.sort === 'bates' ? 'LEFT JOIN pages fp ON fp.document_id = d.id AND fp.page_no = 1 LEFT JOIN page_bates fb ON fb.page_id = fp.id' : '';
  const rows = await q.all<DocumentRow>(`SELECT d.* FROM documents d ${firstBates} ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...params, limit: l.limit, offset: l.offset });
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
  /** What the fields of a query (`from:ice`, `date:2024`) ask of the document. */
  fields?: FieldCondition;
  /** Documents where the PII finder found this kind (db/pii.ts), or any kind (null). */
  pii?: { kind: string | null };
  /** Every email of a thread with a result is a result too. */
  wholeThreads?: boolean;
  /** Of emails, only the inclusive ones; documents that are no email are kept. */
  inclusiveOnly?: boolean;
}

/**
 * A query in the engine's own syntax (core/documents/query-render.ts) and, on SQLite, the parsed
 * query (JSON) each page FTS5 finds is checked against when it holds words in a given order
 * (db/word-order.ts).
 */
export interface TextQuery {
  match: string;
  check?: string;
}

/** SQLite: the condition that checks word order on the pages of `fts` (the FTS5 table or its alias), when the query needs it. */
const orderCheck = (text: TextQuery, fts: string): string => (text.check === undefined ? '' : ` AND sunshine_matches(${fts}.text, @check)`);
const textParams = (text: TextQuery) => ({ match: text.match, ...(text.check === undefined ? {} : { check: text.check }) });

/** A page that matched a query, with its score: lower is better (bm25 on SQLite, minus ts_rank_cd on PostgreSQL). */
export interface Candidate {
  id: number;
  score: number;
}

/**
 * Pages matching a query in the engine's syntax (and the filters), newest first, at most
 * `cap`; `broad` when more matched than that. Only ids and scores: no join runs per matching
 * row, so a word on every page costs a scan of its index entries and no more. Ranks differ
 * between the engines; the set of pages found is the same.
 */
export async function matchCandidates(q: Reader, text: TextQuery | undefined, f: SearchFilters, cap: number): Promise<{ pages: Candidate[]; broad: boolean }> {
  const { where, params } = documentFilters(q.kind, f);
  const sql = text === undefined ? firstPages(where) : q.kind === 'sqlite' ? await sqliteCandidates(q, where, params, text) : pgCandidates(where);
  if (sql === undefined) return { pages: [], broad: false };
  const rows = await q.all<Candidate>(sql, { ...params, ...(text ? textParams(text) : {}), limit: cap + 1 });
  const broad = rows.length > cap;
  if (broad) rows.length = cap;
  return { pages: rows, broad };
}

/**
 * No words to match (a query of fields only, `from:ice`): each document the filters let through
 * stands by its first page, newest first, all scored alike. The same SQL on both engines.
 */
const firstPages = (where: string): string =>
  `SELECT p.id AS id, 0 AS score FROM pages p JOIN documents d ON d.id = p.document_id ${where ? `${where} AND` : 'WHERE'} p.page_no = 1 ORDER BY p.id DESC LIMIT @limit`;

/**
 * FTS5 walks its doclist in rowid order and stops at the limit, so newest first costs the same
 * at any selectivity; bm25 is computed for those rows only. Rowids are bound as BigInt: FTS5
 * ignores a rowid constraint bound as a REAL, which is what a JS number becomes. Undefined when
 * the filters let no page through.
 */
async function sqliteCandidates(q: Reader, where: string, params: Record<string, unknown>, text: TextQuery): Promise<string | undefined> {
  if (!where) return `SELECT rowid AS id, bm25(pages_fts) AS score FROM pages_fts WHERE pages_fts MATCH @match${orderCheck(text, 'pages_fts')} ORDER BY rowid DESC LIMIT @limit`;
  // Two ways to filter, each fast where the other is slow. A narrow filter (a request, a
  // tag on a few hundred documents): list its pages once and keep the matches among them.
  // A broad one: follow the matches newest first and check each, stopping at the cap.
  // ("+rowid": without the plus SQLite hands the list to FTS5, which then runs the MATCH
  // once per listed page.)
  const pagesLetThrough = (await numberOf(q, `SELECT coalesce(sum(d.page_count), 0) AS n FROM documents d ${where}`, params)) ?? 0;
  if (pagesLetThrough === 0) return undefined;
  return pagesLetThrough <= NARROW_FILTER_PAGES
    ? `SELECT rowid AS id, bm25(pages_fts) AS score FROM pages_fts WHERE pages_fts MATCH @match${orderCheck(text, 'pages_fts')}
         AND +rowid IN (SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id ${where}) ORDER BY rowid DESC LIMIT @limit`
    : `SELECT f.rowid AS id, bm25(pages_fts) AS score FROM pages_fts f JOIN pages p INDEXED BY pages_locator ON p.id = f.rowid
         JOIN documents d ON d.id = p.document_id WHERE pages_fts MATCH @match${orderCheck(text, 'f')} ${where.replace(/^WHERE/, 'AND')} ORDER BY f.rowid DESC LIMIT @limit`;
}

/**
 * PostgreSQL (docs/engines.md §4.5): the GIN index gives the matches unordered, the planner joins
 * the filters, and the newest `limit` are kept; the rank is computed after the limit, for those
 * rows only, each read by its primary key. (As a join, the planner would read every page of the
 * table to rank 5,000 of them: most of a prefix search's time.)
 */
function pgCandidates(where: string): string {
  return `SELECT m.id, -(SELECT ts_rank_cd(r.tsv, ${tsquery('match')}) FROM pages r WHERE r.id = m.id) AS score
    FROM (SELECT p.id ${pgMatchingPages(where)} ORDER BY p.id DESC LIMIT @limit) m ORDER BY m.id DESC`;
}

/**
 * PostgreSQL: FROM and WHERE for the pages (`p`: id, document_id) matching `@match` that the
 * filters (on `d`) let through. The match runs in sunshine_page_matches (migration 25), which
 * leaves out documents hidden from the caller and, unlike a query under row-level security, may
 * use the GIN index. SQLite's FTS5 twin is a table of its own, joined back to the pages by id.
 */
const pgMatchingPages = (where: string): string =>
  `FROM sunshine_page_matches(${tsquery('match')}) p ${where ? `JOIN documents d ON d.id = p.document_id ${where}` : ''}`;

/** Up to this many pages, a filter's pages are listed first; past it, matches are checked one by one. */
const NARROW_FILTER_PAGES = 50_000;

/**
 * Every document with a page matching the query and the filters, unbounded
 * (tagging or coding "every result"). On SQLite page ids map to documents through the
 * compact locator, never through the pages' text; on PostgreSQL the matching pages hold their
 * document's id already (joining them to pages again read the table twice).
 */
export async function allMatchingDocuments(q: Reader, text: TextQuery | undefined, f: SearchFilters): Promise<number[]> {
  if (text === undefined) return allFilteredDocuments(q, f);
  const { wholeThreads, ...hitFilters } = f;
  const ids = (await matchingDocumentPages(q, text, hitFilters)).map((r) => r.id);
  return wholeThreads ? [...new Set([...ids, ...(await threadMates(q, ids, hitFilters)).map((m) => m.id)])] : ids;
}

/**
 * Every document with a page matching the query and the filters, with how many of its pages
 * match: exact counts, read from the index with no cap (a search term report counts what a
 * production would hold). Documents joins in only when a filter needs it. A query of fields
 * alone (no page words) matches every page of the documents it lets through.
 */
export async function matchingDocumentPages(q: Reader, text: TextQuery | undefined, f: SearchFilters): Promise<{ id: number; pages: number }[]> {
  if (text === undefined) {
    const { where, params } = documentFilters(q.kind, f);
    return await q.all<{ id: number; pages: number }>(`SELECT d.id, d.page_count AS pages FROM documents d ${where}`, params);
  }
  // Counts are of the pages that match: whole threads add none.
  const { where, params } = documentFilters(q.kind, { ...f, wholeThreads: false });
  return await q.all<{ id: number; pages: number }>(
    q.kind === 'sqlite'
      ? `SELECT p.document_id AS id, count(*) AS pages FROM (${textMatches(q.kind, 'pages', 'match')}${orderCheck(text, 'pages_fts')}) m
         JOIN pages p ${indexedBy(q.kind, 'pages_locator')} ON p.id = m.id ${where ? `JOIN documents d ON d.id = p.document_id ${where}` : ''} GROUP BY p.document_id`
      : `SELECT p.document_id AS id, count(*) AS pages ${pgMatchingPages(where)} GROUP BY p.document_id`,
    { ...params, ...textParams(text) },
  );
}

/** Per document, how many of its pages a query matches; one counter serves every query of a term report. */
export type PageCounter = (text: TextQuery) => Promise<{ id: number; pages: number }[]>;

/**
 * A counter of matching pages per document for many queries. On SQLite without filters, FTS5
 * alone gives each query's page ids, and the documents' runs of page ids, read once, say whose
 * pages they are: the join to the pages that matchingDocumentPages makes (most of a common word's
 * time on a million pages) is skipped. Pages are written a document at a time, so each
 * document's ids run unbroken; where they do not (or a page came after the runs were read), the
 * join it is.
 */
export async function documentPageCounter(q: Reader, f: SearchFilters): Promise<PageCounter> {
  const joined: PageCounter = (text) => matchingDocumentPages(q, text, f);
  if (q.kind !== 'sqlite' || Object.keys(f).length > 0) return joined;
  const runs = await q.all<{ id: number; first: number; last: number; n: number }>(
    `SELECT document_id AS id, min(id) AS first, max(id) AS last, count(*) AS n FROM pages ${indexedBy(q.kind, 'pages_locator')} GROUP BY document_id ORDER BY first`,
  );
  if (runs.some((r, i) => r.last - r.first + 1 !== r.n || (i > 0 && r.first <= runs[i - 1]!.last))) return joined;
  return async (text) => {
    const row = await q.get<{ ids: string }>(`SELECT json_group_array(rowid) AS ids FROM pages_fts WHERE pages_fts MATCH @match${orderCheck(text, 'pages_fts')}`, textParams(text));
    const counts = new Map<number, number>();
    for (const page of JSON.parse(row!.ids) as number[]) {
      // The last run starting at or before the page.
      let lo = 0;
      let hi = runs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (runs[mid]!.first <= page) lo = mid;
        else hi = mid - 1;
      }
      const run = runs[lo];
      if (!run || page < run.first || page > run.last) return joined(text);
      counts.set(run.id, (counts.get(run.id) ?? 0) + 1);
    }
    return [...counts].map(([id, pages]) => ({ id, pages }));
  };
}

/** Every document the filters let through (no words to match). */
export async function allFilteredDocuments(q: Reader, f: SearchFilters): Promise<number[]> {
  const { where, params } = documentFilters(q.kind, f);
  return (await q.all<{ id: number }>(`SELECT d.id FROM documents d ${where}`, params)).map((r) => r.id);
}

/** A page found by a search, with what a hit shows of its document. */
export interface PageRef {
  document_id: number;
  page_no: number;
  name: string;
  type: string;
  /** The page's Bates number as received (page_bates), or null. */
  bates: string | null;
}

/**
 * Which document (its name and type) and page number each page id is, in one query: on PostgreSQL
 * each query is a round trip to the server, and a page of 50 hits would otherwise be 50 of them.
 */
export async function pageRefs(q: Reader, ids: number[]): Promise<Map<number, PageRef>> {
  if (ids.length === 0) return new Map();
  const rows = await q.all<PageRef & { id: number }>(
    `SELECT p.id, p.document_id, p.page_no, d.name, d.type, b.bates FROM (${idList(q.kind, 'ids')}) j
       JOIN pages p ${indexedBy(q.kind, 'pages_locator')} ON p.id = j.id JOIN documents d ON d.id = p.document_id LEFT JOIN page_bates b ON b.page_id = p.id`,
    { ids: JSON.stringify(ids) },
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** How long a snippet is, in words, on both engines. */
const SNIPPET_WORDS = 24;

/** The start of each given page, for a hit found by its document's fields alone (nothing on the page to mark). */
export async function pageOpenings(q: Reader, pageIds: number[]): Promise<Map<number, string>> {
  if (pageIds.length === 0) return new Map();
  const rows = await q.all<{ id: number; text: string }>(`SELECT p.id, substr(p.text, 1, 400) AS text FROM (${idList(q.kind, 'ids')}) j JOIN pages p ON p.id = j.id`, { ids: JSON.stringify(pageIds) });
  return new Map(
    rows.map((r) => {
      const words = r.text.trim().split(/\s+/);
      return [r.id, words.length > SNIPPET_WORDS || r.text.length === 400 ? `${words.slice(0, SNIPPET_WORDS).join(' ')}…` : words.join(' ')];
    }),
  );
}

/** Snippets for given pages, with `open`/`close` around each hit and … where the page text goes on. */
export async function snippets(q: Reader, match: string, pageIds: number[], open: string, close: string): Promise<Map<number, string>> {
  if (pageIds.length === 0) return new Map();
  if (q.kind === 'postgres') return pgSnippets(q, match, pageIds, open, close);
  const rows = await q.all<{ id: number; s: string }>(
    `SELECT rowid AS id, snippet(pages_fts, 0, @open, @close, '…', ${SNIPPET_WORDS}) AS s FROM pages_fts WHERE pages_fts MATCH @match AND rowid IN (${pageIds.map((_, i) => `@p${i}`).join(',')})`,
    { match, open, close, ...Object.fromEntries(pageIds.map((id, i) => [`p${i}`, BigInt(id)])) },
  );
  return new Map(rows.map((r) => [r.id, r.s]));
}

/**
 * PostgreSQL's ts_headline (docs/engines.md §4.6). It reads the raw text with PostgreSQL's own
 * parser, which keeps `ada@example.org` or `e-mail` whole, so a hit inside one is not marked; then
 * the headline is taken again from the text as the index saw it (every run of other characters a
 * space: the words are marked, that snippet's punctuation is lost). One stretch around the best
 * cover, not MaxFragments: fragments drop the words and punctuation at their edges ("The",
 * the last "."), which FTS5 keeps. A … stands where the page goes on before or after the
 * snippet, as FTS5's snippet() puts it.
 */
async function pgSnippets(q: Reader, match: string, pageIds: number[], open: string, close: string): Promise<Map<number, string>> {
  const rows = await q.all<{ id: number; s: string; text: string }>(
    `WITH h AS (SELECT p.id, p.text, ts_headline('${textConfig('pages')}', p.text, ${tsquery('match')}, @options) AS s FROM (${idList('postgres', 'ids')}) j JOIN pages p ON p.id = j.id)
     SELECT id, text, CASE WHEN strpos(s, @open) > 0 THEN s
       ELSE ts_headline('${textConfig('pages')}', regexp_replace(text, '[^[:alnum:]]+', ' ', 'g'), ${tsquery('match')}, @options) END AS s FROM h`,
    { match: markedWords(match), open, ids: JSON.stringify(pageIds), options: `StartSel=${open}, StopSel=${close}, MaxWords=${SNIPPET_WORDS}, MinWords=${SNIPPET_WORDS - 4}` },
  );
  return new Map(rows.map((r) => [r.id, withEllipses(joinPhraseMarks(r.s, match, open, close), r.text, open, close)]));
}

/**
 * ts_headline marks each word; FTS5 marks a phrase's words as one stretch. When the query holds a
 * phrase (`<->`), neighbouring marks with only spaces or punctuation between them are made one, so
 * "unaccompanied children" and "MS-13" are marked whole on both engines.
 */
function joinPhraseMarks(snippet: string, match: string, open: string, close: string): string {
  if (!match.includes('<->')) return snippet;
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const words = new Set((match.match(/'[^']*'/g) ?? []).map((w) => w.slice(1, -1).toLowerCase()));
  return (
    snippet
      .replace(new RegExp(`${esc(close)}([^\\p{L}\\p{N}]{0,3})${esc(open)}`, 'gu'), '$1')
      // PostgreSQL's parser reads "MS-13" as "ms" and "-13", so the 13 of the phrase is not marked: the mark goes on over it.
      .replace(new RegExp(`${esc(close)}([^\\p{L}\\p{N}\\s]{1,2})([\\p{L}\\p{N}]+)`, 'gu'), (all, sep: string, word: string) => (words.has(word.toLowerCase()) ? `${sep}${word}${close}` : all))
  );
}

/**
 * The words of a query (a tsquery text Sunshine wrote: each word quoted) as one OR, for marking
 * them. The pages already matched; given the query itself, ts_headline ends its snippet at the last
 * word of a phrase or distance match ("linked to MS…"), where FTS5 shows the words around it.
 */
function markedWords(match: string): string {
  return [...new Set(match.match(/'[^']*'(?::\*)?/g) ?? [])].join(' | ') || match;
}

/** A … before and after a snippet where the page holds more than it shows. */
function withEllipses(snippet: string, text: string, open: string, close: string): string {
  const plain = snippet.split(open).join('').split(close).join('').trim();
  const flat = (t: string) => t.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const [a, b] = [flat(plain), flat(text)];
  return `${b.startsWith(a) ? '' : '…'}${snippet.trim()}${b.endsWith(a) ? '' : '…'}`;
}

/**
 * What changes whenever the data does, on either engine and from any process or machine: the
 * audit chain's head. Every change to data is audited (db/audited-write.ts refuses one that is
 * not), and the head's hash, unlike its seq, never comes back after a restore. '' before any change.
 */
export async function dataVersion(q: Reader): Promise<string> {
  return (await readChainHead(q))?.hash ?? '';
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
export async function nextOcrItem(q: Reader, maxAttempts: number, taken: Iterable<number> = []): Promise<OcrItem | undefined> {
  return await q.get<OcrItem>(
    `SELECT q.page_id, p.document_id, p.page_no, d.sha256, d.type, q.attempts
     FROM ocr_queue q JOIN pages p ON p.id = q.page_id JOIN documents d ON d.id = p.document_id
     WHERE q.attempts < @maxAttempts AND q.page_id NOT IN (${idList(q.kind, 'taken')}) ORDER BY q.queued_at, q.page_id LIMIT 1`,
    { maxAttempts, taken: JSON.stringify([...taken]) },
  );
}

/**
 * Fill in a page's text from OCR, with where its words are (JSON, see
 * migration 0013); the document is ready once no page of it waits.
 */
export async function saveOcrText(w: Writer, item: OcrItem, text: string, words: string | null = null): Promise<void> {
  await w.run('UPDATE pages SET text = ?, words = ?, ocr = 1 WHERE id = ?', [text, words, item.page_id]);
  // New text: the old finds' offsets point into the old text; the PII finder scans the page again (migration 0019).
  await w.run('DELETE FROM pii_hits WHERE page_id = ?', [item.page_id]);
  await w.run('DELETE FROM pii_scans WHERE page_id = ?', [item.page_id]);
  await w.run('DELETE FROM ocr_queue WHERE page_id = ?', [item.page_id]);
  const left = await numberOf(w, 'SELECT count(*) AS n FROM ocr_queue q JOIN pages p ON p.id = q.page_id WHERE p.document_id = ?', [item.document_id]);
  if (left === 0) await w.run("UPDATE documents SET status = 'ready' WHERE id = ?", [item.document_id]);
  await w.audit({ action: 'documents.ocr', entity: 'document', entityId: String(item.document_id), after: { page: item.page_no, characters: text.length } });
}

/**
 * Queue again the pages of a document that OCR read before word positions
 * were kept (words null, some text found), so their words can be boxed;
 * returns how many were queued. Their text stays searchable meanwhile.
 */
export async function requeueWithoutWords(w: Writer, documentId: number): Promise<number> {
  const { changes: queued } = await w.run(
    `INSERT INTO ocr_queue (page_id, queued_at) SELECT id, ? FROM pages WHERE document_id = ? AND ocr = 1 AND words IS NULL AND text <> '' ON CONFLICT DO NOTHING`,
    [w.at, documentId],
  );
  if (queued > 0) {
    await w.run("UPDATE documents SET status = 'ocr-pending' WHERE id = ?", [documentId]);
    await w.audit({ action: 'documents.readAgain', entity: 'document', entityId: String(documentId), after: { pages: queued } });
  }
  return queued;
}

/**
 * Note a failed OCR attempt (not audited: nothing the user can see changed), so it runs on the
 * engine itself, outside any audited write.
 */
/** A page that failed: tried once more, and given up by whoever had claimed it. */
export async function noteOcrFailure(e: Runner, pageId: number, error: string): Promise<void> {
  await e.run('UPDATE ocr_queue SET attempts = attempts + 1, last_error = ?, taken_by = NULL, taken_at = NULL WHERE page_id = ?', [error.slice(0, 500), pageId]);
}

/**
 * Claim the next page waiting for OCR for `owner` (one reader: a process's OCR runner): the oldest
 * that has failed fewer than `maxAttempts` times and is not claimed, or whose claim is older than
 * `staleBefore` (its reader stopped). One statement, so two readers — lanes of one process or apps
 * on two machines — never take the same page. Not audited: a claim is bookkeeping, not a record.
 */
export async function claimOcrItem(e: Runner, maxAttempts: number, owner: string, now: string, staleBefore: string): Promise<OcrItem | undefined> {
  const free = '(taken_by IS NULL OR taken_at < @staleBefore)';
  const claimed = await e.all<{ page_id: number }>(
    `UPDATE ocr_queue SET taken_by = @owner, taken_at = @now
     WHERE ${free} AND page_id = (SELECT page_id FROM ocr_queue WHERE attempts < @maxAttempts AND ${free} ORDER BY queued_at, page_id LIMIT 1 ${skipLocked(e.kind)})
     RETURNING page_id`,
    { owner, now, staleBefore, maxAttempts },
  );
  if (!claimed[0]) return undefined;
  return await e.get<OcrItem>(
    `SELECT q.page_id, p.document_id, p.page_no, d.sha256, d.type, q.attempts
     FROM ocr_queue q JOIN pages p ON p.id = q.page_id JOIN documents d ON d.id = p.document_id WHERE q.page_id = ?`,
    [claimed[0].page_id],
  );
}

/** Give back the pages `owner` claimed and did not finish (its runner is stopping). */
export async function releaseOcrClaims(e: Runner, owner: string): Promise<void> {
  await e.run('UPDATE ocr_queue SET taken_by = NULL, taken_at = NULL WHERE taken_by = ?', [owner]);
}

export interface Facet {
  value: string;
  count: number;
}

export type Facets = Record<'types' | 'requests' | 'sources' | 'years' | 'tags' | 'statuses' | 'pii', Facet[]>;

/** How many of the documents holding these pages each kind, request, source, year, tag, review status and kind of personal data has: one statement. */
export async function facetsOf(q: Reader, pageIds: number[]): Promise<Facets> {
  const rows = await q.all<Facet & { facet: keyof Facets }>(
    `WITH docs AS MATERIALIZED (SELECT DISTINCT p.document_id AS id FROM (${idList(q.kind, 'pages')}) j JOIN pages p ${indexedBy(q.kind, 'pages_locator')} ON p.id = j.id)
     SELECT * FROM (SELECT 'types' AS facet, d.type AS value, count(*) AS count FROM docs JOIN documents d ON d.id = docs.id GROUP BY d.type) AS facet_types
     UNION ALL
     SELECT * FROM (SELECT 'requests', r.reference, count(*) AS count FROM docs JOIN document_links l ON l.document_id = docs.id
       JOIN requests r ON r.id = l.request_id GROUP BY r.id ORDER BY count DESC, r.reference LIMIT 50) AS facet_requests
     UNION ALL
     SELECT * FROM (SELECT 'sources', n.source, count(DISTINCT n.document_id) AS count FROM docs JOIN document_names n ON n.document_id = docs.id
       WHERE n.source <> '' GROUP BY n.source ORDER BY count DESC, n.source LIMIT 50) AS facet_sources
     UNION ALL
     SELECT * FROM (SELECT 'years', substr(d.doc_date, 1, 4) AS year, count(*) FROM docs JOIN documents d ON d.id = docs.id
       WHERE d.doc_date IS NOT NULL GROUP BY year) AS facet_years
     UNION ALL
     SELECT * FROM (SELECT 'tags', t.path, count(*) AS count FROM docs JOIN document_tags dt ON dt.document_id = docs.id
       JOIN tags t ON t.id = dt.tag_id GROUP BY t.id ORDER BY count DESC, t.path LIMIT 100) AS facet_tags
     UNION ALL
     SELECT * FROM (SELECT 'statuses', coalesce(r.status, 'unreviewed') AS coded, count(*) FROM docs LEFT JOIN reviews r ON r.document_id = docs.id
       GROUP BY coalesce(r.status, 'unreviewed')) AS facet_statuses
     UNION ALL
     SELECT * FROM (SELECT 'pii', h.kind, count(DISTINCT h.document_id) AS count FROM docs JOIN pii_hits h ON h.document_id = docs.id
       GROUP BY h.kind) AS facet_pii`,
    { pages: JSON.stringify(pageIds) },
  );
  const out: Facets = { types: [], requests: [], sources: [], years: [], tags: [], statuses: [], pii: [] };
  for (const { facet, value, count } of rows) out[facet].push({ value, count });
  out.types.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  out.pii.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  out.years.sort((a, b) => b.value.localeCompare(a.value));
  return out;
}
