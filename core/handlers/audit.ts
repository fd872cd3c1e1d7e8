import type { AuditEntry } from '../api.ts';
import { defineHandlers } from '../context.ts';
import { auditBetween, listAudit, type AuditRow } from '../../db/audit.ts';
import { toCsv } from '../csv.ts';
import { dayAfter } from '../deadlines/dates.ts';
import { withDisplayNames } from '../team/display-names.ts';

const parse = (json: string | null): unknown => (json === null ? null : (JSON.parse(json) as unknown));

export const toAuditEntry = (r: AuditRow): Omit<AuditEntry, 'actorName'> => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  osUser: r.os_user,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: parse(r.before),
  after: parse(r.after),
});

export const auditHandlers = defineHandlers({
  'audit.export': async ({ from, to }, { store }) => {
    const rows = await auditBetween(store.engine, from, dayAfter(to));
    const csv = toCsv(
      ['seq', 'at', 'actor', 'os_user', 'action', 'entity', 'entity_id', 'before', 'after', 'prev_hash', 'hash'],
      rows.map((r) => [r.seq, r.at, r.actor, r.os_user ?? '', r.action, r.entity, r.entity_id, r.before ?? '', r.after ?? '', r.prev_hash, r.hash]),
    );
    return { csv, rows: rows.length };
  },

  'audit.list': async (q, { store }) => {
    const { rows, total } = await listAudit(store.engine, q);
    return { entries: await withDisplayNames(store.engine, rows.map(toAuditEntry)), total };
  },
});
