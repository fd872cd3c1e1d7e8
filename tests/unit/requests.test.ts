import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
import type { InputOf } from '../../core/api.ts';
import path from 'node:path';
import { fails, ok, query, rowCount, tempDir, testCore } from './helpers.ts';
import { openStore } from '../../db/store.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { afterEach } from 'vitest';

const cores: Core[] = [];
afterEach(() => {
  while (cores.length) cores.pop()!.close();
});

/** A workspace whose clock reads 2027-01-10, noon local time. */
const workspace = (now = '2027-01-10T12:00:00') => testCore({ now: () => new Date(now) });

const foia = (extra: Partial<InputOf<'requests.create'>> = {}): InputOf<'requests.create'> => ({ kind: 'foia', agency: 'ICE', subject: 'Children released to HHS', ...extra });

describe('logging a request', () => {
  it('gives it the next reference of the year, a status and a due date that explains itself', async () => {
    const core = await workspace();
    const a = await ok(core.invoke('requests.create', foia({ sent: '2026-12-21', received: '2026-12-22' })));
    const b = await ok(core.invoke('requests.create', foia({ agency: 'Office of Refugee Resettlement', subject: 'Sponsor vetting' })));
    expect(a).toMatchObject({ reference: 'REQ-2027-0001', status: 'submitted', due: '2027-01-22', daysUntilDue: 12, openedOn: '2026-12-21', daysWaiting: 20 });
    expect(a.clocks[0]!.explanation).toBe('20 working days from 2026-12-22 (Dec 25, Jan 1, Jan 18 are holidays)');
    expect(b).toMatchObject({ reference: 'REQ-2027-0002', status: 'draft', due: null, agency: { abbreviation: 'ORR' } });
    expect(await rowCount(core, 'audit_log')).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['an unknown agency', foia({ agency: 'Ministry of Magic' }), 'BAD_INPUT', /^agency: there is no agency called "Ministry of Magic"/],
    ['an impossible date', foia({ received: '2026-02-30' }), 'BAD_INPUT', /received: is not a real calendar date/],
    ['receipt before sending', foia({ sent: '2026-03-05', received: '2026-03-01' }), 'BAD_INPUT', /received: the agency cannot receive the request before it was sent/],
    ['no subject', foia({ subject: '  ' }), 'BAD_INPUT', /subject: give the request a subject/],
    ['an unknown time zone', foia({ kind: 'oversight-letter', dueAt: '2026-12-15T17:00', dueTz: 'Mars/Olympus' }), 'BAD_INPUT', /dueTz: is not a time zone/],
    ['a time that does not exist', foia({ kind: 'oversight-letter', dueAt: '2026-12-15T25:00' }), 'BAD_INPUT', /dueAt: is not a real date and time/],
    ['records that end before they start', foia({ recordsFrom: '2025-01-01', recordsTo: '2024-01-01' }), 'BAD_INPUT', /recordsTo: the date range/],
  ])('refuses %s, naming the field, and writes nothing', async (_what, input, code, message) => {
    const core = await workspace();
    const r = await core.invoke('requests.create', input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect(await rowCount(core, 'requests')).toBe(0);
    expect(await rowCount(core, 'audit_log')).toBe(0);
  });

  it('refuses a tracking number already used at the same agency, but not at another', async () => {
    const core = await workspace();
    await ok(core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: '2027-ICFO-00042' }] })));
    const dup = await core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: '2027-ICFO-00042' }] }));
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^trackingNumbers\.0\.number: 2027-ICFO-00042 is already used by REQ-2027-0001/) } });
    expect(await rowCount(core, 'requests')).toBe(1);
    await ok(core.invoke('requests.create', foia({ agency: 'CBP', trackingNumbers: [{ kind: 'agency', number: '2027-ICFO-00042' }] })));
  });

  it('lists several tracking numbers in the order they were given, not sorted', async () => {
    const core = await workspace();
    const trackingNumbers = [
      { kind: 'agency' as const, number: 'ZULU-0007' },
      { kind: 'split' as const, number: 'ALPHA-0003' },
      { kind: 'referral' as const, number: 'MIKE-0005' },
    ];
    const made = await ok(core.invoke('requests.create', foia({ trackingNumbers })));
    expect(made.trackingNumbers).toBe('ZULU-0007, ALPHA-0003, MIKE-0005');
    expect((await ok(core.invoke('requests.list', {}))).rows.map((r) => r.trackingNumbers)).toEqual(['ZULU-0007, ALPHA-0003, MIKE-0005']);
  });

  it('refuses a tracking number that differs only in case or surrounding spaces at the same agency, and stores it trimmed', async () => {
    const core = await workspace();
    const first = await ok(core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: ' 2026-ICFO-001 ' }] })));
    expect(first.trackingNumbers).toBe('2026-ICFO-001');
    const dup = await core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: ' 2026-icfo-001 ' }] }));
    expect(dup).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/^trackingNumbers\.0\.number: 2026-icfo-001 is already used by REQ-2027-0001 \(as 2026-ICFO-001\) at this agency/) },
    });
    const twice = await core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'B-7' }, { kind: 'split', number: 'b-7' }] }));
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^trackingNumbers\.1\.number: b-7 is already listed/) } });
    expect(await rowCount(core, 'requests')).toBe(1);
    await ok(core.invoke('requests.create', foia({ agency: 'CBP', trackingNumbers: [{ kind: 'agency', number: '2026-icfo-001' }] })));
  });

  it('opens an old workspace that already holds tracking numbers differing only in case, and still refuses new ones', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sunshine.db');
    const old = openStore(file, { migrations: MIGRATIONS.slice(0, 13) });
    old.db.exec(`INSERT INTO requests (reference, kind, agency_id, subject, status, created_at, updated_at)
      SELECT n.ref, 'foia', id, 'Old', 'submitted', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM agencies, (SELECT 'REQ-2025-0001' AS ref UNION ALL SELECT 'REQ-2025-0002') n WHERE abbreviation = 'ICE'`);
    old.db.exec(`INSERT INTO tracking_numbers (request_id, agency_id, kind, number)
      SELECT r.id, r.agency_id, 'agency', CASE r.reference WHEN 'REQ-2025-0001' THEN 'OLD-1' ELSE ' old-1' END FROM requests r`);
    old.close();
    const core = openCore({ dataDir: dir, now: () => new Date('2027-01-10T12:00:00') });
    cores.push(core);
    expect((await query(core, 'SELECT number FROM tracking_numbers ORDER BY number')).map((r) => Object.values(r)[0])).toEqual(['OLD-1', 'old-1']); // both kept, now trimmed
    const dup = await core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'Old-1' }] }));
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already used by REQ-2025-000[12]/) } });
    // Either request of the old pair can still be edited while it keeps its own number as it is …
    expect(await ok(core.invoke('requests.update', { reference: 'REQ-2025-0001', patch: { assignee: 'Ada', trackingNumbers: [{ kind: 'agency', number: 'OLD-1' }] } }))).toMatchObject({ assignee: 'Ada' });
    // … but not take on another spelling of the other's.
    const respelled = await core.invoke('requests.update', { reference: 'REQ-2025-0001', patch: { trackingNumbers: [{ kind: 'agency', number: 'Old-1' }] } });
    expect(respelled).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already used by REQ-2025-0002 \(as old-1\)/) } });
  });

  it('finds agencies by abbreviation or name, in any case', async () => {
    const core = await workspace();
    for (const agency of ['ice', 'U.S. Immigration and Customs Enforcement', 'IcE']) {
      expect((await ok(core.invoke('requests.create', foia({ agency })))).agency.abbreviation).toBe('ICE');
    }
  });
});

