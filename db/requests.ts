/** Records requests, their tracking numbers and timelines. */
import { claimCounter, raiseCounter } from './counters.ts';
import { foldedTracking } from './dialect.ts';
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';
import { fieldChanges } from './field-changes.ts';
import { raiseVersions } from './versions.ts';
import { textMatches } from './dialect.ts';

export interface RequestFields {
  kind: string;
  agencyId: number;
  subject: string;
  recordsSought: string;
  recordsFrom: string | null;
  recordsTo: string | null;
  requester: string;
  assignee: string;
  priority: string;
  expeditedRequested: boolean;
  expeditedGranted: boolean | null;
  feeWaiverRequested: boolean;
  feeWaiverGranted: boolean | null;
  feeCategory: string | null;
  feeEstimateCents: number | null;
  feePaidCents: number | null;
  dueAt: string | null;
  dueTz: string | null;
  dueAsap: boolean;
  notes: string;
}

export interface DerivedColumns {
  status: string;
  dueDate: string | null;
  openedOn: string | null;
  isOpen: boolean;
  appealedEver: boolean;
}

export interface RequestRowDb {
  id: number;
  reference: string;
  kind: string;
  agency_id: number;
  subject: string;
  records_sought: string;
  records_from: string | null;
  records_to: string | null;
  requester: string;
  assignee: string;
  priority: string;
  expedited_requested: number;
  expedited_granted: number | null;
  fee_waiver_requested: number;
  fee_waiver_granted: number | null;
  fee_category: string | null;
  fee_estimate_cents: number | null;
  fee_paid_cents: number | null;
  due_at: string | null;
  due_tz: string | null;
  due_asap: number;
  notes: string;
  created_at: string;
  updated_at: string;
  /** Raised by one with each edit (migration 27). */
  version: number;
  status: string;
  due_date: string | null;
  opened_on: string | null;
  is_open: number;
  appealed_ever: number;
  agency_abbreviation: string;
  agency_name: string;
  tracking: string | null;
}

export interface EventRowDb {
  id: number;
  request_id: number;
  type: string;
  date: string;
  reason: string | null;
  outcome: string | null;
  exemptions: string;
  statute: string | null;
  note: string;
  created_at: string;
}

export interface TrackingRowDb {
  id: number;
  request_id: number;
  agency_id: number;
  agency_abbreviation: string;
  kind: string;
  number: string;
}

const bool = (b: boolean | null) => (b === null ? null : b ? 1 : 0);
const toColumns = (f: RequestFields) => ({
  kind: f.kind,
  agency_id: f.agencyId,
  subject: f.subject,
  records_sought: f.recordsSought,
  records_from: f.recordsFrom,
  records_to: f.recordsTo,
  requester: f.requester,
  assignee: f.assignee,
  priority: f.priority,
  expedited_requested: bool(f.expeditedRequested),
  expedited_granted: bool(f.expeditedGranted),
  fee_waiver_requested: bool(f.feeWaiverRequested),
  fee_waiver_granted: bool(f.feeWaiverGranted),
  fee_category: f.feeCategory,
  fee_estimate_cents: f.feeEstimateCents,
  fee_paid_cents: f.feePaidCents,
  due_at: f.dueAt,
  due_tz: f.dueTz,
  due_asap: bool(f.dueAsap),
  notes: f.notes,
});

export function fieldsOf(r: RequestRowDb): RequestFields {
  const b = (n: number | null) => (n === null ? null : n === 1);
  return {
    kind: r.kind,
    agencyId: r.agency_id,
    subject: r.subject,
    recordsSought: r.records_sought,
    recordsFrom: r.records_from,
    recordsTo: r.records_to,
    requester: r.requester,
    assignee: r.assignee,
    priority: r.priority,
    expeditedRequested: r.expedited_requested === 1,
    expeditedGranted: b(r.expedited_granted),
    feeWaiverRequested: r.fee_waiver_requested === 1,
    feeWaiverGranted: b(r.fee_waiver_granted),
    feeCategory: r.fee_category,
    feeEstimateCents: r.fee_estimate_cents,
    feePaidCents: r.fee_paid_cents,
    dueAt: r.due_at,
    dueTz: r.due_tz,
    dueAsap: r.due_asap === 1,
    notes: r.notes,
  };
}

