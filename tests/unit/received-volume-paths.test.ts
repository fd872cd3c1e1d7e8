import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { forgetVolume, listVolumeFiles, resolveInVolume } from '../../core/received/load-files/volume-paths.ts';
import { tempDir } from './helpers.ts';

/** A volume folder VOL001 with images, text and natives, and a secret file beside it (outside the volume). */
function volume() {
  const top = fs.realpathSync(tempDir('sunshine-volume-'));
  const root = path.join(top, 'VOL001');
  const put = (rel: string, body = 'x') => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    return file;
  };
  const tif = put('IMAGES/001/ABC0001.tif');
  const txt = put('TEXT/001/ABC0001.txt');
  put('NATIVES/001/ABC0002.xlsx');
  const secret = path.join(top, 'secret.txt');
  fs.writeFileSync(secret, 'not part of the production');
  fs.mkdirSync(path.join(top, 'elsewhere'));
  fs.writeFileSync(path.join(top, 'elsewhere', 'x.tif'), 'x');
  return { top, root, tif, txt, secret, put };
}

describe('resolveInVolume', () => {
  it('finds Windows-style paths inside the volume, relative or absolute, whatever their case', () => {
    const { root, tif, txt } = volume();
    for (const written of [
      '\\IMAGES\\001\\ABC0001.tif',
      '.\\IMAGES\\001\\ABC0001.tif',
      'IMAGES\\001\\ABC0001.tif',
      'IMAGES/001/ABC0001.tif',
      './images/001/abc0001.TIF',
      'D:\\VOL001\\IMAGES\\001\\ABC0001.tif',
      'D:\\IMAGES\\001\\ABC0001.tif',
      'e:\\Productions\\vol001\\Images\\001\\ABC0001.TIF',
      '\\\\server\\share\\VOL001\\IMAGES\\001\\ABC0001.tif',
      '\\\\?\\D:\\VOL001\\IMAGES\\001\\ABC0001.tif',
      '\\\\?\\UNC\\server\\share\\VOL001\\IMAGES\\001\\ABC0001.tif',
      'IMAGES\\002\\..\\001\\.\\ABC0001.tif',
    ]) {
      expect(resolveInVolume(root, written), written).toEqual({ file: tif });
    }
    expect(resolveInVolume(root, 'TEXT\\001\\ABC0001.txt')).toEqual({ file: txt });
  });

  it('refuses paths that climb out of the volume, and never finds files outside it', () => {
    const { root } = volume();
    expect(resolveInVolume(root, '..\\..\\etc\\passwd')).toEqual({ problem: '"..\\..\\etc\\passwd": the path leaves the volume folder' });
    expect(resolveInVolume(root, 'IMAGES\\..\\..\\secret.txt')).toEqual({ problem: '"IMAGES\\..\\..\\secret.txt": the path leaves the volume folder' });
    expect(resolveInVolume(root, '../secret.txt')).toEqual({ problem: '"../secret.txt": the path leaves the volume folder' });
    expect(resolveInVolume(root, 'C:\\Windows\\win.ini')).toEqual({ problem: '"C:\\Windows\\win.ini" is not in the volume' });
    expect(resolveInVolume(root, '/etc/passwd')).toEqual({ problem: '"/etc/passwd" is not in the volume' });
    expect(resolveInVolume(root, '\\\\server\\share\\secret.txt')).toEqual({ problem: '"\\\\server\\share\\secret.txt" is not in the volume' });
  });

  it('refuses a symbolic link, to a file or a folder outside the volume', () => {
    const { root, top, secret } = volume();
    fs.symlinkSync(secret, path.join(root, 'IMAGES', '001', 'ABC0009.tif'));
    fs.symlinkSync(path.join(top, 'elsewhere'), path.join(root, 'LINKED'));
    expect(resolveInVolume(root, 'IMAGES\\001\\ABC0009.tif')).toEqual({ problem: expect.stringMatching(/^"IMAGES\\001\\ABC0009\.tif" runs through a symbolic link/) });
    expect(resolveInVolume(root, '.\\LINKED\\x.tif')).toEqual({ problem: expect.stringMatching(/^"\.\\LINKED\\x\.tif" runs through a symbolic link/) });
  });

  it('names a missing file, a folder and an empty path as not files of the volume', () => {
    const { root } = volume();
    expect(resolveInVolume(root, 'IMAGES\\001\\ABC0404.tif')).toEqual({ problem: '"IMAGES\\001\\ABC0404.tif" is not in the volume' });
    expect(resolveInVolume(root, 'IMAGES\\001')).toEqual({ problem: '"IMAGES\\001" is not in the volume' });
    expect(resolveInVolume(root, '.\\')).toEqual({ problem: '".\\" names a folder, not a file' });
    expect(resolveInVolume(root, '  ')).toEqual({ problem: 'no path is written' });
  });

  it('prefers the exact case when names differ only in case, and finds a file added after an earlier look', () => {
    const { root, put } = volume();
    const lower = put('IMAGES/001/abc0001.tif', 'lower');
    expect(resolveInVolume(root, 'IMAGES\\001\\abc0001.tif')).toEqual({ file: lower });
    expect(resolveInVolume(root, 'IMAGES\\001\\ABC0003.tif')).toMatchObject({ problem: expect.stringContaining('is not in the volume') });
    const added = put('IMAGES/001/ABC0003.tif');
    expect(resolveInVolume(root, 'images\\001\\abc0003.tif')).toEqual({ file: added });
  });

  it('reads each folder once, not once per look-up (10,000 files in 40 folders)', () => {
    const { root } = volume();
    forgetVolume(root);
    const folders = 40;
    const perFolder = 250;
    for (let f = 0; f < folders; f++) {
      const dir = path.join(root, 'IMAGES', `B${String(f).padStart(3, '0')}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let i = 0; i < perFolder; i++) fs.writeFileSync(path.join(dir, `DOC${f * perFolder + i}.tif`), '');
    }
    const readdir = vi.spyOn(fs, 'readdirSync');
    try {
      const started = performance.now();
      for (let f = 0; f < folders; f++) {
        for (let i = 0; i < perFolder; i++) {
          const found = resolveInVolume(root, `D:\\VOL001\\images\\b${String(f).padStart(3, '0')}\\doc${f * perFolder + i}.TIF`);
          if (!('file' in found)) throw new Error(JSON.stringify(found));
        }
      }
      const ms = performance.now() - started;
      console.log(`${folders * perFolder} case-mismatched paths resolved in ${ms.toFixed(0)} ms, ${readdir.mock.calls.length} folder reads`);
      expect(readdir.mock.calls.length).toBeLessThanOrEqual(folders + 2);
    } finally {
      readdir.mockRestore();
    }
  }, 60_000);
});

describe('listVolumeFiles', () => {
  it('lists every regular file of the volume, relative to it, and no links', () => {
    const { root, secret } = volume();
    fs.symlinkSync(secret, path.join(root, 'link.txt'));
    expect(listVolumeFiles(root)).toEqual(['IMAGES/001/ABC0001.tif', 'NATIVES/001/ABC0002.xlsx', 'TEXT/001/ABC0001.txt']);
  });
});
