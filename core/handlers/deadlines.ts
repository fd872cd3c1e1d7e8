import { defineHandlers } from '../context.ts';
import { AppError } from '../errors.ts';
import { parseDay } from '../deadlines/dates.ts';
import { computeRule, DEFAULT_APPEAL_WINDOW } from '../deadlines/rules.ts';
import { calendarFor, refreshManyDerived } from '../requests/service.ts';
import type { Writer } from '../../db/store.ts';
import { addClosure, deleteClosure, listClosures, overlappingClosures, type ClosureRow } from '../../db/closures.ts';

/** Every working-day clock depends on the closure days: recompute all requests in the same write. */
async function refreshAll(w: Writer): Promise<void> {
  await refreshManyDerived(w, await calendarFor(w));
}

const span = (from: string, to: string) => (from === to ? from : `${from} to ${to}`);

/** "2019-01-02 to 2019-01-04 are already closed (Shutdown, 2018-12-22 to 2019-01-25)" */
function sharedDays(entry: ClosureRow, held: ClosureRow): string {
  const from = entry.date > held.date ? entry.date : held.date;
  const to = entry.until < held.until ? entry.until : held.until;
  return `${span(from, to)} ${from === to ? 'is' : 'are'} already closed (${held.reason}, ${span(held.date, held.until)})`;
}

export const deadlineHandlers = defineHandlers({
  'deadlines.compute': async ({ rule, from, appealDays, appealDayKind }, { store }) =>
    computeRule(await calendarFor(store.engine), rule, parseDay(from, 'from'), {
      days: appealDays ?? DEFAULT_APPEAL_WINDOW.days,
      kind: appealDayKind ?? DEFAULT_APPEAL_WINDOW.kind,
    }),

  'closures.list': (_i, { store }) => listClosures(store.engine),

  'closures.add': async ({ date, until, reason }, { store, actor }) => {
    const entry = { date, until: until ?? date, reason };
    await store.write(actor, async (w) => {
      // A day closed twice would be a second reason for one day: refuse, naming the days already entered.
      const clash = await overlappingClosures(w, entry.date, entry.until);
      if (clash.length) throw new AppError('CONFLICT', `${until ? 'until' : 'date'}: ${clash.map((c) => sharedDays(entry, c)).join('; ')}. Remove that entry first or choose other days; nothing was added.`);
      await addClosure(w, entry);
      await refreshAll(w);
    });
    return listClosures(store.engine);
  },

  'closures.remove': async ({ date }, { store, actor }) => {
    await store.write(actor, async (w) => {
      if (!(await deleteClosure(w, date))) throw new AppError('NOT_FOUND', `date: ${date} is not a closure day.`);
      await refreshAll(w);
    });
    return listClosures(store.engine);
  },
});
