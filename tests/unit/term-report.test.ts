/**
 * The search term report (documents.termReport): per query the documents and pages it matches,
 * the documents no other query matches, and with families; a line the language refuses reported
 * in its row; the total; exports. Runs on the suite's engine (both, in `npm test`).
 */
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { TermReportOut } from '../../core/api.ts';
import { fails, itOnSqlite, ok, tamperWith, tempDir, testCore } from './helpers.ts';
import { makeEml, makePdf, write } from './fixtures.ts';

/** Two text files, a three-page PDF, an email with an attachment (a family of two), and one that matches nothing. */
async function corpus() {
  const core = await testCore();
  const src = tempDir('sunshine-src-');
  write(src, 'a.txt', 'zephyrine sponsor vetting memo');
  write(src, 'b.txt', 'zephyrine budget');
  write(src, 'c.txt', 'transport contract');
  await makePdf(path.join(src, 'report.pdf'), ['zephyrine on page one', 'the sponsor on page two', 'zephyrine again on page three']);
  makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see the attached file</p>', attachment: { name: 'notes.txt', text: 'notes on the sponsor' } });
  await ok(core.invoke('documents.import', { paths: [src] }));
  return core;
}

const TERMS = ['zephyrine', '', 'sponsor', '"unbalanced', 'zephyrine AND sponsor', 'nothingmatcheshere'];

const counts = (r: TermReportOut) => r.rows.map((row) => [row.line, row.term, row.counts && Object.values(row.counts)]);

describe('the search term report', () => {
  it('counts documents, pages, unique documents and families per query, reports a bad line in its row, and totals', async () => {
    const core = await corpus();
    const r = await ok(core.invoke('documents.termReport', { terms: TERMS }));
    // [documents, pages, unique, with family]: the PDF's two pages with zephyrine count as two
    // pages of one document; AND holds within a page, so only a.txt has both words; notes.txt
    // brings its email along.
    expect(counts(r)).toEqual([
      [1, 'zephyrine', [3, 4, 1, 3]],
      [3, 'sponsor', [3, 3, 1, 4]],
      [4, '"unbalanced', null],
      [5, 'zephyrine AND sponsor', [1, 1, 0, 1]],
      [6, 'nothingmatcheshere', [0, 0, 0, 0]],
    ]);
    expect(r.rows[2]!.error).toEqual({ message: expect.stringMatching(/^Unclosed quote at position 1/), position: 1 });
    expect(r.rows.filter((row) => row.error)).toHaveLength(1);
    expect(r.total).toEqual({ documents: 4, withFamily: 5 });
    expect(r.file).toBeUndefined();
  });

  it('counts lines with fields: a field alone hits every page of its documents, with words it is a condition, and a tag that is not there is that row\'s problem', async () => {
    const core = await corpus();
    const r = await ok(core.invoke('documents.termReport', { terms: ['filename:report.pdf', 'type:text AND zephyrine', 'subject:tip', 'tag:"No such tag"', 'author:ada'] }));
    expect(counts(r)).toEqual([
      [1, 'filename:report.pdf', [1, 3, 1, 1]],
      [2, 'type:text AND zephyrine', [2, 2, 2, 2]],
      [3, 'subject:tip', [1, 1, 1, 2]],
      [4, 'tag:"No such tag"', null],
      [5, 'author:ada', null],
    ]);
    expect(r.rows[3]!.error!.message).toMatch(/No such tag/);
    expect(r.rows[4]!.error).toEqual({ message: expect.stringMatching(/author/), position: 1 });
  });

  it('counts within the filters, and the same query twice shares its hits (neither is unique)', async () => {
    const core = await corpus();
    const r = await ok(core.invoke('documents.termReport', { terms: ['zephyrine', 'sponsor', 'SPONSOR'], type: 'text' }));
    expect(counts(r)).toEqual([
      [1, 'zephyrine', [2, 2, 1, 2]],
      [2, 'sponsor', [2, 2, 0, 3]],
      [3, 'SPONSOR', [2, 2, 0, 3]],
    ]);
    expect(r.total).toEqual({ documents: 3, withFamily: 4 });
  });

  it('exports CSV (formula-safe) and XLSX with numbers as numbers, and follows new documents', async () => {
    const core = await corpus();
    const csv = await ok(core.invoke('documents.termReport', { terms: ['=zephyrine', '"unbalanced'], export: 'csv' }));
    expect(csv.file).toMatchObject({ name: 'search-term-report.csv', mime: 'text/csv;charset=utf-8' });
    expect(Buffer.from(csv.file!.base64, 'base64').toString('utf8')).toBe(
      '\uFEFFLine,Query,Documents,Pages,Unique documents,Documents with family,Problem\r\n' +
        "1,'=zephyrine,3,4,3,3,\r\n" +
        `2,"""unbalanced",,,,,"Unclosed quote at position 1, after \`""unbalanced\`: add the closing ""."\r\n` +
        ',Any query,3,,,3,\r\n',
    );
    const x = await ok(core.invoke('documents.termReport', { terms: ['zephyrine'], export: 'xlsx' }));
    expect(x.file).toMatchObject({ name: 'search-term-report.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const sheet = await (await JSZip.loadAsync(Buffer.from(x.file!.base64, 'base64'))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('<c r="C2"><v>3</v></c><c r="D2"><v>4</v></c>');
    expect(sheet).toContain('<t xml:space="preserve">Any query</t>');

    // A report kept for export is counted again once the documents change.
    const src = tempDir('sunshine-src-');
    write(src, 'd.txt', 'zephyrine once more');
    await ok(core.invoke('documents.import', { paths: [src] }));
    expect((await ok(core.invoke('documents.termReport', { terms: ['zephyrine'] }))).rows[0]!.counts).toMatchObject({ documents: 4, pages: 5 });
  });

  itOnSqlite('the quick count from FTS5 page ids is SQLite’s')('counts a page whose id is out of its document’s run of ids all the same', async () => {
    const core = await corpus();
    // A page added to a.txt after every other document's pages, as no import writes one.
    await tamperWith(core, "INSERT INTO pages (document_id, page_no, text) SELECT id, 2, 'zephyrine late page' FROM documents WHERE name = 'a.txt'");
    const r = await ok(core.invoke('documents.termReport', { terms: ['zephyrine', 'late'] }));
    expect(counts(r)).toEqual([
      [1, 'zephyrine', [3, 5, 2, 3]],
      [2, 'late', [1, 1, 0, 1]],
    ]);
  });

  it('refuses a list with no queries, or more than 500, saying what to do', async () => {
    const core = await testCore();
    expect(await fails(core.invoke('documents.termReport', { terms: ['', '   '] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no queries; write one query a line/) });
    expect(await fails(core.invoke('documents.termReport', { terms: [] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/at least one query/) });
    const many = Array.from({ length: 501 }, (_, i) => `word${i}`);
    expect(await fails(core.invoke('documents.termReport', { terms: many }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/501 queries; a report takes at most 500/) });
    expect(await fails(core.invoke('documents.termReport', { terms: ['x'], tag: 'Nowhere' }))).toMatchObject({ code: 'NOT_FOUND' });
    // Every line bad is still a report: each row says what is wrong.
    const bad = await ok(core.invoke('documents.termReport', { terms: ['AND', 'w/0'] }));
    expect(bad.rows.map((r) => r.counts)).toEqual([null, null]);
    expect(bad.total).toEqual({ documents: 0, withFamily: 0 });
  });
});
