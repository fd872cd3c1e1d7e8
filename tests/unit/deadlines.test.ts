import { describe, expect, it } from 'vitest';
import { fails, ok, testCore } from './helpers.ts';
import { dayAfter, dayOf, formatDay, parseDay, weekday } from '../../core/deadlines/dates.ts';
import { federalHolidays } from '../../core/deadlines/holidays.ts';
import { WorkCalendar } from '../../core/deadlines/calendar.ts';
import { computeRule } from '../../core/deadlines/rules.ts';
import { zonedToUtc, zoneProblem } from '../../core/deadlines/zones.ts';

const observed = (year: number) => federalHolidays(year).map((h) => formatDay(h.observed));
const d = (s: string) => parseDay(s);

describe('federal holidays (5 U.S.C. 6103)', () => {
  // As published by OPM for these years.
  it.each([
    [2021, ['2021-01-01', '2021-01-18', '2021-02-15', '2021-05-31', '2021-06-18', '2021-07-05', '2021-09-06', '2021-10-11', '2021-11-11', '2021-11-25', '2021-12-24']],
    [2022, ['2021-12-31', '2022-01-17', '2022-02-21', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-10-10', '2022-11-11', '2022-11-24', '2022-12-26']],
    [2023, ['2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-10-09', '2023-11-10', '2023-11-23', '2023-12-25']],
    [2026, ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']],
    [2028, ['2027-12-31', '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10', '2028-11-23', '2028-12-25']],
  ])('%i observed dates match the published list', (year, expected) => {
    expect(observed(year)).toEqual(expected);
  });

  // Every year 2021–2035, checked rule by rule with plain Date arithmetic.
  for (let year = 2021; year <= 2035; year++) {
    it(`${year}: each holiday follows its rule`, () => {
      const hs = federalHolidays(year);
      expect(hs).toHaveLength(11);
      const byName = new Map(hs.map((h) => [h.name, h]));
      const js = (day: number) => new Date(day * 86_400_000);
      const nth = (name: string, month: number, wd: number, n: number) => {
        const date = js(byName.get(name)!.observed);
        expect(date.getUTCMonth() + 1, name).toBe(month);
        expect(date.getUTCDay(), name).toBe(wd);
        if (n > 0) expect(Math.ceil(date.getUTCDate() / 7), name).toBe(n);
        else expect(date.getUTCDate() + 7 > new Date(Date.UTC(year, month, 0)).getUTCDate(), name).toBe(true);
      };
      nth('Birthday of Martin Luther King, Jr.', 1, 1, 3);
      nth("Washington's Birthday", 2, 1, 3);
      nth('Memorial Day', 5, 1, -1);
      nth('Labor Day', 9, 1, 1);
      nth('Columbus Day', 10, 1, 2);
      nth('Thanksgiving Day', 11, 4, 4);
      for (const [name, month, date] of [
        ["New Year's Day", 1, 1],
        ['Juneteenth National Independence Day', 6, 19],
        ['Independence Day', 7, 4],
        ['Veterans Day', 11, 11],
        ['Christmas Day', 12, 25],
      ] as const) {
        const legal = Date.UTC(year, month - 1, date) / 86_400_000;
        const dow = new Date(legal * 86_400_000).getUTCDay();
        const expected = dow === 6 ? legal - 1 : dow === 0 ? legal + 1 : legal;
        expect(formatDay(byName.get(name)!.observed), name).toBe(formatDay(expected));
      }
      for (const h of hs) expect([0, 6], h.name).not.toContain(weekday(h.observed));
    });
  }

  it('has no Juneteenth before 2021', () => {
    expect(federalHolidays(2020).map((h) => h.name)).not.toContain('Juneteenth National Independence Day');
  });

  it('closes offices on Dec 31 when the next New Year’s Day is a Saturday', () => {
    const cal = new WorkCalendar();
    expect(cal.dayOff(d('2027-12-31'))).toMatchObject({ name: "New Year's Day", kind: 'holiday' });
    expect(cal.dayOff(d('2021-12-31'))).toMatchObject({ name: "New Year's Day" });
    expect(cal.isWorkingDay(d('2027-12-31'))).toBe(false);
    expect(cal.isWorkingDay(d('2027-12-30'))).toBe(true);
  });
});

describe('dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '2025-02-29', '26-01-01', '2026-1-5', 'yesterday', ''])('refuses %s with the field named', (s) => {
    expect(() => parseDay(s, 'received')).toThrowError(/^received: /);
  });
  it('accepts a leap day', () => {
    expect(formatDay(parseDay('2028-02-29'))).toBe('2028-02-29');
    expect(parseDay('2028-02-29')).toBe(dayOf(2028, 2, 29));
  });
  it('gives the day after across month, leap and year ends, and refuses a non-date', () => {
    expect(['2026-01-31', '2028-02-28', '2028-02-29', '2026-02-28', '2026-12-31', '2026-03-08'].map(dayAfter)).toEqual(['2026-02-01', '2028-02-29', '2028-03-01', '2026-03-01', '2027-01-01', '2026-03-09']);
    expect(() => dayAfter('2026-02-30')).toThrowError(/not a real calendar date/);
  });
});