describe('the timeline', () => {
  it('derives the status and moves the clocks, event by event', async () => {
    const core = await workspace('2027-01-20T12:00:00');
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    const add = (e: Omit<InputOf<'requests.addEvent'>, 'reference'>) => ok(core.invoke('requests.addEvent', { reference, ...e }));
    expect((await add({ type: 'acknowledged', date: '2026-12-23' })).status).toBe('acknowledged');
    expect(await add({ type: 'extension', date: '2026-12-28' })).toMatchObject({ due: '2027-02-05' });
    expect(await add({ type: 'toll', date: '2027-01-04', reason: 'information' })).toMatchObject({ status: 'needs-clarification', due: null });
    // 7 working days ran before the toll (Dec 23 … Jan 4); 23 more from Jan 8, stepping over MLK Day.
    expect(await add({ type: 'resume', date: '2027-01-08' })).toMatchObject({ status: 'acknowledged', due: '2027-02-11' });
    const denied = await add({ type: 'determination', date: '2027-01-20', outcome: 'partial-grant', exemptions: ['b6', 'b7C'] });
    // ICE follows DHS's rule: appeals within 90 working days.
    expect(denied).toMatchObject({ status: 'partially-granted', open: false, due: '2027-05-27' });
    expect(denied.clocks[1]!.explanation).toMatch(/^90 working days from 2027-01-20/);
    expect(denied.clocks.map((c) => c.name)).toEqual(['response', 'appeal-window']);
  });

  it('refuses an agency event dated before receipt and a determination without an outcome, writing nothing', async () => {
    const core = await workspace();
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    const before = await rowCount(core, 'audit_log');
    expect(await core.invoke('requests.addEvent', { reference, type: 'acknowledged', date: '2026-12-01' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'date: 2026-12-01 is before the agency received the request (2026-12-22).' },
    });
    expect(await core.invoke('requests.addEvent', { reference, type: 'determination', date: '2027-01-05' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^outcome: /) },
    });
    expect(await core.invoke('requests.addEvent', { reference, type: 'determination', date: '' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/date/) } });
    expect(await rowCount(core, 'request_events')).toBe(1);
    expect(await rowCount(core, 'audit_log')).toBe(before);
  });

  it('refuses dates after today as events, naming the field, and writes nothing; a letter keeps its future due date', async () => {
    const core = await workspace();
    const planned = /is after today \(2027-01-10\); a planned date is not an event/;
    for (const field of ['sent', 'received'] as const) {
      expect(await core.invoke('requests.create', foia({ [field]: '2027-01-11' }))).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^${field}: 2027-01-11 ${planned.source}`)) },
      });
    }
    expect(await rowCount(core, 'requests')).toBe(0);
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2027-01-10' })));
    const before = await rowCount(core, 'audit_log');
    expect(await core.invoke('requests.addEvent', { reference, type: 'determination', date: '2027-07-01', outcome: 'denial' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`^date: 2027-07-01 ${planned.source}`)) },
    });
    expect(await rowCount(core, 'request_events')).toBe(1);
    expect(await rowCount(core, 'audit_log')).toBe(before);
    const letter = await ok(core.invoke('requests.create', foia({ kind: 'oversight-letter', sent: '2027-01-08', dueAt: '2027-02-01T17:00', dueTz: 'America/New_York' })));
    expect(letter).toMatchObject({ due: '2027-02-01', daysWaiting: 2 });
  });

  it('refuses a CSV row whose timeline holds a date after today, by its line, importing nothing', async () => {
    const core = await workspace();
    const events = (date: string) => JSON.stringify([{ type: 'received', date }]).replace(/"/g, '""');
    const csv = `kind,agency,subject,events\nfoia,ICE,Past,"${events('2027-01-04')}"\nfoia,ICE,Next year,"${events('2028-01-04')}"\n`;
    const r = await ok(core.invoke('requests.importCsv', { csv }));
    expect(r).toMatchObject({ created: 0, errors: [{ line: 3, message: expect.stringMatching(/date: 2028-01-04 is after today \(2027-01-10\); a planned date is not an event/) }] });
    expect(await rowCount(core, 'requests')).toBe(0);
  });

  it('shows a response given after its due date as answered late, not met', async () => {
    const core = await workspace();
    const { reference, due } = await ok(core.invoke('requests.create', foia({ received: '2026-11-02' })));
    expect(due).toBe('2026-12-02');
    const d = await ok(core.invoke('requests.addEvent', { reference, type: 'determination', date: '2026-12-09', outcome: 'full-grant' }));
    expect(d.clocks[0]).toMatchObject({ name: 'response', state: 'late', lateBy: 5, due: '2026-12-02' });
    expect(d.clocks[0]!.explanation).toMatch(/; answered on 2026-12-09, 5 working days after it was due$/);
  });

  it('will not remove an event that others depend on', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    await ok(core.invoke('requests.addEvent', { reference: d.reference, type: 'acknowledged', date: '2026-12-23' }));
    const received = d.events.find((e) => e.type === 'received')!;
    expect(await core.invoke('requests.removeEvent', { reference: d.reference, eventId: received.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const after = await ok(core.invoke('requests.get', { reference: d.reference }));
    const ack = after.events.find((e) => e.type === 'acknowledged')!;
    expect((await ok(core.invoke('requests.removeEvent', { reference: d.reference, eventId: ack.id }))).status).toBe('submitted');
  });

  it('refuses a kind change that its timeline cannot have', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    await ok(core.invoke('requests.addEvent', { reference: d.reference, type: 'extension', date: '2026-12-28' }));
    expect(await core.invoke('requests.update', { reference: d.reference, patch: { kind: 'oversight-letter' } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const u = await ok(core.invoke('requests.update', { reference: d.reference, patch: { assignee: 'Ada', feeEstimate: 12.5, trackingNumbers: [{ kind: 'agency', number: 'X-1' }] } }));
    expect(u).toMatchObject({ assignee: 'Ada', feeEstimate: 12.5, trackingNumbers: 'X-1', kind: 'foia' });
  });
});

describe('closure days', () => {
  it('move every working-day clock, and moving them back restores it', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    expect(d.due).toBe('2027-01-22');
    await ok(core.invoke('closures.add', { date: '2026-12-24', reason: 'Executive order' }));
    const moved = await ok(core.invoke('requests.get', { reference: d.reference }));
    expect(moved.due).toBe('2027-01-25');
    expect(moved.clocks[0]!.explanation).toContain('Dec 24 is a closure day');
    expect((await ok(core.invoke('requests.list', {}))).rows[0]!.due).toBe('2027-01-25');
    await ok(core.invoke('closures.remove', { date: '2026-12-24' }));
    expect((await ok(core.invoke('requests.get', { reference: d.reference }))).due).toBe('2027-01-22');
  });
});

describe('the list', () => {
  async function seeded() {
    const core = await workspace();
    await ok(core.invoke('requests.create', foia({ subject: 'Unaccompanied children placement', received: '2026-11-02', assignee: 'Ada' })));
    await ok(core.invoke('requests.create', foia({ agency: 'CBP', subject: 'Border apprehension data', received: '2027-01-04', assignee: 'Grace' })));
    await ok(core.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Sponsor vetting letter', sent: '2026-12-01', dueAt: '2026-12-15T17:00', dueTz: 'America/New_York', notes: 'MS-13 sponsor' }));
    await ok(core.invoke('requests.create', foia({ agency: 'FBI', subject: 'Draft only' })));
    return core;
  }

  it('filters by overdue, due window, status, kind, agency, assignee and words', async () => {
    const core = await seeded();
    const refs = async (q: InputOf<'requests.list'>) => (await ok(core.invoke('requests.list', q))).rows.map((r) => r.subject);
    expect(await refs({ overdue: true })).toEqual(['Unaccompanied children placement', 'Sponsor vetting letter']);
    expect(await refs({ dueWithinDays: 30 })).toEqual(['Unaccompanied children placement', 'Sponsor vetting letter', 'Border apprehension data']);
    expect(await refs({ statuses: ['draft'] })).toEqual(['Draft only']);
    expect(await refs({ kinds: ['oversight-letter'] })).toEqual(['Sponsor vetting letter']);
    expect(await refs({ agencies: ['cbp'] })).toEqual(['Border apprehension data']);
    expect(await refs({ assignee: 'ada' })).toEqual(['Unaccompanied children placement']);
    expect(await refs({ text: 'ms-13' })).toEqual(['Sponsor vetting letter']);
    expect(await refs({ text: 'child' })).toEqual(['Unaccompanied children placement']);
    expect(await refs({ text: '"unbalanced AND (' })).toEqual([]);
    expect(await refs({ sort: 'subject', dir: 'desc', limit: 2 })).toEqual(['Unaccompanied children placement', 'Sponsor vetting letter']);
    expect((await ok(core.invoke('requests.list', { limit: 1, offset: 1 }))).total).toBe(4);
  });

  it('feeds the dashboard', async () => {
    const core = await seeded();
    const s = await ok(core.invoke('dashboard.summary', {}));
    expect(s.today).toBe('2027-01-10');
    expect(s.overdue.map((r) => r.subject)).toEqual(['Unaccompanied children placement', 'Sponsor vetting letter']);
    expect(s.dueSoon).toEqual([]);
    expect(s.openByAgency).toEqual(expect.arrayContaining([{ agency: 'ICE', open: 1, overdue: 1 }, { agency: 'CBP', open: 1, overdue: 0 }]));
    expect(s.overdueBuckets.map((b) => b.count)).toEqual([0, 1, 1, 0, 0]);
  });
});

describe('CSV and calendar', () => {
  it('round-trips requests through CSV, timelines included', async () => {
    const a = await workspace();
    const d = await ok(a.invoke('requests.create', foia({ received: '2026-12-22', trackingNumbers: [{ kind: 'agency', number: 'ICE-1' }, { kind: 'referral', number: 'CBP-9', agency: 'CBP' }], notes: '=SUM(A1) "quoted", line\nbreak', feeEstimate: 25 })));
    await ok(a.invoke('requests.addEvent', { reference: d.reference, type: 'determination', date: '2027-01-05', outcome: 'denial', exemptions: ['b3'], statute: '8 U.S.C. 1367' }));
    await ok(a.invoke('requests.create', { kind: 'subpoena', agency: 'DHS', subject: 'Subpoena duces tecum', dueAt: '2027-02-01T10:00', dueTz: 'America/New_York', sent: '2027-01-05' }));
    const first = await ok(a.invoke('requests.exportCsv', {}));
    expect(first.count).toBe(2);

    const b = await workspace();
    expect(await ok(b.invoke('requests.importCsv', { csv: first.csv }))).toEqual({ created: 2, updated: 0, errors: [] });
    const second = await ok(b.invoke('requests.exportCsv', {}));
    expect(second.csv).toBe(first.csv);
  });

  it('imports all or nothing, reporting each bad line', async () => {
    const core = await workspace();
    const csv = 'kind,agency,subject,received\n';
    expect(await ok(core.invoke('requests.importCsv', { csv }))).toMatchObject({ errors: [{ line: 1, message: expect.stringMatching(/unknown column\(s\) received/) }] });
    const rows = 'kind,agency,subject\nfoia,ICE,Good one\nfoia,Nowhere,Bad agency\nfax,ICE,Bad kind\n';
    const r = await ok(core.invoke('requests.importCsv', { csv: rows }));
    expect(r.created).toBe(0);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
    const r2 = await ok(core.invoke('requests.importCsv', { csv: 'kind,agency,subject\nfoia,ICE,Good one\nfoia,Nowhere,Bad agency\n' }));
    expect(r2).toMatchObject({ created: 0, errors: [{ line: 3, message: expect.stringMatching(/^agency: there is no agency/) }] });
    expect(await rowCount(core, 'requests')).toBe(0);
  });

  it('exports running deadlines as iCalendar that calendar programs accept', async () => {
    const core = await workspace();
    await ok(core.invoke('requests.create', foia({ received: '2026-12-22', subject: 'Subject, with; commas and a very long title that will need folding across lines in the file' })));
    await ok(core.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Letter', sent: '2027-01-05', dueAt: '2027-07-01T17:00', dueTz: 'America/New_York' }));
    const { ics, count: n } = await ok(core.invoke('calendar.exportIcs', {}));
    expect(n).toBe(2);
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(ics).toContain('DTSTART;VALUE=DATE:20270122');
    expect(ics).toContain('DTSTART:20270701T210000Z'); // 17:00 EDT
    expect(ics.replace(/\r\n /g, '')).toContain('Subject\\, with\\; commas');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
  });
});

describe('agencies', () => {
  it('refuse a duplicate abbreviation or name and a loop of parents', async () => {
    const core = await workspace();
    expect(await core.invoke('agencies.create', { name: 'Something new', abbreviation: 'ice' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^abbreviation: ICE/) } });
    const dhs = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'DHS')!;
    expect(await core.invoke('agencies.update', { id: dhs.id, patch: { parent: 'ICE' } })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^parent: /) } });
    expect(await core.invoke('agencies.create', { name: 'X', abbreviation: 'X', portalUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('count a request that arrived on a Saturday by the agency’s receipt rule, saying which rule applied', async () => {
    const core = await workspace();
    // Received Sat 2026-03-07. By the statute Mon Mar 9 is day 1 (due Fri Apr 3); deemed received Mon Mar 9, it is day 0 (due Mon Apr 6).
    const d = await ok(core.invoke('requests.create', foia({ agency: 'CBP', received: '2026-03-07' })));
    expect(d.due).toBe('2026-04-03');
    expect(d.clocks[0]!.explanation).toBe('20 working days from 2026-03-07, received on a day off, so the next working day is day 1');
    const cbp = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'CBP')!;
    expect(cbp.receiptNextWorkingDay).toBe(false);
    expect(await ok(core.invoke('agencies.update', { id: cbp.id, patch: { receiptNextWorkingDay: true } }))).toMatchObject({ receiptNextWorkingDay: true });
    const after = await ok(core.invoke('requests.get', { reference: d.reference }));
    expect(after.due).toBe('2026-04-06');
    expect(after.clocks[0]!.explanation).toBe('20 working days from 2026-03-07, received on a day off; the agency deems it received on 2026-03-09, day 0');
    // A request received on a working day is the same under either rule.
    expect((await ok(core.invoke('requests.create', foia({ agency: 'CBP', received: '2026-03-09' })))).due).toBe('2026-04-06');
  });

  it('judge a late extension against the due date the agency’s receipt rule gives', async () => {
    const core = await workspace();
    const cbp = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'CBP')!;
    await ok(core.invoke('agencies.update', { id: cbp.id, patch: { receiptNextWorkingDay: true } }));
    const d = await ok(core.invoke('requests.create', foia({ agency: 'CBP', received: '2026-03-07' })));
    // Due Mon Apr 6 under CBP's rule (Fri Apr 3 under the statute's): a notice on Apr 6 is in time.
    expect(await ok(core.invoke('requests.addEvent', { reference: d.reference, type: 'extension', date: '2026-04-06' }))).toMatchObject({ due: '2026-04-20' });
  });

  it('take the receipt rule from CSV as yes or no, refusing anything else by its line', async () => {
    const core = await workspace();
    const csv = 'name,abbreviation,receipt_next_working_day\nBureau of Examples,BOE,yes\nOffice of Samples,OOS,\n';
    expect(await ok(core.invoke('agencies.importCsv', { csv }))).toEqual({ created: 2, updated: 0, errors: [] });
    const list = await ok(core.invoke('agencies.list', {}));
    expect(list.filter((a) => ['BOE', 'OOS'].includes(a.abbreviation)).map((a) => [a.abbreviation, a.receiptNextWorkingDay])).toEqual([
      ['BOE', true],
      ['OOS', false],
    ]);
    const bad = await ok(core.invoke('agencies.importCsv', { csv: 'name,abbreviation,receipt_next_working_day\nBureau of Maybes,BOM,perhaps\n' }));
    expect(bad).toMatchObject({ created: 0, errors: [{ line: 2, message: expect.stringMatching(/^receiptNextWorkingDay: /) }] });
  });

  it('move appeal clocks when their appeal window changes', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ agency: 'FBI', received: '2026-12-01' })));
    await ok(core.invoke('requests.addEvent', { reference: d.reference, type: 'determination', date: '2027-01-04', outcome: 'denial' }));
    expect((await ok(core.invoke('requests.get', { reference: d.reference }))).due).toBe('2027-04-04');
    const fbi = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'FBI')!;
    await ok(core.invoke('agencies.update', { id: fbi.id, patch: { appealDays: 60 } }));
    expect((await ok(core.invoke('requests.get', { reference: d.reference }))).due).toBe('2027-03-05');
  });

  it('import from CSV, all or nothing, with parents defined in the same file', async () => {
    const core = await workspace();
    const good = 'name,abbreviation,parent,appeal_days,appeal_day_kind\nOffice of Oversight Testing,OOT,,45,working\nOOT Field Unit,OOT-F,OOT,,\nU.S. Immigration and Customs Enforcement,ICE,DHS,60,working\n';
    expect(await ok(core.invoke('agencies.importCsv', { csv: good }))).toEqual({ created: 2, updated: 1, errors: [] });
    const list = await ok(core.invoke('agencies.list', {}));
    expect(list.find((a) => a.abbreviation === 'OOT-F')).toMatchObject({ parentAbbreviation: 'OOT', appealDays: 90 });
    expect(list.find((a) => a.abbreviation === 'ICE')).toMatchObject({ appealDays: 60 });
    const bad = 'name,abbreviation,parent\nAnother,ANO,\nBroken,BRK,NOPE\n';
    expect(await ok(core.invoke('agencies.importCsv', { csv: bad }))).toMatchObject({ created: 0, errors: [{ line: 3, message: expect.stringMatching(/^parent: there is no agency called "NOPE"/) }] });
    expect((await ok(core.invoke('agencies.list', {}))).some((a) => a.abbreviation === 'ANO')).toBe(false);
  });
});

describe('found in review', () => {
  it('an edit changes only the fields it names', async () => {
    const core = await workspace();
    const d = await ok(
      core.invoke('requests.create', {
        kind: 'oversight-letter',
        agency: 'HHS',
        subject: 'Keep me',
        notes: 'keep these notes',
        priority: 'urgent',
        recordsSought: 'all records',
        trackingNumbers: [{ kind: 'agency', number: 'HHS-1' }],
        dueAt: '2027-03-15T17:00',
        dueTz: 'America/New_York',
        sent: '2027-01-04',
      }),
    );
    const u = await ok(core.invoke('requests.update', { reference: d.reference, patch: { assignee: 'Ada' } }));
    expect(u).toMatchObject({ assignee: 'Ada', notes: 'keep these notes', priority: 'urgent', recordsSought: 'all records', trackingNumbers: 'HHS-1', dueAt: '2027-03-15T17:00', dueTz: 'America/New_York' });
    const ice = (await ok(core.invoke('agencies.list', {}))).find((a) => a.abbreviation === 'ICE')!;
    const a = await ok(core.invoke('agencies.update', { id: ice.id, patch: { notes: 'x' } }));
    expect(a).toMatchObject({ notes: 'x', appealDays: 90, appealDayKind: 'working', parentAbbreviation: 'DHS', portalUrl: ice.portalUrl });
  });

  it('refuses a toll dated inside an earlier pause, instead of freezing the clock', async () => {
    const core = await workspace();
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2026-11-02' })));
    await ok(core.invoke('requests.addEvent', { reference, type: 'toll', date: '2026-11-10', reason: 'information' }));
    await ok(core.invoke('requests.addEvent', { reference, type: 'resume', date: '2026-11-20' }));
    const r = await core.invoke('requests.addEvent', { reference, type: 'toll', date: '2026-11-15', reason: 'fees' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await ok(core.invoke('requests.get', { reference }))).due).not.toBeNull();
  });

  it('checks an outcome against its event', async () => {
    const core = await workspace();
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2026-11-02' })));
    const wrong = await core.invoke('requests.addEvent', { reference, type: 'determination', date: '2026-11-20', outcome: 'granted' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^outcome: a determination needs its outcome/) } });
  });

  it('refuses dates outside 1900–2200 before anything is written', async () => {
    const core = await workspace();
    const r = await core.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Far future', dueAt: '9999-12-31T17:00' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await rowCount(core, 'requests')).toBe(0);
    expect((await ok(core.invoke('requests.list', {}))).total).toBe(0);
  });

  it('stops the expedited-decision clock once the request is answered', async () => {
    const core = await workspace('2027-05-01T12:00:00');
    const { reference } = await ok(core.invoke('requests.create', foia({ agency: 'FBI', received: '2027-01-04', expeditedRequested: true })));
    const d = await ok(core.invoke('requests.addEvent', { reference, type: 'determination', date: '2027-02-15', outcome: 'denial' }));
    expect(d.due).toBe('2027-05-16');
    expect(d.clocks.find((c) => c.name === 'expedited-decision')!.state).toBe('met');
    expect(d.due).toBe(d.clocks.find((c) => c.name === 'appeal-window')!.due);
    const s = await ok(core.invoke('dashboard.summary', {}));
    expect(s.appealsClosing.map((a) => a.request.reference)).toEqual([reference]);
  });

  it('refuses an extension or toll dated after the response was due', async () => {
    const core = await workspace('2027-03-01T12:00:00');
    const { reference, due } = await ok(core.invoke('requests.create', foia({ received: '2027-01-04' })));
    expect(due).toBe('2027-02-02');
    expect(await core.invoke('requests.addEvent', { reference, type: 'extension', date: '2027-02-20' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^date: the response was already due on 2027-02-02/) } });
    expect(await core.invoke('requests.addEvent', { reference, type: 'toll', date: '2027-02-03', reason: 'information' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await ok(core.invoke('requests.addEvent', { reference, type: 'extension', date: '2027-02-02' }));
  });

  it('reopens a request whose appeal is remanded, and refuses a sending date after receipt', async () => {
    const core = await workspace();
    const { reference } = await ok(core.invoke('requests.create', foia({ received: '2026-11-02' })));
    await ok(core.invoke('requests.addEvent', { reference, type: 'determination', date: '2026-11-20', outcome: 'denial' }));
    await ok(core.invoke('requests.addEvent', { reference, type: 'appeal-filed', date: '2026-12-01' }));
    const d = await ok(core.invoke('requests.addEvent', { reference, type: 'appeal-decided', date: '2026-12-20', outcome: 'remanded' }));
    expect(d).toMatchObject({ status: 'remanded', open: true });
    expect(await core.invoke('requests.addEvent', { reference, type: 'sent', date: '2026-11-05' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('a letter due today at an hour is overdue once the hour has passed', async () => {
    const early = await workspace('2027-03-15T16:00:00-04:00');
    await ok(early.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Hour', sent: '2027-03-01', dueAt: '2027-03-15T17:00', dueTz: 'America/New_York' }));
    const before = (await ok(early.invoke('requests.list', {}))).rows[0]!;
    const late = await workspace('2027-03-15T18:00:00-04:00');
    await ok(late.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Hour', sent: '2027-03-01', dueAt: '2027-03-15T17:00', dueTz: 'America/New_York' }));
    const after = (await ok(late.invoke('requests.list', {}))).rows[0]!;
    // Unit tests run with TZ=UTC (vitest.config.ts), so both clocks fall on 2027-03-15 locally.
    expect(before).toMatchObject({ due: '2027-03-15', daysUntilDue: 0, overdue: false });
    expect(after).toMatchObject({ due: '2027-03-15', daysUntilDue: 0, overdue: true });
  });
});

describe('CSV and calendar, found in review', () => {
  it('refuses hostile event cells and references in an import', async () => {
    const core = await workspace();
    const bad = (events: string, reference = '') =>
      core.invoke('requests.importCsv', { csv: `reference,kind,agency,subject,events\n${reference},foia,ICE,x,"${events.replace(/"/g, '""')}"\n` });
    expect(await ok(bad('[{"type":"received","date":"2026-01-05","outcome":"banana"}]'))).toMatchObject({ created: 0, errors: [{ line: 2, message: expect.stringMatching(/events: /) }] });
    expect(await ok(bad('[{"type":"received","date":"2026-01-05","exemptions":["b99"]}]'))).toMatchObject({ created: 0 });
    expect(await ok(bad('[{"type":"received","date":"2026-01-05"}]', 'REQ-2026-1\r\nBEGIN:VEVENT'))).toMatchObject({ created: 0 });
    expect(await ok(bad('[{"type":"received","date":"2026-01-05"}]', `REQ-2026-${'9'.repeat(30)}`))).toMatchObject({ created: 0 });
    expect(await rowCount(core, 'requests')).toBe(0);
  });

  it('keeps a tracking number with brackets through the round trip', async () => {
    const a = await workspace();
    await ok(a.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'FOIA-1 (2)' }, { kind: 'referral', number: 'R-9', agency: 'CBP' }] })));
    const { csv } = await ok(a.invoke('requests.exportCsv', {}));
    const b = await workspace();
    expect(await ok(b.invoke('requests.importCsv', { csv }))).toMatchObject({ created: 1, errors: [] });
    expect((await ok(b.invoke('requests.list', {}))).rows[0]!.trackingNumbers).toBe('FOIA-1 (2), R-9');
  });

  it("writes a winter letter in UTC with the right offset, and a letter given without a zone at the office's zone", async () => {
    const core = await workspace();
    await ok(core.invoke('requests.create', { kind: 'oversight-letter', agency: 'HHS', subject: 'Winter', sent: '2027-01-04', dueAt: '2027-01-20T17:00', dueTz: 'America/New_York' }));
    await ok(core.invoke('requests.create', { kind: 'subpoena', agency: 'DHS', subject: 'No zone', sent: '2027-01-04', dueAt: '2027-02-01T10:00' }));
    const { ics } = await ok(core.invoke('calendar.exportIcs', {}));
    expect(ics).toContain('DTSTART:20270120T220000Z');
    expect(ics).toContain('DTSTART:20270201T150000Z');
  });
});

