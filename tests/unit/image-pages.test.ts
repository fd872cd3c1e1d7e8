import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { picture, sidewaysJpeg, tiff, type TiffCompression } from './pictures.ts';
import type { PageWord } from '../../core/api.ts';
import { renderPdfPage } from '../../core/documents/extract/render.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { fails, ok, tamperWith, tempDir, testCore } from './helpers.ts';

/** The colour of the pixel at fractions (fx, fy) of a picture. */
async function colourAt(png: Uint8Array, fx: number, fy: number): Promise<number[]> {
  const img = await loadImage(Buffer.from(png));
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return Array.from(g.getImageData(Math.round(fx * img.width), Math.round(fy * img.height), 1, 1).data.slice(0, 3));
}

const word = (words: PageWord[] | null, text: string) => words?.find((w) => w.text === text);

/** A workspace holding one scanned page of two printed lines, under `name`, not read yet. */
async function oneScan(name: string) {
  const core = await testCore();
  const src = tempDir('sunshine-pictures-');
  fs.writeFileSync(path.join(src, name), picture(1200, 600, [['SPONSOR VETTING RECORDS', 60, 120], ['PLACED IN 2024', 60, 300]]).png);
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  return { core, file: path.join(src, name), id: r.files[0]!.documentId! };
}

