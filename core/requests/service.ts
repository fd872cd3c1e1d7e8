/**
 * The pieces every request call shares: finding agencies by what people call
 * them, the working calendar, keeping derived columns in step with timelines,
 * and turning rows into what the contract promises.
 */
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { disclosuresOfRequest } from '../../db/disclosures.ts';
import type { Agency, RequestDetail, RequestEvent, RequestSummary } from '../api.ts';
import { AppError } from '../errors.ts';
import { closureDays, WorkCalendar } from '../deadlines/calendar.ts';
import { type Day, formatDay, parseDay } from '../deadlines/dates.ts';
import type { Span } from '../deadlines/rules.ts';
import { zonedToUtc } from '../deadlines/zones.ts';
import { deriveRequest, type ClockFacts, type ReceiptRule, type TimelineEvent } from './timeline.ts';
import type { Priority, RequestKind, Status } from '../shared/vocabulary.ts';
import { wordsOf } from '../shared/search-query.ts';
import { allPrefixes, renderQuery } from '../documents/query-render.ts';
import { findAgencies, getAgency, listAgencies, type AgencyRow } from '../../db/agencies.ts';
import { listClosures } from '../../db/closures.ts';
import { eventsOf, fieldsOf, getRequestById, getRequestByReference, requestsWithEvents, saveDerived, trackingOf, type DerivedColumns, type EventRowDb, type RequestRowDb } from '../../db/requests.ts';

export async function calendarFor(q: Reader): Promise<WorkCalendar> {
  return new WorkCalendar(closureDays(await listClosures(q)));
}

/** An agency by abbreviation or name; the error names the field and says what to do. */
export async function resolveAgency(q: Reader, text: string, field = 'agency'): Promise<AgencyRow> {
  const found = await findAgencies(q, text);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new AppError('BAD_INPUT', `${field}: "${text}" matches ${found.map((a) => `${a.abbreviation} (${a.name})`).join(' and ')}; use the abbreviation.`);
  }
  throw new AppError('BAD_INPUT', `${field}: there is no agency called "${text.slice(0, 100)}". Use an abbreviation such as ICE or HHS, or add the agency first.`);
}

export const agencyOut = (a: AgencyRow): Agency => ({
  id: a.id,
  name: a.name,
  abbreviation: a.abbreviation,
  parentId: a.parent_id,
  parentAbbreviation: a.parent_abbreviation,
  foiaEmail: a.foia_email,
  portalUrl: a.portal_url,
  appealDays: a.appeal_days,
  appealDayKind: a.appeal_day_kind,
  receiptNextWorkingDay: a.receipt_next_working_day === 1,
  notes: a.notes,
  version: a.version,
});

export const appealSpanOf = (a: Pick<AgencyRow, 'appeal_days' | 'appeal_day_kind'>): Span => ({ days: a.appeal_days, kind: a.appeal_day_kind });

export const receiptRuleOf = (a: Pick<AgencyRow, 'receipt_next_working_day'>): ReceiptRule => (a.receipt_next_working_day === 1 ? 'next-working-day' : 'statute');

export const timelineOf = (rows: EventRowDb[]): TimelineEvent[] =>
  rows.map((e) => ({
    id: e.id,
    type: e.type as TimelineEvent['type'],
    date: e.date,
    reason: e.reason as TimelineEvent['reason'],
    outcome: e.outcome as TimelineEvent['outcome'],
    exemptions: JSON.parse(e.exemptions) as TimelineEvent['exemptions'],
    statute: e.statute,
    note: e.note,
  }));

export const factsOf = (r: RequestRowDb): ClockFacts => ({
  kind: r.kind as RequestKind,
  expeditedRequested: r.expedited_requested === 1,
  expeditedGranted: r.expedited_granted === null ? null : r.expedited_granted === 1,
  dueAt: r.due_at,
  dueTz: r.due_tz,
  dueAsap: r.due_asap === 1,
});

const deriveWith = (row: RequestRowDb, events: EventRowDb[], agency: AgencyRow, calendar: WorkCalendar) =>
  deriveRequest(factsOf(row), timelineOf(events), calendar, appealSpanOf(agency), receiptRuleOf(agency));

async function derive(q: Reader, row: RequestRowDb, calendar: WorkCalendar) {
  return deriveWith(row, await eventsOf(q, row.id), (await getAgency(q, row.agency_id))!, calendar);
}

const derivedColumns = (d: ReturnType<typeof deriveRequest>): DerivedColumns => ({ status: d.status, dueDate: d.due, openedOn: d.openedOn, isOpen: d.open, appealedEver: d.appealedEver });

/** Recompute the columns derived from a request's timeline (inside the caller's write). */
export async function refreshDerived(w: Writer, id: number, calendar: WorkCalendar): Promise<void> {
  const row = (await getRequestById(w, id))!;
  await saveDerived(w, id, derivedColumns(await derive(w, row, calendar)));
}

