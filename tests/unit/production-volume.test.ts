import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as UTIF from 'utif2';
import JSZip from 'jszip';
import { makeVolume, wholePageForTest, zipBomb, zipVolume, PAGE, VOLUME_COLUMNS, type Volume } from '../fixtures/production-volume.ts';
import { tempDir } from './helpers.ts';

/** utif2 is CommonJS: under Node's ESM loader its functions come as the default export. */
const utif = ((UTIF as unknown as { default?: typeof UTIF }).default ?? UTIF) as typeof UTIF;

/** Each page of a TIFF as utif2 (an independent decoder) reads it. */
function tiffPages(file: string): { width: number; height: number; compression: number; black: Uint8Array }[] {
  const buf = new Uint8Array(fs.readFileSync(file)).buffer;
  return utif.decode(buf).map((ifd) => {
    utif.decodeImage(buf, ifd);
    const rgba = utif.toRGBA8(ifd);
    const black = new Uint8Array(ifd.width * ifd.height);
    for (let i = 0; i < black.length; i++) black[i] = rgba[i * 4]! < 128 ? 1 : 0;
    return { width: ifd.width, height: ifd.height, compression: (ifd['t259'] as number[])[0]!, black };
  });
}

/** The DAT split as a Concordance reader would: lines, then þ-quoted fields between U+0014. */
function datRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\u0014').map((f) => f.replace(/^\u00fe|\u00fe$/g, '').replace(/\u00ae/g, '\n')));
}

const cp1252Byte = (v: Volume, s: string) => fs.readFileSync(path.join(v.root, v.dat)).includes(Buffer.from(s, 'latin1'));

