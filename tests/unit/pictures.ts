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

/** A multi-page TIFF, 8-bit grey, uncompressed, one strip per page: written by hand, as a scanner would. */
export function tiff(pages: { width: number; height: number; gray: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  let at = 8;
  parts.push(header);
  const ifdOffsets: number[] = [];
  const layouts = pages.map((p) => {
    const ifdAt = at;
    at += 2 + 9 * 12 + 4;
    const dataAt = at;
    at += p.gray.length;
    ifdOffsets.push(ifdAt);
    return { ifdAt, dataAt };
  });
  header.writeUInt32LE(ifdOffsets[0]!, 4);
  pages.forEach((p, i) => {
    const entries: [number, number, number][] = [
      [256, 4, p.width],
      [257, 4, p.height],
      [258, 3, 8],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, layouts[i]!.dataAt],
      [277, 3, 1],
      [278, 4, p.height],
      [279, 4, p.gray.length],
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
    parts.push(ifd, p.gray);
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
