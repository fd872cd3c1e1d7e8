import { refuseStale } from '../versions.ts';
import type { ParsedInputOf, RequestDetail } from '../api.ts';
import { AppError } from '../errors.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { formatDay, today as todayOf } from '../deadlines/dates.ts';
import type { WorkCalendar } from '../deadlines/calendar.ts';
import { checkEventInTimeline, checkNewEvent, refuseFutureDate, replayTimeline, type TimelineEvent } from '../requests/timeline.ts';
import { calendarFor, detail, receiptRuleOf, requestTextQuery, refreshDerived, requireRequest, resolveAgency, summarize, timelineOf } from '../requests/service.ts';
import { agenciesWithComponents, getAgency } from '../../db/agencies.ts';
import type { Reader } from '../../db/engine.ts';
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
async function resolveTracking(w: Writer, list: CreateInput['trackingNumbers'], defaultAgencyId: number, requestId = 0): Promise<TrackingFields[]> {
  const seen = new Set<string>();
  // A number this request already holds, exactly as typed, is no new claim: an old workspace may hold it
  // twice in different case (migration 0014 left such pairs alone), and that must not stop other edits.
  const kept = new Set(requestId ? (await trackingOf(w, requestId)).map((t) => `${t.agency_id}\u0000${t.number}`) : []);
  const resolved: TrackingFields[] = [];
  // One number at a time, inside the caller's write: the owner found here cannot change before setTracking stores the list.
  for (const [i, t] of list.entries()) {
    const agencyId = t.agency ? (await resolveAgency(w, t.agency, `trackingNumbers.${i}.agency`)).id : defaultAgencyId;
    const key = `${agencyId}\u0000${foldTracking(t.number)}`;
    const owner = kept.has(`${agencyId}\u0000${t.number}`) ? undefined : await trackingOwner(w, agencyId, t.number, requestId);
    if (owner || seen.has(key)) {
      const held = owner ? `used by ${owner.reference}${owner.number === t.number ? '' : ` (as ${owner.number})`}` : 'listed';
      throw new AppError('CONFLICT', `trackingNumbers.${i}.number: ${t.number} is already ${held} at this agency; tracking numbers are unique per agency, whatever their case.`);
    }
    seen.add(key);
    resolved.push({ kind: t.kind, number: t.number, agencyId });
  }
  return resolved;
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
const inOfficeZone = async (q: Reader, f: RequestFields): Promise<RequestFields> => (f.dueAt?.includes('T') && !f.dueTz ? { ...f, dueTz: await officeZone(q) } : f);

/** A request's tracking numbers as a caller would give them: those at the request's own agency name no agency, so they follow it. */
async function trackingAsInput(q: Reader, row: RequestRowDb): Promise<CreateInput['trackingNumbers']> {
  return (await trackingOf(q, row.id)).map((t) => ({
    kind: t.kind as CreateInput['trackingNumbers'][number]['kind'],
    number: t.number,
    ...(t.agency_id === row.agency_id ? {} : { agency: t.agency_abbreviation }),
  }));
}

const blankEvent = { reason: null, outcome: null, exemptions: [], statute: null, note: '' };

/** Create one request inside an open write (shared by requests.create and CSV import); `now` is the core's clock. */
export async function createRequest(w: Writer, input: CreateInput, calendar: WorkCalendar, now: Date, keepReference?: string): Promise<{ id: number; reference: string }> {
  for (const type of ['sent', 'received'] as const) if (input[type]) refuseFutureDate(input[type], todayOf(now), type);
  const agency = await resolveAgency(w, input.agency);
  const tracking = await resolveTracking(w, input.trackingNumbers, agency.id);
  const reference = keepReference ?? (await claimReference(w, now.getFullYear()));
  if (keepReference) await noteReference(w, keepReference);
  const id = await insertRequest(w, reference, await inOfficeZone(w, fieldsFrom(input, agency.id)));
  await setTracking(w, id, reference, tracking);
  const timeline: TimelineEvent[] = [];
  for (const type of ['sent', 'received'] as const) {
    const date = input[type];
    if (!date) continue;
    const e = { type, date, ...blankEvent };
    checkNewEvent(input.kind, timeline, e);
    timeline.push(e);
    await insertEvent(w, id, reference, e);
  }
  await refreshDerived(w, id, calendar);
  return { id, reference };
}

export async function listQuery(db: Reader, q: ListInput, today: number): Promise<ListQuery> {
  const dueTo = q.dueWithinDays === undefined ? q.dueTo : [q.dueTo, formatDay(today + q.dueWithinDays)].filter(Boolean).sort()[0];
  return {
    statuses: q.statuses,
    kinds: q.kinds,
    // A department includes its components: HHS finds ACF and ORR requests too.
    agencyIds: q.agencies && (await agenciesWithComponents(db, await agencyIdsOf(db, q.agencies))),
    assignee: q.assignee,
    dueFrom: q.dueFrom,
    dueTo,
    openOnly: q.openOnly || q.dueWithinDays !== undefined,
    overdueBefore: q.overdue ? formatDay(today) : undefined,
    text: q.text ? requestTextQuery(q.text, db.kind) : undefined,
    sort: q.sort ?? 'due',
    dir: q.dir ?? 'asc',
    offset: q.offset ?? 0,
    limit: q.limit ?? 200,
  };
}

/** The agencies a list filter names, resolved one after another (the first unknown one is the error). */
async function agencyIdsOf(q: Reader, names: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, a] of names.entries()) ids.push((await resolveAgency(q, a, `agencies.${i}`)).id);
  return ids;
}

