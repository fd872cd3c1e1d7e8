import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { extractPdf } from '../../core/documents/extract/pdf.ts';
import { DEFAULT_LIMITS } from '../../core/documents/extract/types.ts';
import { LINE_CHARS, PAGE_LINES, emailHeader, layoutPages } from '../../core/productions/render-pages.ts';
import { redactedPageText } from '../../core/productions/redacted-text.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { makeEml, write } from './fixtures.ts';

const csvRows = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);

describe('pages Sunshine draws', () => {
  it('wrap long lines at spaces, cut words longer than a line, and fill pages to a fixed count of lines', () => {
    const long = `${'word '.repeat(40)}end`;
    const [page] = layoutPages([], [long]);
    expect(page!.every((l) => l.length <= LINE_CHARS)).toBe(true);
    expect(page!.join(' ')).toBe(long.replace(/ +/g, ' '));
    expect(layoutPages([], ['x'.repeat(LINE_CHARS * 2 + 5)])[0]!.map((l) => l.length)).toEqual([LINE_CHARS, LINE_CHARS, 5]);
    const pages = layoutPages([], [Array.from({ length: PAGE_LINES * 2 + 1 }, (_, i) => `line ${i}`).join('\n')]);
    expect(pages.map((p) => p.length)).toEqual([PAGE_LINES, PAGE_LINES, 1]);
    expect(pages[2]).toEqual([`line ${PAGE_LINES * 2}`]);
    // The standard fonts hold WinAnsi: curly quotes and accents stay, anything else is drawn as "?".
    expect(layoutPages([], ['“Café” – Ωmega 中'])).toEqual([['“Café” – ?mega ?']]);
    expect(layoutPages([], [''])).toEqual([['']]);
  });

  it('put an email\'s headers above its body, leaving out the ones it does not have', () => {
    const header = emailHeader({ email_from: 'A <a@x.example>', email_to: 'B <b@x.example>', email_cc: null, email_date: '2026-11-03T15:00:00Z', email_subject: 'Hello' }, ['one.pdf', 'two.txt']);
    expect(header).toEqual(['From:       A <a@x.example>', 'To:         B <b@x.example>', 'Date:       2026-11-03T15:00:00Z', 'Subject:    Hello', 'Attachments:one.pdf; two.txt']);
    expect(layoutPages(header, ['Body'])[0]!.slice(-2)).toEqual(['', 'Body']);
  });
});

describe('the text of a redacted page', () => {
  const w = (text: string, x: number, y: number) => ({ text, x, y, width: 0.08, height: 0.03 });
  const words = [w('Sponsor', 0.1, 0.1), w('zebracorn', 0.2, 0.1), w('quill', 0.3, 0.1), w('placed', 0.4, 0.1), w('Second', 0.1, 0.2), w('line', 0.2, 0.2)];

  it('keeps every word outside the boxes, one marker for each run of words taken out, lines kept', () => {
    const box = { x: 0.19, y: 0.09, width: 0.2, height: 0.05, label: '(b)(6)' };
    expect(redactedPageText(words, [box])).toBe('Sponsor [REDACTED (b)(6)] placed\nSecond line');
    // A word a box only partly covers goes too: its picture is cut there.
    expect(redactedPageText(words, [{ ...box, x: 0.35, width: 0.02 }])).toBe('Sponsor zebracorn [REDACTED (b)(6)] placed\nSecond line');
    // Boxes of two reasons over one run: both named.
    expect(redactedPageText(words, [box, { x: 0.38, y: 0.09, width: 0.1, height: 0.05, label: 'Attorney client' }])).toBe('Sponsor [REDACTED (b)(6), Attorney client]\nSecond line');
    expect(redactedPageText(words, [{ x: 0, y: 0, width: 1, height: 1, label: '(b)(5)' }])).toBe('[REDACTED (b)(5)]');
  });
});

