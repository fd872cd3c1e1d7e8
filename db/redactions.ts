/** Redaction boxes on document pages. */
import type { Database } from 'better-sqlite3';
import { insertedId, prepared } from './prepared.ts';
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
}

export const redactionsOf = (db: Database, documentId: number) =>
  prepared(db, 'SELECT * FROM redactions WHERE document_id = ? ORDER BY page_no, id').all(documentId) as RedactionRow[];

export const redactionById = (db: Database, id: number) => prepared(db, 'SELECT * FROM redactions WHERE id = ?').get(id) as RedactionRow | undefined;

export function addRedaction(w: Writer, r: Pick<RedactionRow, 'document_id' | 'page_no' | 'x' | 'y' | 'width' | 'height' | 'reason'>): number {
  const id = insertedId(w.db, 'INSERT INTO redactions (document_id, page_no, x, y, width, height, reason, created_at, created_by) VALUES (@document_id, @page_no, @x, @y, @width, @height, @reason, @at, @by) RETURNING id', { ...r, at: w.at, by: w.actor });
  w.audit({ action: 'redactions.add', entity: 'document', entityId: String(r.document_id), after: { redaction: id, page: r.page_no, box: [r.x, r.y, r.width, r.height], reason: r.reason } });
  return id;
}

export function removeRedaction(w: Writer, r: RedactionRow): void {
  prepared(w.db, 'DELETE FROM redactions WHERE id = ?').run(r.id);
  w.audit({ action: 'redactions.remove', entity: 'document', entityId: String(r.document_id), before: { redaction: r.id, page: r.page_no, box: [r.x, r.y, r.width, r.height], reason: r.reason } });
}
