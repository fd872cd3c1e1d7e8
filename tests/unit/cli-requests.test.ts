import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

const sunshine = (ws: CliWorkspace, ...args: string[]) => runSunshine(ws, args);

describe('sunshine deadline', () => {
  it('prints the due date, and with --explain how it came about', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, 'deadline', '--from', '2026-12-22')).toMatchObject({ code: 0, out: '2027-01-22\n' });
    expect(sunshine(ws, 'deadline', '--from', '2026-12-22', '--explain').out).toBe('2027-01-22\n20 working days from 2026-12-22 (Dec 25, Jan 1, Jan 18 are holidays)\n');
    expect(sunshine(ws, 'deadline', '--from', '2026-12-22', '--rule', 'expedited-decision').out).toBe('2027-01-01\n');
    expect(sunshine(ws, 'deadline', '--from', '2026-01-15', '--rule', 'appeal-window').out).toBe('2026-04-15\n');
    expect(sunshine(ws, 'deadline', '--from', '2026-03-02', '--rule', 'foia-unusual').out).toBe('2026-04-13\n');
  });

  it('refuses an impossible date or an unknown rule with exit 2', async () => {
    const ws = await cliWorkspace();
    const bad = sunshine(ws, 'deadline', '--from', '2026-02-30');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/from: is not a real calendar date/);
    expect(sunshine(ws, 'deadline', '--from', '2026-01-01', '--rule', 'whenever').code).toBe(2);
  });
});

describe('sunshine closures', () => {
  it('adds a shutdown as one range that moves clocks, refuses days already closed, and removes it', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, 'deadline', '--from', '2024-02-01').out).toBe('2024-03-01\n');
    expect(sunshine(ws, 'closures', 'add', '--date', '2024-02-05', '--until', '2024-03-10', '--reason', 'Lapse in appropriations')).toMatchObject({ code: 0, out: '2024-02-05 to 2024-03-10  Lapse in appropriations\n' });
    expect(sunshine(ws, 'deadline', '--from', '2024-02-01', '--explain').out).toBe('2024-04-04\n20 working days from 2024-02-01 (Feb 5 to Mar 8 are closure days)\n');
    const clash = sunshine(ws, 'closures', 'add', '--date', '2024-03-08', '--reason', 'Snow');
    expect(clash.code).toBe(2);
    expect(clash.err).toMatch(/date: 2024-03-08 is already closed \(Lapse in appropriations, 2024-02-05 to 2024-03-10\)/);
    expect(JSON.parse(sunshine(ws, '--json', 'closures', 'list').out)).toEqual({ closures: [{ date: '2024-02-05', until: '2024-03-10', reason: 'Lapse in appropriations' }] });
    expect(sunshine(ws, 'closures', 'remove', '--date', '2024-02-05')).toMatchObject({ code: 0, out: 'No closure days.\n' });
  });
});

