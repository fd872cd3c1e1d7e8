/** Pictures made on the spot for OCR and the viewer: printed lines as PNG, and multi-page TIFFs as a scanner writes them. */
import { createCanvas } from '@napi-rs/canvas';

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
