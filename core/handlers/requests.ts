import type { Database } from 'better-sqlite3';
import type { ParsedInputOf, RequestDetail } from '../api.ts';
import { AppError } from '../errors.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { formatDay, today as todayOf } from '../deadlines/dates.ts';
import type { WorkCalendar } from '../deadlines/calendar.ts';
import { checkEventInTimeline, checkNewEvent, refuseFutureDate, replayTimeline, type TimelineEvent } from '../requests/timeline.ts';
import { calendarFor, detail, ftsQuery, receiptRuleOf, refreshDerived, requireRequest, resolveAgency, summarize, timelineOf } from '../requests/service.ts';
import { agenciesWithComponents, getAgency } from '../../db/agencies.ts';
import type { Writer } from '../../db/store.ts';
import { officeZone } from './settings.ts';
import {
  deleteEvent,
  eventsOf,
  fieldsOf,
  getRequestById,
  insertEvent,
  insertRequest,
  listRequests,
  claimReference,
  noteReference,
  setTracking,
  trackingOf,
  trackingOwner,
  foldTracking,
  updateRequest,
  type ListQuery,
  type RequestFields,
  type RequestRowDb,
  type TrackingFields,
} from '../../db/requests.ts';

type CreateInput = ParsedInputOf<'requests.create'>;
type ListInput = Omit<ParsedInputOf<'requests.list'>, 'offset' | 'limit' | 'sort' | 'dir'> & Partial<Pick<ParsedInputOf<'requests.list'>, 'offset' | 'limit' | 'sort' | 'dir'>>;

const cents = (dollars: number | null) => (dollars === null ? null : Math.round(dollars * 100));

/** Tracking numbers with their agencies resolved, each checked for a duplicate at the same agency. */
function resolveTracking(db: Database, list: CreateInput['trackingNumbers'], defaultAgencyId: number, requestId = 0): TrackingFields[] {
  const seen = new Set<string>();
  // A number this request already holds, exactly as typed, is no new claim: an old workspace may hold it
  // twice in different case (migration 0014 left such pairs alone), and that must not stop other edits.
  const kept = new Set(requestId ? trackingOf(db, requestId).map((t) => `${t.agency_id}\u0000${t.number}`) : []);
  return list.map((t, i) => {
    const agencyId = t.agency ? resolveAgency(db, t.agency, `trackingNumbers.${i}.agency`).id : defaultAgencyId;
    const key = `${agencyId}\u0000${foldTracking(t.number)}`;
    const owner = kept.has(`${agencyId}\u0000${t.number}`) ? undefined : trackingOwner(db, agencyId, t.number, requestId);
    if (owner || seen.has(key)) {
      const held = owner ? `used by ${owner.reference}${owner.number === t.number ? '' : ` (as ${owner.number})`}` : 'listed';
      throw new AppError('CONFLICT', `trackingNumbers.${i}.number: ${t.number} is already ${held} at this agency; tracking numbers are unique per agency, whatever their case.`);
    }
    seen.add(key);
    return { kind: t.kind, number: t.number, agencyId };
  });
}

type FieldsInput = Omit<CreateInput, 'sent' | 'received' | 'trackingNumbers' | 'agency'>;

/** Stored fields back in the shape the contract takes (dollars, not cents). */
function inputShape(f: RequestFields): FieldsInput {
  const { agencyId: _agency, feeEstimateCents, feePaidCents, ...rest } = f;
  return {
    ...rest,
    kind: rest.kind as FieldsInput['kind'],
    priority: rest.priority as FieldsInput['priority'],
    feeCategory: rest.feeCategory as FieldsInput['feeCategory'],
    feeEstimate: feeEstimateCents === null ? null : feeEstimateCents / 100,
    feePaid: feePaidCents === null ? null : feePaidCents / 100,
  };
}

