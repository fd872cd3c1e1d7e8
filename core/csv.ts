/**
 * CSV (RFC 4180) for export and import: quoted fields, doubled quotes, CRLF.
 * Cells that a spreadsheet would run as a formula get a leading apostrophe on
 * export, which import takes off again, so files round-trip unchanged.
 */
const FORMULA = /^[=+\-@\t\r]/;

const NUMBER = /^-?\d+(\.\d+)?$/;

function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
  if (FORMULA.test(s) && !NUMBER.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  // A BOM so spreadsheet programs read UTF-8 as UTF-8.
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parse CSV text into rows of strings; `line` is where each row starts (1-based). */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endField = () => {
    const escaped = field.length > 1 && field[0] === "'" && FORMULA.test(field.slice(1)) && !NUMBER.test(field.slice(1));
    cells.push(escaped ? field.slice(1) : field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
    cells = [];
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') throw new CsvError(line, `line ${line}: a quote in the middle of an unquoted field; put the whole field in quotes.`);
      quoted = true;
    } else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += c;
    i++;
  }
  if (quoted) throw new CsvError(rowLine, `line ${rowLine}: a quoted field is never closed.`);
  if (field !== '' || cells.length) endRow();
  return rows;
}

/** Rows as objects keyed by the header row; unknown or missing required columns are errors. */
export function readCsvTable(text: string, known: readonly string[], required: readonly string[]) {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new CsvError(1, 'the file is empty; the first line must name the columns.');
  const header = rows[0]!.cells.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !known.includes(h));
  if (unknown.length) throw new CsvError(1, `line 1: unknown column(s) ${unknown.join(', ')}; known columns are ${known.join(', ')}.`);
  const missing = required.filter((r) => !header.includes(r));
  if (missing.length) throw new CsvError(1, `line 1: missing column(s) ${missing.join(', ')}.`);
  return rows.slice(1).map((r) => {
    if (r.cells.length > header.length) throw new CsvError(r.line, `line ${r.line}: ${r.cells.length} fields but ${header.length} columns.`);
    return { line: r.line, get: (col: string) => r.cells[header.indexOf(col)]?.trim() ?? '' };
  });
}
