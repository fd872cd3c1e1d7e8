import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import * as UTIF from 'utif2';
import { MAX_DOCUMENT_PAGES, assemblePages } from '../../core/documents/extract/assemble-pages.ts';
import { checkImages } from '../../core/documents/extract/check-images.ts';
import { renderPdfPage } from '../../core/documents/extract/render.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { tempDir } from './helpers.ts';
import { g4Page, multiPageTiff, withReversedFillOrder, withTag } from './tiff-fixtures.ts';

const utif = ((UTIF as unknown as { default?: typeof UTIF }).default ?? UTIF) as typeof UTIF;

/** Grey level (0 black … 255 white) at pixel (x, y) of a rendered page. */
async function greyAt(png: Uint8Array, x: number, y: number): Promise<number> {
  const img = await loadImage(Buffer.from(png));
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return g.getImageData(x, y, 1, 1).data[0]!;
}

async function pageSizes(file: string): Promise<[number, number][]> {
  const doc = await PDFDocument.load(fs.readFileSync(file));
  return doc.getPages().map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())]);
}

function put(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A letter page at 100 dpi (850 × 1100 pixels) with a black square at (100, 200)–(300, 400). */
const SQUARE = { x: 100, y: 200, width: 200, height: 200 };
const letterWithSquare = () => g4Page(850, 1100, [SQUARE], 100);

async function picture(mime: 'image/png' | 'image/jpeg', width: number, height: number): Promise<Uint8Array> {
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = 'white';
  g.fillRect(0, 0, width, height);
  g.fillStyle = 'black';
  g.fillRect(10, 10, 40, 40);
  return new Uint8Array(mime === 'image/png' ? c.toBuffer('image/png') : c.toBuffer('image/jpeg'));
}

async function twoPagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  doc.addPage([300, 200]);
  return doc.save();
}