const todayFor = (ctx: Pick<CallContext, 'now'>) => todayOf(ctx.now());

async function detailOf(ctx: CallContext, id: number): Promise<RequestDetail> {
  const q = ctx.store.engine;
  return detail(q, (await getRequestById(q, id))!, todayFor(ctx), await calendarFor(q), ctx.now());
}

export const requestHandlers = defineHandlers({
  'requests.create': async (input, ctx) => {
    const { id } = await ctx.store.write(ctx.actor, async (w) => createRequest(w, input, await calendarFor(w), ctx.now()));
    return detailOf(ctx, id);
  },

  'requests.update': async ({ reference, patch, version }, ctx) => {
    // Everything it decides on is read inside the write, so another change cannot land in between.
    const id = await ctx.store.write(ctx.actor, async (w) => {
      const row = await requireRequest(w, reference);
      await refuseStale(w, ctx.now(), 'request', row.id, row.reference, version);
      const before = fieldsOf(row);
      const agencyId = patch.agency ? (await resolveAgency(w, patch.agency)).id : row.agency_id;
      const { agency: _a, trackingNumbers: _t, ...changes } = definedOnly(patch);
      const after = await inOfficeZone(w, fieldsFrom({ ...inputShape(before), ...changes }, agencyId));
      if (after.recordsFrom && after.recordsTo && after.recordsFrom > after.recordsTo) {
        throw new AppError('BAD_INPUT', 'recordsTo: the date range of records ends before it starts.');
      }
      if (after.kind !== before.kind) {
        const timeline = timelineOf(await eventsOf(w, row.id));
        replayTimeline(after.kind as CreateInput['kind'], timeline);
      }
      if (JSON.stringify(after) !== JSON.stringify(before)) await updateRequest(w, row.id, row.reference, before, after);
      // A new agency takes the request's own tracking numbers along (checked for a duplicate there); referrals stay where they are.
      const tracking = patch.trackingNumbers ?? (agencyId !== row.agency_id ? await trackingAsInput(w, row) : undefined);
      if (tracking) await setTracking(w, row.id, row.reference, await resolveTracking(w, tracking, agencyId, row.id));
      await refreshDerived(w, row.id, await calendarFor(w));
      return row.id;
    });
    return detailOf(ctx, id);
  },

  'requests.get': async ({ reference }, ctx) => {
    const q = ctx.store.engine;
    return detail(q, await requireRequest(q, reference), todayFor(ctx), await calendarFor(q), ctx.now());
  },

  'requests.list': async (q, ctx) => {
    const db = ctx.store.engine;
    const today = todayFor(ctx);
    const calendar = await calendarFor(db);
    const { rows, total } = await listRequests(db, await listQuery(db, q, today));
    return { rows: rows.map((r) => summarize(r, today, calendar, ctx.now())), total, today: formatDay(today) };
  },

  'requests.addEvent': async ({ reference, ...e }, ctx) => {
    // Checked against the timeline inside the write: an event added meanwhile (a second receipt) counts.
    const id = await ctx.store.write(ctx.actor, async (w) => {
      const row = await requireRequest(w, reference);
      const calendar = await calendarFor(w);
      checkEventInTimeline(row.kind as CreateInput['kind'], timelineOf(await eventsOf(w, row.id)), e, calendar, todayFor(ctx), receiptRuleOf((await getAgency(w, row.agency_id))!));
      await insertEvent(w, row.id, row.reference, e);
      await refreshDerived(w, row.id, calendar);
      return row.id;
    });
    return detailOf(ctx, id);
  },

  'requests.removeEvent': async ({ reference, eventId }, ctx) => {
    const id = await ctx.store.write(ctx.actor, async (w) => {
      const row = await requireRequest(w, reference);
      const events = await eventsOf(w, row.id);
      const target = events.find((e) => e.id === eventId);
      if (!target) throw new AppError('NOT_FOUND', `eventId: request ${row.reference} has no event ${eventId}.`);
      // What remains must still make sense (e.g. no acknowledgement left without a receipt).
      replayTimeline(row.kind as CreateInput['kind'], timelineOf(events.filter((e) => e.id !== eventId)));
      await deleteEvent(w, row.reference, target);
      await refreshDerived(w, row.id, await calendarFor(w));
      return row.id;
    });
    return detailOf(ctx, id);
  },
});

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