describe('editing the details of a request', () => {
  const historyOf = async (core: Core, reference: string) =>
    (await ok(core.invoke('audit.list', { entity: 'request', entityId: reference, limit: 50 }))).entries.filter((e) => e.action === 'requests.update');

  it('changes agency, records sought and their dates, records each change, and the clock follows the new agency', async () => {
    const core = await workspace();
    await ok(core.invoke('agencies.create', { name: 'Office of Deemed Receipt', abbreviation: 'ODR', receiptNextWorkingDay: true }));
    // Received on Saturday 2026-12-19: under the statute Monday is day 1; ODR deems it received on Monday, day 0.
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-19', recordsSought: 'Release logs', trackingNumbers: [{ kind: 'agency', number: 'T-19' }] })));
    expect(d.due).toBe('2027-01-20');
    const u = await ok(
      core.invoke('requests.update', { reference: d.reference, patch: { agency: 'ODR', recordsSought: 'Release logs and sponsor files', recordsFrom: '2025-01-01', recordsTo: '2025-06-30' } }),
    );
    expect(u).toMatchObject({ agency: { abbreviation: 'ODR' }, recordsSought: 'Release logs and sponsor files', recordsFrom: '2025-01-01', recordsTo: '2025-06-30', due: '2027-01-21' });
    expect(u.clocks[0]!.explanation).toMatch(/the agency deems it received on 2026-12-21, day 0/);
    // The request's own tracking number goes with it to the new agency.
    expect(u.tracking).toEqual([{ kind: 'agency', number: 'T-19', agency: 'ODR' }]);
    const [change] = await historyOf(core, d.reference);
    expect(change).toMatchObject({
      before: { agency: 'ICE', recordsSought: 'Release logs', recordsFrom: null, recordsTo: null },
      after: { agency: 'ODR', recordsSought: 'Release logs and sponsor files', recordsFrom: '2025-01-01', recordsTo: '2025-06-30' },
    });
  });

  it('turns a FOIA request into a letter: the due date becomes the one set in the letter, at the office zone unless another is named', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    expect(d.due).toBe('2027-01-22');
    const u = await ok(core.invoke('requests.update', { reference: d.reference, patch: { kind: 'oversight-letter', dueAt: '2027-01-15T17:00' } }));
    expect(u).toMatchObject({ kind: 'oversight-letter', due: '2027-01-15', dueTz: 'America/New_York' });
    expect(u.clocks[0]).toMatchObject({ name: 'set-in-letter', explanation: 'Set in the letter: 2027-01-15 17:00 (America/New_York)' });
    const moved = await ok(core.invoke('requests.update', { reference: d.reference, patch: { dueAt: '2027-01-19T12:00', dueTz: 'America/Los_Angeles' } }));
    expect(moved).toMatchObject({ due: '2027-01-19', dueTz: 'America/Los_Angeles' });
    const [second, first] = await historyOf(core, d.reference);
    expect(first).toMatchObject({ before: { kind: 'foia', dueAt: null, dueTz: null }, after: { kind: 'oversight-letter', dueAt: '2027-01-15T17:00', dueTz: 'America/New_York' } });
    expect(second).toMatchObject({ before: { dueTz: 'America/New_York' }, after: { dueTz: 'America/Los_Angeles' } });
  });

  it('refuses an agency change that would give its tracking number a twin there, and changes nothing', async () => {
    const core = await workspace();
    await ok(core.invoke('requests.create', foia({ agency: 'CBP', trackingNumbers: [{ kind: 'agency', number: 'N-7' }] })));
    const d = await ok(core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'N-7' }] })));
    const r = await core.invoke('requests.update', { reference: d.reference, patch: { agency: 'CBP', subject: 'Moved' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^trackingNumbers\.0\.number: N-7 is already used by REQ-2027-0001 at this agency/) } });
    expect(await ok(core.invoke('requests.get', { reference: d.reference }))).toMatchObject({ agency: { abbreviation: 'ICE' }, subject: 'Children released to HHS' });
    expect(await historyOf(core, d.reference)).toEqual([]);
  });
});