describe('a generated production volume', () => {
  // One volume for the tests that only read it (tempDir's folders go after each test).
  let v: Volume;
  let shared: string;
  beforeAll(async () => {
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-volume-'));
    v = await makeVolume(shared, { documents: 20, seed: 7, encoding: 'windows-1252' });
  });
  afterAll(() => fs.rmSync(shared, { recursive: true, force: true }));

  it('writes the DAT in Windows-1252: þ, ® and accents one byte each, no BOM, one line per record', () => {
    const bytes = fs.readFileSync(path.join(v.root, v.dat));
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes[0]).toBe(0xfe);
    expect(bytes.includes(Buffer.from([0xfe, 0x14, 0xfe]))).toBe(true);
    expect(bytes.includes(Buffer.from('þ', 'utf8'))).toBe(false); // no UTF-8 þ (C3 BE)
    expect(bytes.includes(0xae)).toBe(true); // a field with a line break, as ®
    expect(cp1252Byte(v, 'CONFIDENTIAL\u00aeProduced')).toBe(true);
    const rows = datRows(bytes.toString('latin1'));
    expect(rows[0]).toEqual([...VOLUME_COLUMNS]);
    expect(rows).toHaveLength(21);
    for (const row of rows) expect(row).toHaveLength(VOLUME_COLUMNS.length);
    // Accented names in one byte (é is 0xE9), and the dash of a subject as Windows-1252's 0x97.
    const names = v.records.map((r) => r.fields['CUSTODIAN']!);
    expect(names.some((n) => /[éëçáÓ]/.test(n))).toBe(true);
    for (const n of names) expect(cp1252Byte(v, n)).toBe(true);
    const dashed = v.records.find((r) => r.fields['SUBJECT']!.includes('—'));
    if (dashed) expect(bytes.includes(Buffer.from(dashed.fields['SUBJECT']!.replace('—', '\u0097'), 'latin1'))).toBe(true);
    expect(v.records.some((r) => /,.*"|",/.test(r.fields['SUBJECT']!))).toBe(true);
  });

  it('writes UTF-16LE with a BOM, and the same records in every encoding from the same seed', async () => {
    const u = await makeVolume(tempDir(), { documents: 20, seed: 7, encoding: 'utf-16le' });
    const bytes = fs.readFileSync(path.join(u.root, u.dat));
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0xfe, 0x00]);
    const text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    expect(datRows(text)).toEqual(datRows(fs.readFileSync(path.join(v.root, v.dat)).toString('latin1').replace(/\u0097/g, '—').replace(/\u0096/g, '–')));
    expect(u.records).toEqual(v.records);
  });

  it('draws single-page Group 4 TIFFs, letter size at 200 dpi, each named for its page', () => {
    const first = v.records[0]!;
    expect(first.images[0]).toBe(`IMAGES/001/${first.begBates}.tif`);
    for (const rel of [first.images[0]!, v.records.at(-1)!.images.at(-1)!]) {
      const pages = tiffPages(path.join(v.root, rel));
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ width: PAGE.width, height: PAGE.height, compression: 4 });
      expect(pages[0]!.black.some((b) => b === 1)).toBe(true);
    }
    // Pages differ in their stamp: two pages' pixels are not the same.
    const [a, b] = first.images.length > 1 ? first.images : [v.records[0]!.images[0]!, v.records[1]!.images[0]!];
    expect(Buffer.compare(Buffer.from(tiffPages(path.join(v.root, a!))[0]!.black), Buffer.from(tiffPages(path.join(v.root, b!))[0]!.black))).not.toBe(0);
  });

  it('pieces a page together from the shared body and its stamp exactly as coding the whole page would', async () => {
    const { pieced, black } = await wholePageForTest('ABC00012345', 2);
    const file = path.join(tempDir(), 'p.tif');
    const { g4TiffPages } = await import('../../core/documents/extract/g4-tiff.ts');
    fs.writeFileSync(file, g4TiffPages([pieced], PAGE.dpi));
    const [page] = tiffPages(file);
    expect(black.some((b, i) => i >= (PAGE.height - 90) * PAGE.width && b === 1)).toBe(true); // the stamp is drawn
    expect(Buffer.compare(Buffer.from(page!.black), Buffer.from(black))).toBe(0);
  });

  it('lists every page in the OPT in Bates order, a document break with the page count on each first page', () => {
    const lines = fs.readFileSync(path.join(v.root, v.images), 'latin1').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines).toHaveLength(v.pages);
    for (const l of lines) expect(l).toHaveLength(7);
    expect(lines.map((l) => l[0])).toEqual(v.records.flatMap((r) => r.pages));
    let at = 0;
    for (const r of v.records) {
      const mine = lines.slice(at, at + r.pages.length);
      at += r.pages.length;
      expect(mine.map((l) => l[3])).toEqual(r.pages.map((_, k) => (k === 0 ? 'Y' : '')));
      expect(mine[0]![6]).toBe(String(r.pages.length));
      expect(Number(r.endBates.slice(3)) - Number(r.begBates.slice(3)) + 1).toBe(r.pages.length);
      for (const l of mine) {
        expect(l[2]).toMatch(/^\.\\IMAGES\\001\\ABC\d{8}\.tif$/);
        expect(fs.existsSync(path.join(v.root, l[2]!.replace(/\\/g, '/')))).toBe(true);
      }
    }
    expect(v.firstBates).toBe('ABC00000001');
    expect(v.lastBates).toBe(v.records.at(-1)!.endBates);
  });

  it('keeps families together: the email first, its attachments after, BEGATTACH–ENDATTACH spanning them', () => {
    const children = v.records.filter((r) => r.parent);
    expect(children.length).toBeGreaterThan(0);
    for (const [i, r] of v.records.entries()) {
      if (r.fields['RECORD TYPE'] === 'E-Doc') {
        expect([r.fields['BEGATTACH'], r.fields['ENDATTACH'], r.parent]).toEqual(['', '', null]);
        continue;
      }
      const parentAt = r.parent ? v.records.findIndex((p) => p.begBates === r.parent) : i;
      const family = v.records.filter((m) => m.fields['BEGATTACH'] === v.records[parentAt]!.begBates);
      expect(parentAt).toBeLessThanOrEqual(i);
      expect(v.records[parentAt]!.fields['RECORD TYPE']).toBe('Email');
      expect(r.fields['BEGATTACH']).toBe(family[0]!.begBates);
      expect(r.fields['ENDATTACH']).toBe(family.at(-1)!.endBates);
      expect(r.fields['PARENTBATES']).toBe(r.parent ?? '');
      if (r.parent) expect(r.fields['FROM']).not.toBe('');
    }
  });

  it('writes text files split into pages at form feeds, and natives whose MD5 the DAT gives', () => {
    for (const r of v.records) {
      const text = fs.readFileSync(path.join(v.root, r.text!), 'utf8');
      expect(text.split('\f').map((t) => t.trim())).toEqual(r.pageTexts);
      expect(r.fields['TEXTPATH']).toBe(`.\\${r.text!.replace(/\//g, '\\')}`);
      if (r.native) {
        const md5 = crypto.createHash('md5').update(fs.readFileSync(path.join(v.root, r.native))).digest('hex').toUpperCase();
        expect(r.fields['MD5HASH']).toBe(md5);
      } else expect(r.fields['MD5HASH']).toBe('');
    }
    expect(v.records.some((r) => r.native?.endsWith('.msg'))).toBe(true);
    expect(v.files).toEqual(expect.arrayContaining([v.dat, v.images, ...v.records.flatMap((r) => [...r.images, r.text!])]));
  });

  it('makes a volume without text files, with multi-page TIFFs, JPEG pages and an IPRO LFP', async () => {
    const m = await makeVolume(tempDir(), { documents: 12, seed: 3, withText: false, multiPageTiffs: true, jpegDocuments: 2, imageLoadFile: 'lfp' });
    expect(m.records.every((r) => r.text === null && r.fields['TEXTPATH'] === '')).toBe(true);
    expect(fs.existsSync(path.join(m.root, 'TEXT'))).toBe(false);
    const multi = m.records.find((r) => r.images.length === 1 && r.images[0]!.endsWith('.tif') && r.pages.length > 1)!;
    const pages = tiffPages(path.join(m.root, multi.images[0]!));
    expect(pages).toHaveLength(multi.pages.length);
    for (const p of pages) expect(p).toMatchObject({ width: PAGE.width, height: PAGE.height, compression: 4 });
    const jpeg = m.records.filter((r) => r.images[0]!.endsWith('.jpg'));
    expect(jpeg).toHaveLength(2);
    expect([...fs.readFileSync(path.join(m.root, jpeg[0]!.images[0]!)).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(m.images).toBe('DATA/VOL001.lfp');
    const lines = fs.readFileSync(path.join(m.root, m.images), 'latin1').trimEnd().split('\r\n');
    expect(lines).toHaveLength(m.pages);
    const lfp = (key: string) => lines.find((l) => l.startsWith(`IM,${key},`))!;
    expect(lfp(multi.pages[1]!)).toBe(`IM,${multi.pages[1]},,2,@VOL001;${path.dirname(multi.images[0]!).replace(/\//g, '\\')};${multi.begBates}.tif;2`);
    const child = m.records.find((r) => r.parent)!;
    expect(lfp(child.begBates).split(',')[2]).toBe('C');
    expect(lfp(m.records.find((r) => !r.parent)!.begBates).split(',')[2]).toBe('D');
  });

  it('writes each defect asked for, and says where', async () => {
    const dir = tempDir();
    const d = await makeVolume(dir, {
      documents: 30,
      seed: 11,
      defects: {
        fieldCountMismatchAt: 9,
        escapingPath: true,
        otherDrive: true,
        notATiff: true,
        emptyText: true,
        utf16TextWithoutBom: true,
        missingImage: true,
        extraFile: true,
        batesGap: true,
        missingParent: true,
        pageCountMismatch: true,
        md5Mismatch: true,
      },
    });
    const at = d.defects;
    const records = new Set(Object.values(at).map((a) => a.record).filter(Boolean));
    expect(records.size).toBe(Object.values(at).filter((a) => a.record).length); // each its own record
    const rows = datRows(fs.readFileSync(path.join(d.root, d.dat), 'utf8'));
    expect(at.fieldCountMismatchAt).toMatchObject({ line: 10 });
    expect(rows[9]![0]).toBe(at.fieldCountMismatchAt!.record);
    expect(rows[9]).toHaveLength(VOLUME_COLUMNS.length - 1);
    const opt = fs.readFileSync(path.join(d.root, d.images), 'latin1');
    expect(opt).toContain(`${at.escapingPath!.record},VOL001,..\\..\\outside.tif,Y`);
    expect(fs.existsSync(path.join(dir, 'outside.tif'))).toBe(true);
    expect(opt).toContain(`${at.otherDrive!.record},VOL001,E:\\OTHER\\x.tif,Y`);
    expect(fs.readFileSync(path.join(d.root, at.notATiff!.file!), 'latin1')).not.toMatch(/^(II\*\0|MM\0\*)/);
    expect(fs.statSync(path.join(d.root, at.emptyText!.file!)).size).toBe(0);
    const utf16 = fs.readFileSync(path.join(d.root, at.utf16TextWithoutBom!.file!));
    expect([utf16[0], utf16[1]]).not.toEqual([0xff, 0xfe]);
    expect(utf16[1]).toBe(0); // ASCII text as UTF-16LE: every other byte zero
    expect(fs.existsSync(path.join(d.root, at.missingImage!.file!))).toBe(false);
    expect(opt).toContain(`.\\${at.missingImage!.file!.replace(/\//g, '\\')}`);
    expect(opt).not.toContain(path.basename(at.extraFile!.file!));
    expect(tiffPages(path.join(d.root, at.extraFile!.file!))).toHaveLength(1);
    const gap = d.records.findIndex((r) => r.begBates === at.batesGap!.record);
    expect(Number(d.records[gap]!.begBates.slice(3)) - Number(d.records[gap - 1]!.endBates.slice(3))).toBe(6);
    const orphan = d.records.find((r) => r.begBates === at.missingParent!.record)!;
    expect(d.records.some((r) => r.pages.includes(orphan.fields['PARENTBATES']!))).toBe(false);
    const counted = opt.split('\r\n').find((l) => l.startsWith(`${at.pageCountMismatch!.record},`))!;
    const mismatched = d.records.find((r) => r.begBates === at.pageCountMismatch!.record)!;
    expect(counted.split(',')[6]).toBe(String(mismatched.pages.length + 1));
    const native = d.records.find((r) => r.begBates === at.md5Mismatch!.record)!;
    expect(crypto.createHash('md5').update(fs.readFileSync(path.join(d.root, native.native!))).digest('hex').toUpperCase()).not.toBe(native.fields['MD5HASH']);
    // A defect that cannot be placed is refused, never silently left out.
    await expect(makeVolume(tempDir(), { documents: 5, defects: { fieldCountMismatchAt: 9 } })).rejects.toThrow('a record from 1 to 5, not 9');
  });

  it('swaps the separators or cuts the DAT mid-record when asked', async () => {
    const s = await makeVolume(tempDir(), { documents: 5, defects: { swappedSeparators: true } });
    expect(fs.readFileSync(path.join(s.root, s.dat), 'utf8').split('\r\n')[0]).toBe(VOLUME_COLUMNS.map((c) => `\u0014${c}\u0014`).join('þ'));
    const t = await makeVolume(tempDir(), { documents: 5, defects: { truncated: true } });
    const text = fs.readFileSync(path.join(t.root, t.dat), 'utf8');
    expect(text.endsWith('\r\n')).toBe(false);
    const rows = datRows(text);
    expect(rows).toHaveLength(6);
    expect(rows[5]![0]).toBe(t.defects.truncated!.record);
    expect(rows[5]!.length).toBeLessThan(VOLUME_COLUMNS.length);
  });

  it('packs a volume as a ZIP, and writes a small ZIP that inflates to gigabytes', async () => {
    const dir = tempDir();
    await zipVolume(v.root, path.join(dir, 'vol.zip'));
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(dir, 'vol.zip')));
    expect(Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort()).toEqual(v.files.map((f) => `VOL001/${f}`).sort());
    expect(Buffer.from(await zip.file(`VOL001/${v.dat}`)!.async('uint8array'))).toEqual(fs.readFileSync(path.join(v.root, v.dat)));

    const bomb = path.join(dir, 'bomb.zip');
    const made = zipBomb(bomb, 40);
    const bytes = fs.readFileSync(bomb);
    expect(bytes.length).toBe(made.bytes);
    expect(bytes.length).toBeLessThan(10 * 1024 * 1024);
    // The central directory as an unzipper reads it: 40 entries of 64 MB each.
    const end = bytes.length - 22;
    expect(bytes.readUInt32LE(end)).toBe(0x06054b50);
    let at = bytes.readUInt32LE(end + 16);
    let inflated = 0;
    for (let i = 0; i < bytes.readUInt16LE(end + 10); i++) {
      expect(bytes.readUInt32LE(at)).toBe(0x02014b50);
      inflated += bytes.readUInt32LE(at + 24);
      at += 46 + bytes.readUInt16LE(at + 28);
    }
    expect(inflated).toBe(made.inflated);
    expect(inflated).toBeGreaterThan(2 * 1024 ** 3);
    // The first entry really inflates to its size in zeros.
    const nameLength = bytes.readUInt16LE(26);
    const packed = bytes.subarray(30 + nameLength, 30 + nameLength + bytes.readUInt32LE(18));
    const out = zlib.inflateRawSync(packed);
    expect(out.length).toBe(64 * 1024 * 1024);
    expect(out.every((b) => b === 0)).toBe(true);
  });
});