describe('statutory clocks', () => {
  const cal = new WorkCalendar();

  it('counts 20 working days from receipt (day 0), stepping over holidays, and says so', () => {
    const r = computeRule(cal, 'foia', d('2026-12-22'));
    expect(r.due).toBe('2027-01-22');
    expect(r.explanation).toBe('20 working days from 2026-12-22 (Dec 25, Jan 1, Jan 18 are holidays)');
    expect(r.skipped.map((s) => s.date)).toEqual(['2026-12-25', '2027-01-01', '2027-01-18']);
  });

  it('counts from a weekend receipt as from day 0 all the same', () => {
    expect(computeRule(cal, 'foia', d('2026-03-07')).due).toBe('2026-04-03');
    expect(computeRule(cal, 'foia', d('2026-03-06')).due).toBe('2026-04-03');
  });

  it('adds 10 working days for unusual circumstances', () => {
    expect(computeRule(cal, 'foia-unusual', d('2026-03-02')).due).toBe('2026-04-13');
  });

  it('counts calendar days for the expedited decision and the default appeal window', () => {
    expect(computeRule(cal, 'expedited-decision', d('2026-12-22'))).toMatchObject({ due: '2027-01-01', explanation: '10 calendar days from 2026-12-22' });
    expect(computeRule(cal, 'appeal-window', d('2026-01-15')).due).toBe('2026-04-15');
    expect(computeRule(cal, 'appeal-window', d('2026-01-15'), { days: 90, kind: 'working' }).due).toBe('2026-05-26');
    expect(computeRule(cal, 'appeal-decision', d('2026-06-01')).due).toBe('2026-06-30');
  });

  it('gives the same answer whatever dates the calendar saw before (years in between are loaded too)', () => {
    const fresh = computeRule(new WorkCalendar(), 'foia', d('2024-06-20')).due;
    const used = new WorkCalendar();
    computeRule(used, 'foia', d('2021-03-01'));
    computeRule(used, 'foia', d('2026-06-01'));
    expect(computeRule(used, 'foia', d('2024-06-20')).due).toBe(fresh);
    expect(fresh).toBe('2024-07-19'); // Jul 4 stepped over
  });

  it('follows extra closure days', () => {
    const withClosure = new WorkCalendar([{ day: d('2026-12-24'), reason: 'Executive order' }]);
    const r = computeRule(withClosure, 'foia', d('2026-12-22'));
    expect(r.due).toBe('2027-01-25');
    expect(r.explanation).toBe('20 working days from 2026-12-22 (Dec 25, Jan 1, Jan 18 are holidays; Dec 24 is a closure day)');
  });
});