const REFERENCE = /^REQ-(\d{4})-(\d+)$/;

/** Make sure the series of `reference`'s year never hands it out again (imports keep their references). */
export async function noteReference(w: Writer, reference: string): Promise<void> {
  const m = REFERENCE.exec(reference);
  if (!m) return;
  await raiseCounter(w, `request-reference-${m[1]}`, Number(m[2]));
}

/** Hand out the next reference of a year: REQ-2026-0001, REQ-2026-0002, … (inside the caller's write). */
export async function claimReference(w: Writer, year: number): Promise<string> {
  const next = await claimCounter(w, `request-reference-${year}`, async () => {
    // First one of the year on this database: start after any reference already there.
    const refs = await w.all<{ reference: string }>('SELECT reference FROM requests WHERE reference LIKE ?', [`REQ-${year}-%`]);
    return Math.max(0, ...refs.map((r) => Number(REFERENCE.exec(r.reference)?.[2] ?? 0))) + 1;
  });
  return `REQ-${year}-${String(next).padStart(4, '0')}`;
}

export async function insertRequest(w: Writer, reference: string, f: RequestFields): Promise<number> {
  const { lastId: id } = await w.run(`INSERT INTO requests (reference, kind, agency_id, subject, records_sought, records_from, records_to, requester, assignee, priority,
           expedited_requested, expedited_granted, fee_waiver_requested, fee_waiver_granted, fee_category, fee_estimate_cents, fee_paid_cents,
           due_at, due_tz, due_asap, notes, created_at, updated_at)
         VALUES (@reference, @kind, @agency_id, @subject, @records_sought, @records_from, @records_to, @requester, @assignee, @priority,
           @expedited_requested, @expedited_granted, @fee_waiver_requested, @fee_waiver_granted, @fee_category, @fee_estimate_cents, @fee_paid_cents,
           @due_at, @due_tz, @due_asap, @notes, @at, @at) RETURNING id`, { ...toColumns(f), reference, at: w.at });
  await w.audit({ action: 'requests.create', entity: 'request', entityId: reference, after: f });
  return id!;
}

export async function updateRequest(w: Writer, id: number, reference: string, before: RequestFields, after: RequestFields): Promise<void> {
  await w.run(
    `UPDATE requests SET kind = @kind, agency_id = @agency_id, subject = @subject, records_sought = @records_sought,
         records_from = @records_from, records_to = @records_to, requester = @requester, assignee = @assignee, priority = @priority,
         expedited_requested = @expedited_requested, expedited_granted = @expedited_granted, fee_waiver_requested = @fee_waiver_requested,
         fee_waiver_granted = @fee_waiver_granted, fee_category = @fee_category, fee_estimate_cents = @fee_estimate_cents,
         fee_paid_cents = @fee_paid_cents, due_at = @due_at, due_tz = @due_tz, due_asap = @due_asap, notes = @notes, updated_at = @at,
         version = version + 1
       WHERE id = @id`,
    { ...toColumns(after), id, at: w.at },
  );
  await w.audit({ action: 'requests.update', entity: 'request', entityId: reference, ...(await agencyByName(w, fieldChanges(before, after))) });
}

/** A changed agency recorded by its abbreviation (history reads "agency: ICE → CBP", not two row ids that mean nothing). */
async function agencyByName(
  q: Reader,
  c: { before: Partial<RequestFields>; after: Partial<RequestFields> },
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }> {
  if (c.after.agencyId === undefined) return c;
  const name = async (id: number | undefined) => (await q.get<{ abbreviation: string }>('SELECT abbreviation FROM agencies WHERE id = ?', [id]))?.abbreviation;
  const swap = async ({ agencyId, ...rest }: Partial<RequestFields>) => ({ agency: await name(agencyId), ...rest });
  return { before: await swap(c.before), after: await swap(c.after) };
}

