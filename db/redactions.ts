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
}

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
