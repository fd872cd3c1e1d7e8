/**
 * Calendar dates as whole days since 1970-01-01 (UTC), so that deadline
 * arithmetic never meets time zones or daylight saving. Text form: YYYY-MM-DD.
 */
import { AppError } from '../errors.ts';

export type Day = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const dayOf = (year: number, month: number, date: number): Day => Date.UTC(year, month - 1, date) / MS_PER_DAY;

/** Parse YYYY-MM-DD, refusing impossible dates (2026-02-30) with a message naming the field. */
export function parseDay(text: string, field = 'date'): Day {
  const m = ISO_DATE.exec(text);
  if (!m) throw new AppError('BAD_INPUT', `${field}: "${String(text).slice(0, 40)}" is not a date; write it as YYYY-MM-DD.`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  if (y < 1900 || y > 2200 || formatDay(day) !== text) {
    throw new AppError('BAD_INPUT', `${field}: ${text} is not a real calendar date.`);
  }
  return day;
}

export const isIsoDate = (text: string): boolean => {
  try {
    parseDay(text);
    return true;
  } catch {
    return false;
  }
};

export function formatDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: Day): number => (((day + 4) % 7) + 7) % 7;
export const isWeekend = (day: Day): boolean => {
  const w = weekday(day);
  return w === 0 || w === 6;
};

/** The calendar day after a YYYY-MM-DD day, in the same form: the end of a date range is before the next day's start. */
export const dayAfter = (text: string): string => formatDay(parseDay(text) + 1);

export const yearOf = (day: Day): number => new Date(day * MS_PER_DAY).getUTCFullYear();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Dec 25" — short form used in explanations. */
export function shortDay(day: Day): string {
  const d = new Date(day * MS_PER_DAY);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** Today's date where the user is (local calendar day), as a Day. */
export function today(now: Date = new Date()): Day {
  return dayOf(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
