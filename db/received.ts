/**
 * Received productions (volumes of load files, page images, text and natives from an agency or a
 * company): the volumes, what each document arrived as, the Bates number of every page, and the
 * field mapping remembered per producing party. Documents themselves are inserted by
 * db/documents.ts insertDocument, which writes a received document's columns and page numbers
 * here in the same write (writeReceivedPages).
 */
import type { Reader, Runner } from './engine.ts';
import type { Writer } from './store.ts';
import { idList } from './dialect.ts';

/** A page's Bates number, split as core/shared/bates-number.ts splitBates does (db knows nothing of core). */
export interface PageBates {
  bates: string;
  prefix: string;
  number: number;
  width: number;
}

/** What a document received in a production carries besides what every document has. */
export interface ReceivedFields {
  receivedId: number;
  batesBegin: string | null;
  batesEnd: string | null;
  custodian: string | null;
  bcc: string | null;
  /** The record's unmapped columns, name → value. */
  metadata: Record<string, string> | null;
  /** The native file, stored in the vault beside the assembled page PDF. */
  native?: { sha256: string; size: number; name: string; mime: string };
  /** SHA-256 of the document's text with its whitespace folded: the same text under other Bates numbers is a duplicate. */
  textSha256: string | null;
  md5: string | null;
  sha1: string | null;
  /** One per page, in page order. */
  pageBates: PageBates[];
}

/** receivedColumns' parameters and the documents columns they fill. */
export const RECEIVED_COLUMNS: Record<string, string> = {
  receivedId: 'received_id',
  batesBegin: 'bates_begin',
  batesEnd: 'bates_end',
  custodian: 'custodian',
  emailBcc: 'email_bcc',
  metadata: 'metadata',
  nativeSha256: 'native_sha256',
  nativeSize: 'native_size',
  nativeName: 'native_name',
  nativeMime: 'native_mime',
  textSha256: 'text_sha256',
  md5: 'md5',
  sha1: 'sha1',
};

/** The columns of documents a received document fills, as insertDocument binds them (all null for other documents). */
export function receivedColumns(r: ReceivedFields | undefined): Record<string, unknown> {
  return {
    receivedId: r?.receivedId ?? null,
    batesBegin: r?.batesBegin ?? null,
    batesEnd: r?.batesEnd ?? null,
    custodian: r?.custodian ?? null,
    emailBcc: r?.bcc ?? null,
    metadata: r?.metadata ? JSON.stringify(r.metadata) : null,
    nativeSha256: r?.native?.sha256 ?? null,
    nativeSize: r?.native?.size ?? null,
    nativeName: r?.native?.name ?? null,
    nativeMime: r?.native?.mime ?? null,
    textSha256: r?.textSha256 ?? null,
    md5: r?.md5 ?? null,
    sha1: r?.sha1 ?? null,
  };
}

/** The Bates number of each page (its ids in page order), inside the insert's write. */
export async function writePageBates(w: Runner, documentId: number, pageIds: number[], bates: PageBates[]): Promise<void> {
  if (bates.length !== pageIds.length) throw new Error(`A received document has ${pageIds.length} pages and ${bates.length} Bates numbers: give one per page.`);
  for (const [i, b] of bates.entries()) {
    await w.run('INSERT INTO page_bates (page_id, document_id, bates, prefix, number, width) VALUES (?, ?, ?, ?, ?, ?)', [pageIds[i], documentId, b.bates, b.prefix, b.number, b.width]);
  }
}

/** A party's name as stored: spaces around it and runs of them inside do not make another party (nor case, compared with lower()). */
const partyName = (party: string) => party.trim().replace(/\s+/g, ' ');
/** The key of party_mappings: the name folded. */
const partyKey = (party: string) => partyName(party).toLowerCase();

export type ReceivedStatus = 'importing' | 'complete' | 'partial';

export interface ReceivedProductionRow {
  id: number;
  party: string;
  /** The volume's name as the user sees it (never a full path). */
  volume: string;
  request_id: number | null;
  added_at: string;
  finished_at: string | null;
  status: ReceivedStatus;
  first_bates: string | null;
  last_bates: string | null;
  documents: number;
  pages: number;
  /** The validation report, JSON. */
  report: string;
  /** The field mapping used, JSON. */
  mapping: string;
}

