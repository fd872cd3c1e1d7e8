/** Workbooks built with the spreadsheet writer, for the unit and window tests. */
import * as XLSX from '@e965/xlsx';

/**
 * A workbook as a producing party sends one: a visible sheet "Placements" with a date, a formula
 * (B4), a comment (B2), a hidden row (3, "concealed<tag>") and a hidden column (C), and a hidden second sheet
 * "Secret list" ("offbook<tag>" in A2). `tag` makes its words (and its bytes) unique; `filler`
 * rows follow the total, then a last row "late<tag>".
 */
export function workbook(tag: string, filler = 0): XLSX.WorkBook {
  const ws = XLSX.utils.aoa_to_sheet(
    [
      ['Sponsor', 'Amount', 'Placed'],
      [`Alpha ${tag}`, 10, new Date(Date.UTC(2024, 2, 14))],
      [`Bravo concealed${tag}`, 20, null],
      ['Total', { t: 'n', v: 30, f: 'SUM(B2:B3)' }],
      ...Array.from({ length: filler }, (_, i) => [`filler ${i}`, i]),
      ...(filler ? [[`late${tag}`, 1]] : []),
    ],
    { cellDates: true },
  );
  ws['!rows'] = [{}, {}, { hidden: true }];
  ws['!cols'] = [{}, {}, { hidden: true }];
  ws['B2']!.c = [{ a: 'Reviewer', t: `check figure remark${tag}` }];
  const secret = XLSX.utils.aoa_to_sheet([['Note'], [`offbook${tag} payments`]]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Placements');
  XLSX.utils.book_append_sheet(wb, secret, 'Secret list');
  wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
  return wb;
}

/** The workbook's bytes in one of the writer's formats (xlsx, biff8 for .xls, ods). */
export const workbookBytes = (wb: XLSX.WorkBook, bookType: XLSX.BookType): Buffer => XLSX.write(wb, { type: 'buffer', bookType }) as Buffer;