describe('time zones of due hours', () => {
  const letter = (dueTz: string) => foia({ kind: 'oversight-letter', dueAt: '2026-07-15T17:00', dueTz });

  it('refuses "17:00 EST" on a July letter, saying it would be 18:00 in Washington and what to use', async () => {
    const core = await workspace();
    const r = await core.invoke('requests.create', letter('EST'));
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^dueTz: EST is a fixed offset \(UTC−5\).*17:00 EST in July is 18:00 in Washington\. Use America\/New_York\.$/) },
    });
    expect(await rowCount(core, 'requests')).toBe(0);
  });

  it.each(['PST', 'PDT', 'CST', 'MDT', 'GMT', 'GMT+5', 'Etc/GMT+5', 'EST5EDT'])('refuses %s, naming a place to use instead', async (tz) => {
    const core = await workspace();
    const r = await core.invoke('requests.create', letter(tz));
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^dueTz: .*not a place's time zone.* Use .*[A-Z][a-z]+\/[A-Za-z_]+/) } });
  });

  it('accepts places and UTC, stored in their usual spelling', async () => {
    const core = await workspace();
    expect(await ok(core.invoke('requests.create', letter('america/new_york')))).toMatchObject({ dueTz: 'America/New_York' });
    expect(await ok(core.invoke('requests.create', letter('UTC')))).toMatchObject({ dueTz: 'UTC' });
  });

  it("reads a due hour without a zone in the office's zone, which Settings can change (and refuses abbreviations there too)", async () => {
    const core = await workspace();
    expect((await ok(core.invoke('settings.get', {}))).officeTimeZone).toBe('America/New_York');
    expect(await core.invoke('settings.update', { officeTimeZone: 'PST' })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/Use America\/Los_Angeles/) } });
    expect(await ok(core.invoke('settings.update', { officeTimeZone: 'America/Chicago' }))).toMatchObject({ officeTimeZone: 'America/Chicago' });
    const d = await ok(core.invoke('requests.create', foia({ kind: 'oversight-letter', dueAt: '2026-12-15T17:00' })));
    expect(d).toMatchObject({ dueTz: 'America/Chicago' });
    // A date without an hour needs no zone.
    expect(await ok(core.invoke('requests.create', foia({ kind: 'oversight-letter', dueAt: '2026-12-15' })))).toMatchObject({ dueTz: null });
  });
});

