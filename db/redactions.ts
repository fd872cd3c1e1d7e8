/** Redaction boxes on document pages. */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

export interface RedactionRow {
  id: number;
  document_id: number;
  page_no: number;
  x: number;
  y: number;
  width: number;
  height: number;
  reason: string;
  created_at: string;
  created_by: string;
  /** Boxes applied together (redaction by search) share one; null for a box drawn by hand (migration 0019). */
  batch: string | null;
}

export type NewBox = Pick<RedactionRow, 'document_id' | 'page_no' | 'x' | 'y' | 'width' | 'height' | 'reason'>;

export async function redactionsOf(q: Reader, documentId: number): Promise<RedactionRow[]> {
  return q.all<RedactionRow>('SELECT * FROM redactions WHERE document_id = ? ORDER BY page_no, id', [documentId]);
}

export async function redactionById(q: Reader, id: number): Promise<RedactionRow | undefined> {
  return q.get<RedactionRow>('SELECT * FROM redactions WHERE id = ?', [id]);
}

export async function addRedaction(w: Writer, r: Pick<RedactionRow, 'document_id' | 'page_no' | 'x' | 'y' | 'width' | 'height' | 'reason'>): Promise<number> {
  const id = (
    await w.run('INSERT INTO redactions (document_id, page_no, x, y, width, height, reason, created_at, created_by) VALUES (@document_id, @page_no, @x, @y, @width, @height, @reason, @at, @by) RETURNING id', { ...r, at: w.at, by: w.actor })
  ).lastId!;
  await w.audit({ action: 'redactions.add', entity: 'document', entityId: String(r.document_id), after: { redaction: id, page: r.page_no, box: [r.x, r.y, r.width, r.height], reason: r.reason } });
  return id;
}

export async function removeRedaction(w: Writer, r: RedactionRow): Promise<void> {
  await w.run('DELETE FROM redactions WHERE id = ?', [r.id]);
  await w.audit({ action: 'redactions.remove', entity: 'document', entityId: String(r.document_id), before: { redaction: r.id, page: r.page_no, box: [r.x, r.y, r.width, r.height], reason: r.reason } });
}

/** Rows per INSERT: 9 bound values each, well under both engines' limits. */
const ROWS_PER_INSERT = 500;

/**
 * Many boxes in one batch, audited once with their count (a by-search redaction may write ten
 * thousand boxes; one audit row a box would bury the history). The caller's write is the one
 * transaction: every box is written, or none.
 */
export async function addRedactionBatch(w: Writer, boxes: NewBox[], batch: string, what: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < boxes.length; i += ROWS_PER_INSERT) {
    const chunk = boxes.slice(i, i + ROWS_PER_INSERT);
    await w.run(
      `INSERT INTO redactions (document_id, page_no, x, y, width, height, reason, created_at, created_by, batch) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((b) => [b.document_id, b.page_no, b.x, b.y, b.width, b.height, b.reason, w.at, w.actor, batch]),
    );
  }
  const documents = new Set(boxes.map((b) => b.document_id)).size;
  await w.audit({ action: 'redactions.batch', entity: 'redaction-batch', entityId: batch, after: { ...what, boxes: boxes.length, documents } });
}

/** How many boxes a batch holds now (0: none, or undone already). */
export async function batchSize(q: Reader, batch: string): Promise<number> {
  return (await q.get<{ n: number }>('SELECT count(*) AS n FROM redactions WHERE batch = ?', [batch]))!.n;
}

/** Take away every box of a batch, audited once; returns how many there were. */
export async function removeRedactionBatch(w: Writer, batch: string): Promise<number> {
  const boxes = Number(await batchSize(w, batch));
  if (boxes === 0) return 0;
  await w.run('DELETE FROM redactions WHERE batch = ?', [batch]);
  await w.audit({ action: 'redactions.undoBatch', entity: 'redaction-batch', entityId: batch, before: { boxes } });
  return boxes;
}
