/**
 * Working days: not a Saturday or Sunday, not an observed federal holiday, and
 * not an extra closure day (a day off by executive order, a shutdown), which is
 * data the user keeps in Settings.
 */
import { type Day, dayOf, formatDay, isWeekend, parseDay, yearOf } from './dates.ts';
import { federalHolidays, type Holiday } from './holidays.ts';

/** A closure entry as kept: its first and last day (the same for one day) and why offices were closed. */
export interface Closure {
  date: string;
  until: string;
  reason: string;
}

/** Closure entries as days for a WorkCalendar: a range counts each of its days as closed. */
export function closureDays(entries: readonly Closure[]): { day: Day; reason: string; entry: Day }[] {
  const out: { day: Day; reason: string; entry: Day }[] = [];
  for (const c of entries) {
    const first = parseDay(c.date);
    for (let d = first, last = parseDay(c.until); d <= last; d++) out.push({ day: d, reason: c.reason, entry: first });
  }
  return out;
}

export interface DayOff {
  day: Day;
  name: string;
  kind: 'holiday' | 'closure';
  /** For a closure: the first day of its entry, so the days of one range can be told as one run. */
  entry?: Day;
}

export class WorkCalendar {
  private readonly offDays = new Map<Day, DayOff>();
  private readonly yearsLoaded = new Set<number>();
  /** Years loadYear has covered, always one unbroken run, so a day inside it needs no year arithmetic. */
  private firstYear = Infinity;
  private lastYear = -Infinity;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(closures: readonly { day: Day; reason: string; entry?: Day }[] = []) {
    for (const c of closures) this.offDays.set(c.day, { day: c.day, name: c.reason, kind: 'closure', entry: c.entry ?? c.day });
  }

  private loadYear(year: number): void {
    if (this.yearsLoaded.has(year)) return;
    this.yearsLoaded.add(year);
    for (const h of federalHolidays(year) as Holiday[]) {
      // A closure entered for a holiday's date keeps its own reason.
      if (!this.offDays.has(h.observed)) this.offDays.set(h.observed, { day: h.observed, name: h.name, kind: 'holiday' });
    }
  }

  /** Why `day` is not a working weekday (holiday or closure), or null. */
  dayOff(day: Day): DayOff | null {
    if (day < this.lo || day > this.hi) {
      const y = yearOf(day);
      // Extend the run of loaded years to reach y (and y + 1: New Year's Day on a Saturday
      // is observed on Dec 31 of the year before), leaving no year in between unloaded.
      const from = Math.min(y, this.firstYear);
      const to = Math.max(y + 1, this.lastYear);
      for (let year = from; year <= to; year++) this.loadYear(year);
      this.firstYear = from;
      this.lastYear = to;
      this.lo = dayOf(from, 1, 1);
      this.hi = dayOf(to - 1, 12, 31);
    }
    return this.offDays.get(day) ?? null;
  }

  isWorkingDay(day: Day): boolean {
    return !isWeekend(day) && this.dayOff(day) === null;
  }

  /**
   * The n-th working day after `start` (start itself is day 0, whatever it is),
   * with the weekday holidays and closures stepped over on the way.
   */
  addWorkingDays(start: Day, n: number): { day: Day; skipped: DayOff[] } {
    const skipped: DayOff[] = [];
    let day = start;
    let left = n;
    while (left > 0) {
      day++;
      if (isWeekend(day)) continue;
      const off = this.dayOff(day);
      if (off) skipped.push(off);
      else left--;
    }
    return { day, skipped };
  }

  /** Working days in (from, to]: how many days of a clock ran between two dates. */
  workingDaysBetween(from: Day, to: Day): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isWorkingDay(d)) n++;
    return n;
  }

  /** Holidays and closures (observed on weekdays) in [from, to], for listing. */
  daysOffBetween(from: Day, to: Day): DayOff[] {
    const out: DayOff[] = [];
    for (let d = from; d <= to; d++) {
      if (isWeekend(d)) continue;
      const off = this.dayOff(d);
      if (off) out.push(off);
    }
    return out;
  }
}

export const describeDayOff = (o: DayOff) => `${formatDay(o.day)} ${o.name}`;