/** Store what the core derived from the timeline. Not audited: it follows from audited data. */
export async function saveDerived(w: Writer, id: number, d: DerivedColumns): Promise<void> {
  await w.run('UPDATE requests SET status = ?, due_date = ?, opened_on = ?, is_open = ?, appealed_ever = ? WHERE id = ?', [
    d.status,
    d.dueDate,
    d.openedOn,
    d.isOpen ? 1 : 0,
    d.appealedEver ? 1 : 0,
    id,
  ]);
}

// string_agg with ORDER BY (SQLite 3.44+, and PostgreSQL): both engines list the numbers in the same order.
export const REQUEST_SELECT = `
  SELECT r.*, a.abbreviation AS agency_abbreviation, a.name AS agency_name,
         (SELECT string_agg(t.number, ', ' ORDER BY t.id) FROM tracking_numbers t WHERE t.request_id = r.id) AS tracking
  FROM requests r JOIN agencies a ON a.id = r.agency_id`;

export async function getRequestByReference(q: Reader, reference: string): Promise<RequestRowDb | undefined> {
  return q.get<RequestRowDb>(`${REQUEST_SELECT} WHERE lower(r.reference) = lower(?)`, [reference.trim()]);
}

export async function getRequestById(q: Reader, id: number): Promise<RequestRowDb | undefined> {
  return q.get<RequestRowDb>(`${REQUEST_SELECT} WHERE r.id = ?`, [id]);
}

/** Every request (or an agency's), with the events of each in timeline order: read in two queries, for recomputing many at once. */
export async function requestsWithEvents(q: Reader, agencyId?: number): Promise<{ row: RequestRowDb; events: EventRowDb[] }[]> {
  const only = agencyId === undefined ? '' : ' WHERE r.agency_id = ?';
  const args = agencyId === undefined ? [] : [agencyId];
  const [rows, events] = await Promise.all([
    q.all<RequestRowDb>(`${REQUEST_SELECT}${only} ORDER BY r.id`, args),
    q.all<EventRowDb>(`SELECT e.* FROM request_events e JOIN requests r ON r.id = e.request_id${only} ORDER BY e.request_id, e.date, e.id`, args),
  ]);
  const byRequest = new Map<number, EventRowDb[]>();
  for (const e of events) {
    const list = byRequest.get(Number(e.request_id)) ?? [];
    list.push(e);
    byRequest.set(Number(e.request_id), list);
  }
  return rows.map((row) => ({ row, events: byRequest.get(Number(row.id)) ?? [] }));
}

export async function eventsOf(q: Reader, requestId: number): Promise<EventRowDb[]> {
  return q.all<EventRowDb>('SELECT * FROM request_events WHERE request_id = ? ORDER BY date, id', [requestId]);
}

export interface EventFields {
  type: string;
  date: string;
  reason: string | null;
  outcome: string | null;
  exemptions: string[];
  statute: string | null;
  note: string;
}

export async function insertEvent(w: Writer, requestId: number, reference: string, e: EventFields): Promise<number> {
  const { lastId: id } = await w.run(`INSERT INTO request_events (request_id, type, date, reason, outcome, exemptions, statute, note, created_at)
         VALUES (@request_id, @type, @date, @reason, @outcome, @exemptions, @statute, @note, @at) RETURNING id`, { ...e, exemptions: JSON.stringify(e.exemptions), request_id: requestId, at: w.at });
  await w.audit({ action: 'requests.event.add', entity: 'request', entityId: reference, after: { eventId: id, ...e } });
  return id!;
}

export async function deleteEvent(w: Writer, reference: string, event: EventRowDb): Promise<void> {
  await w.run('DELETE FROM request_events WHERE id = ?', [event.id]);
  await w.audit({ action: 'requests.event.remove', entity: 'request', entityId: reference, before: event });
}