describe('a received document’s page images assembled into one PDF', () => {
  it('passes a Group 4 page through with black where the TIFF is black, at the size its resolution gives', async () => {
    const dir = tempDir();
    const tif = put(dir, 'ABC0001.tif', letterWithSquare());
    const out = path.join(dir, 'doc.pdf');
    expect(await assemblePages([{ file: tif, frame: 0 }], out)).toEqual({ pages: 1, notes: [] });
    expect(await pageSizes(out)).toEqual([[612, 792]]);
    // The strip went in as it was: CCITTFaxDecode, not a decoded picture.
    expect(fs.readFileSync(out).toString('latin1')).toContain('/CCITTFaxDecode');
    const { png } = await renderPdfPage(out, 1, 100);
    expect(await greyAt(png, 200, 300)).toBeLessThan(64);
    expect(await greyAt(png, 600, 800)).toBeGreaterThan(192);
    expect(await greyAt(png, 50, 300)).toBeGreaterThan(192);
  });

  it('keeps a BlackIsZero TIFF’s colours (its coded black runs show white) and a reversed fill order', async () => {
    const dir = tempDir();
    const inverted = put(dir, 'INV0001.tif', withTag(letterWithSquare(), 262, 1));
    const out = path.join(dir, 'inv.pdf');
    await assemblePages([{ file: inverted, frame: 0 }], out);
    const { png } = await renderPdfPage(out, 1, 100);
    expect(await greyAt(png, 200, 300)).toBeGreaterThan(192);
    expect(await greyAt(png, 600, 800)).toBeLessThan(64);
    const reversed = put(dir, 'REV0001.tif', withReversedFillOrder(letterWithSquare()));
    await assemblePages([{ file: reversed, frame: 0 }], out);
    const again = await renderPdfPage(out, 1, 100);
    expect(await greyAt(again.png, 200, 300)).toBeLessThan(64);
    expect(await greyAt(again.png, 600, 800)).toBeGreaterThan(192);
  });

  it('takes each frame of a multi-page TIFF, JPEG and PNG pages and a page of a PDF, in the order given', async () => {
    const dir = tempDir();
    const multi = put(dir, 'ABC0002.tif', multiPageTiff([g4Page(850, 1100, [], 100), g4Page(1700, 2200, [{ x: 0, y: 0, width: 100, height: 100 }], 200), g4Page(1100, 850, [], 100)]));
    const jpg = put(dir, 'ABC0005.jpg', await picture('image/jpeg', 1100, 1700));
    const pngFile = put(dir, 'ABC0006.png', await picture('image/png', 550, 850));
    const pdf = put(dir, 'ABC0007.pdf', await twoPagePdf());
    const out = path.join(dir, 'doc.pdf');
    const pages = [
      { file: multi, frame: 0 },
      { file: multi, frame: 1 },
      { file: multi, frame: 2 },
      { file: jpg, frame: 0 },
      { file: pngFile, frame: 0 },
      { file: pdf, frame: 1 },
    ];
    expect((await assemblePages(pages, out)).pages).toBe(6);
    const sizes = await pageSizes(out);
    expect(sizes.slice(0, 3)).toEqual([
      [612, 792],
      [612, 792],
      [792, 612],
    ]);
    // Pictures without a resolution fill a letter page's long side, as image-page.ts prints them.
    expect(sizes[3]![1]).toBe(792);
    expect(sizes[4]![1]).toBe(792);
    expect(sizes[5]).toEqual([300, 200]);
    // The JPEG went in as it was.
    expect(fs.readFileSync(out).toString('latin1')).toContain('/DCTDecode');
    // The second frame's black corner is black.
    const { png } = await renderPdfPage(out, 2, 100);
    expect(await greyAt(png, 10, 10)).toBeLessThan(64);
    expect(await greyAt(png, 400, 500)).toBeGreaterThan(192);
  });

  it('decodes a TIFF in another compression and embeds it', async () => {
    const dir = tempDir();
    const w = 300;
    const h = 200;
    const rgba = new Uint8Array(w * h * 4).fill(255);
    for (let y = 50; y < 100; y++) for (let x = 50; x < 100; x++) rgba.fill(0, (y * w + x) * 4, (y * w + x) * 4 + 3);
    const tif = put(dir, 'RGB0001.tif', new Uint8Array(utif.encodeImage(rgba, w, h)));
    const out = path.join(dir, 'rgb.pdf');
    expect((await assemblePages([{ file: tif, frame: 0 }], out)).pages).toBe(1);
    const rendered = await renderPdfPage(out, 1, 72);
    const scale = (await loadImage(Buffer.from(rendered.png))).width / w;
    expect(await greyAt(rendered.png, Math.round(75 * scale), Math.round(75 * scale))).toBeLessThan(64);
    expect(await greyAt(rendered.png, Math.round(200 * scale), Math.round(150 * scale))).toBeGreaterThan(192);
  });

  it('gives the same bytes for the same pages', async () => {
    const dir = tempDir();
    const tif = put(dir, 'ABC0001.tif', letterWithSquare());
    const jpg = put(dir, 'ABC0002.jpg', await picture('image/jpeg', 200, 300));
    const pages = [
      { file: tif, frame: 0 },
      { file: jpg, frame: 0 },
    ];
    await assemblePages(pages, path.join(dir, 'a.pdf'));
    await assemblePages(pages, path.join(dir, 'b.pdf'));
    expect(fs.readFileSync(path.join(dir, 'a.pdf')).equals(fs.readFileSync(path.join(dir, 'b.pdf')))).toBe(true);
  });

  it('refuses a page that is not what it claims, a frame past the end, a cut-off strip, a page too large and too many pages, naming the page and the file only', async () => {
    const dir = tempDir();
    const good = put(dir, 'ABC0001.tif', letterWithSquare());
    const fake = put(dir, 'ABC0002.tif', 'This is a text file, not a TIFF.\n');
    const whole = letterWithSquare();
    const cut = put(dir, 'ABC0003.tif', whole.subarray(0, whole.length - 20));
    const out = path.join(dir, 'doc.pdf');
    const refusal = (pages: { file: string; frame: number }[]) =>
      assemblePages(pages, out).then(
        () => 'assembled',
        (e: Error) => e.message,
      );
    expect(await refusal([{ file: good, frame: 0 }, { file: fake, frame: 0 }])).toBe('page 2 (ABC0002.tif) is not a TIFF, JPEG, PNG or PDF');
    expect(await refusal([{ file: good, frame: 0 }, { file: good, frame: 1 }])).toBe('page 2 (ABC0001.tif) has no page 2: the TIFF has 1');
    const cutOff = await refusal([{ file: cut, frame: 0 }]);
    expect(cutOff).toMatch(/^page 1 \(ABC0003\.tif\) is cut off/);
    expect(await refusal([{ file: path.join(dir, 'GONE.tif'), frame: 0 }])).toBe('page 1 (GONE.tif) is missing');
    expect(cutOff).not.toContain(dir);
    const huge = put(dir, 'ABC0004.tif', withTag(withTag(letterWithSquare(), 256, 10_000), 257, 10_000));
    expect(await refusal([{ file: good, frame: 0 }, { file: huge, frame: 0 }])).toBe('page 2 (ABC0004.tif) is 10,000 × 10,000 pixels, over the 50-megapixel limit for a page');
    const tooMany = Array.from({ length: MAX_DOCUMENT_PAGES + 1 }, () => ({ file: good, frame: 0 }));
    expect(await refusal(tooMany)).toBe('the document has 10,001 pages, over the limit of 10,000 for one document');
    // Nothing half written.
    expect(fs.existsSync(out)).toBe(false);
  });

  it('runs in the file reader’s helper process', async () => {
    const dir = tempDir();
    const tif = put(dir, 'ABC0001.tif', multiPageTiff([letterWithSquare(), letterWithSquare()]));
    const out = path.join(dir, 'doc.pdf');
    const pool = new ExtractPool({ size: 1 });
    try {
      expect(
        await pool.run({
          assemblePages: {
            pages: [
              { file: tif, frame: 0 },
              { file: tif, frame: 1 },
            ],
            out,
          },
        }),
      ).toEqual({ pages: 2, notes: [] });
      await expect(pool.run({ assemblePages: { pages: [{ file: tif, frame: 2 }], out } })).rejects.toThrow('page 1 (ABC0001.tif) has no page 3: the TIFF has 2');
      const checked = await pool.run({ checkImages: { files: [tif] } });
      expect(checked).toEqual([{ file: tif, kind: 'tiff', frames: 2 }]);
    } finally {
      await pool.close();
    }
    expect(await pageSizes(out)).toEqual([
      [612, 792],
      [612, 792],
    ]);
  });
});

