/**
 * The statutory clocks (5 U.S.C. 552(a)(6)) as named rules, each computed on a
 * WorkCalendar and able to say how its date came about.
 */
import { type Day, formatDay, shortDay } from './dates.ts';
import type { DayOff, WorkCalendar } from './calendar.ts';

export const RULES = ['foia', 'foia-unusual', 'expedited-decision', 'appeal-window', 'appeal-decision'] as const;
export type Rule = (typeof RULES)[number];

export const RULE_LABELS: Record<Rule, string> = {
  foia: 'FOIA response (20 working days)',
  'foia-unusual': 'FOIA response with unusual-circumstances extension (30 working days)',
  'expedited-decision': 'Decision on expedited processing (10 calendar days)',
  'appeal-window': 'Appeal window (agency rule; 90 calendar days by default)',
  'appeal-decision': 'Appeal decision (20 working days)',
};

export type DayKind = 'working' | 'calendar';

export interface Span {
  days: number;
  kind: DayKind;
}

export const RULE_SPANS: Record<Exclude<Rule, 'appeal-window'>, Span> = {
  foia: { days: 20, kind: 'working' },
  'foia-unusual': { days: 30, kind: 'working' },
  'expedited-decision': { days: 10, kind: 'calendar' },
  'appeal-decision': { days: 20, kind: 'working' },
};

export const DEFAULT_APPEAL_WINDOW: Span = { days: 90, kind: 'calendar' };

export interface Deadline {
  from: string;
  due: string;
  span: Span;
  /** Holidays and closure days the count stepped over (working-day spans only). */
  skipped: { date: string; name: string; kind: DayOff['kind'] }[];
  explanation: string;
}

/** Days off as "Dec 24, Dec 31", with the days of one closure range as one run: "Aug 10 to Sep 11". */
function runsOf(list: DayOff[]): string[] {
  const runs: { first: DayOff; last: DayOff }[] = [];
  for (const o of list) {
    const run = runs.at(-1);
    if (run && o.kind === 'closure' && o.entry !== undefined && run.last.entry === o.entry) run.last = o;
    else runs.push({ first: o, last: o });
  }
  return runs.map((r) => (r.first === r.last ? shortDay(r.first.day) : `${shortDay(r.first.day)} to ${shortDay(r.last.day)}`));
}

/** "(Dec 25, Jan 1, Jan 18 are holidays; Dec 24 is a closure day)"; a shutdown reads "Aug 10 to Sep 11 are closure days". */
export function skippedPhrase(skipped: DayOff[]): string {
  const part = (list: DayOff[], one: string, many: string) => {
    const runs = runsOf(list);
    return runs.length === 0 ? null : `${runs.join(', ')} ${list.length === 1 ? one : many}`;
  };
  const parts = [
    part(skipped.filter((o) => o.kind === 'holiday'), 'is a holiday', 'are holidays'),
    part(skipped.filter((o) => o.kind === 'closure'), 'is a closure day', 'are closure days'),
  ].filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/** `span` after `from` (day 0), e.g. 20 working days, with the explanation. */
export function addSpan(calendar: WorkCalendar, from: Day, span: Span): Deadline {
  if (span.kind === 'calendar') {
    const due = from + span.days;
    return { from: formatDay(from), due: formatDay(due), span, skipped: [], explanation: `${span.days} calendar days from ${formatDay(from)}` };
  }
  const { day, skipped } = calendar.addWorkingDays(from, span.days);
  return {
    from: formatDay(from),
    due: formatDay(day),
    span,
    skipped: skipped.map((o) => ({ date: formatDay(o.day), name: o.name, kind: o.kind })),
    explanation: `${span.days} working days from ${formatDay(from)}${skippedPhrase(skipped)}`,
  };
}

export function computeRule(calendar: WorkCalendar, rule: Rule, from: Day, appealWindow: Span = DEFAULT_APPEAL_WINDOW): Deadline {
  return addSpan(calendar, from, rule === 'appeal-window' ? appealWindow : RULE_SPANS[rule]);
}
