import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../core/deadlines/calendar.ts';
import { DEFAULT_APPEAL_WINDOW } from '../../core/deadlines/rules.ts';
import { clockStateWords } from '../../core/shared/clock-words.ts';
import { checkNewEvent, deriveRequest, responseClock, deriveStatus, type ClockFacts, type TimelineEvent } from '../../core/requests/timeline.ts';

const cal = new WorkCalendar();
const foia: ClockFacts = { kind: 'foia', expeditedRequested: false, expeditedGranted: null, dueAt: null, dueTz: null, dueAsap: false };
const ev = (type: TimelineEvent['type'], date: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({ type, date, ...extra });
const derive = (events: TimelineEvent[], facts = foia) => deriveRequest(facts, events, cal, DEFAULT_APPEAL_WINDOW);
const response = (events: TimelineEvent[]) => derive(events).clocks.find((c) => c.name === 'response')!;

describe('the FOIA response clock', () => {
  it('runs 20 working days from receipt', () => {
    const r = derive([ev('sent', '2026-12-21'), ev('received', '2026-12-22')]);
    expect(r).toMatchObject({ status: 'submitted', open: true, due: '2027-01-22', openedOn: '2026-12-21' });
    expect(r.clocks[0]!.explanation).toBe('20 working days from 2026-12-22 (Dec 25, Jan 1, Jan 18 are holidays)');
  });

  it('adds 10 working days after an unusual-circumstances notice', () => {
    const c = response([ev('received', '2026-03-02'), ev('extension', '2026-03-20')]);
    expect(c).toMatchObject({ due: '2026-04-13', label: 'Response (extended)' });
    expect(c.explanation).toContain('+10 for unusual circumstances (notice of 2026-03-20)');
  });

  it('does not count the days it was tolled; the resume day is a new day 0', () => {
    // Received Mon Mar 2; stopped Wed Mar 4 (2 days run); resumed Mon Mar 16: 18 days left → Apr 9.
    const c = response([ev('received', '2026-03-02'), ev('toll', '2026-03-04', { reason: 'information' }), ev('resume', '2026-03-16')]);
    expect(c.due).toBe('2026-04-09');
    expect(c.explanation).toContain('stopped 2026-03-04–2026-03-16 for a request for information');
  });

  it('pauses while a toll is open, saying how many days are left', () => {
    const r = derive([ev('received', '2026-03-02'), ev('toll', '2026-03-04', { reason: 'fees' })]);
    expect(r.status).toBe('payment-required');
    expect(r.clocks[0]).toMatchObject({ state: 'paused', due: null });
    expect(r.clocks[0]!.explanation).toContain('18 working days left');
    expect(r.due).toBeNull();
  });

  it('is met by a determination, which opens the appeal window when adverse', () => {
    const r = derive([ev('received', '2026-01-05'), ev('determination', '2026-01-15', { outcome: 'partial-grant', exemptions: ['b6'] })]);
    expect(r.status).toBe('partially-granted');
    expect(r.open).toBe(false);
    expect(r.clocks.map((c) => [c.name, c.state, c.due])).toEqual([
      ['response', 'met', '2026-02-03'],
      ['appeal-window', 'running', '2026-04-15'],
    ]);
    const appealed = derive([ev('received', '2026-01-05'), ev('determination', '2026-01-15', { outcome: 'denial' }), ev('appeal-filed', '2026-02-01')]);
    expect(appealed.status).toBe('appealing');
    expect(appealed.clocks.map((c) => c.name)).toEqual(['response', 'appeal-decision']);
    expect(appealed.due).toBe('2026-03-02');
    expect(appealed.appealedEver).toBe(true);
  });

  it('is answered late, by the working days after its due date, when the determination comes after it', () => {
    // Received Mon Jan 5, due Tue Feb 3; answered Tue Feb 17: Feb 4–6, 9–13 and 17 (Feb 16 is Washington's Birthday) = 9.
    const late = response([ev('received', '2026-01-05'), ev('determination', '2026-02-17', { outcome: 'full-grant' })]);
    expect(late).toMatchObject({ state: 'late', lateBy: 9, due: '2026-02-03' });
    expect(late.explanation).toMatch(/; answered on 2026-02-17, 9 working days after it was due$/);
    expect(clockStateWords(late)).toBe('answered late, by 9 working days');
    const onTheDay = response([ev('received', '2026-01-05'), ev('determination', '2026-02-03', { outcome: 'full-grant' })]);
    expect(onTheDay).toMatchObject({ state: 'met', due: '2026-02-03' });
    expect(clockStateWords(onTheDay)).toBe('met');
    // A Saturday answer just after a Friday due date is late by no working day, and still late.
    const saturday = response([ev('received', '2026-03-06'), ev('determination', '2026-04-04', { outcome: 'denial' })]);
    expect(saturday).toMatchObject({ state: 'late', lateBy: 0, due: '2026-04-03' });
    expect(clockStateWords(saturday)).toBe('answered late, on a day off after the due date');
  });

  it('shows a letter answered after its date, and an appeal decided after its 20 days, as late', () => {
    const letter = { ...foia, kind: 'oversight-letter' as const, dueAt: '2026-03-06T17:00', dueTz: 'America/New_York' };
    const r = derive([ev('sent', '2026-02-20'), ev('determination', '2026-03-10', { outcome: 'full-grant' })], letter);
    expect(r.clocks[0]).toMatchObject({ name: 'set-in-letter', state: 'late', lateBy: 2 });
    expect(clockStateWords(r.clocks[0]!)).toBe('answered late, by 2 working days');
    const appeal = derive([
      ev('received', '2026-01-05'),
      ev('determination', '2026-01-15', { outcome: 'denial' }),
      ev('appeal-filed', '2026-02-02'),
      ev('appeal-decided', '2026-03-04', { outcome: 'denied' }),
    ]);
    expect(appeal.clocks.find((c) => c.name === 'appeal-decision')).toMatchObject({ state: 'late', due: '2026-03-03', lateBy: 1 });
  });

  it('counts a Saturday receipt from the next working day as day 1, or as day 0 where the agency deems it received then', () => {
    const events = [ev('received', '2026-03-07')];
    expect(responseClock(events, cal)).toMatchObject({ due: '2026-04-03', explanation: '20 working days from 2026-03-07, received on a day off, so the next working day is day 1' });
    expect(responseClock(events, cal, 'next-working-day')).toMatchObject({
      due: '2026-04-06',
      explanation: '20 working days from 2026-03-07, received on a day off; the agency deems it received on 2026-03-09, day 0',
    });
    // Received on a Monday holiday (Memorial Day, 2026-05-25): deemed received Tue May 26, day 0.
    expect(responseClock([ev('received', '2026-05-25')], cal, 'next-working-day')).toMatchObject({ due: '2026-06-24' });
    expect(responseClock([ev('received', '2026-03-09')], cal, 'next-working-day')).toMatchObject({ due: '2026-04-06', explanation: '20 working days from 2026-03-09' });
  });

  it('has an expedited-decision clock of 10 calendar days when expedition was asked', () => {
    const r = derive([ev('received', '2026-12-22')], { ...foia, expeditedRequested: true });
    expect(r.clocks.find((c) => c.name === 'expedited-decision')).toMatchObject({ due: '2027-01-01', state: 'running' });
    expect(r.due).toBe('2027-01-01');
  });
});

describe('letters and subpoenas', () => {
  it('are due when the letter says, with hour and time zone', () => {
    const r = derive([ev('sent', '2026-11-02')], { ...foia, kind: 'oversight-letter', dueAt: '2026-11-16T17:00', dueTz: 'America/New_York' });
    expect(r.clocks).toEqual([{ name: 'set-in-letter', label: 'Due (set in the letter)', state: 'running', due: '2026-11-16', explanation: 'Set in the letter: 2026-11-16 17:00 (America/New_York)' }]);
  });
  it('can ask for an answer as soon as possible', () => {
    const r = derive([ev('sent', '2026-11-02')], { ...foia, kind: 'oversight-letter', dueAsap: true });
    expect(r.clocks[0]!.explanation).toBe('As soon as possible, as the letter asks');
  });
});

describe('statuses', () => {
  it.each([
    [[], 'draft'],
    [[ev('sent', '2026-01-02')], 'submitted'],
    [[ev('received', '2026-01-02'), ev('acknowledged', '2026-01-05')], 'acknowledged'],
    [[ev('received', '2026-01-02'), ev('toll', '2026-01-05', { reason: 'information' })], 'needs-clarification'],
    [[ev('received', '2026-01-02'), ev('toll', '2026-01-05', { reason: 'information' }), ev('resume', '2026-01-09')], 'submitted'],
    [[ev('received', '2026-01-02'), ev('interim-production', '2026-01-20')], 'partial'],
    [[ev('received', '2026-01-02'), ev('determination', '2026-01-20', { outcome: 'full-grant' })], 'done'],
    [[ev('received', '2026-01-02'), ev('determination', '2026-01-20', { outcome: 'no-records' })], 'no-records'],
    [[ev('received', '2026-01-02'), ev('determination', '2026-01-20', { outcome: 'withdrawn' })], 'withdrawn'],
    [[ev('received', '2026-01-02'), ev('determination', '2026-01-20', { outcome: 'denial' }), ev('appeal-filed', '2026-02-01'), ev('appeal-decided', '2026-03-01', { outcome: 'denied' })], 'appeal-decided'],
    [[ev('received', '2026-01-02'), ev('litigation', '2026-05-01')], 'in-litigation'],
  ] as [TimelineEvent[], string][])('%j → %s', (events, status) => {
    expect(deriveStatus(events)).toBe(status);
  });
});

describe('checking a new event', () => {
  const base = [ev('sent', '2026-03-01'), ev('received', '2026-03-02')];
  const bad = (next: TimelineEvent, message: RegExp, existing = base, kind: ClockFacts['kind'] = 'foia') =>
    expect(() => checkNewEvent(kind, existing, next)).toThrowError(message);

  it('refuses an agency event dated before the agency received the request', () => {
    bad(ev('acknowledged', '2026-03-01'), /^date: 2026-03-01 is before the agency received the request \(2026-03-02\)/);
    bad(ev('determination', '2026-02-01', { outcome: 'denial' }), /^date: .*before the agency received/);
  });
  it('refuses an agency event when receipt is unknown', () => bad(ev('acknowledged', '2026-03-05'), /^date: record when the agency received/, [ev('sent', '2026-03-01')]));
  it('refuses impossible dates', () => bad(ev('acknowledged', '2026-02-30'), /^date: 2026-02-30 is not a real calendar date/));
  it('refuses a determination without an outcome', () => bad(ev('determination', '2026-03-10'), /^outcome: a determination needs its outcome/));
  it('allows one information toll, then only fee tolls', () => {
    const tolled = [...base, ev('toll', '2026-03-04', { reason: 'information' }), ev('resume', '2026-03-06')];
    bad(ev('toll', '2026-03-09', { reason: 'information' }), /^reason: the agency may stop the clock only once to ask for information/, tolled);
    expect(() => checkNewEvent('foia', tolled, ev('toll', '2026-03-09', { reason: 'fees' }))).not.toThrow();
  });
  it('refuses a toll while tolled, a resume without a toll, a toll without a reason', () => {
    bad(ev('toll', '2026-03-09', { reason: 'fees' }), /already stopped/, [...base, ev('toll', '2026-03-04', { reason: 'fees' })]);
    bad(ev('resume', '2026-03-09'), /not stopped/);
    bad(ev('toll', '2026-03-09'), /^reason: /);
  });
  it('allows one extension', () => bad(ev('extension', '2026-03-20'), /one unusual-circumstances extension/, [...base, ev('extension', '2026-03-10')]));
  it('requires (b)(3) to name its statute, and only (b)(3)', () => {
    bad(ev('determination', '2026-03-10', { outcome: 'denial', exemptions: ['b3'] }), /^statute: exemption \(b\)\(3\) must name/);
    bad(ev('determination', '2026-03-10', { outcome: 'denial', exemptions: ['b5'], statute: '26 U.S.C. 6103' }), /^statute: a statute is named only/);
    expect(() => checkNewEvent('foia', base, ev('determination', '2026-03-10', { outcome: 'denial', exemptions: ['b3'], statute: '26 U.S.C. 6103' }))).not.toThrow();
  });
  it('refuses clock events on letters', () => bad(ev('toll', '2026-03-05', { reason: 'fees' }), /applies to FOIA and state records requests, not to an oversight letter/, base, 'oversight-letter'));
  it('refuses a receipt after the agency already acted, or before sending', () => {
    bad(ev('received', '2026-03-10'), /already acted on 2026-03-05/, [ev('sent', '2026-03-01'), ev('received', '2026-03-02'), ev('acknowledged', '2026-03-05')].slice(0, 1).concat([ev('acknowledged', '2026-03-05')]));
    bad(ev('received', '2026-02-20'), /before it was sent/, [ev('sent', '2026-03-01')]);
  });
  it('refuses an appeal before a determination, and a decision before the appeal', () => {
    bad(ev('appeal-filed', '2026-03-10'), /record the determination first/);
    const denied = [...base, ev('determination', '2026-03-10', { outcome: 'denial' }), ev('appeal-filed', '2026-03-20')];
    bad(ev('appeal-decided', '2026-03-15', { outcome: 'denied' }), /before it was filed/, denied);
  });
});