export async function trackingOf(q: Reader, requestId: number): Promise<TrackingRowDb[]> {
  return q.all<TrackingRowDb>(
    'SELECT t.*, a.abbreviation AS agency_abbreviation FROM tracking_numbers t JOIN agencies a ON a.id = t.agency_id WHERE request_id = ? ORDER BY t.id',
    [requestId],
  );
}

/**
 * The request already holding this number at this agency, if any, and the
 * number as it holds it. Numbers match regardless of case and surrounding
 * spaces (the folded form the index of migration 0014 covers); this check, not
 * that index, is the rule, since an old workspace may hold such pairs already.
 */
export async function trackingOwner(q: Reader, agencyId: number, number: string, exceptRequestId = 0): Promise<{ reference: string; number: string } | undefined> {
  const sql = `SELECT r.reference, t.number FROM tracking_numbers t JOIN requests r ON r.id = t.request_id
    WHERE t.agency_id = ? AND ${foldedTracking(q.kind, 't.number')} = ${foldedTracking(q.kind, 'CAST(? AS TEXT)')} AND t.request_id <> ? ORDER BY t.id LIMIT 1`;
  return q.get<{ reference: string; number: string }>(sql, [agencyId, number, exceptRequestId]);
}

/** The form two tracking numbers are compared in: trimmed, ASCII letters folded (in SQL: db/dialect.ts foldedTracking). */
export const foldTracking = (number: string) => number.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

export interface TrackingFields {
  kind: string;
  number: string;
  agencyId: number;
}

/** Replace a request's tracking numbers (audited as one change). */
export async function setTracking(w: Writer, requestId: number, reference: string, next: TrackingFields[]): Promise<void> {
  const before = (await trackingOf(w, requestId)).map((t) => ({ kind: t.kind, number: t.number, agencyId: t.agency_id }));
  if (JSON.stringify(before) === JSON.stringify(next)) return;
  await w.run('DELETE FROM tracking_numbers WHERE request_id = ?', [requestId]);
  for (const t of next) await w.run('INSERT INTO tracking_numbers (request_id, agency_id, kind, number) VALUES (?, ?, ?, ?)', [requestId, t.agencyId, t.kind, t.number]);
  // The tracking numbers are part of the request's form: a change to them is a new version of it.
  await raiseVersions(w, 'requests', [requestId]);
  await w.audit({ action: 'requests.tracking', entity: 'request', entityId: reference, before, after: next });
}