function fieldsFrom(input: FieldsInput, agencyId: number): RequestFields {
  return {
    kind: input.kind,
    agencyId,
    subject: input.subject,
    recordsSought: input.recordsSought,
    recordsFrom: input.recordsFrom,
    recordsTo: input.recordsTo,
    requester: input.requester,
    assignee: input.assignee,
    priority: input.priority,
    expeditedRequested: input.expeditedRequested,
    expeditedGranted: input.expeditedGranted,
    feeWaiverRequested: input.feeWaiverRequested,
    feeWaiverGranted: input.feeWaiverGranted,
    feeCategory: input.feeCategory,
    feeEstimateCents: cents(input.feeEstimate),
    feePaidCents: cents(input.feePaid),
    dueAt: input.dueAt,
    dueTz: input.dueTz,
    dueAsap: input.dueAsap,
    notes: input.notes,
  };
}

/** A due hour given without a zone is read in the office's zone (Settings), so a stored hour is never ambiguous. */
const inOfficeZone = (db: Database, f: RequestFields): RequestFields => (f.dueAt?.includes('T') && !f.dueTz ? { ...f, dueTz: officeZone(db) } : f);

/** A request's tracking numbers as a caller would give them: those at the request's own agency name no agency, so they follow it. */
function trackingAsInput(db: Database, row: RequestRowDb): CreateInput['trackingNumbers'] {
  return trackingOf(db, row.id).map((t) => ({
    kind: t.kind as CreateInput['trackingNumbers'][number]['kind'],
    number: t.number,
    ...(t.agency_id === row.agency_id ? {} : { agency: t.agency_abbreviation }),
  }));
}

const blankEvent = { reason: null, outcome: null, exemptions: [], statute: null, note: '' };

/** Create one request inside an open write (shared by requests.create and CSV import); `now` is the core's clock. */
export function createRequest(w: Writer, input: CreateInput, calendar: WorkCalendar, now: Date, keepReference?: string): { id: number; reference: string } {
  for (const type of ['sent', 'received'] as const) if (input[type]) refuseFutureDate(input[type], todayOf(now), type);
  const agency = resolveAgency(w.db, input.agency);
  const tracking = resolveTracking(w.db, input.trackingNumbers, agency.id);
  const reference = keepReference ?? claimReference(w.db, now.getFullYear());
  if (keepReference) noteReference(w.db, keepReference);
  const id = insertRequest(w, reference, inOfficeZone(w.db, fieldsFrom(input, agency.id)));
  setTracking(w, id, reference, tracking);
  const timeline: TimelineEvent[] = [];
  for (const type of ['sent', 'received'] as const) {
    const date = input[type];
    if (!date) continue;
    const e = { type, date, ...blankEvent };
    checkNewEvent(input.kind, timeline, e);
    timeline.push(e);
    insertEvent(w, id, reference, e);
  }
  refreshDerived(w.db, id, calendar);
  return { id, reference };
}

export function listQuery(db: Database, q: ListInput, today: number): ListQuery {
  const dueTo = q.dueWithinDays === undefined ? q.dueTo : [q.dueTo, formatDay(today + q.dueWithinDays)].filter(Boolean).sort()[0];
  return {
    statuses: q.statuses,
    kinds: q.kinds,
    // A department includes its components: HHS finds ACF and ORR requests too.
    agencyIds: q.agencies && agenciesWithComponents(db, q.agencies.map((a, i) => resolveAgency(db, a, `agencies.${i}`).id)),
    assignee: q.assignee,
    dueFrom: q.dueFrom,
    dueTo,
    openOnly: q.openOnly || q.dueWithinDays !== undefined,
    overdueBefore: q.overdue ? formatDay(today) : undefined,
    text: q.text ? ftsQuery(q.text) : undefined,
    sort: q.sort ?? 'due',
    dir: q.dir ?? 'asc',
    offset: q.offset ?? 0,
    limit: q.limit ?? 200,
  };
}

const todayFor = (ctx: Pick<CallContext, 'now'>) => todayOf(ctx.now());

