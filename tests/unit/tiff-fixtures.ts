/**
 * TIFF pages for tests of received productions: Group 4 pages drawn from
 * black rectangles (made by our own encoder, g4-tiff.ts), and multi-page
 * TIFFs made by chaining single-page ones the way a scanner's output is.
 */
import { g4Tiff } from '../../core/documents/extract/g4-tiff.ts';

/** A black rectangle in pixels, from the top left. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A bitonal page (1 = black) with the rectangles filled. */
export function bitonal(width: number, height: number, rects: Rect[] = []): Uint8Array {
  const black = new Uint8Array(width * height);
  for (const r of rects) for (let y = r.y; y < r.y + r.height; y++) black.fill(1, y * width + r.x, y * width + r.x + r.width);
  return black;
}

/** A single-page Group 4 TIFF of the page at `dpi`. */
export function g4Page(width: number, height: number, rects: Rect[] = [], dpi = 300): Uint8Array {
  return g4Tiff(bitonal(width, height, rects), width, height, dpi);
}

/** The IFD's entry for `tag` in a little-endian TIFF made by g4Tiff (IFD at 8): where its value is. */
function entryValueAt(tiff: Buffer, tag: number, ifdAt = 8): number {
  const count = tiff.readUInt16LE(ifdAt);
  for (let i = 0; i < count; i++) {
    const at = ifdAt + 2 + i * 12;
    if (tiff.readUInt16LE(at) === tag) return at + 8;
  }
  throw new Error(`no tag ${tag}`);
}

/** A copy of a g4Tiff page with one tag's value changed (PhotometricInterpretation 262, FillOrder 266, ImageWidth 256…). */
export function withTag(tiff: Uint8Array, tag: number, value: number): Uint8Array {
  const buf = Buffer.from(tiff);
  const at = entryValueAt(buf, tag);
  // The entry's type sits 6 bytes before its value: 3 SHORT, 4 LONG.
  if (buf.readUInt16LE(at - 6) === 3) buf.writeUInt16LE(value, at);
  else buf.writeUInt32LE(value, at);
  return new Uint8Array(buf);
}

/** A copy of a g4Tiff page written least significant bit first (FillOrder 2), as some fax software writes. */
export function withReversedFillOrder(tiff: Uint8Array): Uint8Array {
  const buf = Buffer.from(withTag(tiff, 266, 2));
  const offset = buf.readUInt32LE(entryValueAt(buf, 273));
  const length = buf.readUInt32LE(entryValueAt(buf, 279));
  for (let i = offset; i < offset + length; i++) {
    let r = 0;
    for (let b = 0; b < 8; b++) r |= ((buf[i]! >> b) & 1) << (7 - b);
    buf[i] = r;
  }
  return new Uint8Array(buf);
}

/**
 * Single-page g4Tiff TIFFs chained into one multi-page TIFF: each is placed
 * whole (its 8-byte header left as unused bytes), its offsets moved by where
 * it now starts, and each IFD pointing to the next.
 */
export function multiPageTiff(pages: Uint8Array[]): Uint8Array {
  const out = Buffer.concat(pages.map((p) => Buffer.from(p)));
  let base = 0;
  pages.forEach((page, i) => {
    const ifdAt = base + 8;
    for (const tag of [273, 282, 283]) {
      const at = entryValueAt(out, tag, ifdAt);
      out.writeUInt32LE(out.readUInt32LE(at) + base, at);
    }
    const count = out.readUInt16LE(ifdAt);
    const next = i + 1 < pages.length ? base + page.length + 8 : 0;
    out.writeUInt32LE(next, ifdAt + 2 + count * 12);
    base += page.length;
  });
  return new Uint8Array(out);
}
