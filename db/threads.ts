/**
 * What email threading reads and writes (the grouping itself is core/documents/threads.ts):
 * the emails' ids, subjects and participants, the text and attachments of the emails of the
 * threads being recomputed, and each email's thread and inclusive flag.
 */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';
import { idList } from './dialect.ts';

/** What grouping needs of one email: no text, so every email of a large workspace fits in memory. */
export interface EmailHead {
  id: number;
  message_id: string | null;
  in_reply_to: string | null;
  email_refs: string | null;
  email_subject: string | null;
  email_from: string | null;
  email_to: string | null;
  email_cc: string | null;
  doc_date: string | null;
  thread_id: number | null;
  inclusive: number | null;
}

/** Emails: read as one (eml, msg) or carrying an email's headers (a received production's email records, a mailbox's messages). */
const IS_EMAIL = `(type IN ('eml', 'msg') OR email_subject IS NOT NULL OR email_from IS NOT NULL)`;

/**
 * Every email's head, in id order. One read of a few short columns per import: a thread can
 * join emails of any age, and an older email may name a newer one's id (a reply imported before
 * what it answers), which no index over one column finds.
 */
export async function emailHeads(q: Reader): Promise<EmailHead[]> {
  return (await q.all<EmailHead>(`SELECT ${HEAD_COLUMNS} FROM documents WHERE ${IS_EMAIL} ORDER BY id`)).map(asHead);
}

const HEAD_COLUMNS = 'id, message_id, in_reply_to, email_refs, email_subject, email_from, email_to, email_cc, doc_date, thread_id, inclusive';
const asHead = (r: EmailHead): EmailHead => ({ ...r, id: Number(r.id), thread_id: r.thread_id === null ? null : Number(r.thread_id) });

/** A bound JSON array of strings as a list of values (SQLite json_each, PostgreSQL jsonb). */
const textList = (kind: Reader['kind'], param: string): string =>
  kind === 'sqlite' ? `SELECT value FROM json_each(@${param})` : `SELECT value FROM jsonb_array_elements_text(CAST(@${param} AS jsonb))`;

/** The heads of those of these documents that are emails, by id. */
export async function emailHeadsOf(q: Reader, ids: readonly number[]): Promise<EmailHead[]> {
  const out: EmailHead[] = [];
  for (const chunk of chunks([...ids])) {
    const rows = await q.all<EmailHead>(`SELECT ${HEAD_COLUMNS} FROM documents WHERE id IN (${idList(q.kind, 'ids')}) AND ${IS_EMAIL}`, { ids: JSON.stringify(chunk) });
    out.push(...rows.map(asHead));
  }
  return out;
}

/**
 * Emails joined to new ones by their ids: the ones whose Message-ID a new one names (through the
 * Message-ID index), the ones answering a new one (In-Reply-To), and every email of the threads
 * those are in (through the thread index); and the emails whose subject ends as `subjects` do
 * (a subject-only thread), for the caller to compare exactly.
 */
export async function relatedEmails(q: Reader, named: readonly string[], own: readonly string[], subjects: readonly string[], threads: readonly number[]): Promise<number[]> {
  const ids = new Set<number>();
  if (named.length || own.length) {
    const rows = await q.all<{ id: number; thread_id: number | null }>(
      `SELECT id, thread_id FROM documents WHERE message_id IN (${textList(q.kind, 'named')})
       UNION SELECT id, thread_id FROM documents WHERE in_reply_to IN (${textList(q.kind, 'own')})`,
      { named: JSON.stringify(named), own: JSON.stringify(own) },
    );
    for (const r of rows) ids.add(Number(r.id));
    threads = [...threads, ...rows.flatMap((r) => (r.thread_id === null ? [] : [Number(r.thread_id)]))];
  }
  for (const subject of subjects) {
    const rows = await q.all<{ id: number; thread_id: number | null }>(`SELECT id, thread_id FROM documents WHERE lower(email_subject) LIKE @p ESCAPE '!'`, {
      p: `%${subject.replace(/[!%_]/g, (c) => `!${c}`)}`,
    });
    for (const r of rows) ids.add(Number(r.id));
    threads = [...threads, ...rows.flatMap((r) => (r.thread_id === null ? [] : [Number(r.thread_id)]))];
  }
  for (const chunk of chunks([...new Set(threads)])) {
    const rows = await q.all<{ id: number }>(`SELECT id FROM documents WHERE thread_id IN (${idList(q.kind, 'ids')})`, { ids: JSON.stringify(chunk) });
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids];
}