function detailOf(ctx: CallContext, id: number): RequestDetail {
  const db = ctx.store.db;
  return detail(db, getRequestById(db, id)!, todayFor(ctx), calendarFor(db), ctx.now());
}

export const requestHandlers = defineHandlers({
  'requests.create': (input, ctx) => {
    const calendar = calendarFor(ctx.store.db);
    const { id } = ctx.store.write(ctx.actor, (w) => createRequest(w, input, calendar, ctx.now()));
    return detailOf(ctx, id);
  },

  'requests.update': ({ reference, patch }, ctx) => {
    const db = ctx.store.db;
    const row = requireRequest(db, reference);
    const calendar = calendarFor(db);
    ctx.store.write(ctx.actor, (w) => {
      const before = fieldsOf(row);
      const agencyId = patch.agency ? resolveAgency(db, patch.agency).id : row.agency_id;
      const { agency: _a, trackingNumbers: _t, ...changes } = definedOnly(patch);
      const after = inOfficeZone(db, fieldsFrom({ ...inputShape(before), ...changes }, agencyId));
      if (after.recordsFrom && after.recordsTo && after.recordsFrom > after.recordsTo) {
        throw new AppError('BAD_INPUT', 'recordsTo: the date range of records ends before it starts.');
      }
      if (after.kind !== before.kind) {
        const timeline = timelineOf(eventsOf(db, row.id));
        replayTimeline(after.kind as CreateInput['kind'], timeline);
      }
      if (JSON.stringify(after) !== JSON.stringify(before)) updateRequest(w, row.id, row.reference, before, after);
      // A new agency takes the request's own tracking numbers along (checked for a duplicate there); referrals stay where they are.
      const tracking = patch.trackingNumbers ?? (agencyId !== row.agency_id ? trackingAsInput(db, row) : undefined);
      if (tracking) setTracking(w, row.id, row.reference, resolveTracking(db, tracking, agencyId, row.id));
      refreshDerived(db, row.id, calendar);
    });
    return detailOf(ctx, row.id);
  },

  'requests.get': ({ reference }, ctx) => {
    const db = ctx.store.db;
    return detail(db, requireRequest(db, reference), todayFor(ctx), calendarFor(db), ctx.now());
  },

  'requests.list': (q, ctx) => {
    const db = ctx.store.db;
    const today = todayFor(ctx);
    const calendar = calendarFor(db);
    const { rows, total } = listRequests(db, listQuery(db, q, today));
    return { rows: rows.map((r) => summarize(r, today, calendar, ctx.now())), total, today: formatDay(today) };
  },

  'requests.addEvent': ({ reference, ...e }, ctx) => {
    const db = ctx.store.db;
    const row = requireRequest(db, reference);
    const calendar = calendarFor(db);
    checkEventInTimeline(row.kind as CreateInput['kind'], timelineOf(eventsOf(db, row.id)), e, calendar, todayFor(ctx), receiptRuleOf(getAgency(db, row.agency_id)!));
    ctx.store.write(ctx.actor, (w) => {
      insertEvent(w, row.id, row.reference, e);
      refreshDerived(db, row.id, calendar);
    });
    return detailOf(ctx, row.id);
  },

  'requests.removeEvent': ({ reference, eventId }, ctx) => {
    const db = ctx.store.db;
    const row = requireRequest(db, reference);
    const events = eventsOf(db, row.id);
    const target = events.find((e) => e.id === eventId);
    if (!target) throw new AppError('NOT_FOUND', `eventId: request ${row.reference} has no event ${eventId}.`);
    // What remains must still make sense (e.g. no acknowledgement left without a receipt).
    replayTimeline(row.kind as CreateInput['kind'], timelineOf(events.filter((e) => e.id !== eventId)));
    const calendar = calendarFor(db);
    ctx.store.write(ctx.actor, (w) => {
      deleteEvent(w, row.reference, target);
      refreshDerived(db, row.id, calendar);
    });
    return detailOf(ctx, row.id);
  },
});

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

