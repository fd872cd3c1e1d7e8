import type { DashboardSummary, RequestSummary } from '../api.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { csvText } from '../csv-source.ts';
import { CsvError } from '../csv.ts';
import { AppError } from '../errors.ts';
import { formatDay, today as todayOf } from '../deadlines/dates.ts';
import { parseRequestsCsv, requestsToCsv } from '../requests/csv-io.ts';
import { requestsToIcs } from '../requests/ics.ts';
import { checkEventInTimeline, type TimelineEvent } from '../requests/timeline.ts';
import { calendarFor, detail, receiptRuleOf, refreshDerived, resolveAgency, summarize } from '../requests/service.ts';
import { createRequest, listQuery } from './requests.ts';
import { importRows } from '../import-rows.ts';
import { getRequestByReference, insertEvent, listRequests, openByAgency, overdueBuckets } from '../../db/requests.ts';

const ALL = 1_000_000;

function details(ctx: CallContext, q: Parameters<typeof listQuery>[1]) {
  const db = ctx.store.db;
  const today = todayOf(ctx.now());
  const calendar = calendarFor(db);
  const { rows } = listRequests(db, listQuery(db, { ...q, offset: 0, limit: ALL }, today));
  return rows.map((r) => detail(db, r, today, calendar, ctx.now()));
}

export const reportHandlers = defineHandlers({
  'requests.exportCsv': (q, ctx) => {
    const list = details(ctx, q);
    return { csv: requestsToCsv(list), count: list.length };
  },

  'calendar.exportIcs': (q, ctx) => requestsToIcs(details(ctx, { ...q, openOnly: q.openOnly ?? false }), ctx.now()),

  'requests.importCsv': (input, ctx) => {
    let parsed;
    try {
      parsed = parseRequestsCsv(csvText(input, ctx.dataDir));
    } catch (e) {
      if (e instanceof CsvError) return { created: 0, updated: 0, errors: [{ line: e.line, message: e.message }] };
      throw e;
    }
    const db = ctx.store.db;
    const calendar = calendarFor(db);
    const now = ctx.now();
    return importRows(
      ctx.store,
      ctx.actor,
      parsed.rows,
      (w, row) => {
        if (row.reference && getRequestByReference(db, row.reference)) {
          throw new AppError('CONFLICT', `reference: ${row.reference} already exists; remove the reference to import it under a new one.`);
        }
        const { id, reference } = createRequest(w, row.input, calendar, now, row.reference ?? undefined);
        const timeline: TimelineEvent[] = [];
        const receipt = receiptRuleOf(resolveAgency(db, row.input.agency));
        for (const e of [...row.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
          const ev = e as TimelineEvent & typeof e;
          checkEventInTimeline(row.input.kind, timeline, ev, calendar, todayOf(now), receipt);
          timeline.push(ev);
          insertEvent(w, id, reference, e);
        }
        refreshDerived(db, id, calendar);
        return 'created';
      },
      parsed.errors,
    );
  },

  'dashboard.summary': (_i, ctx): DashboardSummary => {
    const db = ctx.store.db;
    const today = todayOf(ctx.now());
    const t = formatDay(today);
    const calendar = calendarFor(db);
    const page = (q: Parameters<typeof listQuery>[1], limit = 50) =>
      listRequests(db, listQuery(db, { sort: 'due', dir: 'asc', offset: 0, limit, ...q }, today)).rows.map((r) => summarize(r, today, calendar, ctx.now()));

    const overdue = page({ overdue: true });
    const dueSoon = page({ openOnly: true, dueFrom: t, dueWithinDays: 7 });
    const awaitingAgency = page({ statuses: ['submitted', 'acknowledged', 'partial'], sort: 'opened' });
    // Closed after an adverse determination, not yet appealed: their due date is the appeal window's.
    const closing = page({ statuses: ['partially-granted', 'rejected', 'no-records'], dueFrom: t, dueTo: formatDay(today + 30) });
    const appealsClosing = closing.map((request: RequestSummary) => ({ request, closes: request.due!, daysLeft: request.daysUntilDue! }));

    const byAgency = openByAgency(db, t);
    const buckets = overdueBuckets(db, t);

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
