/** Agencies and their components. */
import { idList } from './dialect.ts';
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

export interface AgencyRow {
  id: number;
  name: string;
  abbreviation: string;
  parent_id: number | null;
  parent_abbreviation: string | null;
  foia_email: string;
  portal_url: string;
  appeal_days: number;
  appeal_day_kind: 'calendar' | 'working';
  receipt_next_working_day: 0 | 1;
  notes: string;
  /** Raised by one with each edit (migration 27). */
  version: number;
}

export interface AgencyFields {
  name: string;
  abbreviation: string;
  parentId: number | null;
  foiaEmail: string;
  portalUrl: string;
  appealDays: number;
  appealDayKind: 'calendar' | 'working';
  /** Its regulations deem a request arriving on a day off received on the next working day. */
  receiptNextWorkingDay: boolean;
  notes: string;
}

const SELECT = `SELECT a.*, p.abbreviation AS parent_abbreviation FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`;

export async function listAgencies(q: Reader): Promise<AgencyRow[]> {
  return q.all<AgencyRow>(`${SELECT} ORDER BY lower(a.name), a.name`);
}

export async function getAgency(q: Reader, id: number): Promise<AgencyRow | undefined> {
  return q.get<AgencyRow>(`${SELECT} WHERE a.id = ?`, [id]);
}

/**
 * Names and abbreviations are one "whatever their case": lower() on both engines, as the unique
 * indexes on PostgreSQL are built (SQLite's lower() folds A–Z only, as its NOCASE indexes do).
 */
const SAME_NAME = '(lower(a.abbreviation) = lower(@abbreviation) OR lower(a.name) = lower(@name))';

/** Agencies whose abbreviation or name is `text` (case-insensitive). */
export async function findAgencies(q: Reader, text: string): Promise<AgencyRow[]> {
  return q.all<AgencyRow>(`${SELECT} WHERE ${SAME_NAME} ORDER BY a.id`, { abbreviation: text.trim(), name: text.trim() });
}

/** The agency holding this abbreviation or name, other than `exceptId`. */
export async function agencyClash(q: Reader, f: Pick<AgencyFields, 'name' | 'abbreviation'>, exceptId = 0): Promise<AgencyRow | undefined> {
  return q.get<AgencyRow>(`${SELECT} WHERE ${SAME_NAME} AND a.id <> @exceptId ORDER BY a.id`, { abbreviation: f.abbreviation.trim(), name: f.name.trim(), exceptId });
}

const toRow = (f: AgencyFields) => ({
  name: f.name,
  abbreviation: f.abbreviation,
  parent_id: f.parentId,
  foia_email: f.foiaEmail,
  portal_url: f.portalUrl,
  appeal_days: f.appealDays,
  appeal_day_kind: f.appealDayKind,
  receipt_next_working_day: f.receiptNextWorkingDay ? 1 : 0,
  notes: f.notes,
});

export async function insertAgency(w: Writer, f: AgencyFields): Promise<number> {
  const { lastId: id } = await w.run(`INSERT INTO agencies (name, abbreviation, parent_id, foia_email, portal_url, appeal_days, appeal_day_kind, receipt_next_working_day, notes)
         VALUES (@name, @abbreviation, @parent_id, @foia_email, @portal_url, @appeal_days, @appeal_day_kind, @receipt_next_working_day, @notes) RETURNING id`, toRow(f));
  await w.audit({ action: 'agencies.create', entity: 'agency', entityId: String(id), after: f });
  return id!;
}

export async function updateAgency(w: Writer, id: number, before: AgencyFields, after: AgencyFields): Promise<void> {
  await w.run(
    `UPDATE agencies SET name = @name, abbreviation = @abbreviation, parent_id = @parent_id, foia_email = @foia_email,
       portal_url = @portal_url, appeal_days = @appeal_days, appeal_day_kind = @appeal_day_kind,
       receipt_next_working_day = @receipt_next_working_day, notes = @notes, version = version + 1 WHERE id = @id`,
    { ...toRow(after), id },
  );
  await w.audit({ action: 'agencies.update', entity: 'agency', entityId: String(id), before, after });
}

export const agencyFields = (r: AgencyRow): AgencyFields => ({
  name: r.name,
  abbreviation: r.abbreviation,
  parentId: r.parent_id,
  foiaEmail: r.foia_email,
  portalUrl: r.portal_url,
  appealDays: r.appeal_days,
  appealDayKind: r.appeal_day_kind,
  receiptNextWorkingDay: r.receipt_next_working_day === 1,
  notes: r.notes,
});

/**
 * These agencies and every component under them, at any depth: a department
 * (HHS) stands for its components (ACF, ORR) wherever a list is filtered.
 */
export async function agenciesWithComponents(q: Reader, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await q.all<{ id: number }>(
    `WITH RECURSIVE tree(id) AS (${idList(q.kind, 'ids')} UNION SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id)
     SELECT id FROM tree ORDER BY id`,
    { ids: JSON.stringify(ids) },
  );
  return rows.map((r) => r.id);
}

/** Would making `parentId` the parent of `id` create a loop? One walk up from `parentId` (at most 100 steps). */
export async function wouldLoop(q: Reader, id: number, parentId: number): Promise<boolean> {
  const hit = await q.get(
    `WITH RECURSIVE up(id, hops) AS (SELECT CAST(@parentId AS BIGINT), 0
       UNION ALL SELECT a.parent_id, up.hops + 1 FROM agencies a JOIN up ON a.id = up.id WHERE a.parent_id IS NOT NULL AND up.hops < 99)
     SELECT 1 AS hit FROM up WHERE id = @id LIMIT 1`,
    { parentId, id },
  );
  return hit !== undefined;
}
