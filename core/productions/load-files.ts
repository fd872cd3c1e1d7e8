/**
 * Load files for review platforms. Concordance DAT: fields separated by
 * U+0014, each wrapped in þ (U+00FE), newlines inside a field written as ®
 * (U+00AE), a header row; UTF-8 with a byte-order mark. Opticon OPT: one line
 * per page — Bates number, volume, image path, "Y" on a document's first page,
 * and its page count there.
 */
export const DAT_FIELDS = [
  'BEGBATES',
  'ENDBATES',
  'BEGATTACH',
  'ENDATTACH',
  'CUSTODIAN',
  'FROM',
  'TO',
  'CC',
  'SUBJECT',
  'DATESENT',
  'SHA256',
  'FILENAME',
  'PAGECOUNT',
  'TEXTPATH',
  'NATIVEPATH',
] as const;
/** After DAT_FIELDS, for a production holding documents received with a producing party's Bates range (produce.ts decides). */
export const RECEIVED_DAT_FIELDS = ['RECEIVEDBEGBATES', 'RECEIVEDENDBATES', 'PRODUCINGPARTY'] as const;
export type DatRow = Record<(typeof DAT_FIELDS)[number], string> & Partial<Record<(typeof RECEIVED_DAT_FIELDS)[number], string>>;

const SEP = '\u0014';
const QUOTE = '\u00fe';
const NEWLINE = '\u00ae';

const datCell = (v: string) => `${QUOTE}${v.replace(/\r\n|\r|\n/g, NEWLINE).replaceAll(QUOTE, '').replaceAll(SEP, ' ')}${QUOTE}`;

export function datFile(rows: readonly DatRow[], withReceived = false): string {
  const fields = withReceived ? [...DAT_FIELDS, ...RECEIVED_DAT_FIELDS] : DAT_FIELDS;
  const lines = [fields.map(datCell).join(SEP), ...rows.map((r) => fields.map((f) => datCell(r[f] ?? '')).join(SEP))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface OptDocument {
  /** Each page in order: its Bates number, and the path of its own image file relative to the production folder, with "\\" separators. */
  pages: { bates: string; image: string }[];
}

export function optFile(volume: string, docs: readonly OptDocument[]): string {
  const lines: string[] = [];
  for (const d of docs) d.pages.forEach((p, i) => lines.push([p.bates, volume, p.image, i === 0 ? 'Y' : '', '', '', i === 0 ? String(d.pages.length) : ''].join(',')));
  return `${lines.join('\r\n')}\r\n`;
}
