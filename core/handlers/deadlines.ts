import { defineHandlers } from '../context.ts';
import { AppError } from '../errors.ts';
import { parseDay } from '../deadlines/dates.ts';
import { computeRule, DEFAULT_APPEAL_WINDOW } from '../deadlines/rules.ts';
import { calendarFor, refreshDerived } from '../requests/service.ts';
import type { Writer } from '../../db/store.ts';
import { addClosure, deleteClosure, listClosures, overlappingClosures, type ClosureRow } from '../../db/closures.ts';
import { allRequestIds } from '../../db/requests.ts';

/** Every working-day clock depends on the closure days: recompute all requests in the same write. */
function refreshAll(w: Writer): void {
  const calendar = calendarFor(w.db);
  for (const id of allRequestIds(w.db)) refreshDerived(w.db, id, calendar);
}

const span = (from: string, to: string) => (from === to ? from : `${from} to ${to}`);

/** "2019-01-02 to 2019-01-04 are already closed (Shutdown, 2018-12-22 to 2019-01-25)" */
function sharedDays(entry: ClosureRow, held: ClosureRow): string {
  const from = entry.date > held.date ? entry.date : held.date;
  const to = entry.until < held.until ? entry.until : held.until;
  return `${span(from, to)} ${from === to ? 'is' : 'are'} already closed (${held.reason}, ${span(held.date, held.until)})`;
}

export const deadlineHandlers = defineHandlers({
  'deadlines.compute': ({ rule, from, appealDays, appealDayKind }, { store }) =>
    computeRule(calendarFor(store.db), rule, parseDay(from, 'from'), {
      days: appealDays ?? DEFAULT_APPEAL_WINDOW.days,
      kind: appealDayKind ?? DEFAULT_APPEAL_WINDOW.kind,
    }),

  'closures.list': (_i, { store }) => listClosures(store.db),

  'closures.add': ({ date, until, reason }, { store, actor }) => {
    const entry = { date, until: until ?? date, reason };
    store.write(actor, (w) => {
      // A day closed twice would be a second reason for one day: refuse, naming the days already entered.
      const clash = overlappingClosures(w.db, entry.date, entry.until);
      if (clash.length) throw new AppError('CONFLICT', `${until ? 'until' : 'date'}: ${clash.map((c) => sharedDays(entry, c)).join('; ')}. Remove that entry first or choose other days; nothing was added.`);
      addClosure(w, entry);
      refreshAll(w);
    });
    return listClosures(store.db);
  },

  'closures.remove': ({ date }, { store, actor }) => {
    store.write(actor, (w) => {
      if (!deleteClosure(w, date)) throw new AppError('NOT_FOUND', `date: ${date} is not a closure day.`);
      refreshAll(w);
    });
    return listClosures(store.db);
  },
});
