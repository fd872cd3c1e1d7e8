/**
 * The pixel size an image file declares in its header, read without decoding
 * it: a small PNG or JPEG can claim 100,000 × 100,000 pixels, and whatever
 * decodes it for OCR would try to allocate all of them.
 */
import fs from 'node:fs';
import { MAX_IMAGE_PIXELS } from './render.ts';

export interface ImageSize {
  width: number;
  height: number;
}

/** `length` bytes at `at` (fewer at the end of the file). */
type Read = (at: number, length: number) => Buffer;

function png(read: Read): ImageSize | null {
  // Signature, then the IHDR chunk: length, "IHDR", width, height.
  const b = read(0, 24);
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpeg(read: Read): ImageSize | null {
  // Walk the markers (each segment says its length) up to the first start-of-frame.
  let p = 2;
  for (let steps = 0; steps < 10_000; steps++) {
    const b = read(p, 9);
    if (b.length < 4 || b[0] !== 0xff) return null;
    const marker = b[1]!;
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += 2;
      continue;
    }
    // SOF0–SOF15, but not DHT (C4), JPG (C8) or DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return b.length < 9 ? null : { height: b.readUInt16BE(5), width: b.readUInt16BE(7) };
    }
    p += 2 + b.readUInt16BE(2);
  }
  return null;
}

function gif(read: Read): ImageSize | null {
  const b = read(0, 10);
  return b.length < 10 ? null : { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

function bmp(read: Read): ImageSize | null {
  // BITMAPINFOHEADER and later: signed 32-bit width and height (negative height = top-down).
  const b = read(0, 26);
  if (b.length < 26 || b.readUInt32LE(14) < 40) return null;
  return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
}

function tiff(read: Read): ImageSize | null {
  const h = read(0, 8);
  const le = h[0] === 0x49;
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  // The first directory may be anywhere in the file, often at its end.
  const at = u32(h, 4);
  const count = read(at, 2);
  if (count.length < 2) return null;
  const n = u16(count, 0);
  const dir = read(at + 2, n * 12);
  let width: number | undefined;
  let height: number | undefined;
  for (let i = 0; i < n && i * 12 + 12 <= dir.length; i++) {
    const tag = u16(dir, i * 12);
    const value = u16(dir, i * 12 + 2) === 3 ? u16(dir, i * 12 + 8) : u32(dir, i * 12 + 8);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width !== undefined && height !== undefined ? { width, height } : null;
}

/** The declared size of a PNG, JPEG, GIF, BMP or TIFF file; null when it cannot be told. */
export function imageSize(file: string): ImageSize | null {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read: Read = (at, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - at)));
      fs.readSync(fd, buf, 0, buf.length, at);
      return buf;
    };
    const sig = read(0, 4);
    if (sig[0] === 0x89 && sig[1] === 0x50) return png(read);
    if (sig[0] === 0xff && sig[1] === 0xd8) return jpeg(read);
    const text = sig.toString('latin1');
    if (text === 'GIF8') return gif(read);
    if (sig[0] === 0x42 && sig[1] === 0x4d) return bmp(read);
    if (text === 'II*\0' || text === 'MM\0*') return tiff(read);
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A JPEG's EXIF orientation (1–8; 1 is upright as stored), or 1 when it says
 * none. Cameras store a photo sideways and set this tag; decoders disagree on
 * whether to follow it (Tesseract does not, tesseract.js and the canvas do),
 * so a turned photo is decoded once, upright, and shown and read as that.
 */
export function jpegOrientation(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 256 * 1024));
    fs.readSync(fd, head, 0, head.length, 0);
    if (head[0] !== 0xff || head[1] !== 0xd8) return 1;
    // The segments before the image data; EXIF is an APP1 segment starting "Exif\0\0".
    for (let p = 2; p + 4 <= head.length && head[p] === 0xff; ) {
      const marker = head[p + 1]!;
      const length = head.readUInt16BE(p + 2);
      if (marker === 0xda || length < 2) return 1;
      if (marker === 0xe1 && head.toString('latin1', p + 4, p + 10) === 'Exif\0\0') {
        const t = p + 10;
        const le = head[t] === 0x49;
        const u16 = (at: number) => (at + 2 <= head.length ? (le ? head.readUInt16LE(at) : head.readUInt16BE(at)) : 0);
        const u32 = (at: number) => (at + 4 <= head.length ? (le ? head.readUInt32LE(at) : head.readUInt32BE(at)) : 0);
        const ifd = t + u32(t + 4);
        for (let i = 0, n = u16(ifd); i < n && i < 500; i++) {
          if (u16(ifd + 2 + i * 12) === 0x0112) {
            const v = u16(ifd + 2 + i * 12 + 8);
            return v >= 1 && v <= 8 ? v : 1;
          }
        }
        return 1;
      }
      p += 2 + length;
    }
    return 1;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why an image file is not to be decoded for OCR (its header claims more than
 * MAX_IMAGE_PIXELS), or null when it may be. Only the header is read.
 */
export function oversizeImage(file: string): string | null {
  const size = imageSize(file);
  if (!size || size.width * size.height <= MAX_IMAGE_PIXELS) return null;
  return `the image is ${size.width.toLocaleString('en-US')} × ${size.height.toLocaleString('en-US')} pixels, over the ${MAX_IMAGE_PIXELS / 1_000_000}-megapixel limit; it was not read for text`;
}
