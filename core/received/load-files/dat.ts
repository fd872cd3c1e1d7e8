/**
 * Reading a Concordance DAT (or a CSV/TXT metadata file with a header row): decoded first, then
 * split, with the separator and the qualifier read from the header row, since producing tools
 * differ (U+0014 or a literal ¶ between fields, þ or '"' around them, and some swap þ and U+0014).
 * A record that cannot be read is left out of `records` and named in `problems` (blocking); the
 * rest of the file is still read, so one bad line does not cost the volume.
 */
import type { DatFormat, DatRecord, DatTable, LoadProblem } from '../types.ts';
import { decodeText } from './decode.ts';

const DC4 = '\u0014';
const PILCROW = '\u00b6';
const THORN = '\u00fe';
const REGISTERED = '\u00ae';
/** Separators of CSV/TXT metadata files, in the order a tie is settled. */
const PLAIN_SEPARATORS = ['\t', '|', ',', ';'];
const LF = 10;
const CR = 13;

export function readDat(bytes: Uint8Array, file: string): DatTable {
  const decoded = decodeText(bytes);
  const problems: LoadProblem[] = decoded.problems.map((message) => ({
    file,
    severity: decoded.text.length === 0 ? 'blocking' : 'warning',
    code: decoded.text.length === 0 ? 'empty-file' : 'encoding',
    message: `${file} ${message}`,
  }));
  const text = decoded.text;
  const headerEnd = lineEnd(text, 0);
  const headerLine = text.slice(0, headerEnd);
  const format = detectFormat(headerLine, text.slice(afterBreak(text, headerEnd), afterBreak(text, headerEnd) + 1), decoded.encoding);
  if (headerLine.trim() === '') {
    if (text.length > 0) problems.push({ file, line: 1, severity: 'blocking', code: 'no-header', message: 'line 1: the header row is empty; the first line must name the columns' });
    return { format, header: [], records: [], problems };
  }
  // Concordance DATs qualify every field, so a line that starts with þ starts a record; CSV rows need not.
  const reader = new RecordReader(text, format, format.quote !== '' && format.quote !== '"' && headerLine.startsWith(format.quote));
  const header = reader.read(0, 1).values.map((name) => name.trim());
  problems.push(...headerProblems(header, file));
  const records: DatRecord[] = [];
  let pos = afterBreak(text, headerEnd);
  let line = 2;
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === LF || c === CR) {
      // A blank line between records.
      pos = afterBreak(text, pos);
      line++;
      continue;
    }
    const rec = reader.read(pos, line);
    const record = batesLike(rec.values[0]);
    const at = { file, line, ...(record ? { record } : {}) };
    const resume = rec.unclosed || rec.values.length !== header.length ? reader.nextRecordStart(rec) : null;
    if (resume) {
      const field = header[rec.unclosedField] ?? header[header.length - 1];
      const why = !rec.unclosed
        ? `it runs into line ${resume.line}, which starts a record`
        : resume.pos < text.length
          ? `the file ends inside it; reading goes on at line ${resume.line}`
          : 'the file ends inside it';
      problems.push({ ...at, ...(field ? { field } : {}), severity: 'blocking', code: 'unclosed-quote', message: `line ${line}: a field opened with ${format.quote} is never closed (${why}); the record is left out` });
      pos = resume.pos;
      line = resume.line;
      continue;
    }
    if (rec.values.length !== header.length) {
      problems.push({ ...at, severity: 'blocking', code: 'field-count', message: `line ${line}: ${rec.values.length} fields, the header has ${header.length}` });
    } else {
      records.push({ line, values: rec.values });
    }
    pos = afterBreak(text, rec.end);
    line = rec.endLine + 1;
  }
  return { format, header, records, problems };
}

/** The several values of one field (`a; b;c` → ['a', 'b', 'c']), as the DAT writes them. */
export function splitMulti(value: string, format: Pick<DatFormat, 'multi'>): string[] {
  if (!format.multi) return value.trim() ? [value.trim()] : [];
  return value
    .split(format.multi)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * The header row says how the file is written: a qualifier is the character it starts and ends
 * with, the separator what stands between a qualifier and the next; without qualifiers, U+0014 or
 * ¶ when present, else the most frequent of the CSV/TXT separators.
 */
function detectFormat(header: string, nextLineFirst: string, encoding: DatFormat['encoding']): DatFormat {
  const trimmed = header.trimEnd();
  const first = trimmed[0] ?? '';
  let quote = '';
  let separator = '';
  if ([THORN, '"', DC4, PILCROW].includes(first) && trimmed.length > 1 && trimmed.endsWith(first)) {
    quote = first;
    const close = trimmed.indexOf(quote, 1);
    const between = trimmed[close + 1];
    if (between !== undefined && trimmed[close + 2] === quote) separator = between;
    else separator = quote === THORN ? DC4 : quote === DC4 || quote === PILCROW ? THORN : ',';
  } else if (header.includes(DC4) || header.includes(PILCROW)) {
    separator = header.includes(DC4) ? DC4 : PILCROW;
    quote = nextLineFirst === THORN ? THORN : '';
  } else {
    let best = 0;
    separator = ',';
    for (const sep of PLAIN_SEPARATORS) {
      const n = header.split(sep).length - 1;
      if (n > best) [best, separator] = [n, sep];
    }
    quote = '"';
  }
  const concordance = [DC4, PILCROW, THORN].includes(separator) || [THORN, DC4, PILCROW].includes(quote);
  return { encoding, separator, quote, newline: concordance ? REGISTERED : '', multi: ';' };
}

function headerProblems(header: string[], file: string): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') {
      problems.push({ file, line: 1, severity: 'blocking', code: 'empty-header-name', message: `line 1: column ${i + 1} of the header has no name` });
    } else if (seen.has(name.toLowerCase())) {
      problems.push({ file, line: 1, field: name, severity: 'blocking', code: 'duplicate-header', message: `line 1: the header names "${name}" twice; rename one of them` });
    }
    seen.add(name.toLowerCase());
  });
  return problems;
}

