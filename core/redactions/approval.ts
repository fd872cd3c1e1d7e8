/**
 * A second reviewer's approval of a document's redactions. The approval is of one set of boxes
 * (their fingerprint), so a box added, moved, re-reasoned or taken away afterwards leaves the
 * document unapproved; and the approver may not have drawn any of them — four eyes, not two.
 */
import { sha256Hex } from '../sha256.ts';
import { AppError } from '../errors.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { redactionsOf, type RedactionRow } from '../../db/redactions.ts';
import { approvalsOf, recordApproval } from '../../db/redaction-approvals.ts';
import type { RedactionApprovalOut } from '../api-review.ts';
import { peopleNamer } from '../team/display-names.ts';

/** Every box's page, place and reason, in a stable order: what an approval is of. */
export const boxesFingerprint = (boxes: readonly RedactionRow[]): string =>
  sha256Hex(JSON.stringify([...boxes].sort((a, b) => a.id - b.id).map((b) => [b.id, b.page_no, b.x, b.y, b.width, b.height, b.reason]))).slice(0, 32);

/** Whether the document's boxes as they are now were approved by someone who drew none of them. */
export async function approvalOf(q: Reader, documentId: number, boxes?: RedactionRow[]): Promise<RedactionApprovalOut> {
  const rows = boxes ?? (await redactionsOf(q, documentId));
  const drawnBy = [...new Set(rows.map((b) => b.created_by))].sort();
  if (rows.length === 0) return { boxes: 0, drawnBy, approvedBy: null, approvedAt: null };
  const fingerprint = boxesFingerprint(rows);
  const ok = (await approvalsOf(q, documentId)).find((a) => a.fingerprint === fingerprint && !drawnBy.includes(a.approved_by));
  return { boxes: rows.length, drawnBy, approvedBy: ok?.approved_by ?? null, approvedAt: ok?.approved_at ?? null };
}

/** The writer's actor approves the document's boxes as they are; refused to one who drew any of them, or when there are none. */
export async function approveRedactions(w: Writer, documentId: number): Promise<RedactionApprovalOut> {
  const rows = await redactionsOf(w, documentId);
  if (rows.length === 0) throw new AppError('BAD_INPUT', `id: document ${documentId} has no redactions to approve.`);
  if (rows.some((b) => b.created_by === w.actor)) {
    throw new AppError(
      'FORBIDDEN',
      `Redactions are approved by a second reviewer: ${w.actor ? (await peopleNamer(w))(w.actor) : 'you'} drew ${rows.filter((b) => b.created_by === w.actor).length === rows.length ? 'these boxes' : 'some of these boxes'}. Ask a reviewer who drew none of them to approve.`,
    );
  }
  await recordApproval(w, documentId, boxesFingerprint(rows), rows.length);
  return approvalOf(w, documentId, rows);
}