describe('a production to the norm', () => {
  it('draws a long text over several pages, each its own file, and keeps its characters in TEXT', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const text = Array.from({ length: PAGE_LINES + 10 }, (_, i) => `Gravelmoth ledger line ${i + 1} Ω`).join('\n');
    write(src, 'gravelmoth.txt', text);
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    await ok(core.invoke('tags.create', { name: 'Gravelmoth' }));
    await ok(core.invoke('tags.apply', { tag: 'Gravelmoth', ids: [id] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await ok(core.invoke('productions.create', { tag: 'Gravelmoth', prefix: 'GM-', start: 1, padding: 3, folder: out, name: 'gm' }))).toMatchObject({ lastBates: 'GM-002', pages: 2 });
    const opt = fs.readFileSync(path.join(out, 'DATA', 'gm.opt'), 'utf8').trim().split('\r\n');
    expect(opt).toEqual(['GM-001,gm,IMAGES\\001\\GM-001.pdf,Y,,,2', 'GM-002,gm,IMAGES\\001\\GM-002.pdf,,,,']);
    const second = await extractPdf(path.join(out, 'IMAGES', '001', 'GM-002.pdf'), DEFAULT_LIMITS);
    expect(second.pages).toEqual([expect.stringMatching(new RegExp(`Gravelmoth ledger line ${PAGE_LINES + 10} \\?[\\s\\S]*GM-002`))]);
    expect(second.pages[0]).not.toContain(`line ${PAGE_LINES} `);
    expect(fs.readFileSync(path.join(out, 'TEXT', 'GM-001.txt'), 'utf8')).toBe(text);
    expect(fs.readdirSync(path.join(out, 'NATIVES'))).toEqual([]);
    core.close();
  }, 60_000);

  it('logs a withheld email with its author and recipients, and a FOIA exemption in its own column', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    makeEml(path.join(src, 'ferntide.eml'), { subject: 'Ferntide advice', html: '<p>ferntide counsel</p>', from: 'Lawyer <lawyer@agency.example>', to: 'Chief <chief@agency.example>', cc: 'Deputy <deputy@agency.example>' });
    write(src, 'ferntide-note.txt', 'ferntide internal note');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const email = r.files.find((f) => f.path.endsWith('.eml'))!.documentId!;
    const note = r.files.find((f) => f.path.endsWith('.txt'))!.documentId!;
    await ok(core.invoke('review.set', { ids: [email], status: 'privileged', privilege: 'attorney-client' }));
    await ok(core.invoke('review.set', { ids: [note], status: 'privileged', privilege: 'deliberative-process', exemptions: ['b5'] }));
    await ok(core.invoke('tags.create', { name: 'Ferntide' }));
    await ok(core.invoke('tags.apply', { tag: 'Ferntide', ids: [email, note] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    await ok(core.invoke('productions.create', { tag: 'Ferntide', prefix: 'FT-', start: 1, padding: 3, folder: out, name: 'ft' }));
    const rows = csvRows(path.join(out, 'ft-privilege-log.csv'));
    expect(rows[0]).toBe('Bates,Date,Author,To,Cc,Privilege,FOIA exemptions,Description,Withheld or redacted');
    expect(rows).toContainEqual(
      expect.stringMatching(/^FT-00\d,2026-11-03,"""Lawyer"" <lawyer@agency\.example>","""Chief"" <chief@agency\.example>","""Deputy"" <deputy@agency\.example>",Attorney client,,Email dated 2026-11-03,withheld$/),
    );
    // Not an email: no author or recipients of its own.
    expect(rows).toContainEqual(expect.stringMatching(/^FT-00\d,,,,,Deliberative process,\(b\)\(5\),Document,withheld$/));
    const sheet = await (await JSZip.loadAsync(fs.readFileSync(path.join(out, 'ft-privilege-log.xlsx')))).file('xl/worksheets/sheet1.xml')!.async('string');
    for (const cell of ['FOIA exemptions', 'To', 'Cc', 'lawyer@agency.example', 'deputy@agency.example', '(b)(5)']) expect(sheet).toContain(cell);
    core.close();
  }, 60_000);

  it('keeps one padding per Bates prefix: another is refused with the one to use, and left out the prefix\'s own is taken', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    write(src, 'quillmoss.txt', 'quillmoss memo');
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    await ok(core.invoke('tags.create', { name: 'Quillmoss' }));
    await ok(core.invoke('tags.apply', { tag: 'Quillmoss', ids: [id] }));
    const parent = tempDir('sunshine-out-');
    expect(await ok(core.invoke('productions.create', { tag: 'Quillmoss', prefix: 'QM-', start: 1, padding: 5, folder: path.join(parent, 'a'), name: 'QM one' }))).toMatchObject({ lastBates: 'QM-00001' });
    const other = { tag: 'Quillmoss', prefix: 'qm-', start: 2, padding: 8, folder: path.join(parent, 'b') };
    const wrongPadding = 'padding: numbers under QM- have 5 digits (QM-00001 in "QM one"); give 5 digits, or leave the padding out to take it.';
    // A problem of the plan, which no reason clears …
    expect((await ok(core.invoke('productions.plan', other))).problems).toEqual([expect.objectContaining({ code: 'padding', message: wrongPadding, decidable: false })]);
    // … and producing is refused with it.
    expect(await fails(core.invoke('productions.create', other))).toMatchObject({ code: 'BAD_INPUT', message: `${wrongPadding} Nothing was produced.` });
    expect(fs.existsSync(path.join(parent, 'b'))).toBe(false);
    expect(await ok(core.invoke('productions.create', { tag: 'Quillmoss', prefix: 'QM-', start: 2, folder: path.join(parent, 'b') }))).toMatchObject({ firstBates: 'QM-00002' });
    // A new prefix without a padding: 8 digits.
    expect(await ok(core.invoke('productions.create', { tag: 'Quillmoss', prefix: 'NEW-', start: 1, folder: path.join(parent, 'c') }))).toMatchObject({ firstBates: 'NEW-00000001' });
    core.close();
  }, 60_000);
});