describe('sunshine requests', () => {
  it('adds, lists, shows and extends a request; exports the calendar', async () => {
    const ws = await cliWorkspace();
    const add = sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', 'ICE', '--subject', 'Children released to HHS', '--received', '2025-12-22', '--tracking', '2027-ICFO-00001', '--json');
    expect(add.code).toBe(0);
    const created = JSON.parse(add.out);
    expect(created).toMatchObject({ reference: expect.stringMatching(/^REQ-\d{4}-0001$/), status: 'submitted', due: '2026-01-22', trackingNumbers: '2027-ICFO-00001' });
    const ref = created.reference as string;

    const ev = sunshine(ws, 'requests', 'event', ref, '--type', 'extension', '--date', '2025-12-29', '--json');
    expect(JSON.parse(ev.out)).toMatchObject({ due: '2026-02-05' });
    expect(JSON.parse(sunshine(ws, 'requests', 'show', ref, '--json').out).events.map((e: { type: string }) => e.type)).toEqual(['received', 'extension']);

    const list = JSON.parse(sunshine(ws, 'requests', 'list', '--due-within', '3650', '--json').out);
    expect(list.rows.map((r: { reference: string }) => r.reference)).toEqual([ref]);
    expect(sunshine(ws, 'requests', 'list').out).toMatch(new RegExp(`${ref}\\s+submitted\\s+2026-02-05`));

    const ics = path.join(tempDir(), 'deadlines.ics');
    expect(sunshine(ws, 'calendar', 'export', '--out', ics).code).toBe(0);
    expect(fs.readFileSync(ics, 'utf8')).toContain('DTSTART;VALUE=DATE:20260205');

    // Answered three working days after it was due (Feb 6, 9, 10): late, not met.
    expect(sunshine(ws, 'requests', 'event', ref, '--type', 'determination', '--outcome', 'full-grant', '--date', '2026-02-10').code).toBe(0);
    expect(sunshine(ws, 'requests', 'show', ref).out).toMatch(/Response \(extended\): 2026-02-05 \[answered late, by 3 working days\] — .*; answered on 2026-02-10, 3 working days after it was due/);
  });

  it('refuses bad input with exit 2, a message naming the field, and nothing written', async () => {
    const ws = await cliWorkspace();
    const unknown = sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', 'Ministry of Magic', '--subject', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/agency: there is no agency called "Ministry of Magic"/);
    const ref = JSON.parse(sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', 'HHS', '--subject', 'y', '--received', '2025-12-22', '--json').out).reference;
    const early = sunshine(ws, 'requests', 'event', ref, '--type', 'acknowledged', '--date', '2025-12-01');
    expect(early.code).toBe(2);
    expect(early.err).toMatch(/date: 2025-12-01 is before the agency received the request \(2025-12-22\)/);
    const planned = sunshine(ws, 'requests', 'event', ref, '--type', 'determination', '--outcome', 'denial', '--date', '2099-01-05');
    expect(planned.code).toBe(2);
    expect(planned.err).toMatch(/date: 2099-01-05 is after today \(\d{4}-\d{2}-\d{2}\); a planned date is not an event/);
    expect(sunshine(ws, 'requests', 'show', 'REQ-1999-0001').code).toBe(2);
    expect(JSON.parse(sunshine(ws, 'requests', 'list', '--json').out).total).toBe(1);
  });

  it('takes --exemption as a list, repeated, in any case, and refuses an unknown code with the valid ones', async () => {
    const ws = await cliWorkspace();
    const ref = JSON.parse(sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', 'HHS', '--subject', 'y', '--received', '2025-12-22', '--json').out).reference;
    const bad = sunshine(ws, 'requests', 'event', ref, '--type', 'determination', '--date', '2026-01-05', '--outcome', 'partial-grant', '--exemption', 'b6,b7g');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/"b7g" is not a FOIA exemption; give one or more of b1, b2, .*b7E.*, b9/);
    const ok = sunshine(ws, 'requests', 'event', ref, '--type', 'determination', '--date', '2026-01-05', '--outcome', 'partial-grant', '--exemption', 'b6,b7e', '--exemption', 'B7C');
    expect(ok.code, ok.err).toBe(0);
    const events = JSON.parse(sunshine(ws, 'requests', 'show', ref, '--json').out).events as { type: string; exemptions: string[] }[];
    expect(events.filter((e) => e.type === 'determination').map((e) => e.exemptions)).toEqual([['b6', 'b7E', 'b7C']]);
  });

  it('round-trips through CSV files', async () => {
    const a = await cliWorkspace();
    sunshine(a, 'requests', 'add', '--kind', 'oversight-letter', '--agency', 'HHS', '--subject', 'Sponsor vetting', '--sent', '2025-12-01', '--due-at', '2026-12-15T17:00', '--due-tz', 'America/New_York');
    const file = path.join(a.dir, 'out.csv');
    expect(sunshine(a, 'requests', 'export', '--out', file).code).toBe(0);
    const b = await cliWorkspace();
    expect(sunshine(b, 'requests', 'import', file).out).toMatch(/Imported 1 request\./);
    expect(JSON.parse(sunshine(b, 'requests', 'list', '--json').out).rows[0]).toMatchObject({ subject: 'Sponsor vetting', due: '2026-12-15' });
    fs.writeFileSync(path.join(b.dir, 'bad.csv'), 'kind,agency,subject\nfoia,Nowhere,x\n');
    const bad = sunshine(b, 'requests', 'import', path.join(b.dir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.csv:2: agency: there is no agency/);
  });
});

describe('sunshine requests edit', () => {
  it('changes agency, kind, records and their dates, and a letter’s due hour in the office zone; each change is in the history', async () => {
    const ws = await cliWorkspace();
    const ref = JSON.parse(sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', 'ICE', '--subject', 'Release logs', '--received', '2025-12-22', '--tracking', 'ED-1', '--json').out).reference;
    const moved = sunshine(ws, 'requests', 'edit', ref, '--agency', 'CBP', '--records', 'Sponsor files', '--records-from', '2025-01-01', '--records-to', '2025-06-30', '--json');
    expect(moved.code, moved.err).toBe(0);
    expect(JSON.parse(moved.out)).toMatchObject({ agency: { abbreviation: 'CBP' }, recordsSought: 'Sponsor files', recordsFrom: '2025-01-01', recordsTo: '2025-06-30', tracking: [{ number: 'ED-1', agency: 'CBP' }] });
    const letter = sunshine(ws, 'requests', 'edit', ref, '--kind', 'oversight-letter', '--due-at', '2026-07-15T17:00');
    expect(letter.code, letter.err).toBe(0);
    expect(letter.out).toMatch(/Due \(set in the letter\): 2026-07-15 .*Set in the letter: 2026-07-15 17:00 \(America\/New_York\)/);
    const today = new Date().toISOString().slice(0, 10);
    const updates = sunshine(ws, 'audit', 'export', '--from', '2025-01-01', '--to', today).out.split('\n').filter((l) => l.includes('requests.update'));
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatch(/ICE.*CBP/);
    expect(updates[1]).toMatch(/foia.*oversight-letter/);
  });

  it('refuses EST with the place to use, and an edit with nothing to change, with exit 2 and nothing written', async () => {
    const ws = await cliWorkspace();
    const ref = JSON.parse(sunshine(ws, 'requests', 'add', '--kind', 'oversight-letter', '--agency', 'HHS', '--subject', 'Zones', '--json').out).reference;
    const est = sunshine(ws, 'requests', 'edit', ref, '--due-at', '2026-07-15T17:00', '--due-tz', 'EST');
    expect(est.code).toBe(2);
    expect(est.err).toMatch(/dueTz: EST is a fixed offset \(UTC−5\).*17:00 EST in July is 18:00 in Washington\. Use America\/New_York\./);
    const nothing = sunshine(ws, 'requests', 'edit', ref);
    expect(nothing.code).toBe(2);
    expect(nothing.err).toMatch(/Give at least one thing to change/);
    expect(JSON.parse(sunshine(ws, 'requests', 'show', ref, '--json').out)).toMatchObject({ dueAt: null, dueTz: null });
  });
});

describe('sunshine import, search and documents show', () => {
  it('imports a folder, finds a phrase and shows the document', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    fs.writeFileSync(path.join(src, 'memo.txt'), 'Children were released to sponsors without checks.');
    fs.writeFileSync(path.join(src, 'empty.txt'), '');
    const imp = sunshine(ws, 'import', src, '--json');
    expect(imp.code).toBe(1); // one file failed: the exit code says so, the rest is in
    const report = JSON.parse(imp.out);
    expect(report).toMatchObject({ added: 1, failed: 1 });
    const id = report.files.find((f: { status: string }) => f.status === 'added').documentId;

    const found = JSON.parse(sunshine(ws, 'search', '"released to sponsors"', '--json').out);
    expect(found.hits).toEqual([expect.objectContaining({ documentId: id, name: 'memo.txt', page: 1, snippet: expect.stringContaining('released to sponsors') })]);
    expect(sunshine(ws, 'search', 'released').out).toMatch(/#\d+ memo\.txt p\.1: .*\[released\]/);
    // Words as written; --word-forms (or ~) finds their forms.
    expect(sunshine(ws, 'search', 'sponsor release').out).toBe('No matches.\nDid you mean: sponsors released\n');
    expect(sunshine(ws, 'search', 'sponsor release', '--word-forms').out).toMatch(/#\d+ memo\.txt p\.1: .*\[released\] to \[sponsors\]/);
    expect(sunshine(ws, 'search', 'sponsor~ release~').out).toMatch(/memo\.txt/);
    expect(sunshine(ws, 'search', 'relesed')).toMatchObject({ code: 0, out: 'No matches.\nDid you mean: released\n' });

    const shown = JSON.parse(sunshine(ws, 'documents', 'show', String(id), '--json').out);
    expect(shown).toMatchObject({ id, name: 'memo.txt', type: 'text', pages: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(sunshine(ws, 'documents', 'show', '999').code).toBe(2);
    expect(sunshine(ws, 'search', '"unbalanced').err).toMatch(/query: Unclosed quote at position 1/);
    // A leading wildcard is refused with how to search instead: exit 2, one line, no stack trace.
    const star = sunshine(ws, 'search', '*sponsors');
    expect(star.code).toBe(2);
    expect(star.err.trim()).toBe('sunshine: query: *sponsors at position 1: a word cannot start with *. Search for the end of the word as typed, or for its start followed by * (sponsor*). [BAD_INPUT]');
  });
});

describe('sunshine requests list --agency', () => {
  it('takes several agencies, repeated or as a comma list, and a department includes its components', async () => {
    const ws = await cliWorkspace();
    for (const agency of ['ORR', 'FBI', 'ICE']) {
      const added = sunshine(ws, 'requests', 'add', '--kind', 'foia', '--agency', agency, '--subject', `Filed with ${agency}`);
      expect(added.code, added.err).toBe(0);
    }
    const agencies = (...args: string[]) => (JSON.parse(sunshine(ws, 'requests', 'list', ...args, '--json').out).rows as { agency: { abbreviation: string } }[]).map((r) => r.agency.abbreviation).sort();
    expect(agencies('--agency', 'HHS')).toEqual(['ORR']);
    expect(agencies('--agency', 'HHS', '--agency', 'DOJ')).toEqual(['FBI', 'ORR']);
    expect(agencies('--agency', 'HHS, DOJ')).toEqual(['FBI', 'ORR']);
  });
});
