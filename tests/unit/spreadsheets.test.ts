import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import JSZip from 'jszip';
import type { Core } from '../../core/index.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { documentById } from '../../db/documents.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { write } from './fixtures.ts';
import { workbook, workbookBytes } from './spreadsheet-fixtures.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';

const byName = (r: DocumentImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name)!;

const save = (dir: string, name: string, wb: XLSX.WorkBook, bookType: XLSX.BookType) => write(dir, name, workbookBytes(wb, bookType));

async function hitsFor(core: Core, query: string) {
  return (await ok(core.invoke('documents.search', { query }))).hits;
}

describe('spreadsheets', () => {
  it('reads an XLSX sheet by sheet: values as shown, hidden sheets, hidden rows and comments found and marked; formulas kept apart', async () => {
    const src = tempDir('sunshine-src-');
    save(src, 'placements.xlsx', workbook('xq'), 'xlsx');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const f = byName(r, 'placements.xlsx');
    expect(f).toMatchObject({ status: 'added', type: 'spreadsheet', pages: 2, notes: ['1 hidden sheet, 1 hidden row, 1 comment'] });
    const id = f.documentId!;

    const first = await ok(core.invoke('documents.page', { id, page: 1 }));
    // Row by row, tab between cells; the date as Excel shows it; the formula's saved value, not its text.
    expect(first.text).toBe('Sponsor\tAmount\tPlaced\nAlpha xq\t10\t3/14/24\n[B2 comment] Reviewer: check figure remarkxq\nBravo concealedxq\t20\nTotal\t30');
    expect(first.text).not.toContain('SUM');
    expect((await ok(core.invoke('documents.page', { id, page: 2 }))).text).toBe('Note\noffbookxq payments');

    const grid = await ok(core.invoke('documents.grid', { id }));
    expect(grid.sheets.map((s) => [s.name, s.hidden, s.ref, s.rows, s.hiddenRows, s.comments, s.formulas])).toEqual([
      ['Placements', 0, 'A1:C4', 4, 1, 1, 1],
      ['Secret list', 1, 'A1:A2', 2, 0, 0, 0],
    ]);
    expect(grid.sheets[0]!.hiddenCols).toEqual([2]);
    expect(grid.pages).toEqual([
      { sheet: 0, from: 0, to: 4 },
      { sheet: 1, from: 0, to: 2 },
    ]);
    const rows = (await ok(core.invoke('documents.sheet', { id, sheet: 0, from: 1, count: 3 }))).rows;
    expect(rows).toEqual([
      [1, 0, [[0, 'Alpha xq'], [1, '10', 0, 'Reviewer: check figure remarkxq'], [2, '3/14/24']]],
      [2, 1, [[0, 'Bravo concealedxq'], [1, '20']]],
      [3, 0, [[0, 'Total'], [1, '30', 'SUM(B2:B3)']]],
    ]);
    expect(await fails(core.invoke('documents.sheet', { id, sheet: 2, from: 0, count: 1 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has 2 sheets/) });

    // Hits name their sheet and cell: in a hidden row, a hidden sheet (quoted: its name has a space), a comment.
    expect((await hitsFor(core, 'concealedxq')).map((h) => h.cell)).toEqual(['Placements!A3']);
    expect((await hitsFor(core, 'offbookxq')).map((h) => h.cell)).toEqual(["'Secret list'!A2"]);
    expect((await hitsFor(core, 'remarkxq')).map((h) => h.cell)).toEqual(['Placements!B2']);
    expect((await ok(core.invoke('documents.grid', { id, page: 1, query: 'concealedxq' }))).hit).toEqual({ sheet: 0, line: 2, col: 0, ref: 'Placements!A3' });
  });

  it('reads XLS (an OLE file, told apart by its Workbook stream), ODS and CSV the same way', async () => {
    const src = tempDir('sunshine-src-');
    save(src, 'old.xls', workbook('xo'), 'biff8');
    save(src, 'open.ods', workbook('od'), 'ods');
    write(src, 'list.csv', 'case,placed\nref 20245 csvnote,none\nK-0042 csvword,03/04/2024\nK-0043,00123\n');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    // The writer keeps no hidden rows in .xls, nor hidden sheets in .ods: what each file holds is marked.
    expect(byName(r, 'old.xls')).toMatchObject({ status: 'added', type: 'spreadsheet', pages: 2, notes: ['1 hidden sheet, 1 comment'] });
    expect(byName(r, 'open.ods')).toMatchObject({ status: 'added', type: 'spreadsheet', pages: 2, notes: ['1 comment'] });
    expect(byName(r, 'list.csv')).toMatchObject({ status: 'added', type: 'csv', pages: 1 });
    const xls = byName(r, 'old.xls').documentId!;
    expect((await ok(core.invoke('documents.page', { id: xls, page: 1 }))).text).toContain('Alpha xo\t10\t3/14/24');
    expect((await ok(core.invoke('documents.grid', { id: xls }))).sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['Placements', 0],
      ['Secret list', 1],
    ]);
    expect((await ok(core.invoke('documents.page', { id: byName(r, 'open.ods').documentId!, page: 1 }))).text).toContain('Total\t30');
    // A CSV's values stay as written: no date or number reformatted.
    expect((await ok(core.invoke('documents.page', { id: byName(r, 'list.csv').documentId!, page: 1 }))).text).toBe('case\tplaced\nref 20245 csvnote\tnone\nK-0042 csvword\t03/04/2024\nK-0043\t00123');
    expect((await hitsFor(core, 'offbookxo')).map((h) => h.cell)).toEqual(["'Secret list'!A2"]);
    expect((await hitsFor(core, 'csvword')).map((h) => h.cell)).toEqual(['Sheet1!A3']);
    // The cell holding the word itself, not one holding it inside a longer number.
    expect((await hitsFor(core, '2024')).map((h) => [h.name, h.cell])).toEqual([['list.csv', 'Sheet1!B3']]);
  });

  it('cuts a large sheet into pages between rows; each page knows its rows and its hits their cell', async () => {
    const src = tempDir('sunshine-src-');
    const rows = Array.from({ length: 3000 }, (_, i) => [`row${i}`, `value ${i} lorem ipsum dolor sit amet`, i]);
    rows[2500]![1] = 'the needleword is here';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Big');
    save(src, 'big.xlsx', wb, 'xlsx');
    const core = await testCore();
    const f = byName(await ok(core.invoke('documents.import', { paths: [src] })), 'big.xlsx');
    expect(f.pages).toBeGreaterThan(3);
    const grid = await ok(core.invoke('documents.grid', { id: f.documentId! }));
    // The pages hold every row once, in order.
    expect(grid.pages[0]!.from).toBe(0);
    for (const [i, p] of grid.pages.entries()) if (i) expect(p.from).toBe(grid.pages[i - 1]!.to);
    expect(grid.pages.at(-1)!.to).toBe(3000);
    const hit = (await hitsFor(core, 'needleword'))[0]!;
    expect(hit.cell).toBe('Big!B2501');
    const page = await ok(core.invoke('documents.page', { id: f.documentId!, page: hit.page }));
    expect(page.text.split('\n')[0]).toBe(`row${grid.pages[hit.page - 1]!.from}\tvalue ${grid.pages[hit.page - 1]!.from} lorem ipsum dolor sit amet\t${grid.pages[hit.page - 1]!.from}`);
    expect((await ok(core.invoke('documents.sheet', { id: f.documentId!, sheet: 0, from: 2999, count: 50 }))).rows).toEqual([[2999, 0, [[0, 'row2999'], [1, 'value 2999 lorem ipsum dolor sit amet'], [2, '2999']]]]);
  });

  it('reads entities an XLSX declares (billion laughs) as plain text, never expanded', async () => {
    const src = tempDir('sunshine-src-');
    const zip = await JSZip.loadAsync(workbookBytes(workbook('bl'), 'xlsx'));
    const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('Sponsor');
    zip.file('xl/worksheets/sheet1.xml', sheet.replace('?>', `?><!DOCTYPE worksheet [${laughs}]>`).replace('Sponsor', 'Sponsor &lol9;'));
    write(src, 'laughs.xlsx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const core = await testCore();
    const f = byName(await ok(core.invoke('documents.import', { paths: [src] })), 'laughs.xlsx');
    expect(f).toMatchObject({ status: 'added', type: 'spreadsheet' });
    const text = (await ok(core.invoke('documents.page', { id: f.documentId!, page: 1 }))).text;
    expect(text.split('\n')[0]).toBe('Sponsor &lol9;\tAmount\tPlaced');
    expect(text).not.toContain('lollol');
  });

  it('refuses a zip bomb and a damaged workbook with a clear message, and goes on with the batch', async () => {
    const src = tempDir('sunshine-src-');
    const buf = workbookBytes(workbook('zb'), 'xlsx');
    const central = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
    for (let p = buf.indexOf(central); p >= 0; p = buf.indexOf(central, p + 4)) buf.writeUInt32LE(0xfffffff0, p + 24);
    write(src, 'bomb.xlsx', buf);
    // A workbook cut short: its zip directory is gone.
    write(src, 'cut.xlsx', workbookBytes(workbook('ct'), 'xlsx').subarray(0, 3000));
    const xls = workbookBytes(workbook('cx'), 'biff8');
    write(src, 'torn.xls', xls.subarray(0, 1600));
    write(src, 'after.txt', 'still imported after the bad workbooks');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'bomb.xlsx')).toMatchObject({ status: 'failed', error: expect.stringMatching(/zip bomb/) });
    expect(byName(r, 'cut.xlsx')).toMatchObject({ status: 'failed', error: expect.stringMatching(/damaged/) });
    expect(byName(r, 'torn.xls')).toMatchObject({ status: 'failed', error: expect.stringMatching(/damaged/) });
    expect(byName(r, 'after.txt')).toMatchObject({ status: 'added' });
    // Nothing of the refused files is kept: only the text file and nothing else in the vault.
    const stored = fs.readdirSync(path.join(core.dataDir, 'files'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(String(f))));
    expect(stored).toEqual([expect.stringContaining(byName(r, 'after.txt').sha256!)]);
    expect(fs.existsSync(blobPath(core.dataDir, byName(r, 'after.txt').sha256!))).toBe(true);
  });

  it('asks for sheets only of a spreadsheet', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'plain.txt', 'no sheets here');
    const core = await testCore();
    const f = byName(await ok(core.invoke('documents.import', { paths: [src] })), 'plain.txt');
    expect(await fails(core.invoke('documents.grid', { id: f.documentId! }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no cell grid/) });
  });

  it('a workbook whose cell grid is missing from the stored files is still found, without a cell, and says so when its sheets are asked for', async () => {
    const src = tempDir('sunshine-src-');
    save(src, 'gridless.xlsx', workbook('gl'), 'xlsx');
    const core = await testCore();
    const id = byName(await ok(core.invoke('documents.import', { paths: [src] })), 'gridless.xlsx').documentId!;
    const d = (await documentById(core.workspace.engine, id))!;
    // The grid is one of the stored files: sized, checked by verify (and so carried by backups and copies).
    expect(Number(d.grid_size)).toBe(fs.statSync(blobPath(core.dataDir, d.grid_sha256!)).size);
    expect((await ok(core.invoke('app.verify', {}))).problems).toEqual([]);
    fs.rmSync(blobPath(core.dataDir, d.grid_sha256!));
    expect((await ok(core.invoke('app.verify', {}))).problems).toEqual([expect.objectContaining({ check: 'vault', documentId: id, message: expect.stringMatching(/gridless\.xlsx \(cell grid\)/) })]);
    const hits = await hitsFor(core, 'concealedgl');
    expect(hits.map((h) => [h.name, h.cell])).toEqual([['gridless.xlsx', undefined]]);
    expect(await fails(core.invoke('documents.grid', { id }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/cell grid of document \d+ is not among the stored files/) });
  });

  it('sunshine search prints the sheet and cell of a hit', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    save(src, 'ledger.xlsx', workbook('cl'), 'xlsx');
    expect(runSunshine(ws, ['import', src]).code).toBe(0);
    expect(runSunshine(ws, ['search', 'concealedcl'])).toMatchObject({ code: 0, out: expect.stringMatching(/^#\d+ ledger\.xlsx p\.1 Placements!A3: .*\[concealedcl\]/) });
  }, 60_000);
});
