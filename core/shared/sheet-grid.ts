/**
 * A spreadsheet's cell grid, as the file reader writes it (extract/spreadsheet.ts) and the vault
 * keeps it (documents.grid_sha256): JSON lines, one per non-empty row of every sheet in order,
 * then one header line (last, so rows can be written as they are read). A row line is
 * [row, hidden, cells]; a cell is [column, shown value] with, when it has them, its formula
 * (0 when none) and its comment. Rows and columns count from 0; `rows` counts a sheet's lines.
 */
export type GridCell = [col: number, shown: string] | [col: number, shown: string, formula: string] | [col: number, shown: string, formula: string | 0, comment: string];
export type GridRow = [row: number, hidden: 0 | 1, cells: GridCell[]];

export interface GridSheet {
  name: string;
  /** 0 shown, 1 hidden, 2 very hidden (only a macro can show it). */
  hidden: 0 | 1 | 2;
  /** Its used range as the file states it ("A1:T100000"). */
  ref: string;
  /** Columns up to the last of the used range. */
  cols: number;
  /** Non-empty rows: the sheet's lines in the grid. */
  rows: number;
  /** The grid line of its first row. */
  firstLine: number;
  hiddenRows: number;
  hiddenCols: number[];
  comments: number;
  formulas: number;
}

/** Which rows (the sheet's lines, `to` not included) one page of the document holds. */
export interface GridPage {
  sheet: number;
  from: number;
  to: number;
}

export interface GridHeader {
  v: 1;
  sheets: GridSheet[];
  pages: GridPage[];
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** "B7" for row 6, column 1 (both from 0). */
export const cellAddress = (row: number, col: number): string => `${columnName(col)}${row + 1}`;

/** A sheet name as a formula would write it: quoted when it is not a plain word ('Q3 list'!B7). */
export const sheetRef = (sheet: string, row: number, col: number): string =>
  `${/^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${cellAddress(row, col)}`;
