import type { AuditEntry } from '../api.ts';
import { defineHandlers } from '../context.ts';
import { listAudit, type AuditRow } from '../../db/audit.ts';

const parse = (json: string | null): unknown => (json === null ? null : (JSON.parse(json) as unknown));

export const toAuditEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: parse(r.before),
  after: parse(r.after),
});

export const auditHandlers = defineHandlers({
  'audit.list': (q, { store }) => {
    const { rows, total } = listAudit(store.db, q);
    return { entries: rows.map(toAuditEntry), total };
  },
});
