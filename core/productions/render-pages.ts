/**
 * Pages Sunshine draws itself for documents that have none of their own:
 * emails (their headers, then the body), Word files, web pages and text,
 * from the text extracted at import. Letter pages in Courier: every
 * character is as wide as the next, so a line holds a fixed count of them and
 * the production plan counts a document's pages (its Bates numbers) without
 * drawing anything — the same `layoutPages` decides both.
 *
 * The PDF standard fonts hold WinAnsi only, and Sunshine carries no font of
 * its own: a character outside it is drawn as "?" (the TEXT file keeps it).
 */
import type { DocumentRow } from '../../db/documents.ts';

const PAGE = { width: 612, height: 792 } as const;
const FONT_SIZE = 10;
const LEADING = 12;
const MARGIN = 54;
/** Room left at the foot of the page for the Bates number. */
const FOOT = 36;
/** Courier's characters are 0.6 em wide. */
export const LINE_CHARS = Math.floor((PAGE.width - 2 * MARGIN) / (FONT_SIZE * 0.6));
export const PAGE_LINES = Math.floor((PAGE.height - MARGIN - FOOT - MARGIN / 2) / LEADING);

/** WinAnsi's characters between 0x80 and 0x9f, as Unicode: the standard fonts draw these too. */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const drawable = (s: string) =>
  s.replace(/\t/g, '    ').replace(/./gu, (c) => (/[\x20-\x7e\u00a0-\u00ff]/.test(c) || WIN_ANSI_EXTRA.includes(c) ? c : '?'));

/** One line of text as the lines it takes on a page: broken at spaces, a word longer than a line cut. */
function wrap(line: string): string[] {
  const out: string[] = [];
  let rest = line.trimEnd();
  while (rest.length > LINE_CHARS) {
    let cut = rest.lastIndexOf(' ', LINE_CHARS);
    if (cut < LINE_CHARS / 3) cut = LINE_CHARS;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^ +/, '');
  }
  out.push(rest);
  return out;
}

/** Header lines above the body, then the body's pages run together, wrapped and cut into pages of lines. */
export function layoutPages(header: string[], body: string[]): string[][] {
  const lines = [...header, ...(header.length ? [''] : []), ...body.join('\n').replace(/\r\n?/g, '\n').replace(/\f/g, '\n').split('\n')].map(drawable).flatMap(wrap);
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += PAGE_LINES) pages.push(lines.slice(i, i + PAGE_LINES));
  return pages.length ? pages : [['']];
}

/** An email's header block as printed above its body; attachments by name (or as withheld). */
export function emailHeader(d: Pick<DocumentRow, 'email_from' | 'email_to' | 'email_cc' | 'email_date' | 'email_subject'>, attachments: string[]): string[] {
  const field = (name: string, v: string | null | undefined) => (v ? [`${name.padEnd(12)}${v}`] : []);
  return [
    ...field('From:', d.email_from),
    ...field('To:', d.email_to),
    ...field('Cc:', d.email_cc),
    ...field('Date:', d.email_date),
    ...field('Subject:', d.email_subject),
    ...field('Attachments:', attachments.join('; ')),
  ];
}

/** The laid-out pages as a PDF, a page each; the Bates numbers are stamped afterwards like any PDF's. */
export async function drawTextPages(pages: string[][]): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  for (const lines of pages) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    lines.forEach((l, i) => l && page.drawText(l, { x: MARGIN, y: PAGE.height - MARGIN - (i + 1) * LEADING, size: FONT_SIZE, font }));
  }
  return doc.save();
}
