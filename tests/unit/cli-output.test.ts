import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeText } from '../../cli/output.ts';
import { tempDir } from './helpers.ts';
import { cliWorkspace, runSunshine, type CliWorkspace } from './cli-workspace.ts';

const TITLE = '\x1b]0;pwned\x07'; // sets the terminal's window title
const CLEAR = '\x1b[2J'; // clears the screen

const sunshine = (ws: CliWorkspace, ...args: string[]) => runSunshine(ws, args);

/** BEL, ESC and the 8-bit CSI: what a terminal acts on. */
const hasControls = (text: string) => ['\x07', '\x1b', '\x9b'].some((c) => text.includes(c));
const encodedWord = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

describe('safeText', () => {
  it('removes escape sequences and control characters, keeping the words', () => {
    expect(safeText(`Payroll ${TITLE}records ${CLEAR}attached`)).toBe('Payroll records attached');
    expect(safeText('a\x1b[31mred\x1b[0m b\x9b2Jc \x1bcreset \x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\')).toBe('ared bc reset link');
    expect(safeText('bell\x07 null\x00 del\x7f c1\x85 end')).toBe('bell null del c1 end');
    expect(safeText('col1\tcol2')).toBe('col1 col2');
    // A carriage return would let text overwrite what came before it on the line.
    expect(safeText('harmless\rFORGED')).toBe('harmless FORGED');
    expect(safeText('two\nlines')).toBe('two lines');
    expect(safeText('two\nlines\r\n', { multiline: true })).toBe('two\nlines\n');
    expect(safeText('Ünïcödé — fine, 名前')).toBe('Ünïcödé — fine, 名前');
  });
});

describe('what the sunshine command prints', () => {
  it("strips an email's escape sequences from search results and documents show; JSON keeps the exact text, escaped", async () => {
    const ws = await cliWorkspace();
    const eml = path.join(tempDir(), 'payroll.eml');
    const subject = `Payroll ${TITLE}records ${CLEAR}attached`;
    fs.writeFileSync(
      eml,
      [
        `From: ${encodedWord(`Whistle ${CLEAR}Blower${TITLE}`)} <wb@example.org>`,
        'To: Staff <staff@house.example>',
        `Subject: ${encodedWord(subject)}`,
        'Date: Tue, 03 Nov 2026 10:00:00 -0500',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        `The quarterly payroll ${TITLE}ledger shows ${CLEAR}ghost employees.`,
        '',
      ].join('\r\n'),
    );
    expect(sunshine(ws, 'import', eml).code).toBe(0);

    const [search, show] = [sunshine(ws, 'search', 'payroll'), sunshine(ws, 'documents', 'show', '1')];
    const printed = [search, show];
    for (const r of printed) {
      expect(r.code).toBe(0);
      expect(hasControls(r.out)).toBe(false);
      expect(hasControls(r.err)).toBe(false);
    }
    expect(search.out).toMatch(/#1 payroll\.eml p\.1: .*\[payroll\] ledger shows ghost employees/);
    expect(show.out).toContain('Email: Payroll records attached — from "Whistle Blower" <wb@example.org>');

    const json = sunshine(ws, '--json', 'documents', 'show', '1');
    expect(hasControls(json.out)).toBe(false);
    expect(JSON.parse(json.out)).toMatchObject({ emailSubject: subject });
  });

  it("keeps a file whose name holds a line break to one line, so it cannot forge another", async () => {
    const ws = await cliWorkspace();
    const dir = tempDir();
    const file = path.join(dir, 'memo.txt\nadded    #99 forged.pdf (pdf, 1 page)');
    fs.writeFileSync(file, 'An ordinary memo about payroll.');
    const r = sunshine(ws, 'import', file);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n')).toEqual([expect.stringMatching(/^added {4}#1 .*memo\.txt added {4}#99 forged\.pdf \(pdf, 1 page\) \(text, 1 page\)$/), '1 added, 0 already stored, 0 failed, 1 pages.']);
  });
});