describe('picture documents', () => {
  it('keep where OCR found each word, as fractions of the page', async () => {
    const { core, file, id } = await oneScan('scan.png');
    // Not read yet: the picture is there, the word boxes are not.
    expect(await ok(core.invoke('documents.pageImage', { id, page: 1 }))).toMatchObject({ mime: 'image/png', width: 1200, height: 600, words: null });
    expect(await ok(core.invoke('documents.pageWords', { id, page: 1 }))).toEqual({ words: null });

    expect(await ok(core.invoke('documents.runOcr', {}))).toEqual({ done: 1, pending: 0 });
    const page = await ok(core.invoke('documents.pageImage', { id, page: 1 }));
    expect(Buffer.from(page.base64, 'base64')).toEqual(fs.readFileSync(file));
    // "VETTING" starts about a quarter of the way across, its top a little above the first baseline.
    const vetting = word(page.words, 'VETTING')!;
    expect(vetting.x).toBeGreaterThan(0.22);
    expect(vetting.x).toBeLessThan(0.3);
    expect(vetting.y).toBeGreaterThan(80 / 600);
    expect(vetting.y + vetting.height).toBeLessThan(130 / 600);
    expect(word(page.words, '2024')!.y).toBeGreaterThan(250 / 600);
    expect((await ok(core.invoke('documents.pageWords', { id, page: 1 }))).words).toEqual(page.words);
    expect((await ok(core.invoke('documents.page', { id, page: 1 }))).text).toBe('SPONSOR VETTING RECORDS\nPLACED IN 2024');
    core.close();
  }, 120_000);

  it('read before word positions were kept, are read again on request, and then get their boxes', async () => {
    const { core, id } = await oneScan('older.png');
    await ok(core.invoke('documents.runOcr', {}));
    // As OCR left it before this release: the text, no word positions.
    await tamperWith(core, 'UPDATE pages SET words = NULL WHERE document_id = ?', [id]);
    expect((await ok(core.invoke('documents.pageImage', { id, page: 1 }))).words).toBeNull();
    expect(await ok(core.invoke('documents.readAgain', { id }))).toEqual({ queued: 1 });
    // Still found while it waits.
    expect((await ok(core.invoke('documents.search', { query: 'vetting', document: id }))).total).toBe(1);
    expect(await ok(core.invoke('documents.readAgain', { id }))).toEqual({ queued: 0 });
    expect(await ok(core.invoke('documents.runOcr', {}))).toEqual({ done: 1, pending: 0 });
    expect(word((await ok(core.invoke('documents.pageImage', { id, page: 1 }))).words, 'VETTING')).toBeDefined();
    expect((await ok(core.invoke('documents.get', { id }))).status).toBe('ready');
    expect(await ok(core.invoke('documents.readAgain', { id }))).toEqual({ queued: 0 });
  }, 120_000);

  it('a TIFF of two pages has two pages, each shown and read on its own', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-pictures-');
    const first = picture(800, 400, [['FIRST PAGE', 40, 120]]);
    const second = picture(1000, 500, [['SECOND PAGE', 40, 300]]);
    fs.writeFileSync(path.join(src, 'fax.tif'), tiff([{ width: 800, height: 400, gray: first.gray }, { width: 1000, height: 500, gray: second.gray }]));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r.files.map((f) => [f.type, f.ocrPages])).toEqual([['image', 2]]);
    const id = r.files[0]!.documentId!;
    expect((await ok(core.invoke('documents.get', { id }))).pages).toBe(2);

    const two = await ok(core.invoke('documents.pageImage', { id, page: 2 }));
    expect(two).toMatchObject({ mime: 'image/png', width: 1000, height: 500 });
    const png = Buffer.from(two.base64, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Page 2's own picture: white where page 1 had its words, type where page 2 has its own.
    expect(await colourAt(png, 0.5, 0.9)).toEqual([255, 255, 255]);
    expect(await fails(core.invoke('documents.pageImage', { id, page: 3 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has 2 pages/) });

    await ok(core.invoke('documents.runOcr', {}));
    expect((await ok(core.invoke('documents.page', { id, page: 1 }))).text).toMatch(/FIRST PAGE/);
    expect((await ok(core.invoke('documents.page', { id, page: 2 }))).text).toMatch(/SECOND PAGE/);
    expect(word((await ok(core.invoke('documents.pageImage', { id, page: 2 }))).words, 'SECOND')!.y).toBeGreaterThan(0.45);
    core.close();
  }, 120_000);

  it('a TIFF whose pages are stored as they are, in PackBits, LZW and JPEG has each page: shown, queued for OCR and produced', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-pictures-');
    const [width, height] = [400, 200];
    const kinds: TiffCompression[] = ['none', 'packbits', 'lzw', 'jpeg'];
    // Page i has one black square, in a column of its own: a page drawn from the wrong page or decoded wrong shows it elsewhere.
    const squareAt = (i: number) => 40 + i * 90;
    const pages = kinds.map((compression, i) => {
      const gray = Buffer.alloc(width * height, 255);
      for (let y = 80; y < 120; y++) gray.fill(0, y * width + squareAt(i), y * width + squareAt(i) + 40);
      return { width, height, gray, compression };
    });
    fs.writeFileSync(path.join(src, 'mixed-fax.tif'), tiff(pages));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r.files.map((f) => [f.type, f.pages, f.ocrPages])).toEqual([['image', 4, 4]]);
    const id = r.files[0]!.documentId!;
    const dark = (c: number[]) => c.every((v) => v < 60);
    const light = (c: number[]) => c.every((v) => v > 200);
    for (const i of kinds.keys()) {
      const png = Buffer.from((await ok(core.invoke('documents.pageImage', { id, page: i + 1 }))).base64, 'base64');
      for (const j of kinds.keys()) {
        const c = await colourAt(png, (squareAt(j) + 20) / width, 100 / height);
        expect(i === j ? dark(c) : light(c), `page ${i + 1} (${kinds[i]}) at page ${j + 1}'s square: ${c.join(',')}`).toBe(true);
      }
    }

    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [id] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'F-', start: 1, padding: 4, folder: out, natives: [] }))).toMatchObject({ firstBates: 'F-0001', lastBates: 'F-0004' });
    for (const i of kinds.keys()) {
      const drawn = (await renderPdfPage(path.join(out, 'IMAGES', '001', `F-000${i + 1}.pdf`), 1, 72)).png;
      expect(dark(await colourAt(drawn, (squareAt(i) + 20) / width, 100 / height)), `produced page ${i + 1} (${kinds[i]})`).toBe(true);
    }
    core.close();
  }, 120_000);

  it('a photo stored sideways is shown and read upright, so its word boxes sit on its words', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-pictures-');
    fs.writeFileSync(path.join(src, 'phone.jpg'), await sidewaysJpeg(picture(1200, 300, [['SPONSOR VETTING RECORDS', 60, 120]]).png));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const id = r.files[0]!.documentId!;
    expect(await ok(core.invoke('documents.pageImage', { id, page: 1 }))).toMatchObject({ mime: 'image/png', width: 1200, height: 300 });
    await ok(core.invoke('documents.runOcr', {}));
    expect((await ok(core.invoke('documents.page', { id, page: 1 }))).text).toBe('SPONSOR VETTING RECORDS');
    const vetting = word((await ok(core.invoke('documents.pageImage', { id, page: 1 }))).words, 'VETTING')!;
    expect(vetting.x).toBeGreaterThan(0.22);
    expect(vetting.y).toBeLessThan(0.4);
  }, 120_000);

  it('two pages asked of the file reader at once each get their own answer', async () => {
    const src = tempDir('sunshine-pictures-');
    const file = path.join(src, 'two.tif');
    fs.writeFileSync(file, tiff([{ width: 80, height: 40, gray: Buffer.alloc(80 * 40, 255) }, { width: 100, height: 50, gray: Buffer.alloc(100 * 50, 0) }]));
    const pool = new ExtractPool({ size: 2 });
    try {
      // Asked for in the same tick, as two OCR lanes starting together do.
      const pages = await Promise.all([pool.run({ imagePage: { file, page: 1 } }), pool.run({ imagePage: { file, page: 2 } })]);
      expect(pages.map((p) => [p.width, p.height])).toEqual([
        [80, 40],
        [100, 50],
      ]);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('a damaged TIFF page is refused with a reason, and the app goes on', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-pictures-');
    const whole = tiff([{ width: 300, height: 200, gray: Buffer.alloc(300 * 200, 255) }]);
    // The directory says 300 × 200 pixels; the file ends long before them.
    fs.writeFileSync(path.join(src, 'cut.tif'), whole.subarray(0, 400));
    fs.writeFileSync(path.join(src, 'note.txt'), 'not a picture');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const cut = r.files.find((f) => f.path.endsWith('cut.tif'))!.documentId!;
    const note = r.files.find((f) => f.path.endsWith('note.txt'))!.documentId!;
    expect(await fails(core.invoke('documents.pageImage', { id: cut, page: 1 }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Page 1 of cut\.tif cannot be shown: /) });
    expect(await fails(core.invoke('documents.pageImage', { id: note, page: 1 }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not a picture/) });
    expect((await ok(core.invoke('documents.get', { id: note }))).name).toBe('note.txt');
    core.close();
  }, 60_000);

  it('redacted, they are produced with the boxes burned into the picture, and their text keeps the words outside the boxes', async () => {
    const { core, id } = await oneScan('photo.png');
    await ok(core.invoke('documents.runOcr', {}));
    await ok(core.invoke('review.set', { ids: [id], status: 'needs-redaction' }));
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [id] }));
    // Coded "needs redaction" with no box yet: refused, as for a PDF.
    const early = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'P-', start: 1, padding: 4, folder: early }))).toMatchObject({ message: expect.stringMatching(/needs redaction" but has no redactions/) });

    // A box over the first line, where OCR says it is.
    const sponsor = word((await ok(core.invoke('documents.pageImage', { id, page: 1 }))).words, 'SPONSOR')!;
    const box = { x: sponsor.x - 0.01, y: sponsor.y - 0.02, width: 0.7, height: sponsor.height + 0.04 };
    await ok(core.invoke('redactions.add', { id, page: 1, ...box, reason: 'b6' }));

    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'P-', start: 1, padding: 4, folder: out, natives: ['image'], name: 'pics' }))).toMatchObject({
      firstBates: 'P-0001',
      lastBates: 'P-0001',
      produced: 1,
    });
    const drawn = (await renderPdfPage(path.join(out, 'IMAGES', '001', 'P-0001.pdf'), 1, 72)).png;
    expect(await colourAt(drawn, box.x + box.width * 0.5, box.y + box.height / 2)).toEqual([0, 0, 0]);
    expect(await colourAt(drawn, 0.9, 0.9)).toEqual([255, 255, 255]);
    expect(fs.readdirSync(path.join(out, 'NATIVES'))).toEqual([]); // the original would undo the redaction
    const text = fs.readFileSync(path.join(out, 'TEXT', 'P-0001.txt'), 'utf8');
    // The words OCR found under the box are out, with a marker where they were; the line below stays.
    expect(text).toBe('[REDACTED (b)(6)]\nPLACED IN 2024');
    expect(fs.readFileSync(path.join(out, 'pics-privilege-log.csv'), 'utf8')).toMatch(/P-0001–P-0001,[^\n]*\(b\)\(6\)[^\n]*1 redaction on 1 page,redacted/);
    core.close();
  }, 120_000);

  it('a TIFF recorded as one page before its pages were counted is not produced short of its other pages', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-pictures-');
    const blank = { width: 300, height: 150, gray: Buffer.alloc(300 * 150, 255) };
    fs.writeFileSync(path.join(src, 'old-fax.tif'), tiff([blank, blank]));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const id = r.files[0]!.documentId!;
    // As an import from before this release recorded it: one page.
    await tamperWith(core, 'DELETE FROM pages WHERE document_id = ? AND page_no = 2', [id]);
    await tamperWith(core, 'UPDATE documents SET page_count = 1 WHERE id = ?', [id]);
    await ok(core.invoke('redactions.add', { id, page: 1, x: 0.1, y: 0.1, width: 0.5, height: 0.2, reason: 'b6' }));
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [id] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'Q-', start: 1, folder: out }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/old-fax\.tif holds 2 pages, but 1 was recorded when it was imported; withhold it or take it out of the production/),
    });
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);
});
