import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as UTIF from 'utif2';
import { g4Tiff } from '../../core/documents/extract/g4-tiff.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { write } from './fixtures.ts';

/** utif2 is CommonJS: under Node's ESM loader its functions come as the default export. */
const utif = ((UTIF as unknown as { default?: typeof UTIF }).default ?? UTIF) as typeof UTIF;

/** A TIFF read back by utif2 (an independent Group 4 decoder): 1 where a pixel is black. */
function readBack(tiff: Uint8Array): { width: number; height: number; black: Uint8Array; tags: Record<string, unknown> } {
  const buf = new Uint8Array(tiff).buffer;
  const [ifd] = utif.decode(buf);
  utif.decodeImage(buf, ifd!);
  const rgba = utif.toRGBA8(ifd!);
  const black = new Uint8Array(ifd!.width * ifd!.height);
  for (let i = 0; i < black.length; i++) black[i] = rgba[i * 4]! < 128 ? 1 : 0;
  return { width: ifd!.width, height: ifd!.height, black, tags: ifd as unknown as Record<string, unknown> };
}

/** A deterministic pseudo-random source, so a failure can be run again. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('Group 4 TIFF pages', () => {
  it('read back pixel for pixel: blank, solid, text-like strokes, noise, and runs longer than 2560', () => {
    const next = random(42);
    const pages: { name: string; width: number; height: number; black: (x: number, y: number) => number }[] = [
      { name: 'blank', width: 40, height: 7, black: () => 0 },
      { name: 'solid', width: 37, height: 5, black: () => 1 },
      { name: 'black first pixel', width: 17, height: 4, black: (x) => (x === 0 ? 1 : 0) },
      { name: 'strokes', width: 300, height: 120, black: (x, y) => Number((x % 23 < 3 && y % 40 > 5) || (y % 17 === 0 && x > 20 && x < 280) || (x - y) % 61 === 0) },
      { name: 'noise', width: 211, height: 90, black: () => Number(next() < 0.3) },
      { name: 'wide', width: 6000, height: 3, black: (x, y) => Number(y === 1 ? x >= 2700 : x > 5990) },
    ];
    for (const p of pages) {
      const black = new Uint8Array(p.width * p.height);
      for (let y = 0; y < p.height; y++) for (let x = 0; x < p.width; x++) black[y * p.width + x] = p.black(x, y);
      const back = readBack(g4Tiff(black, p.width, p.height, 300));
      expect({ name: p.name, width: back.width, height: back.height }).toEqual({ name: p.name, width: p.width, height: p.height });
      expect(Buffer.from(back.black).equals(Buffer.from(black)), p.name).toBe(true);
      expect(back.tags).toMatchObject({ t259: [4], t262: [0], t258: [1], t282: [[300, 1]], t296: [2] });
    }
  });

  it('a production asked for TIFF: each page a Group 4 TIFF at 300 dpi, named in the OPT, its words and Bates number in black', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    write(src, 'tiffwren.txt', 'Tiffwren ledger\n'.repeat(80));
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    await ok(core.invoke('tags.create', { name: 'Tiffwren' }));
    await ok(core.invoke('tags.apply', { tag: 'Tiffwren', ids: [id] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await ok(core.invoke('productions.create', { tag: 'Tiffwren', prefix: 'TW-', start: 1, padding: 3, folder: out, name: 'tw', images: 'tiff' }))).toMatchObject({ pages: 2 });
    expect(fs.readFileSync(path.join(out, 'DATA', 'tw.opt'), 'utf8').trim().split('\r\n')).toEqual(['TW-001,tw,IMAGES\\001\\TW-001.tif,Y,,,2', 'TW-002,tw,IMAGES\\001\\TW-002.tif,,,,']);
    expect(fs.readdirSync(path.join(out, 'IMAGES', '001')).sort()).toEqual(['TW-001.tif', 'TW-002.tif']);
    const page = readBack(fs.readFileSync(path.join(out, 'IMAGES', '001', 'TW-002.tif')));
    expect({ width: page.width, height: page.height }).toEqual({ width: 2550, height: 3300 });
    const blackIn = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = Math.round(y0 * page.height); y < y1 * page.height; y++) for (let x = Math.round(x0 * page.width); x < x1 * page.width; x++) n += page.black[y * page.width + x]!;
      return n;
    };
    expect(blackIn(0.05, 0.05, 0.4, 0.2)).toBeGreaterThan(1000); // the text at the top left
    expect(blackIn(0.85, 0.95, 1, 1)).toBeGreaterThan(100); // the Bates number at the foot, right
    expect(blackIn(0.5, 0.4, 1, 0.9)).toBe(0); // paper
    core.close();
  }, 60_000);
});
