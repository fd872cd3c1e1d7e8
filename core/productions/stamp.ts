/**
 * Bates numbers on pages: each page of a produced PDF gets its number in the
 * lower right corner, on a white label so it stays legible over any content;
 * a document produced in native form or withheld gets a one-page slip sheet.
 */
import type { PDFDocument, PDFFont, PDFPage, rgb as Rgb } from 'pdf-lib';
import { AppError } from '../errors.ts';
import type { Rendered } from '../documents/extract/types.ts';

// pdf-lib takes about half a second to load: it is loaded when a PDF is first
// stamped or counted, so commands that do neither start without it.
const pdfLib = () => import('pdf-lib');

const SIZE = 9;
const MARGIN = 18;

function label(page: PDFPage, font: PDFFont, text: string, rgb: typeof Rgb): void {
  const { width } = page.getSize();
  const w = font.widthOfTextAtSize(text, SIZE);
  const x = width - MARGIN - w;
  page.drawRectangle({ x: x - 3, y: MARGIN - 3, width: w + 6, height: SIZE + 6, color: rgb(1, 1, 1) });
  page.drawText(text, { x, y: MARGIN, size: SIZE, font, color: rgb(0, 0, 0) });
}

/** How many pages a PDF has (pdf-lib's count is the one stamping follows). */
export async function pdfPageCount(bytes: Uint8Array): Promise<number> {
  const { PDFDocument } = await pdfLib();
  try {
    return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  } catch (e) {
    throw new AppError('BAD_INPUT', `the PDF cannot be stamped (${(e as Error).message.slice(0, 200)})`);
  }
}

/** A page that is only its picture, sized by the dpi it was drawn at. */
async function addPicture(doc: PDFDocument, page: Rendered): Promise<void> {
  const image = await doc.embedPng(page.png);
  const width = (image.width * 72) / page.dpi;
  const height = (image.height * 72) / page.dpi;
  doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
}

/** A PDF of pictures (the pages of an image document, redactions burned in), `labels[i]` on page i. */
export async function picturesPdf(pages: Rendered[], labels: string[]): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await pdfLib();
  if (pages.length !== labels.length) throw new Error(`${labels.length} Bates numbers for ${pages.length} pages`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const page of pages) await addPicture(doc, page);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.getPages().forEach((p, i) => label(p, font, labels[i]!, rgb));
  return doc.save();
}

/**
 * The PDF with `labels[i]` on page i. When pages are burned (page index → PNG
 * of the page with its redactions burned in, and the dpi it was drawn at), the output is a new
 * file: those pages are only their picture, the others are copied page by
 * page — the original's other objects (the redacted pages' content, the
 * document information, XMP, forms, attached files, outlines) are not carried
 * over, since pdf-lib would otherwise write every object the file holds.
 */
export async function stampPdf(bytes: Uint8Array, labels: string[], burned = new Map<number, Rendered>()): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await pdfLib();
  const src = await PDFDocument.load(bytes, { updateMetadata: false });
  if (src.getPageCount() !== labels.length) throw new Error(`${labels.length} Bates numbers for ${src.getPageCount()} pages`);
  let doc = src;
  if (burned.size > 0) {
    doc = await PDFDocument.create({ updateMetadata: false });
    for (let i = 0; i < labels.length; i++) {
      const page = burned.get(i);
      if (page) {
        await addPicture(doc, page);
      } else {
        const [copied] = await doc.copyPages(src, [i]);
        doc.addPage(copied!);
      }
    }
  }
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.getPages().forEach((p, i) => label(p, font, labels[i]!, rgb));
  return doc.save();
}

/** A letter-size page saying why the document is not shown here, with its Bates number. */
export async function slipSheet(bates: string, lines: string[]): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await pdfLib();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([612, 792]);
  // Standard fonts hold WinAnsi only: other characters are shown as "?".
  const safe = (s: string) => s.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');
  lines.forEach((l, i) => page.drawText(safe(l).slice(0, 90), { x: 72, y: 500 - i * 22, size: i === 0 ? 16 : 11, font: i === 0 ? bold : font }));
  label(page, font, bates, rgb);
  return doc.save();
}
