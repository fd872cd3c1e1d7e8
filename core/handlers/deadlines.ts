import { defineHandlers } from '../context.ts';
import { AppError } from '../errors.ts';
import { parseDay } from '../deadlines/dates.ts';
import { computeRule, DEFAULT_APPEAL_WINDOW } from '../deadlines/rules.ts';
import { calendarFor, refreshDerived } from '../requests/service.ts';
import type { Writer } from '../../db/store.ts';
import { deleteClosure, listClosures, putClosure } from '../../db/closures.ts';
import { allRequestIds } from '../../db/requests.ts';

/** Every working-day clock depends on the closure days: recompute all requests in the same write. */
function refreshAll(w: Writer): void {
  const calendar = calendarFor(w.db);
  for (const id of allRequestIds(w.db)) refreshDerived(w.db, id, calendar);
}

export const deadlineHandlers = defineHandlers({
  'deadlines.compute': ({ rule, from, appealDays, appealDayKind }, { store }) =>
    computeRule(calendarFor(store.db), rule, parseDay(from, 'from'), {
      days: appealDays ?? DEFAULT_APPEAL_WINDOW.days,
      kind: appealDayKind ?? DEFAULT_APPEAL_WINDOW.kind,
    }),

  'closures.list': (_i, { store }) => listClosures(store.db),

  'closures.add': (c, { store, actor }) => {
    store.write(actor, (w) => {
      putClosure(w, c);
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