export async function insertReceivedProduction(w: Writer, p: { party: string; volume: string; requestId: number | null; mapping: unknown }): Promise<number> {
  const { lastId } = await w.run(
    "INSERT INTO received_productions (party, volume, request_id, added_at, status, mapping) VALUES (@party, @volume, @requestId, @at, 'importing', @mapping) RETURNING id",
    { party: partyName(p.party), volume: p.volume, requestId: p.requestId, at: w.at, mapping: JSON.stringify(p.mapping) },
  );
  await w.audit({ action: 'received.start', entity: 'received_production', entityId: String(lastId), after: { party: partyName(p.party), volume: p.volume, requestId: p.requestId } });
  return lastId!;
}

/** The import is over: its outcome, range and counts (counted from what is stored) and the report. */
export async function finishReceivedProduction(w: Writer, id: number, f: { status: Exclude<ReceivedStatus, 'importing'>; report: unknown }): Promise<ReceivedProductionRow> {
  const counts = (await w.get<{ documents: number; pages: number }>(
    'SELECT count(*) AS documents, coalesce(sum(page_count), 0) AS pages FROM documents WHERE received_id = ?',
    [id],
  ))!;
  const ends = await w.get<{ first: string | null; last: string | null }>(
    `SELECT (SELECT bates FROM page_bates b JOIN documents d ON d.id = b.document_id WHERE d.received_id = @id ORDER BY lower(b.prefix), b.number LIMIT 1) AS first,
            (SELECT bates FROM page_bates b JOIN documents d ON d.id = b.document_id WHERE d.received_id = @id ORDER BY lower(b.prefix) DESC, b.number DESC LIMIT 1) AS last`,
    { id },
  );
  await w.run(
    `UPDATE received_productions SET status = @status, finished_at = @at, report = @report, documents = @documents, pages = @pages, first_bates = @first, last_bates = @last WHERE id = @id`,
    { id, status: f.status, at: w.at, report: JSON.stringify(f.report), documents: Number(counts.documents), pages: Number(counts.pages), first: ends?.first ?? null, last: ends?.last ?? null },
  );
  const row = (await receivedProductionById(w, id))!;
  await w.audit({ action: 'received.finish', entity: 'received_production', entityId: String(id), after: { status: row.status, first: row.first_bates, last: row.last_bates, documents: row.documents, pages: row.pages } });
  return row;
}

export async function receivedProductionById(q: Reader, id: number): Promise<ReceivedProductionRow | undefined> {
  return await q.get<ReceivedProductionRow>('SELECT * FROM received_productions WHERE id = ?', [id]);
}

/** Newest first; of one request when given. */
export async function listReceivedProductions(q: Reader, requestId?: number): Promise<ReceivedProductionRow[]> {
  return await q.all<ReceivedProductionRow>('SELECT * FROM received_productions WHERE (CAST(@requestId AS INTEGER) IS NULL OR request_id = @requestId) ORDER BY id DESC', {
    requestId: requestId ?? null,
  });
}

/** The document of this party that begins at this Bates number (a re-run's record that is already in), in any case. */
export async function receivedDocumentByBates(
  q: Reader,
  party: string,
  begBates: string,
): Promise<{ id: number; received_id: number; bates_begin: string; bates_end: string | null } | undefined> {
  return await q.get<{ id: number; received_id: number; bates_begin: string; bates_end: string | null }>(
    `SELECT d.id, d.received_id, d.bates_begin, d.bates_end FROM documents d JOIN received_productions r ON r.id = d.received_id
      WHERE lower(d.bates_begin) = lower(@begBates) AND lower(r.party) = lower(@party) ORDER BY d.id LIMIT 1`,
    { party: partyName(party), begBates },
  );
}

export interface ReceivedRange {
  documentId: number;
  receivedId: number;
  prefix: string;
  first: number;
  last: number;
  /** The document's range as written, and the volume it came in (for the report's words). */
  batesBegin: string;
  batesEnd: string | null;
  volume: string;
}

/** The prefix and number range of every received document of this party (any case), for overlap checks. */
export async function receivedRangesOfParty(q: Reader, party: string): Promise<ReceivedRange[]> {
  const rows = await q.all<ReceivedRange>(
    `SELECT b.document_id AS "documentId", d.received_id AS "receivedId", b.prefix, min(b.number) AS first, max(b.number) AS last,
            d.bates_begin AS "batesBegin", d.bates_end AS "batesEnd", r.volume
       FROM page_bates b JOIN documents d ON d.id = b.document_id JOIN received_productions r ON r.id = d.received_id
      WHERE lower(r.party) = lower(@party)
      GROUP BY b.document_id, d.received_id, b.prefix, d.bates_begin, d.bates_end, r.volume ORDER BY b.prefix, first`,
    { party: partyName(party) },
  );
  return rows.map((r) => ({ ...r, documentId: Number(r.documentId), receivedId: Number(r.receivedId), first: Number(r.first), last: Number(r.last) }));
}

