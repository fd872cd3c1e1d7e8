/** Pictures made on the spot for OCR and the viewer: printed lines as PNG, and multi-page TIFFs as a scanner writes them. */
import { createCanvas, loadImage } from '@napi-rs/canvas';

/** A white picture with lines of large black type, each at its baseline. */
export function picture(width: number, height: number, lines: [text: string, x: number, baseline: number][]) {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = 'white';
  g.fillRect(0, 0, width, height);
  g.fillStyle = 'black';
  g.font = '48px sans-serif';
  for (const [text, x, y] of lines) g.fillText(text, x, y);
  return { png: c.toBuffer('image/png'), gray: Buffer.from(g.getImageData(0, 0, width, height).data.filter((_, i) => i % 4 === 0)) };
}

/** How a page's strip is stored: as it is, or compressed as scanners and fax servers write it. */
export type TiffCompression = 'none' | 'packbits' | 'lzw' | 'jpeg';

/** PackBits (TIFF compression 32773): runs of one byte, else literal runs of up to 128 bytes. */
function packBits(data: Buffer): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < data.length) {
    let run = 1;
    while (i + run < data.length && run < 128 && data[i + run] === data[i]) run++;
    if (run >= 3) {
      out.push(257 - run, data[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < data.length && i - start < 128 && !(i + 2 < data.length && data[i] === data[i + 1] && data[i] === data[i + 2])) i++;
    out.push(i - start - 1, ...data.subarray(start, i));
  }
  return Buffer.from(out);
}

/** TIFF LZW (compression 5): codes written high bit first, widening one code early, cleared before the table fills. */
function lzw(data: Buffer): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const put = (code: number, width: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let table = new Map<number, number>();
  let next = 258;
  let width = 9;
  put(256, width);
  let prefix = data[0]!;
  for (let i = 1; i < data.length; i++) {
    const c = data[i]!;
    const key = prefix * 256 + c;
    const known = table.get(key);
    if (known !== undefined) {
      prefix = known;
      continue;
    }
    put(prefix, width);
    table.set(key, next++);
    // The reader widens its codes one entry early (it builds its table a code behind this writer).
    if (next === 1 << width && width < 12) width++;
    if (next === 4094) {
      put(256, width);
      table = new Map();
      next = 258;
      width = 9;
    }
    prefix = c;
  }
  put(prefix, width);
  put(257, width);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Buffer.from(out);
}

/** A grey page as a baseline JPEG (TIFF compression 7, the whole JPEG in the strip). */
function jpegOf(width: number, height: number, gray: Buffer): Buffer {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  const img = g.createImageData(width, height);
  gray.forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
  g.putImageData(img, 0, 0);
  return c.toBuffer('image/jpeg', 95);
}

const COMPRESSION: Record<TiffCompression, number> = { none: 1, packbits: 32773, lzw: 5, jpeg: 7 };

/** A multi-page TIFF, 8-bit grey, one strip per page, each page stored as asked: written by hand, as a scanner would. */
export function tiff(pages: { width: number; height: number; gray: Buffer; compression?: TiffCompression }[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  let at = 8;
  parts.push(header);
  const strips = pages.map((p) => {
    const how = p.compression ?? 'none';
    return how === 'packbits' ? packBits(p.gray) : how === 'lzw' ? lzw(p.gray) : how === 'jpeg' ? jpegOf(p.width, p.height, p.gray) : p.gray;
  });
  const ifdOffsets: number[] = [];
  const layouts = pages.map((_, i) => {
    const ifdAt = at;
    at += 2 + 9 * 12 + 4;
    const dataAt = at;
    at += strips[i]!.length;
    ifdOffsets.push(ifdAt);
    return { ifdAt, dataAt };
  });
  header.writeUInt32LE(ifdOffsets[0]!, 4);
  pages.forEach((p, i) => {
    const entries: [number, number, number][] = [
      [256, 4, p.width],
      [257, 4, p.height],
      [258, 3, 8],
      [259, 3, COMPRESSION[p.compression ?? 'none']],
      [262, 3, 1],
      [273, 4, layouts[i]!.dataAt],
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, strips[i]!.length],
    ];
    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, value], k) => {
      ifd.writeUInt16LE(tag, 2 + k * 12);
      ifd.writeUInt16LE(type, 4 + k * 12);
      ifd.writeUInt32LE(1, 6 + k * 12);
      if (type === 3) ifd.writeUInt16LE(value, 10 + k * 12);
      else ifd.writeUInt32LE(value, 10 + k * 12);
    });
    ifd.writeUInt32LE(ifdOffsets[i + 1] ?? 0, 2 + entries.length * 12);
    parts.push(ifd, strips[i]!);
  });
  return Buffer.concat(parts);
}

/**
 * A photo as a camera held sideways stores it: the upright picture turned a
 * quarter left in its pixels, with EXIF orientation 6 (turn right to show).
 */
export async function sidewaysJpeg(uprightPng: Buffer): Promise<Buffer> {
  const upright = await loadImage(uprightPng);
  const c = createCanvas(upright.height, upright.width);
  const g = c.getContext('2d');
  g.translate(0, upright.width);
  g.rotate(-Math.PI / 2);
  g.drawImage(upright, 0, 0);
  const jpeg = c.toBuffer('image/jpeg', 95);
  // APP1 "Exif": a big-endian TIFF header and one directory entry, Orientation (0x0112) = 6.
  const tiffHeader = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffHeader]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}
