/** A second reviewer's approvals of a document's redaction boxes (migration 21). */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

export interface ApprovalRow {
  document_id: number;
  fingerprint: string;
  boxes: number;
  approved_by: string;
  approved_at: string;
}

export async function approvalsOf(q: Reader, documentId: number): Promise<ApprovalRow[]> {
  return await q.all<ApprovalRow>('SELECT * FROM redaction_approvals WHERE document_id = ? ORDER BY approved_at, approved_by', [documentId]);
}

/** Record (once) that the writer's actor approved this set of boxes; audited on the document. */
export async function recordApproval(w: Writer, documentId: number, fingerprint: string, boxes: number): Promise<void> {
  const { changes } = await w.run(
    'INSERT INTO redaction_approvals (document_id, fingerprint, boxes, approved_by, approved_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [documentId, fingerprint, boxes, w.actor, w.at],
  );
  if (changes) await w.audit({ action: 'redactions.approve', entity: 'document', entityId: String(documentId), after: { boxes, fingerprint } });
}