/**
 * Recompute every request's derived columns (or an agency's requests'), as a closure day or an
 * agency's rules change: read in a few queries, written only where something changed, so one
 * change on a team workspace is not a round trip per request to the server.
 */
export async function refreshManyDerived(w: Writer, calendar: WorkCalendar, agencyId?: number): Promise<number> {
  const [requests, agencies] = await Promise.all([requestsWithEvents(w, agencyId), listAgencies(w)]);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  let changed = 0;
  for (const { row, events } of requests) {
    const d = derivedColumns(deriveWith(row, events, agencyById.get(row.agency_id)!, calendar));
    const same = row.status === d.status && row.due_date === d.dueDate && row.opened_on === d.openedOn && row.is_open === (d.isOpen ? 1 : 0) && row.appealed_ever === (d.appealedEver ? 1 : 0);
    if (same) continue;
    await saveDerived(w, row.id, d);
    changed += 1;
  }
  return changed;
}

/** A letter due today at an hour in a zone is late once that moment has passed. */
function pastTheHour(r: RequestRowDb, now: Date): boolean {
  if (!r.due_at?.includes('T') || !r.due_tz || r.due_date !== r.due_at.slice(0, 10)) return false;
  return now.getTime() > zonedToUtc(r.due_at, r.due_tz).getTime();
}

export function summarize(r: RequestRowDb, today: Day, calendar: WorkCalendar, now: Date): RequestSummary {
  const due = r.due_date === null ? null : parseDay(r.due_date);
  const open = r.is_open === 1;
  const overdue = open && due !== null && (due < today || (due === today && pastTheHour(r, now)));
  return {
    id: r.id,
    reference: r.reference,
    kind: r.kind as RequestKind,
    agency: { id: r.agency_id, abbreviation: r.agency_abbreviation, name: r.agency_name },
    subject: r.subject,
    status: r.status as Status,
    open,
    due: r.due_date,
    daysUntilDue: due === null ? null : due - today,
    overdue,
    longOverdue: overdue && calendar.addWorkingDays(due!, 20).day < today,
    openedOn: r.opened_on,
    daysWaiting: open && r.opened_on ? today - parseDay(r.opened_on) : null,
    assignee: r.assignee,
    priority: r.priority as Priority,
    trackingNumbers: r.tracking ?? '',
    appealedEver: r.appealed_ever === 1,
    version: r.version,
  };
}

const dollars = (cents: number | null) => (cents === null ? null : cents / 100);

export async function detail(q: Reader, row: RequestRowDb, today: Day, calendar: WorkCalendar, now: Date): Promise<RequestDetail> {
  const d = await derive(q, row, calendar);
  const f = fieldsOf(row);
  const events: RequestEvent[] = (await eventsOf(q, row.id)).map((e) => ({
    id: e.id,
    type: e.type as RequestEvent['type'],
    date: e.date,
    reason: e.reason,
    outcome: e.outcome,
    exemptions: JSON.parse(e.exemptions) as string[],
    statute: e.statute,
    note: e.note,
  }));
  return {
    ...summarize(row, today, calendar, now),
    recordsSought: f.recordsSought,
    recordsFrom: f.recordsFrom,
    recordsTo: f.recordsTo,
    requester: f.requester,
    expeditedRequested: f.expeditedRequested,
    expeditedGranted: f.expeditedGranted,
    feeWaiverRequested: f.feeWaiverRequested,
    feeWaiverGranted: f.feeWaiverGranted,
    feeCategory: f.feeCategory as RequestDetail['feeCategory'],
    feeEstimate: dollars(f.feeEstimateCents),
    feePaid: dollars(f.feePaidCents),
    dueAt: f.dueAt,
    dueTz: f.dueTz,
    dueAsap: f.dueAsap,
    notes: f.notes,
    tracking: (await trackingOf(q, row.id)).map((t) => ({ kind: t.kind as RequestDetail['tracking'][number]['kind'], number: t.number, agency: t.agency_abbreviation })),
    events,
    clocks: d.clocks,
    disclosures: await disclosuresOfRequest(q, row.id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Words typed in the requests list's search box as a query in the engine's syntax: each word must
 * appear (as a prefix). Only letters and digits reach the engine, so quotes and operators typed
 * by a user cannot break the query.
 */
export function requestTextQuery(text: string, kind: Reader['kind']): string | undefined {
  const words = wordsOf(text).slice(0, 20);
  return words.length ? renderQuery(allPrefixes(words), kind) : undefined;
}

export const todayString = (today: Day) => formatDay(today);

/** The request a user named by its reference, or NOT_FOUND naming the field it was given in. */
export async function requireRequest(q: Reader, reference: string, field = 'reference'): Promise<RequestRowDb> {
  const row = await getRequestByReference(q, reference);
  if (!row) throw new AppError('NOT_FOUND', `${field}: there is no request ${reference.slice(0, 40)}.`);
  return row;
}