/** A value that looks like a Bates number (ABC0001234, ICE-0004211, 000123): worth naming a record by. */
function batesLike(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  return v.length <= 40 && /^[A-Za-z0-9][\w.\- ]*\d$/.test(v) && /\d{3}/.test(v) ? v : undefined;
}

/** The index of the line break (or the end of the text) at or after `pos`. */
function lineEnd(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return text.length;
}

/** Past the line break at `pos` (CRLF or LF); `pos` itself when it is not on one. */
function afterBreak(text: string, pos: number): number {
  if (text.charCodeAt(pos) === CR) return text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
  if (text.charCodeAt(pos) === LF) return pos + 1;
  return pos;
}

interface ReadRecord {
  values: string[];
  /** Where the record ends: its line break, or the end of the text. */
  end: number;
  endLine: number;
  /** A qualifier opened and never closed before the end of the text. */
  unclosed: boolean;
  /** The column the unclosed (or line-crossing) field was in. */
  unclosedField: number;
  /** The start of each line the record runs onto (line breaks inside qualified fields): [pos, line]. */
  crossed: [number, number][];
}

class RecordReader {
  private readonly sep: number;
  private readonly quote: string;
  private readonly newline: string;

  constructor(
    private readonly text: string,
    format: DatFormat,
    /** Every record line starts with the qualifier (a DAT qualifying every field): a line that does starts a record. */
    private readonly lineStartsRecord: boolean,
  ) {
    this.sep = format.separator.charCodeAt(0);
    this.quote = format.quote;
    this.newline = format.newline;
  }

  /** One record from `pos` (line `line`): its values and where it ends. */
  read(pos: number, line: number): ReadRecord {
    const { text, sep, quote } = this;
    const values: string[] = [];
    const crossed: [number, number][] = [];
    let unclosedField = -1;
    let current = line;
    for (;;) {
      if (quote && text.startsWith(quote, pos)) {
        const opened = pos;
        let value = '';
        let from = pos + 1;
        let at = from;
        let closed = false;
        for (;;) {
          const q = text.indexOf(quote, at);
          const stop = q === -1 ? text.length : q;
          current = this.countBreaks(at, stop, current, crossed);
          if (q === -1) break;
          const next = text.charCodeAt(q + 1);
          if (text.startsWith(quote, q + 1)) {
            // A doubled qualifier stands for one.
            value += text.slice(from, q + 1);
            from = at = q + 2;
          } else if (q + 1 >= text.length || next === sep || next === LF || next === CR) {
            value += text.slice(from, q);
            pos = q + 1;
            closed = true;
            break;
          } else {
            // A qualifier inside the value, not before a separator: part of the value.
            at = q + 1;
          }
        }
        if (!closed) {
          values.push(this.clean(text.slice(opened + 1)));
          return { values, end: text.length, endLine: current, unclosed: true, unclosedField: values.length - 1, crossed };
        }
        if (crossed.length && unclosedField < 0) unclosedField = values.length;
        values.push(this.clean(value));
      } else {
        let i = pos;
        while (i < text.length) {
          const c = text.charCodeAt(i);
          if (c === sep || c === LF || c === CR) break;
          i++;
        }
        values.push(this.clean(text.slice(pos, i)));
        pos = i;
      }
      if (pos < text.length && text.charCodeAt(pos) === sep) {
        pos++;
        continue;
      }
      return { values, end: pos, endLine: current, unclosed: false, unclosedField, crossed };
    }
  }

  /**
   * Where to go on after a record whose qualifier was never closed (or that ran past its line and
   * came out with the wrong number of fields): the first line it ran onto that starts a record,
   * or, when the file ended inside it, the line after its first. Null when the record is
   * simply a multi-line record with the wrong field count.
   */
  nextRecordStart(rec: ReadRecord): { pos: number; line: number } | null {
    if (rec.crossed.length === 0) return rec.unclosed ? { pos: this.text.length, line: rec.endLine } : null;
    const starts = this.lineStartsRecord ? rec.crossed.find(([p]) => this.text.startsWith(this.quote, p)) : undefined;
    if (starts) return { pos: starts[0], line: starts[1] };
    if (!rec.unclosed) return null;
    if (this.lineStartsRecord) return { pos: this.text.length, line: rec.endLine };
    const [pos, line] = rec.crossed[0]!;
    return { pos, line };
  }

  /** Counts the line breaks in [from, to), noting where each new line starts. */
  private countBreaks(from: number, to: number, line: number, crossed: [number, number][]): number {
    const { text } = this;
    let i = text.indexOf('\n', from);
    while (i !== -1 && i < to) {
      line++;
      crossed.push([i + 1, line]);
      i = text.indexOf('\n', i + 1);
    }
    return line;
  }

  private clean(value: string): string {
    let v = value.includes('\r\n') ? value.replaceAll('\r\n', '\n') : value;
    if (this.newline && v.includes(this.newline)) v = v.replaceAll(this.newline, '\n');
    return v;
  }
}
