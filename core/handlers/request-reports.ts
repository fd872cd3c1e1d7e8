import type { DashboardSummary, RequestSummary } from '../api.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { csvText } from '../csv-source.ts';
import { CsvError } from '../csv.ts';
import { AppError } from '../errors.ts';
import { formatDay, today as todayOf } from '../deadlines/dates.ts';
import { parseRequestsCsv, requestsToCsv } from '../requests/csv-io.ts';
import { requestsToIcs } from '../requests/ics.ts';
import { checkEventInTimeline, type TimelineEvent } from '../requests/timeline.ts';
import type { WorkCalendar } from '../deadlines/calendar.ts';
import { calendarFor, detail, receiptRuleOf, refreshDerived, resolveAgency, summarize } from '../requests/service.ts';
import { createRequest, listQuery } from './requests.ts';
import { importRows } from '../import-rows.ts';
import { getRequestByReference, insertEvent, listRequests, openByAgency, overdueBuckets } from '../../db/requests.ts';

const ALL = 1_000_000;

async function details(ctx: CallContext, q: Parameters<typeof listQuery>[1]) {
  const db = ctx.store.engine;
  const today = todayOf(ctx.now());
  const calendar = await calendarFor(db);
  const { rows } = await listRequests(db, await listQuery(db, { ...q, offset: 0, limit: ALL }, today));
  const out = [];
  for (const r of rows) out.push(await detail(db, r, today, calendar, ctx.now()));
  return out;
}

export const reportHandlers = defineHandlers({
  'requests.exportCsv': async (q, ctx) => {
    const list = await details(ctx, q);
    return { csv: requestsToCsv(list), count: list.length };
  },

  'calendar.exportIcs': async (q, ctx) => requestsToIcs(await details(ctx, { ...q, openOnly: q.openOnly ?? false }), ctx.now()),

  'requests.importCsv': async (input, ctx) => {
    let parsed;
    try {
      parsed = parseRequestsCsv(csvText(input, ctx.dataDir));
    } catch (e) {
      if (e instanceof CsvError) return { created: 0, updated: 0, errors: [{ line: e.line, message: e.message }] };
      throw e;
    }
    const now = ctx.now();
    // Read once, inside the import's write (closure days changed meanwhile count).
    let calendar: WorkCalendar | undefined;
    return importRows(
      ctx.store,
      ctx.actor,
      parsed.rows,
      async (w, row) => {
        calendar ??= await calendarFor(w);
        if (row.reference && (await getRequestByReference(w, row.reference))) {
          throw new AppError('CONFLICT', `reference: ${row.reference} already exists; remove the reference to import it under a new one.`);
        }
        const { id, reference } = await createRequest(w, row.input, calendar, now, row.reference ?? undefined);
        const timeline: TimelineEvent[] = [];
        const receipt = receiptRuleOf(await resolveAgency(w, row.input.agency));
        for (const e of [...row.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
          const ev = e as TimelineEvent & typeof e;
          checkEventInTimeline(row.input.kind, timeline, ev, calendar, todayOf(now), receipt);
          timeline.push(ev);
          await insertEvent(w, id, reference, e);
        }
        await refreshDerived(w, id, calendar);
        return 'created';
      },
      parsed.errors,
    );
  },

  'dashboard.summary': async (_i, ctx): Promise<DashboardSummary> => {
    const db = ctx.store.engine;
    const today = todayOf(ctx.now());
    const t = formatDay(today);
    const calendar = await calendarFor(db);
    const page = async (q: Parameters<typeof listQuery>[1], limit = 50) =>
      (await listRequests(db, await listQuery(db, { sort: 'due', dir: 'asc', offset: 0, limit, ...q }, today))).rows.map((r) => summarize(r, today, calendar, ctx.now()));

    const overdue = await page({ overdue: true });
    const dueSoon = await page({ openOnly: true, dueFrom: t, dueWithinDays: 7 });
    const awaitingAgency = await page({ statuses: ['submitted', 'acknowledged', 'partial'], sort: 'opened' });
    // Closed after an adverse determination, not yet appealed: their due date is the appeal window's.
    const closing = await page({ statuses: ['partially-granted', 'rejected', 'no-records'], dueFrom: t, dueTo: formatDay(today + 30) });
    const appealsClosing = closing.map((request: RequestSummary) => ({ request, closes: request.due!, daysLeft: request.daysUntilDue! }));

    const byAgency = await openByAgency(db, t);
    const buckets = await overdueBuckets(db, t);

    return {
      today: t,
      overdue,
      dueSoon,
      awaitingAgency,
      appealsClosing,
      openByAgency: byAgency,
      overdueBuckets: buckets,
    };
  },
});
