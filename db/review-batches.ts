/**
 * Review batches (documents assigned to a reviewer, in order) and document leases (who is coding a
 * document right now), migration 28.
 *
 * A batch document is done once it was coded — a review status other than unreviewed — at or after
 * its batch was made: progress is read from the coding itself, never kept beside it. Lists join
 * `documents`, so whatever hides a document from someone (row-level security) hides it from their
 * batches and counts too.
 */
import { idList, jsonElements, serverTime } from './dialect.ts';
import type { Reader, Runner } from './engine.ts';
import type { Writer } from './store.ts';

export interface BatchRow {
  id: number;
  name: string;
  set_name: string;
  source: string;
  reviewer: string;
  created_by: string;
  created_at: string;
  total: number;
  done: number;
}

/** The condition "document `bd.document_id` of batch `b` is coded since the batch was made". */
const CODED = `EXISTS (SELECT 1 FROM reviews r WHERE r.document_id = bd.document_id AND r.status <> 'unreviewed' AND r.updated_at >= b.created_at)`;

const BATCH_COLUMNS = `b.id, b.name, b.set_name, b.source, b.reviewer, b.created_by, b.created_at,
  (SELECT count(*) FROM review_batch_documents bd JOIN documents d ON d.id = bd.document_id WHERE bd.batch_id = b.id) AS total,
  (SELECT count(*) FROM review_batch_documents bd JOIN documents d ON d.id = bd.document_id WHERE bd.batch_id = b.id AND ${CODED}) AS done`;

/** Every batch (or one reviewer's), oldest first. */
export async function listBatches(q: Reader, reviewer?: string): Promise<BatchRow[]> {
  const rows = await q.all<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM review_batches b ${reviewer === undefined ? '' : 'WHERE b.reviewer = @reviewer'} ORDER BY b.id`,
    reviewer === undefined ? {} : { reviewer },
  );
  // PostgreSQL's count(*) is a bigint, which the driver hands over as text.
  return rows.map((r) => ({ ...r, id: Number(r.id), total: Number(r.total), done: Number(r.done) }));
}

export async function batchById(q: Reader, id: number): Promise<BatchRow | undefined> {
  const r = await q.get<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM review_batches b WHERE b.id = ?`, [id]);
  return r && { ...r, id: Number(r.id), total: Number(r.total), done: Number(r.done) };
}

/** A new batch holding `documentIds` in this order; the caller audits. */
export async function insertBatch(w: Writer, b: { name: string; setName: string; source: string; reviewer: string }, documentIds: number[]): Promise<number> {
  const id = (
    await w.run('INSERT INTO review_batches (name, set_name, source, reviewer, created_by, created_at) VALUES (@name, @setName, @source, @reviewer, @by, @at) RETURNING id', {
      ...b,
      by: w.actor,
      at: w.at,
    })
  ).lastId!;
  await w.run(
    `INSERT INTO review_batch_documents (batch_id, document_id, position)
     SELECT CAST(@batch AS BIGINT), CAST(e.value ->> 'd' AS BIGINT), CAST(e.value ->> 'p' AS INTEGER) FROM ${jsonElements(w.kind, 'docs')} e`,
    { batch: id, docs: JSON.stringify(documentIds.map((d, i) => ({ d, p: i + 1 }))) },
  );
  return id;
}

export const setBatchReviewer = (w: Writer, id: number, reviewer: string) => w.run('UPDATE review_batches SET reviewer = ? WHERE id = ?', [reviewer, id]);

export const deleteBatchRow = (w: Writer, id: number) => w.run('DELETE FROM review_batches WHERE id = ?', [id]);

/** How many of each reviewer's batch documents are there, and done. */
export async function reviewerTotals(q: Reader): Promise<{ reviewer: string; total: number; done: number; batches: number }[]> {
  const rows = await q.all<{ reviewer: string; total: number; done: number; batches: number }>(
    `SELECT b.reviewer, count(DISTINCT b.id) AS batches, count(d.id) AS total, coalesce(sum(CASE WHEN d.id IS NOT NULL AND ${CODED} THEN 1 ELSE 0 END), 0) AS done
     FROM review_batches b LEFT JOIN review_batch_documents bd ON bd.batch_id = b.id LEFT JOIN documents d ON d.id = bd.document_id
     GROUP BY b.reviewer ORDER BY b.reviewer`,
  );
  return rows.map((r) => ({ reviewer: r.reviewer, batches: Number(r.batches), total: Number(r.total), done: Number(r.done) }));
}

export interface BatchDocumentRow {
  batch_id: number;
  batch_name: string;
  document_id: number;
  position: number;
  name: string;
  done: number;
}

/**
 * The documents of these batches (all batches when `reviewer` is undefined, else that reviewer's)
 * in review order — batch by batch, each in its own order — with whether each is done and who
 * else holds a live lease on it (`leased_by`, null when free, lapsed or `me`'s).
 */
