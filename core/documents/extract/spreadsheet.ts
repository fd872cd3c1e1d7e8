/**
 * Spreadsheets (XLSX, XLSM, XLS, ODS, CSV), read in the file reader's helper with @e965/xlsx —
 * the SheetJS build its authors maintain (the `xlsx` package on npm stopped at 0.18.5, with
 * known prototype-pollution and ReDoS advisories). It reads XML by its own scanner, which
 * expands no entities a file declares, and never evaluates a formula: the value shown is the
 * one the file saved.
 *
 * Each sheet becomes one page, or several for a large sheet (cut between rows); its text is
 * the shown values row by row, tab between cells, comments on a line after their row. Hidden
 * sheets and rows are read like the rest — a reviewer must find what a producing party hid —
 * and marked as hidden in the cell grid (shared/sheet-grid.ts), written beside the text into
 * the job's scratch folder. Formula text stays out of the search text: it is shown on demand.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type * as XLSXTypes from '@e965/xlsx';
import { checkZip } from './zip-check.ts';
import { FileProblem, type ExtractLimits, type Extracted } from './types.ts';
import { decodeText } from './text.ts';
import { cellAddress, type GridCell, type GridHeader, type GridPage, type GridRow, type GridSheet } from '../../shared/sheet-grid.ts';

type Xlsx = typeof XLSXTypes;

/** Characters of one page before a large sheet is cut at the next row. */
export const SHEET_PAGE_CHARS = 20_000;

/** @e965/xlsx ships CommonJS beside its ESM: take whichever the loader gives. */
const xlsx = async (): Promise<Xlsx> => {
  const m = (await import('@e965/xlsx')) as Xlsx & { default?: Xlsx };
  return m.default?.read ? m.default : m;
};

function readWorkbook(X: Xlsx, file: string, csv: boolean, limits: ExtractLimits): XLSXTypes.WorkBook {
  const opts: XLSXTypes.ParsingOptions = { dense: true, cellFormula: true, cellStyles: true, cellHTML: false };
  try {
    if (csv) {
      // As text, every value as written: a CSV's "03/04/2024" or "00123" is not reformatted.
      const buf = fs.readFileSync(file);
      return X.read(decodeText(buf.subarray(0, limits.maxChars * 4)), { ...opts, type: 'string', raw: true });
    }
    const head = Buffer.alloc(4);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
    // XLSX and ODS are zips: the directory is checked for a bomb before anything is unpacked.
    if (head.readUInt32LE(0) === 0x04034b50) checkZip(file, limits.maxUnzippedBytes, 'spreadsheet');
    return X.read(fs.readFileSync(file), { ...opts, type: 'buffer' });
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    throw new FileProblem(`the spreadsheet is damaged or not one (${String((e as Error).message ?? e).slice(0, 160)})`);
  }
}

/** What a cell shows, as the spreadsheet program formats it. */
function shown(cell: XLSXTypes.CellObject): string {
  if (cell.w !== undefined) return cell.w;
  if (cell.v === undefined || cell.v === null) return '';
  return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
}

/** A cell's comments (threaded replies too) as one text: "Author: text". */
function commentOf(cell: XLSXTypes.CellObject): string | undefined {
  if (!cell.c?.length) return undefined;
  return cell.c.map((c) => (c.a ? `${c.a}: ${c.t ?? ''}` : (c.t ?? ''))).join('\n');
}

