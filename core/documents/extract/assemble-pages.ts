/**
 * A received document's pages (the page images a production's OPT or LFP
 * names, in order) made into one PDF, in the file reader's helper process:
 * the images are untrusted files. What each page is comes from its bytes,
 * never its extension. Group 4 TIFF strips go into the PDF as they are
 * (CCITTFaxDecode), JPEGs as they are (DCTDecode), PDF pages are copied;
 * anything else is decoded and embedded. The output is the same bytes for the
 * same pages (no dates, no producer), so importing the same volume again
 * gives the same hash.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  PDFRef} from 'pdf-lib';
import {
  PDFDocument,
  concatTransformationMatrix,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  type PDFPage,
} from 'pdf-lib';
import type * as Utif from 'utif2';
import { FileProblem } from './types.ts';
import { encodeG4 } from './g4-tiff.ts';
import { MAX_PAGE_PIXELS } from './render.ts';
import { isTiff, printDpi, stripsInside, tiffPages, tiffRgba, utif } from './image-page.ts';

/** One document's page images (`frame`: the page inside a multi-page TIFF or PDF, 0-based) → one PDF at `out`. */
export interface AssemblePagesJob {
  assemblePages: { pages: { file: string; frame: number }[]; out: string };
}

export interface Assembled {
  pages: number;
  /** What the report should mention without refusing the document (a page re-coded, a resolution assumed). */
  notes: string[];
}

/** Pages of one received document: far over any real record, short of a helper's memory. */
export const MAX_DOCUMENT_PAGES = 10_000;

/** Bitonal pages without resolution tags are nearly always fax-size scans at 300 dpi. */
const BITONAL_DPI = 300;

export type ImageKind = 'tiff' | 'jpeg' | 'png' | 'pdf';