export async function batchDocuments(q: Reader, reviewer: string | undefined, me: string | null): Promise<(BatchDocumentRow & { leased_by: string | null })[]> {
  const rows = await q.all<BatchDocumentRow & { leased_by: string | null }>(
    `SELECT bd.batch_id, b.name AS batch_name, bd.document_id, bd.position, d.name,
       CASE WHEN ${CODED} THEN 1 ELSE 0 END AS done,
       (SELECT l.holder FROM document_leases l WHERE l.document_id = bd.document_id AND l.holder IS DISTINCT FROM @me AND l.expires_at > ${serverTime(q.kind)}) AS leased_by
     FROM review_batches b JOIN review_batch_documents bd ON bd.batch_id = b.id JOIN documents d ON d.id = bd.document_id
     ${reviewer === undefined ? '' : 'WHERE b.reviewer = @reviewer'}
     ORDER BY b.id, bd.position`,
    reviewer === undefined ? { me } : { me, reviewer },
  );
  return rows.map((r) => ({ ...r, batch_id: Number(r.batch_id), document_id: Number(r.document_id), position: Number(r.position), done: Number(r.done) }));
}

/** Documents of these ids that exist, in the order given (the split keeps its order). */
export async function documentsInOrder(q: Reader, ids: number[]): Promise<{ id: number; parent_id: number | null; page_count: number }[]> {
  const rows = await q.all<{ id: number; parent_id: number | null; page_count: number }>(
    `SELECT d.id, d.parent_id, d.page_count FROM (${idList(q.kind, 'ids')}) j JOIN documents d ON d.id = j.id`,
    { ids: JSON.stringify(ids) },
  );
  return rows.map((r) => ({ id: Number(r.id), parent_id: r.parent_id === null ? null : Number(r.parent_id), page_count: Number(r.page_count) }));
}

// ---------------------------------------------------------------------------------------------
// Leases.
//
// Taking, renewing and giving back a lease are single statements on the engine itself, outside
// store.write and not audited. A lease is coordination between open windows, not a record: it
// holds no coding, only who has a document open and until when, and a window renews it every
// half minute — audited, those renewals would bury each document's history. What a lease
// protects is audited where it happens: the coding itself, which also takes the lease inside its
// own audited write (core/review/leases.ts). Each statement is atomic on both engines, so two
// windows taking one free lease at once get one holder.

export interface LeaseRow {
  document_id: number;
  holder: string;
  taken_at: string;
  expires_at: string;
  /** 1 while the lease runs (by the server's clock), 0 once it lapsed. */
  live: number;
}

export async function leaseOf(q: Reader, documentId: number): Promise<LeaseRow | undefined> {
  const r = await q.get<LeaseRow>(
    `SELECT document_id, holder, taken_at, expires_at, CASE WHEN expires_at > ${serverTime(q.kind)} THEN 1 ELSE 0 END AS live FROM document_leases WHERE document_id = ?`,
    [documentId],
  );
  return r && { ...r, document_id: Number(r.document_id), live: Number(r.live) };
}

/**
 * Take (or renew) the lease on a document for `holder` for `seconds` from now by the server's
 * clock: granted when nobody holds it, it lapsed, or `holder` has it (a renewal keeps the time it
 * was first taken). Returns whether it was granted; the lease as it stands is `leaseOf`'s.
 */
export async function takeLease(e: Runner, documentId: number, holder: string, seconds: number): Promise<boolean> {
  const { changes } = await e.run(
    `INSERT INTO document_leases (document_id, holder, taken_at, expires_at) VALUES (@id, @holder, ${serverTime(e.kind)}, ${serverTime(e.kind, 'seconds')})
     ON CONFLICT (document_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
       taken_at = CASE WHEN document_leases.holder = excluded.holder AND document_leases.expires_at > excluded.taken_at THEN document_leases.taken_at ELSE excluded.taken_at END
     WHERE document_leases.holder = excluded.holder OR document_leases.expires_at <= excluded.taken_at`,
    { id: documentId, holder, seconds },
  );
  return changes > 0;
}

/** Give a lease back (only its holder's own). */
export async function releaseLease(e: Runner, documentId: number, holder: string): Promise<boolean> {
  return (await e.run('DELETE FROM document_leases WHERE document_id = ? AND holder = ?', [documentId, holder])).changes > 0;
}

/** Live leases on these documents held by someone other than `me`, in document order. */
export async function otherLiveLeases(q: Reader, ids: readonly number[], me: string): Promise<LeaseRow[]> {
  const rows = await q.all<LeaseRow>(
    `SELECT l.document_id, l.holder, l.taken_at, l.expires_at, 1 AS live FROM (${idList(q.kind, 'ids')}) j JOIN document_leases l ON l.document_id = j.id
     WHERE l.holder <> @me AND l.expires_at > ${serverTime(q.kind)} ORDER BY l.document_id`,
    { ids: JSON.stringify(ids), me },
  );
  return rows.map((r) => ({ ...r, document_id: Number(r.document_id), live: 1 }));
}
