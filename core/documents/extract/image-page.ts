/**
 * Pages of a picture document (PNG, JPEG, GIF, BMP, TIFF): how many it has,
 * and page N as an image the window can show and OCR can read — with
 * redaction boxes burned in for a production. Runs in the file reader's
 * helper process: a TIFF is decoded here by utif2 (CCITT G4 faxes included),
 * and a damaged or hostile file may take only that process down.
 */
import fs from 'node:fs';
import type * as Utif from 'utif2';
import { FileProblem, type BurnBox } from './types.ts';
import { imageSize, jpegOrientation } from './image-size.ts';
import { MAX_PAGE_PIXELS, burnBoxes } from './render.ts';

/** Show or read page `page` (1-based) of a picture; with boxes, burn them in; asPng: always as PNG (for a produced PDF). */
export interface ImagePageJob {
  imagePage: { file: string; page: number; boxes?: BurnBox[]; asPng?: boolean };
}

/** One page of a picture: bytes a browser and Tesseract both read, and its size. */
export interface PageImage {
  bytes: Uint8Array;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/bmp';
  width: number;
  height: number;
  /**
   * The resolution to print it at in a produced PDF: pictures seldom say, so
   * one that fills a letter page's long side (11 in.), never under 72 dpi.
   */
  dpi: number;
}

type UtifModule = typeof Utif;
/** utif2 is CommonJS: its functions come as the default export under Node's ESM loader. */
export const utif = async (): Promise<UtifModule> => {
  const m = (await import('utif2')) as UtifModule & { default?: UtifModule };
  return m.default ?? m;
};

export const isTiff = (head: Buffer) => {
  const t = head.toString('latin1', 0, 4);
  return t === 'II*\0' || t === 'MM\0*';
};

function sniffMime(head: Buffer): PageImage['mime'] | null {
  if (head[0] === 0x89 && head[1] === 0x50) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head[0] === 0x42 && head[1] === 0x4d) return 'image/bmp';
  return null;
}

export const printDpi = (width: number, height: number) => Math.max(72, Math.max(width, height) / 11);

function checkSize(width: number, height: number, page: number): void {
  if (!(width > 0 && height > 0)) throw new FileProblem(`page ${page} of the image has no usable size`);
  if (width * height > MAX_PAGE_PIXELS) {
    throw new FileProblem(`page ${page} is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels, over the ${MAX_PAGE_PIXELS / 1_000_000}-megapixel limit for showing a picture`);
  }
}

/** The images (pages) of a TIFF, without decoding their pixels. */
export async function tiffPages(data: Buffer) {
  const UTIF = await utif();
  // Pages are the main images; a TIFF may also hold thumbnails (NewSubfileType bit 0).
  return UTIF.decode(data).filter((ifd) => ifd.t256 && ifd.t257 && !((Number((ifd.t254 as number[] | undefined)?.[0] ?? 0) & 1)));
}

/** A TIFF page whose strip (or tile) data lies wholly inside the file: utif2 reads past the end as zeros. */
export function stripsInside(ifd: Utif.IFD, size: number): boolean {
  const offsets = (ifd.t273 ?? ifd.t324) as number[] | undefined;
  const counts = (ifd.t279 ?? ifd.t325) as number[] | undefined;
  return !!offsets && !!counts && offsets.length === counts.length && offsets.every((o, i) => o + counts[i]! <= size);
}

/**
 * A decoded TIFF page as RGBA. utif2's JPEG decoder (compression 7) always gives RGB, also for a
 * grey page (photometric 0/1, one sample), which it then writes into a buffer sized for grey and
 * reads as grey: the page comes out scrambled. Such a page is described as the RGB it decodes to.
 */
export function tiffRgba(UTIF: UtifModule, data: Buffer, ifd: Utif.IFD): Uint8Array {
  const first = (t: number[] | undefined, fallback: number) => Number(t?.[0] ?? fallback);
  if (first(ifd.t259 as number[], 1) === 7 && first(ifd.t277 as number[], 1) === 1 && first(ifd.t262 as number[], 1) <= 1) {
    Object.assign(ifd, { t277: [3], t258: [8, 8, 8], t262: [2] });
  }
  UTIF.decodeImage(data, ifd);
  return UTIF.toRGBA8(ifd);
}

/** How many pages a picture has: a TIFF's images, one for anything else. */
export async function imagePageCount(file: string): Promise<number> {
  const data = fs.readFileSync(file);
  if (!isTiff(data)) return 1;
  try {
    return Math.max(1, (await tiffPages(data)).length);
  } catch {
    // Counted as one page: the reader (and OCR) then say what is wrong with it.
    return 1;
  }
}

/** Page `page` of the picture in `file`, as PNG (or the file's own bytes when they can be shown as they are). */
export async function readImagePage(file: string, page: number, boxes: BurnBox[] = [], asPng = false): Promise<PageImage> {
  const data = fs.readFileSync(file);
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  if (isTiff(data)) {
    const pages = await tiffPages(data).catch((e: Error) => {
      throw new FileProblem(`the TIFF cannot be read (${e.message.slice(0, 200)})`);
    });
    const ifd = pages[page - 1];
    if (!ifd) throw new FileProblem(`the image has ${pages.length} page(s), not ${page}`);
    const width = Number((ifd.t256 as number[])[0]);
    const height = Number((ifd.t257 as number[])[0]);
    checkSize(width, height, page);
    // utif2 reads past the end of a cut-off file as zeros: a page that would come out partly blank is refused instead.
    if (!stripsInside(ifd, data.length)) {
      throw new FileProblem(`page ${page} of the TIFF is cut off or damaged (its image data lies past the end of the file)`);
    }
    const rgba = tiffRgba(await utif(), data, ifd);
    if (rgba.length < width * height * 4) throw new FileProblem(`page ${page} of the TIFF is damaged or in a compression it cannot be read in`);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    const pixels = context.createImageData(width, height);
    pixels.data.set(rgba.subarray(0, width * height * 4));
    context.putImageData(pixels, 0, 0);
    burnBoxes(canvas, boxes, printDpi(width, height));
    return { bytes: new Uint8Array(canvas.toBuffer('image/png')), mime: 'image/png', width, height, dpi: printDpi(width, height) };
  }
  const mime = sniffMime(data);
  const size = imageSize(file);
  if (!mime || !size) throw new FileProblem('the file is not a picture Sunshine can show (PNG, JPEG, GIF, BMP or TIFF)');
  if (page !== 1) throw new FileProblem(`the image has 1 page, not ${page}`);
  checkSize(size.width, size.height, page);
  const dpi = printDpi(size.width, size.height);
  // Shown as they are: the window decodes them itself, in its sandbox. A photo stored
  // sideways is turned upright here, once, so the window, both OCR engines and the
  // burned production all see the same pixels (see jpegOrientation).
  const turned = mime === 'image/jpeg' && jpegOrientation(file) !== 1;
  if (boxes.length === 0 && !asPng && !turned) return { bytes: new Uint8Array(data), mime, width: size.width, height: size.height, dpi };
  // The canvas follows a JPEG's EXIF orientation: the picture comes out upright.
  const picture = await loadImage(data);
  const canvas = createCanvas(picture.width, picture.height);
  canvas.getContext('2d').drawImage(picture, 0, 0);
  burnBoxes(canvas, boxes, dpi);
  return { bytes: new Uint8Array(canvas.toBuffer('image/png')), mime: 'image/png', width: picture.width, height: picture.height, dpi };
}
