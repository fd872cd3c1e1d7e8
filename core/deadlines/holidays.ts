/**
 * Federal holidays under 5 U.S.C. 6103: the eleven legal public holidays
 * (Juneteenth since 2021) and the observed-date rule for those fixed to a date:
 * on a Saturday, observed the Friday before — so New Year's Day 2028 (a
 * Saturday) is observed on Friday, December 31, 2027; on a Sunday, the Monday after.
 * Closures by executive order are not here: they are data (see WorkCalendar).
 */
import { type Day, dayOf, weekday } from './dates.ts';

export interface Holiday {
  /** The day offices are closed. */
  observed: Day;
  name: string;
  /** The legal date, when the observed day differs from it. */
  actual?: Day;
}

/** The n-th given weekday (0 = Sunday) of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, wd: number, n: number): Day {
  if (n > 0) {
    const first = dayOf(year, month, 1);
    return first + ((wd - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = dayOf(year, month + 1, 1) - 1;
  return last - ((weekday(last) - wd + 7) % 7);
}

function fixed(year: number, month: number, date: number, name: string): Holiday {
  const actual = dayOf(year, month, date);
  const w = weekday(actual);
  if (w === 6) return { observed: actual - 1, name, actual };
  if (w === 0) return { observed: actual + 1, name, actual };
  return { observed: actual, name };
}

/** The holidays whose legal date falls in `year` (an observed date may fall in the year before). */
export function federalHolidays(year: number): Holiday[] {
  const list: Holiday[] = [
    fixed(year, 1, 1, "New Year's Day"),
    { observed: nthWeekday(year, 1, 1, 3), name: 'Birthday of Martin Luther King, Jr.' },
    { observed: nthWeekday(year, 2, 1, 3), name: "Washington's Birthday" },
    { observed: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' },
  ];
  if (year >= 2021) list.push(fixed(year, 6, 19, 'Juneteenth National Independence Day'));
  list.push(
    fixed(year, 7, 4, 'Independence Day'),
    { observed: nthWeekday(year, 9, 1, 1), name: 'Labor Day' },
    { observed: nthWeekday(year, 10, 1, 2), name: 'Columbus Day' },
    fixed(year, 11, 11, 'Veterans Day'),
    { observed: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' },
    fixed(year, 12, 25, 'Christmas Day'),
  );
  return list;
}