describe('filtering the list by agency and kind', () => {
  async function seeded() {
    const core = await workspace();
    for (const [agency, kind, subject] of [
      ['HHS', 'foia', 'Department itself'],
      ['ACF', 'oversight-letter', 'Component'],
      ['ORR', 'foia', 'Component of a component'],
      ['DOJ', 'subpoena', 'Another department'],
      ['FBI', 'foia', 'Under the other department'],
      ['ICE', 'foia', 'Elsewhere'],
    ] as const) {
      await ok(core.invoke('requests.create', foia({ agency, kind, subject })));
    }
    const subjects = async (q: InputOf<'requests.list'>) => (await ok(core.invoke('requests.list', q))).rows.map((r) => r.subject).sort();
    return { core, subjects };
  }

  it('takes a department to include its components at any depth (HHS finds ACF and ORR)', async () => {
    const { subjects } = await seeded();
    expect(await subjects({ agencies: ['HHS'] })).toEqual(['Component', 'Component of a component', 'Department itself']);
    expect(await subjects({ agencies: ['ACF'] })).toEqual(['Component', 'Component of a component']);
    expect(await subjects({ agencies: ['ORR'] })).toEqual(['Component of a component']);
  });

  it('takes several agencies at once, each with its components', async () => {
    const { subjects } = await seeded();
    expect(await subjects({ agencies: ['ORR', 'DOJ'] })).toEqual(['Another department', 'Component of a component', 'Under the other department']);
    expect(await subjects({ agencies: ['HHS', 'ACF'] })).toHaveLength(3);
  });

  it('names an unknown agency in the list and what to use instead', async () => {
    const { core } = await seeded();
    expect(await fails(core.invoke('requests.list', { agencies: ['HHS', 'Ministry of Magic'] }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^agencies\.1: there is no agency called "Ministry of Magic"/),
    });
  });

  it('sorts by kind', async () => {
    const { core } = await seeded();
    const kinds = async (dir: 'asc' | 'desc') => (await ok(core.invoke('requests.list', { sort: 'kind', dir }))).rows.map((r) => r.kind);
    expect(await kinds('asc')).toEqual(['foia', 'foia', 'foia', 'foia', 'oversight-letter', 'subpoena']);
    expect(await kinds('desc')).toEqual(['subpoena', 'oversight-letter', 'foia', 'foia', 'foia', 'foia']);
  });
});