describe('time zones', () => {
  it('17:00 EST (UTC−5) on a July day is 18:00 in Washington, which is on daylight time', () => {
    expect(zonedToUtc('2026-07-15T18:00', 'America/New_York').toISOString()).toBe(new Date('2026-07-15T17:00:00-05:00').toISOString());
    expect(zonedToUtc('2026-01-15T17:00', 'America/New_York').toISOString()).toBe(new Date('2026-01-15T17:00:00-05:00').toISOString());
  });

  it('refuses abbreviations and fixed offsets with what to use, and accepts places', () => {
    expect(zoneProblem('EST')).toBe(
      "EST is a fixed offset (UTC−5), not a place's time zone: from March to November Washington is on EDT (UTC−4), so 17:00 EST in July is 18:00 in Washington. Use America/New_York.",
    );
    expect(zoneProblem('pdt')).toMatch(/^pdt is a fixed offset \(UTC−7\).*Use America\/Los_Angeles\.$/);
    expect(zoneProblem('GMT+5')).toMatch(/not a place's time zone/);
    expect(zoneProblem('Mars/Olympus')).toMatch(/^is not a time zone/);
    for (const place of ['America/New_York', 'Europe/London', 'UTC', 'US/Eastern']) expect(zoneProblem(place)).toBeNull();
  });
});

describe('closure ranges (a shutdown is one entry)', () => {
  const SHUTDOWN = { date: '2026-08-10', until: '2026-09-13', reason: 'Lapse in appropriations' };

  it("pushes a request's due date by the working days of a 35-day shutdown, and refuses days already closed, naming them", async () => {
    const core = await testCore({ now: () => new Date('2026-11-30T12:00:00') });
    const { reference, due } = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Detention contracts', sent: '2026-08-03', received: '2026-08-03' }));
    expect(due).toBe('2026-08-31');

    expect(await ok(core.invoke('closures.add', SHUTDOWN))).toEqual([SHUTDOWN]);
    const after = await ok(core.invoke('requests.get', { reference }));
    const plain = new WorkCalendar();
    // 35 calendar days, 24 of them working days (Labor Day inside was off anyway): the clock stops for all 24.
    expect(plain.workingDaysBetween(d('2026-08-09'), d('2026-09-13'))).toBe(24);
    expect(after.due).toBe('2026-10-05');
    expect(after.clocks[0]!.explanation).toBe('20 working days from 2026-08-03 (Aug 10 to Sep 13 are closure days)');
    expect(plain.workingDaysBetween(d('2026-08-31'), d('2026-10-05'))).toBe(24);

    const one = await fails(core.invoke('closures.add', { date: '2026-09-11', reason: 'Hurricane' }));
    expect(one.code).toBe('CONFLICT');
    expect(one.message).toBe('date: 2026-09-11 is already closed (Lapse in appropriations, 2026-08-10 to 2026-09-13). Remove that entry first or choose other days; nothing was added.');
    const range = await fails(core.invoke('closures.add', { date: '2026-09-01', until: '2026-09-20', reason: 'Hurricane' }));
    expect(range.code).toBe('CONFLICT');
    expect(range.message).toMatch(/^until: 2026-09-01 to 2026-09-13 are already closed \(Lapse in appropriations/);
    const backwards = await fails(core.invoke('closures.add', { date: '2026-10-20', until: '2026-10-19', reason: 'Hurricane' }));
    expect(backwards.code).toBe('BAD_INPUT');
    expect(backwards.message).toMatch(/^until: the last day cannot come before the first/);
    expect(await ok(core.invoke('closures.list', {}))).toEqual([SHUTDOWN]);

    // A single day is an entry whose last day is its first.
    expect(await ok(core.invoke('closures.add', { date: '2026-10-19', reason: 'Hurricane' }))).toEqual([SHUTDOWN, { date: '2026-10-19', until: '2026-10-19', reason: 'Hurricane' }]);
    await ok(core.invoke('closures.remove', { date: SHUTDOWN.date }));
    expect((await ok(core.invoke('requests.get', { reference }))).due).toBe('2026-08-31');
  });
});
