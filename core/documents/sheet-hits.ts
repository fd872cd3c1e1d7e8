/**
 * Spreadsheet documents seen through their cell grid: the sheets and the rows the viewer draws,
 * and the cell ("Sheet1!B7") each search hit on a spreadsheet page falls in.
 */
import type { Reader } from '../../db/engine.ts';
import { documentById, type DocumentRow } from '../../db/documents.ts';
import type { SearchHitOut, SheetGridOut } from '../api.ts';
import { AppError } from '../errors.ts';
import { search } from './search.ts';
import { gridRows, hitCell, markedWords, openGrid } from './sheet-grid-store.ts';
import type { GridRow } from '../shared/sheet-grid.ts';

function gridOf(dataDir: string, d: DocumentRow) {
  if (!d.grid_sha256) throw new AppError('BAD_INPUT', `id: document ${d.id} is a ${d.type} file with no cell grid; only spreadsheets have sheets.`);
  const g = openGrid(dataDir, d.grid_sha256);
  if (!g) throw new AppError('NOT_FOUND', `id: the cell grid of document ${d.id} is not among the stored files; its text is still shown and searched.`);
  return g;
}

/** Each hit on a spreadsheet page gains the cell its first hit word is in. */
export async function withCells(q: Reader, dataDir: string, hits: SearchHitOut[]): Promise<SearchHitOut[]> {
  const grids = new Map<number, string | null>();
  const out: SearchHitOut[] = [];
  for (const h of hits) {
    if (h.type !== 'spreadsheet' && h.type !== 'csv') {
      out.push(h);
      continue;
    }
    if (!grids.has(h.documentId)) grids.set(h.documentId, (await documentById(q, h.documentId))?.grid_sha256 ?? null);
    const sha = grids.get(h.documentId);
    const grid = sha ? openGrid(dataDir, sha) : null;
    const cell = grid ? hitCell(grid, h.page, markedWords(h.snippet)) : null;
    out.push(cell ? { ...h, cell: cell.ref } : h);
  }
  return out;
}

export async function sheetGrid(q: Reader, dataDir: string, d: DocumentRow, page: number | undefined, query: string | undefined): Promise<SheetGridOut> {
  const g = gridOf(dataDir, d);
  let hit: SheetGridOut['hit'] = null;
  if (page !== undefined && query) {
    // The same hit search shows: its marked words on this page, looked for cell by cell.
    const found = await search(q, query, { documentId: d.id }, 0, 1000);
    const onPage = found.hits.find((h) => h.page === page);
    if (onPage) hit = hitCell(g, page, markedWords(onPage.snippet));
  }
  return { sheets: g.header.sheets, pages: g.header.pages, hit };
}

export function sheetRows(dataDir: string, d: DocumentRow, sheet: number, from: number, count: number): { rows: GridRow[] } {
  const g = gridOf(dataDir, d);
  if (!g.header.sheets[sheet]) throw new AppError('NOT_FOUND', `sheet: document ${d.id} has ${g.header.sheets.length} sheet${g.header.sheets.length === 1 ? '' : 's'} (counted from 0).`);
  return { rows: gridRows(g, sheet, from, count) };
}