describe('calls that arrive at the same moment', () => {
  // Calls now await the database, so two can be in progress at once: what each decides on must be
  // read inside its own write, or the second would act on what the first is about to change.
  it('records one receipt when two are added at once, refusing the other', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia()));
    const both = await Promise.all([
      core.invoke('requests.addEvent', { reference: d.reference, type: 'received', date: '2026-12-21' }),
      core.invoke('requests.addEvent', { reference: d.reference, type: 'received', date: '2026-12-22' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/already has a date of receipt/) } });
    expect((await ok(core.invoke('requests.get', { reference: d.reference }))).events.filter((e) => e.type === 'received')).toHaveLength(1);
  });

  it('keeps both of two edits made at once to different fields', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    await Promise.all([
      ok(core.invoke('requests.update', { reference: d.reference, patch: { assignee: 'Ada' } })),
      ok(core.invoke('requests.update', { reference: d.reference, patch: { notes: 'call the agency' } })),
    ]);
    expect(await ok(core.invoke('requests.get', { reference: d.reference }))).toMatchObject({ assignee: 'Ada', notes: 'call the agency' });
  });

  it('gives a tracking number claimed by two requests at once to only one of them', async () => {
    const core = await workspace();
    const both = await Promise.all([
      core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'SAME-42' }] })),
      core.invoke('requests.create', foia({ trackingNumbers: [{ kind: 'agency', number: 'same-42 ' }] })),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^trackingNumbers\.0\.number: .* is already used by REQ-2027-0001/) } });
    expect(await rowCount(core, 'tracking_numbers')).toBe(1);
  });

  it('removes an event asked to be removed twice at once only once, recording one removal', async () => {
    const core = await workspace();
    const d = await ok(core.invoke('requests.create', foia({ received: '2026-12-22' })));
    const { events } = await ok(core.invoke('requests.addEvent', { reference: d.reference, type: 'acknowledged', date: '2026-12-23' }));
    const ack = events.find((e) => e.type === 'acknowledged')!;
    const both = await Promise.all([
      core.invoke('requests.removeEvent', { reference: d.reference, eventId: ack.id }),
      core.invoke('requests.removeEvent', { reference: d.reference, eventId: ack.id }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: `eventId: request ${d.reference} has no event ${ack.id}.` } });
    const removals = (await query(core, "SELECT count(*) AS n FROM audit_log WHERE action = 'requests.event.remove'"))[0] as { n: number };
    expect(removals.n).toBe(1);
  });

  it('refuses the second of two overlapping closures added at once', async () => {
    const core = await workspace();
    const both = await Promise.all([
      core.invoke('closures.add', { date: '2026-12-28', until: '2026-12-30', reason: 'Shutdown A' }),
      core.invoke('closures.add', { date: '2026-12-29', reason: 'Storm B' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both[1]).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/^date: 2026-12-29 is already closed \(Shutdown A/) } });
  });
});