export interface ListQuery {
  statuses?: string[];
  kinds?: string[];
  agencyIds?: number[];
  assignee?: string;
  dueFrom?: string;
  dueTo?: string;
  openOnly?: boolean;
  overdueBefore?: string;
  /** Words to find, as a query in the engine's own syntax (core/requests/service.ts requestTextQuery). */
  text?: string;
  sort: 'due' | 'reference' | 'kind' | 'agency' | 'status' | 'opened' | 'subject' | 'priority';
  dir: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/**
 * The ORDER BY keys of each sort, each taking the direction asked. Text compared "whatever its
 * case" sorts by lower() then the text itself, so ties fall the same way on both engines.
 * Requests never opened come last either way.
 */
const SORTS: Record<ListQuery['sort'], (dir: 'ASC' | 'DESC') => string> = {
  due: (d) => `r.due_sort ${d}`,
  reference: (d) => `r.reference ${d}`,
  kind: (d) => `r.kind ${d}`,
  agency: (d) => `lower(a.abbreviation) ${d}, a.abbreviation ${d}`,
  status: (d) => `r.status ${d}`,
  opened: (d) => `r.opened_on IS NULL, r.opened_on ${d}`,
  subject: (d) => `lower(r.subject) ${d}, r.subject ${d}`,
  priority: (d) => `CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END ${d}`,
};

/**
 * One page of requests and the total matching. Full-text matching runs in a
 * subquery whose ids the filters then join, so the MATCH stays bounded.
 */
export async function listRequests(db: Reader, q: ListQuery): Promise<{ rows: RequestRowDb[]; total: number }> {
  const where: string[] = [];
  const p: Record<string, unknown> = {};
  const add = (clause: string, params: Record<string, unknown> = {}) => {
    where.push(clause);
    Object.assign(p, params);
  };
  const inList = (col: string, name: string, values: (string | number)[] | undefined) => {
    if (!values?.length) return;
    add(`${col} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`, Object.fromEntries(values.map((v, i) => [`${name}${i}`, v])));
  };
  inList('r.status', 'st', q.statuses);
  inList('r.kind', 'k', q.kinds);
  inList('r.agency_id', 'ag', q.agencyIds);
  if (q.assignee !== undefined) add('lower(r.assignee) = lower(@assignee)', { assignee: q.assignee });
  if (q.dueFrom) add('r.due_date >= @dueFrom', { dueFrom: q.dueFrom });
  if (q.dueTo) add('r.due_date <= @dueTo', { dueTo: q.dueTo });
  if (q.openOnly) add('r.is_open = 1');
  if (q.overdueBefore) add('r.is_open = 1 AND r.due_date < @overdueBefore', { overdueBefore: q.overdueBefore });
  if (q.text) add(`r.id IN (${textMatches(db.kind, 'requests', 'text')})`, { text: q.text });
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // Filters name only request columns, so counting needs no join.
  const total = (await db.get<{ n: number }>(`SELECT count(*) AS n FROM requests r ${w}`, p))!.n;
  const dir = q.dir === 'desc' ? 'DESC' : 'ASC';
  const order = `${SORTS[q.sort](dir)}, r.id ${dir}`;
  const rows = await db.all<RequestRowDb>(`${REQUEST_SELECT} ${w} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { ...p, limit: q.limit, offset: q.offset });
  return { rows, total };
}


/** Open requests per agency, busiest first, and how many of them are past due on `today`. */
export const OPEN_BY_AGENCY = `SELECT a.abbreviation AS agency, count(*) AS open, count(*) FILTER (WHERE r.due_date < @today) AS overdue
     FROM requests r JOIN agencies a ON a.id = r.agency_id WHERE r.is_open = 1
     GROUP BY a.id ORDER BY open DESC, a.abbreviation LIMIT @limit`;

export async function openByAgency(q: Reader, today: string, limit = 15): Promise<{ agency: string; open: number; overdue: number }[]> {
  return q.all<{ agency: string; open: number; overdue: number }>(OPEN_BY_AGENCY, { today, limit });
}

export const OVERDUE_BUCKETS = [
  { label: '1–10 days', from: 1, to: 10 },
  { label: '11–30 days', from: 11, to: 30 },
  { label: '31–90 days', from: 31, to: 90 },
  { label: '91–365 days', from: 91, to: 365 },
  { label: 'over a year', from: 366, to: 1_000_000 },
];

const MS_PER_DAY = 86_400_000;

/**
 * Open requests past due, counted by how many calendar days late they are on `today` (both
 * YYYY-MM-DD). The days are counted here rather than with SQLite's julianday(), which
 * PostgreSQL does not have: one SQL text for both engines.
 */
export async function overdueBuckets(q: Reader, today: string): Promise<{ label: string; count: number }[]> {
  const dues = (await q.all<{ due_date: string }>('SELECT due_date FROM requests WHERE is_open = 1 AND due_date < ?', [today])).map((r) => r.due_date);
  const late = dues.map((due) => Math.round((Date.parse(today) - Date.parse(due)) / MS_PER_DAY));
  return OVERDUE_BUCKETS.map((b) => ({ label: b.label, count: late.filter((d) => d >= b.from && d <= b.to).length }));
}

export async function countRequests(q: Reader): Promise<number> {
  return (await q.get<{ n: number }>('SELECT count(*) AS n FROM requests'))!.n;
}