/** Writes the grid file one line at a time: the rows, then the header (shared/sheet-grid.ts). */
class GridWriter {
  private readonly fd: number;
  private chunk: string[] = [];
  private size = 0;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'wx', 0o600);
  }
  line(value: unknown): void {
    const s = JSON.stringify(value) + '\n';
    this.chunk.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.chunk.length) fs.writeSync(this.fd, this.chunk.join(''));
    this.chunk = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export async function extractSpreadsheet(file: string, csv: boolean, limits: ExtractLimits, scratchDir: string | undefined): Promise<Extracted> {
  const X = await xlsx();
  const wb = readWorkbook(X, file, csv, limits);
  const gridFile = scratchDir ? path.join(scratchDir, `grid-${crypto.randomBytes(8).toString('hex')}.jsonl`) : undefined;
  const grid = gridFile ? new GridWriter(gridFile) : undefined;
  const pages: string[] = [];
  const gridPages: GridPage[] = [];
  const sheets: GridSheet[] = [];
  const notes: string[] = [];
  let chars = 0;
  let line = 0;
  let cut = false;
  try {
    wb.SheetNames.forEach((name, s) => {
      const ws = wb.Sheets[name] as XLSXTypes.WorkSheet & { '!data'?: XLSXTypes.CellObject[][] };
      const hidden = (wb.Workbook?.Sheets?.[s]?.Hidden ?? 0) as 0 | 1 | 2;
      const range = ws['!ref'] ? X.utils.decode_range(ws['!ref']) : undefined;
      const rowProps = ws['!rows'] ?? [];
      const sheet: GridSheet = { name, hidden, ref: ws['!ref'] ?? '', cols: range ? range.e.c + 1 : 0, rows: 0, firstLine: line, hiddenRows: 0, comments: 0, formulas: 0, hiddenCols: (ws['!cols'] ?? []).flatMap((c, i) => (c?.hidden ? [i] : [])) };
      let text: string[] = [];
      let textLen = 0;
      let pageFrom = 0;
      const endPage = () => {
        pages.push(text.join('\n'));
        gridPages.push({ sheet: s, from: pageFrom, to: sheet.rows });
        text = [];
        textLen = 0;
        pageFrom = sheet.rows;
      };
      for (const [r, cells] of (ws['!data'] ?? []).entries()) {
        if (cut || !cells) continue;
        const rowHidden = rowProps[r]?.hidden ? 1 : 0;
        const out: GridCell[] = [];
        const values: string[] = [];
        const remarks: string[] = [];
        for (const [c, cell] of cells.entries()) {
          if (!cell) continue;
          const value = shown(cell);
          const comment = commentOf(cell);
          if (!value && !comment && !cell.f) continue;
          while (values.length < c) values.push('');
          values.push(value);
          if (cell.f) sheet.formulas++;
          if (comment) {
            sheet.comments++;
            remarks.push(`[${cellAddress(r, c)} comment] ${comment}`);
          }
          out.push(comment ? [c, value, cell.f ?? 0, comment] : cell.f ? [c, value, cell.f] : [c, value]);
        }
        if (!out.length) continue;
        const rowText = [values.join('\t'), ...remarks].join('\n');
        if (chars + rowText.length > limits.maxChars || pages.length >= limits.maxPages) {
          cut = true;
          notes.push(`rows after ${name}!${r} were left out (over the text limit)`);
          continue;
        }
        if (textLen > 0 && textLen + rowText.length > SHEET_PAGE_CHARS) endPage();
        text.push(rowText);
        textLen += rowText.length + 1;
        chars += rowText.length + 1;
        sheet.hiddenRows += rowHidden;
        grid?.line([r, rowHidden, out] satisfies GridRow);
        sheet.rows++;
        line++;
      }
      if (text.length || (!cut && pageFrom === sheet.rows)) endPage();
      sheets.push(sheet);
    });
    grid?.line({ v: 1, sheets, pages: gridPages } satisfies GridHeader);
  } finally {
    grid?.close();
  }
  const found = hiddenNote(sheets);
  if (found) notes.push(found);
  return { pages, ocrPages: [], meta: {}, attachments: [], notes, ...(gridFile ? { gridFile } : {}) };
}

/** "2 hidden sheets, 14 hidden rows, 3 comments": what a reviewer should know was hidden. */
export function hiddenNote(sheets: GridSheet[]): string | undefined {
  const count = (n: number, one: string, many: string) => (n ? [`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`] : []);
  const parts = [
    ...count(sheets.filter((s) => s.hidden).length, 'hidden sheet', 'hidden sheets'),
    ...count(sheets.reduce((n, s) => n + s.hiddenRows, 0), 'hidden row', 'hidden rows'),
    ...count(sheets.reduce((n, s) => n + s.comments, 0), 'comment', 'comments'),
  ];
  return parts.length ? parts.join(', ') : undefined;
}