/** The text of these emails, pages joined in order. */
export async function emailTexts(q: Reader, ids: number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const chunk of chunks(ids)) {
    const rows = await q.all<{ document_id: number; text: string }>(
      `SELECT document_id, text FROM pages WHERE document_id IN (${idList(q.kind, 'ids')}) ORDER BY document_id, page_no`,
      { ids: JSON.stringify(chunk) },
    );
    for (const r of rows) out.set(Number(r.document_id), `${out.get(Number(r.document_id)) ?? ''}${r.text}\n`);
  }
  return out;
}

/** The stored files (by hash) each of these emails carries as attachments. */
export async function attachmentsOf(q: Reader, ids: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  for (const chunk of chunks(ids)) {
    const rows = await q.all<{ parent_id: number; sha256: string }>(`SELECT parent_id, sha256 FROM documents WHERE parent_id IN (${idList(q.kind, 'ids')})`, { ids: JSON.stringify(chunk) });
    for (const r of rows) {
      const set = out.get(Number(r.parent_id)) ?? new Set<string>();
      set.add(r.sha256);
      out.set(Number(r.parent_id), set);
    }
  }
  return out;
}

export interface ThreadPlace {
  id: number;
  threadId: number;
  inclusive: boolean;
}

/** Each email's thread and inclusive flag, in batches (one statement per few thousand emails, on both engines). */
export async function writeThreads(w: Writer, places: ThreadPlace[]): Promise<void> {
  const from =
    w.kind === 'sqlite'
      ? `(SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS t, json_extract(value, '$[2]') AS i FROM json_each(@rows))`
      : `(SELECT (e->>0)::bigint AS id, (e->>1)::bigint AS t, (e->>2)::integer AS i FROM jsonb_array_elements(CAST(@rows AS jsonb)) e)`;
  for (const chunk of chunks(places)) {
    const rows = JSON.stringify(chunk.map((p) => [p.id, p.threadId, p.inclusive ? 1 : 0]));
    await w.run(`UPDATE documents SET thread_id = j.t, inclusive = j.i FROM ${from} j WHERE documents.id = j.id`, { rows });
  }
}

/** One email of a thread, as the thread view lists it. */
export interface ThreadRow {
  id: number;
  name: string;
  email_subject: string | null;
  email_from: string | null;
  email_date: string | null;
  doc_date: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  email_refs: string | null;
  inclusive: number | null;
}

/** The emails of a thread, oldest first (undated last). */
export async function threadRows(q: Reader, threadId: number): Promise<ThreadRow[]> {
  const rows = await q.all<ThreadRow>(
    `SELECT id, name, email_subject, email_from, email_date, doc_date, message_id, in_reply_to, email_refs, inclusive
       FROM documents WHERE thread_id = ? ORDER BY doc_date IS NULL, doc_date, id`,
    [threadId],
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Of emails, only the inclusive ones; a document that is no email has no flag and is kept. */
export const INCLUSIVE_ONLY = '(d.inclusive IS NULL OR d.inclusive = 1)';

/**
 * The other emails of the threads of these documents (search's "whole threads"), each with its
 * first page (null for one without pages); only inclusive ones when asked. Through the thread index.
 */
export async function threadMates(q: Reader, ids: number[], f: { inclusiveOnly?: boolean }): Promise<{ id: number; page: number | null }[]> {
  const given = new Set(ids);
  const out: { id: number; page: number | null }[] = [];
  for (const chunk of chunks([...given])) {
    const rows = await q.all<{ id: number; page: number | null }>(
      `SELECT d.id, p.id AS page FROM documents d LEFT JOIN pages p ON p.document_id = d.id AND p.page_no = 1
         WHERE d.thread_id IN (SELECT h.thread_id FROM documents h WHERE h.id IN (${idList(q.kind, 'ids')}) AND h.thread_id IS NOT NULL)${f.inclusiveOnly ? ` AND ${INCLUSIVE_ONLY}` : ''}`,
      { ids: JSON.stringify(chunk) },
    );
    for (const r of rows) {
      const id = Number(r.id);
      if (given.has(id)) continue;
      given.add(id);
      out.push({ id, page: r.page === null ? null : Number(r.page) });
    }
  }
  return out;
}

const CHUNK = 5000;
function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}