describe('page images checked before an import', () => {
  it('tells each file’s kind and page count, and what is wrong with the damaged ones', async () => {
    const dir = tempDir();
    const whole = letterWithSquare();
    const files = [
      put(dir, 'A1.tif', multiPageTiff([whole, whole, whole])),
      put(dir, 'A2.jpg', await picture('image/jpeg', 100, 100)),
      put(dir, 'A3.png', await picture('image/png', 100, 100)),
      put(dir, 'A4.pdf', await twoPagePdf()),
      put(dir, 'A5.tif', 'not a tiff at all'),
      put(dir, 'A6.tif', whole.subarray(0, whole.length - 20)),
      put(dir, 'A7.tif', ''),
      put(dir, 'A8.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0])),
      path.join(dir, 'A9.tif'),
    ];
    const checked = await checkImages(files);
    expect(checked.map((c) => [path.basename(c.file), c.kind, c.frames, c.problem ?? null])).toEqual([
      ['A1.tif', 'tiff', 3, null],
      ['A2.jpg', 'jpeg', 1, null],
      ['A3.png', 'png', 1, null],
      ['A4.pdf', 'pdf', 2, null],
      ['A5.tif', null, 0, 'the file is not a TIFF, JPEG, PNG or PDF'],
      ['A6.tif', 'tiff', 1, 'page 1 of the TIFF is cut off (its image data lies past the end of the file)'],
      ['A7.tif', null, 0, 'the file is empty'],
      ['A8.jpg', 'jpeg', 0, 'the JPEG is damaged (no frame header)'],
      ['A9.tif', null, 0, 'the file is missing'],
    ]);
  });
});