/** The production of this party and volume(s) received before (finished or not): a re-run adds to it. */
export async function openReceivedProduction(q: Reader, party: string, volume: string): Promise<ReceivedProductionRow | undefined> {
  return await q.get<ReceivedProductionRow>('SELECT * FROM received_productions WHERE lower(party) = lower(@party) AND volume = @volume ORDER BY id LIMIT 1', {
    party: partyName(party),
    volume,
  });
}

/** The field mapping last used for this producing party, or null. */
export async function partyMapping(q: Reader, party: string): Promise<unknown> {
  const row = await q.get<{ mapping: string }>('SELECT mapping FROM party_mappings WHERE party = ?', [partyKey(party)]);
  return row ? JSON.parse(row.mapping) : null;
}

export async function savePartyMapping(w: Writer, party: string, mapping: unknown): Promise<void> {
  await w.run(
    `INSERT INTO party_mappings (party, name, mapping, updated_at) VALUES (@key, @name, @mapping, @at)
       ON CONFLICT (party) DO UPDATE SET name = excluded.name, mapping = excluded.mapping, updated_at = excluded.updated_at`,
    { key: partyKey(party), name: partyName(party), mapping: JSON.stringify(mapping), at: w.at },
  );
  await w.audit({ action: 'received.mapping', entity: 'party_mapping', entityId: partyKey(party), after: { party: partyName(party), mapping } });
}

export interface DuplicateRow {
  id: number;
  name: string;
  bates_begin: string | null;
  bates_end: string | null;
  party: string | null;
  volume: string | null;
  why: 'same native' | 'same text';
}

/** Other documents with the same native or the same text (a native match is named first). */
export async function duplicatesOf(q: Reader, documentId: number): Promise<DuplicateRow[]> {
  return await q.all<DuplicateRow>(
    `SELECT o.id, o.name, o.bates_begin, o.bates_end, r.party, r.volume,
            CASE WHEN o.native_sha256 = d.native_sha256 THEN 'same native' ELSE 'same text' END AS why
       FROM documents d JOIN documents o ON o.id <> d.id AND (o.native_sha256 = d.native_sha256 OR o.text_sha256 = d.text_sha256)
       LEFT JOIN received_productions r ON r.id = o.received_id
      WHERE d.id = ? ORDER BY o.id`,
    [documentId],
  );
}

export interface BatesPageHit {
  document_id: number;
  page_no: number;
  bates: string;
  name: string;
  bates_begin: string | null;
  bates_end: string | null;
}

const PAGE_HIT = `SELECT b.document_id, p.page_no, b.bates, d.name, d.bates_begin, d.bates_end
  FROM page_bates b JOIN pages p ON p.id = b.page_id JOIN documents d ON d.id = b.document_id`;

/**
 * The page with this Bates number: the text as written first (any case), else the same prefix and
 * number written with another padding (`ICE-4211` for `ICE-0004211`). Each is one index probe.
 */
export async function pageByBates(q: Reader, bates: string, split: { prefix: string; number: number } | null): Promise<BatesPageHit | undefined> {
  const exact = await q.get<BatesPageHit>(`${PAGE_HIT} WHERE ${foldedBates(q)} = lower(@bates) ORDER BY b.page_id LIMIT 1`, { bates });
  if (exact || !split) return exact;
  return await q.get<BatesPageHit>(`${PAGE_HIT} WHERE ${foldedPrefix(q)} = lower(@prefix) AND b.number = @number ORDER BY b.page_id LIMIT 1`, split);
}

/** The pages numbered from..to under one prefix, in order. */
export async function pagesInBatesRange(q: Reader, prefix: string, from: number, to: number, limit: number): Promise<BatesPageHit[]> {
  return await q.all<BatesPageHit>(`${PAGE_HIT} WHERE ${foldedPrefix(q)} = lower(@prefix) AND b.number BETWEEN @from AND @to ORDER BY b.number, b.page_id LIMIT @limit`, { prefix, from, to, limit });
}

