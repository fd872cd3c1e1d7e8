/**
 * Reading a spreadsheet's cell grid (shared/sheet-grid.ts) from the vault: a slice of rows for
 * the viewer, and the cell a search hit falls in. The grid is JSON lines; where each line starts
 * is found once per grid and kept (a few recent grids), so a slice reads only its own bytes —
 * never the whole 100,000 rows — and the header is parsed once.
 */
import fs from 'node:fs';
import { blobPath } from './vault.ts';
import { HIT_CLOSE, HIT_OPEN } from './search.ts';
import { sheetRef, type GridHeader, type GridRow } from '../shared/sheet-grid.ts';
import { hitRanges } from '../shared/hit-words.ts';

interface OpenGrid {
  file: string;
  header: GridHeader;
  /** Byte offset of each line's start; one more at the end (the file's length). */
  starts: Float64Array;
}

const KEPT = 8;
const open = new Map<string, OpenGrid>();

/** Where each line of the file starts, read in chunks. */
function lineStarts(file: string): Float64Array {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    let starts = new Float64Array(1024);
    let n = 1;
    const buf = Buffer.alloc(1 << 20);
    for (let pos = 0; pos < size; ) {
      const got = fs.readSync(fd, buf, 0, buf.length, pos);
      if (got <= 0) break;
      for (let i = buf.indexOf(10); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) {
        if (n === starts.length) {
          const grown = new Float64Array(starts.length * 2);
          grown.set(starts);
          starts = grown;
        }
        starts[n++] = pos + i + 1;
      }
      pos += got;
    }
    return starts.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

function readLines(g: OpenGrid, from: number, to: number): string[] {
  if (to <= from) return [];
  const start = g.starts[from]!;
  const buf = Buffer.alloc(g.starts[to]! - start);
  const fd = fs.openSync(g.file, 'r');
  try {
    fs.readSync(fd, buf, 0, buf.length, start);
  } finally {
    fs.closeSync(fd);
  }
  return buf.toString('utf8').split('\n').slice(0, to - from);
}

/**
 * A document's grid, opened (and kept among the few most recent); null when its file is not in
 * the vault (backups and workspace copies carry the files documents name, not yet their grids).
 */
export function openGrid(dataDir: string, sha256: string): OpenGrid | null {
  const kept = open.get(sha256);
  if (kept) {
    open.delete(sha256);
    open.set(sha256, kept);
    return kept;
  }
  const file = blobPath(dataDir, sha256);
  if (!fs.existsSync(file)) return null;
  const starts = lineStarts(file);
  // The last line (after the rows) is the header.
  const lines = starts.length - 1;
  const g: OpenGrid = { file, starts, header: { v: 1, sheets: [], pages: [] } };
  g.header = JSON.parse(readLines(g, lines - 1, lines)[0]!) as GridHeader;
  open.set(sha256, g);
  if (open.size > KEPT) open.delete(open.keys().next().value!);
  return g;
}

/** Rows `from` … `from + count` (the sheet's own lines) of one sheet. */
export function gridRows(g: OpenGrid, sheet: number, from: number, count: number): GridRow[] {
  const s = g.header.sheets[sheet];
  if (!s) return [];
  const first = Math.max(0, Math.min(from, s.rows));
  const last = Math.min(s.rows, first + count);
  return readLines(g, s.firstLine + first, s.firstLine + last).map((l) => JSON.parse(l) as GridRow);
}

/** Where on its sheet a hit is: the sheet, the row's line, the column, and "Sheet1!B7". */
export interface HitCell {
  sheet: number;
  line: number;
  col: number;
  ref: string;
}

/** The words a snippet marks as hits, as written on the page. */
export function markedWords(snippet: string): string[] {
  const words: string[] = [];
  const re = new RegExp(`${HIT_OPEN}([^${HIT_CLOSE}]*)${HIT_CLOSE}`, 'g');
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) if (m[1]!.trim()) words.push(m[1]!.trim());
  return words;
}

/**
 * The first cell on a page (1-based) whose shown value or comment holds one of the hit words.
 * Null when none does (the words matched across cells, or the page is past the grid).
 */
export function hitCell(g: OpenGrid, page: number, words: string[]): HitCell | null {
  const p = g.header.pages[page - 1];
  if (!p || !words.length) return null;
  const rows = gridRows(g, p.sheet, p.from, p.to - p.from);
  for (const [i, [row, , cells]] of rows.entries()) {
    for (const [col, shown, , comment] of cells) {
      // Whole words, folded as the index folds them: a hit on "10" is not the cell holding 100.
      if (hitRanges(`${shown}\n${comment ?? ''}`, words).length) return { sheet: p.sheet, line: p.from + i, col, ref: sheetRef(g.header.sheets[p.sheet]!.name, row, col) };
    }
  }
  return null;
}