/** What a file is by its first bytes. */
export function sniffImage(head: Buffer): ImageKind | null {
  if (isTiff(head)) return 'tiff';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.toString('latin1', 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (head.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  return null;
}

type Ifd = Utif.IFD;
const tag = (ifd: Ifd, t: number): number[] | undefined => ifd[`t${t}`] as number[] | undefined;
const first = (ifd: Ifd, t: number, fallback: number): number => Number(tag(ifd, t)?.[0] ?? fallback);

/** A TIFF resolution tag (a rational, [num, den]) in dots per inch; undefined when absent or absurd. */
function tiffDpi(ifd: Ifd, t: number): number | undefined {
  const raw = tag(ifd, t)?.[0] as unknown;
  const v = Array.isArray(raw) ? Number(raw[0]) / Number(raw[1]) : Number(raw);
  const perInch = first(ifd, 296, 2) === 3 ? v * 2.54 : v;
  // ResolutionUnit 1 ("none") gives only an aspect ratio: not a size.
  return first(ifd, 296, 2) !== 1 && Number.isFinite(perInch) && perInch >= 10 && perInch <= 10_000 ? perInch : undefined;
}

const reverseBits = (b: number) => {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
};
const REVERSED = Uint8Array.from({ length: 256 }, (_, b) => reverseBits(b));

/** A page-filling image: the XObject drawn over the whole page. */
function drawFull(page: PDFPage, image: PDFRef): void {
  const name = page.node.newXObject('Im', image);
  const { width, height } = page.getSize();
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
}

/** A bitonal image as a Group 4 image XObject; `blackIsZero`: the coded "white" runs are to show black. */
function g4Image(doc: PDFDocument, bytes: Uint8Array, width: number, height: number, blackIsZero: boolean): PDFRef {
  const dict = {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    BitsPerComponent: 1,
    ColorSpace: 'DeviceGray',
    Filter: 'CCITTFaxDecode',
    // BlackIs1 false: the coded white runs come out as 1 (white in DeviceGray), black runs as 0.
    DecodeParms: { K: -1, Columns: width, Rows: height, BlackIs1: false },
    ...(blackIsZero ? { Decode: [1, 0] } : {}),
  };
  return doc.context.register(doc.context.stream(bytes, dict));
}

interface Source {
  data: Buffer;
  kind: ImageKind;
  tiff?: Ifd[];
  pdf?: PDFDocument;
}

class Assembler {
  readonly doc: PDFDocument;
  readonly notes: string[] = [];
  /** The file of the previous page: a multi-page TIFF or PDF is named once per page, one after the other. */
  private last?: { file: string; source: Source };

  constructor(doc: PDFDocument) {
    this.doc = doc;
  }

  private async source(file: string): Promise<Source> {
    if (this.last?.file === file) return this.last.source;
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (e) {
      throw new FileProblem((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be opened (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const kind = sniffImage(data);
    if (!kind) throw new FileProblem('is not a TIFF, JPEG, PNG or PDF');
    const source: Source = { data, kind };
    if (kind === 'tiff') {
      source.tiff = await tiffPages(data).catch((e: Error) => {
        throw new FileProblem(`is a damaged TIFF (${e.message.slice(0, 120)})`);
      });
    }
    if (kind === 'pdf') {
      source.pdf = await PDFDocument.load(data, { updateMetadata: false }).catch((e: Error) => {
        throw new FileProblem(`is a damaged or encrypted PDF (${e.message.slice(0, 120)})`);
      });
    }
    this.last = { file, source };
    return source;
  }

  async add(file: string, frame: number, label: string): Promise<void> {
    const source = await this.source(file);
    if (source.kind === 'tiff') return this.addTiff(source, frame, label);
    if (source.kind === 'pdf') {
      const count = source.pdf!.getPageCount();
      if (frame >= count) throw new FileProblem(`has no page ${frame + 1}: the PDF has ${count}`);
      const [copied] = await this.doc.copyPages(source.pdf!, [frame]);
      this.doc.addPage(copied);
      return;
    }
    if (frame !== 0) throw new FileProblem(`has no page ${frame + 1}: a ${source.kind.toUpperCase()} has one`);
    const size = source.kind === 'jpeg' ? jpegSize(source.data) : pngSize(source.data);
    if (!size) throw new FileProblem(`is a damaged ${source.kind.toUpperCase()}`);
    checkPixels(size.width, size.height);
    // A copy: pdf-lib reads a JPEG through its ArrayBuffer from offset 0, wrong for a Buffer that is a slice of a larger one.
    const bytes = new Uint8Array(source.data);
    const image = source.kind === 'jpeg' ? await this.doc.embedJpg(bytes) : await this.doc.embedPng(bytes);
    const dpi = printDpi(image.width, image.height);
    const page = this.doc.addPage([(image.width / dpi) * 72, (image.height / dpi) * 72]);
    drawFull(page, image.ref);
  }

  private async addTiff(source: Source, frame: number, label: string): Promise<void> {
    const ifd = source.tiff![frame];
    if (!ifd) throw new FileProblem(`has no page ${frame + 1}: the TIFF has ${source.tiff!.length}`);
    const width = first(ifd, 256, 0);
    const height = first(ifd, 257, 0);
    checkPixels(width, height);
    if (!stripsInside(ifd, source.data.length)) throw new FileProblem('is cut off or damaged (its image data lies past the end of the file)');
    const bitonal = first(ifd, 258, 1) === 1 && first(ifd, 277, 1) === 1;
    const xDpi = tiffDpi(ifd, 282);
    const yDpi = tiffDpi(ifd, 283) ?? xDpi;
    const dpi = bitonal ? BITONAL_DPI : printDpi(width, height);
    if (!xDpi) this.notes.push(`${label} gives no resolution; taken as ${Math.round(dpi)} dpi`);
    const page = this.doc.addPage([(width / (xDpi ?? dpi)) * 72, (height / (yDpi ?? dpi)) * 72]);
    const photometric = first(ifd, 262, 0);
    const offsets = tag(ifd, 273);
    const counts = tag(ifd, 279);
    if (first(ifd, 259, 1) === 4 && bitonal && offsets?.length === 1 && photometric <= 1) {
      // The usual production page: its one Group 4 strip is already what PDF's CCITTFaxDecode reads.
      let strip = source.data.subarray(offsets[0], offsets[0]! + counts![0]!);
      if (first(ifd, 266, 1) === 2) strip = Buffer.from(strip.map((b) => REVERSED[b]!));
      drawFull(page, g4Image(this.doc, strip, width, height, photometric === 1));
      return;
    }
    let rgba: Uint8Array;
    try {
      rgba = tiffRgba(await utif(), source.data, ifd);
    } catch (e) {
      throw new FileProblem(`cannot be decoded (${(e as Error).message.slice(0, 120)})`);
    }
    if (rgba.length < width * height * 4) throw new FileProblem('is damaged or in a compression that cannot be read');
    if (bitonal) {
      // Re-coded as Group 4: a tenth the size of a PNG of the same page, and read the same way.
      const black = new Uint8Array(width * height);
      for (let i = 0; i < black.length; i++) black[i] = rgba[i * 4]! < 128 ? 1 : 0;
      drawFull(page, g4Image(this.doc, encodeG4(black, width, height), width, height, false));
      return;
    }
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    const pixels = context.createImageData(width, height);
    pixels.data.set(rgba.subarray(0, width * height * 4));
    context.putImageData(pixels, 0, 0);
    const png = await this.doc.embedPng(canvas.toBuffer('image/png'));
    drawFull(page, png.ref);
  }
}

function checkPixels(width: number, height: number): void {
  if (!(width > 0 && height > 0)) throw new FileProblem('has no usable size');
  if (width * height > MAX_PAGE_PIXELS) {
    throw new FileProblem(`is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels, over the ${MAX_PAGE_PIXELS / 1_000_000}-megapixel limit for a page`);
  }
}

/** A PNG's declared size from its IHDR. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  if (data.length < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** A JPEG's size from its first SOF marker. */
export function jpegSize(data: Buffer): { width: number; height: number } | null {
  let at = 2;
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = data.readUInt16BE(at + 2);
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

/** The pages assembled into one PDF, written owner-only to `out`. */
export async function assemblePages(pages: { file: string; frame: number }[], out: string): Promise<Assembled> {
  if (pages.length === 0) throw new FileProblem('the document has no pages');
  if (pages.length > MAX_DOCUMENT_PAGES) {
    throw new FileProblem(`the document has ${pages.length.toLocaleString('en-US')} pages, over the limit of ${MAX_DOCUMENT_PAGES.toLocaleString('en-US')} for one document`);
  }
  // No metadata at all (no producer, no dates): the same pages make the same bytes.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const assembler = new Assembler(doc);
  for (const [i, { file, frame }] of pages.entries()) {
    // The file's name only: a report (or a window) never names a path on disk.
    const label = `page ${i + 1} (${path.basename(file)})`;
    try {
      if (!(Number.isInteger(frame) && frame >= 0)) throw new FileProblem(`names page ${frame} of its file`);
      await assembler.add(file, frame, label);
    } catch (e) {
      const why = e instanceof FileProblem ? e.message : `cannot be read (${(e as Error)?.message?.slice(0, 120) ?? String(e)})`;
      throw new FileProblem(`${label} ${why}`);
    }
  }
  const bytes = await doc.save({ useObjectStreams: false });
  try {
    fs.writeFileSync(out, bytes, { mode: 0o600 });
  } catch (e) {
    // Its message would name the path on disk.
    throw new FileProblem(`the assembled PDF could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { pages: pages.length, notes: assembler.notes };
}