/** The pages whose Bates number begins with this text (any case), in order: a range scan of the index, never a scan of the table. */
export async function pagesWithBatesPrefix(q: Reader, prefix: string, limit: number): Promise<BatesPageHit[]> {
  if (q.kind === 'sqlite') {
    // U+10FFFF sorts after every other character in UTF-8: [prefix, prefix + U+10FFFF) is everything that begins with it.
    return await q.all<BatesPageHit>(`${PAGE_HIT} WHERE b.bates COLLATE NOCASE >= @lo AND b.bates COLLATE NOCASE < @lo || char(1114111) ORDER BY b.bates COLLATE NOCASE, b.page_id LIMIT @limit`, { lo: prefix, limit });
  }
  // text_pattern_ops turns a LIKE that begins with fixed text into a range scan of the index.
  const like = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return await q.all<BatesPageHit>(`${PAGE_HIT} WHERE lower(b.bates) LIKE @like ESCAPE '\\' ORDER BY lower(b.bates), b.page_id LIMIT @limit`, { like, limit });
}

/** Bates text in any case, as the index holds it (SQLite: COLLATE NOCASE; PostgreSQL: lower()). */
const foldedBates = (q: Reader) => (q.kind === 'sqlite' ? 'b.bates COLLATE NOCASE' : 'lower(b.bates)');
const foldedPrefix = (q: Reader) => (q.kind === 'sqlite' ? 'b.prefix COLLATE NOCASE' : 'lower(b.prefix)');

/** The Bates prefixes in use on received pages, with the widest width each is written with. */
export async function knownBatesPrefixes(q: Reader): Promise<{ prefix: string; width: number }[]> {
  // A skip over the (prefix, number) index, one probe per prefix: a GROUP BY would read every page's entry
  // (a million for a large production) on each look-up and each search that may be a Bates number.
  // Every comparison folds case as the index does (NOCASE / lower()), or the index is not used.
  const f = (column: string) => (q.kind === 'sqlite' ? `${column} COLLATE NOCASE` : `lower(${column})`);
  const last = (column: string) => `(SELECT ${column} FROM page_bates b WHERE ${f('b.prefix')} = p.folded ORDER BY ${f('b.prefix')} DESC, b.number DESC LIMIT 1)`;
  return await q.all<{ prefix: string; width: number }>(
    `WITH RECURSIVE p(folded) AS (
       SELECT min(${f('prefix')}) FROM page_bates
       UNION ALL SELECT (SELECT min(${f('b.prefix')}) FROM page_bates b WHERE ${f('b.prefix')} > p.folded) FROM p WHERE p.folded IS NOT NULL)
     SELECT ${last('b.prefix')} AS prefix, ${last('b.width')} AS width FROM p WHERE folded IS NOT NULL ORDER BY folded`,
  );
}

/** The producing party's Bates number of one page of a document, or null (not received with one). */
export async function batesOfPage(q: Reader, documentId: number, pageNo: number): Promise<string | null> {
  const row = await q.get<{ bates: string }>('SELECT b.bates FROM pages p JOIN page_bates b ON b.page_id = p.id WHERE p.document_id = ? AND p.page_no = ?', [documentId, pageNo]);
  return row?.bates ?? null;
}

/** Each given page's Bates number, for search hits. */
export async function batesOfPages(q: Reader, pageIds: number[]): Promise<Map<number, string>> {
  if (pageIds.length === 0) return new Map();
  const rows = await q.all<{ page_id: number; bates: string }>(`SELECT b.page_id, b.bates FROM (${idList(q.kind, 'ids')}) j JOIN page_bates b ON b.page_id = j.id`, { ids: JSON.stringify(pageIds) });
  return new Map(rows.map((r) => [Number(r.page_id), r.bates]));
}

/** What exports say of a document: its own fields and, when it was received in a production, the producing party's range and name. */
export interface ExportedDocument {
  id: number;
  name: string;
  doc_date: string | null;
  custodian: string | null;
  email_from: string | null;
  email_to: string | null;
  email_subject: string | null;
  bates_begin: string | null;
  bates_end: string | null;
  party: string | null;
}

/** Those fields for a list of documents, in one statement (search exports, our own productions' load files and privilege log). */
export async function exportedDocuments(q: Reader, ids: number[]): Promise<Map<number, ExportedDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await q.all<ExportedDocument>(
    `SELECT d.id, d.name, d.doc_date, d.custodian, d.email_from, d.email_to, d.email_subject, d.bates_begin, d.bates_end, r.party
       FROM (${idList(q.kind, 'ids')}) j JOIN documents d ON d.id = j.id LEFT JOIN received_productions r ON r.id = d.received_id`,
    { ids: JSON.stringify(ids) },
  );
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
}
