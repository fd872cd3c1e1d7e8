import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { imageSize, oversizeImage } from '../../core/documents/extract/image-size.ts';
import { tempDir } from './helpers.ts';

function file(name: string, bytes: Buffer | Uint8Array): string {
  const f = path.join(tempDir(), name);
  fs.writeFileSync(f, bytes);
  return f;
}

/** A little-endian TIFF whose one directory sits after 1 KB of (pretend) pixel data, as scanners often write it. */
function tiff(width: number, height: number): Buffer {
  const at = 8 + 1024;
  const out = Buffer.alloc(at + 2 + 2 * 12 + 4);
  out.write('II*\0', 0, 'latin1');
  out.writeUInt32LE(at, 4);
  out.writeUInt16LE(2, at);
  // ImageWidth as LONG (type 4), ImageLength as SHORT (type 3).
  out.writeUInt16LE(256, at + 2);
  out.writeUInt16LE(4, at + 4);
  out.writeUInt32LE(1, at + 6);
  out.writeUInt32LE(width, at + 10);
  out.writeUInt16LE(257, at + 14);
  out.writeUInt16LE(3, at + 16);
  out.writeUInt32LE(1, at + 18);
  out.writeUInt16LE(height, at + 22);
  return out;
}

describe('image sizes from headers', () => {
  it('reads the declared size of PNG, JPEG, GIF, BMP and TIFF files', () => {
    const canvas = createCanvas(321, 123);
    expect(imageSize(file('a.png', canvas.toBuffer('image/png')))).toEqual({ width: 321, height: 123 });
    expect(imageSize(file('a.jpg', canvas.toBuffer('image/jpeg')))).toEqual({ width: 321, height: 123 });
    const gif = Buffer.from('GIF89a\x41\x01\x7b\x00', 'latin1');
    expect(imageSize(file('a.gif', gif))).toEqual({ width: 321, height: 123 });
    const bmp = Buffer.alloc(54);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(321, 18);
    bmp.writeInt32LE(-123, 22); // top-down
    expect(imageSize(file('a.bmp', bmp))).toEqual({ width: 321, height: 123 });
    expect(imageSize(file('a.tif', tiff(321, 123)))).toEqual({ width: 321, height: 123 });
    expect(imageSize(file('a.txt', Buffer.from('not an image')))).toBeNull();
  });

  it('names an image that claims more than 100 megapixels, whatever its format', () => {
    expect(oversizeImage(file('big.tif', tiff(60_000, 50_000)))).toBe('the image is 60,000 × 50,000 pixels, over the 100-megapixel limit; it was not read for text');
    expect(oversizeImage(file('ok.tif', tiff(5_100, 6_600)))).toBeNull();
  });
});
