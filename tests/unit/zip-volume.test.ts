import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openZipVolume } from '../../core/received/zip-volume.ts';
import { tempDir } from './helpers.ts';
import { centralEntries, encryptFirstEntry, zipOf } from './fixtures.ts';

function put(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Why the ZIP was refused, and that nothing of it was left in the scratch folder. */
async function refusal(zipFile: string, scratch: string, limits = {}): Promise<string> {
  const why = await openZipVolume(zipFile, scratch, limits).then(
    () => 'opened',
    (e: Error) => e.message,
  );
  expect(fs.readdirSync(scratch)).toEqual([]);
  return why;
}

describe('a production that arrives as a ZIP', () => {
  it('unpacks into a new owner-only folder; a volume wrapped in one folder is that folder; a ZIP inside stays a file', async () => {
    const dir = tempDir();
    const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
    const inner = await zipOf({ 'a.txt': 'inner' });
    const zipFile = put(
      dir,
      'VOL001.zip',
      await zipOf({
        'VOL001/DATA/VOL001.dat': 'þBegBatesþ\n',
        'VOL001/IMAGES/001/ABC0001.tif': new Uint8Array([0x49, 0x49, 0x2a, 0]),
        'VOL001/NATIVES/attachments.zip': inner,
      }),
    );
    const volume = await openZipVolume(zipFile, scratch);
    try {
      expect(path.basename(volume.root)).toBe('VOL001');
      expect(fs.readFileSync(path.join(volume.root, 'DATA', 'VOL001.dat'), 'utf8')).toBe('þBegBatesþ\n');
      expect(fs.readFileSync(path.join(volume.root, 'NATIVES', 'attachments.zip')).equals(inner)).toBe(true);
      const unpacked = path.dirname(volume.root);
      expect(fs.statSync(unpacked).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(volume.root, 'DATA', 'VOL001.dat')).mode & 0o777).toBe(0o600);
    } finally {
      volume.cleanup();
    }
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('refuses entry names that lead outside the folder, backslashes included', async () => {
    const dir = tempDir();
    const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
    for (const name of ['../escaped.txt', 'VOL001/../../escaped.txt', '..\\..\\escaped.txt', '/etc/escaped.txt', 'C:/escaped.txt']) {
      const zip = await zipOf({ 'VOL001/ok.txt': 'fine', [name]: 'out' });
      const why = await refusal(put(dir, 'evil.zip', zip), scratch);
      expect(why).toMatch(/^the ZIP has an entry whose name leads outside its folder/);
    }
    expect(fs.existsSync(path.join(dir, 'escaped.txt'))).toBe(false);
  });

  it('refuses links and encrypted entries', async () => {
    const dir = tempDir();
    const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
    const link = await zipOf({ 'VOL001/link': '/etc/passwd' }, { unixPermissions: { 'VOL001/link': 0o120777 } });
    expect(await refusal(put(dir, 'link.zip', link), scratch)).toMatch(/^the ZIP holds a link \(VOL001\/link\)/);
    const encrypted = encryptFirstEntry(await zipOf({ 'VOL001/secret.txt': 'secret words' }));
    expect(await refusal(put(dir, 'enc.zip', encrypted), scratch)).toMatch(/^the ZIP's entry VOL001\/secret\.txt is encrypted/);
  });

  it('refuses a ZIP bomb, one whose headers understate it, too many entries and too many bytes', async () => {
    const dir = tempDir();
    const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
    const zeros = new Uint8Array(20 * 1024 ** 2);
    const bomb = await zipOf({ 'VOL001/zeros.bin': zeros });
    expect(bomb.length).toBeLessThan(zeros.length / 1000);
    expect(await refusal(put(dir, 'bomb.zip', bomb), scratch)).toMatch(/^the ZIP's entry VOL001\/zeros\.bin inflates over 200 times its packed size \(a ZIP bomb\)/);
    // The same bomb claiming to be 1,000 bytes: counted as it inflates, it is refused all the same.
    const lying = Buffer.from(bomb);
    lying.writeUInt32LE(1000, 22);
    lying.writeUInt32LE(1000, centralEntries(lying)[0]! + 24);
    expect(await refusal(put(dir, 'lying.zip', lying), scratch)).toMatch(/a ZIP bomb/);
    const many = await zipOf({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' });
    expect(await refusal(put(dir, 'many.zip', many), scratch, { maxEntries: 2 })).toBe('the ZIP lists 3 entries, over the limit of 2');
    const big = await zipOf({ 'a.txt': 'x'.repeat(5000), 'b.txt': 'y'.repeat(5000) });
    expect(await refusal(put(dir, 'big.zip', big), scratch, { maxTotalBytes: 8000 })).toMatch(/^the ZIP unpacks to more than 0\.0 GB, the limit for one production/);
  });

  it('refuses a damaged ZIP', async () => {
    const dir = tempDir();
    const scratch = fs.mkdtempSync(path.join(dir, 'scratch-'));
    const zip = await zipOf({ 'VOL001/a.txt': 'some text' });
    const [central] = centralEntries(zip);
    zip.fill(0x55, central!, central! + 20);
    expect(await refusal(put(dir, 'damaged.zip', zip), scratch)).toMatch(/^the ZIP is damaged \(/);
    expect(await refusal(put(dir, 'notzip.zip', Buffer.from('not a zip at all')), scratch)).toMatch(/^the ZIP is damaged \(/);
    // A file and a folder of the same name: refused without naming the scratch folder.
    const clash = await zipOf({ 'VOL001/a': 'a file', 'VOL001/a/b.txt': 'under it' });
    const why = await refusal(put(dir, 'clash.zip', clash), scratch);
    expect(why).toMatch(/^the ZIP could not be unpacked: an entry clashes with another/);
    expect(why).not.toContain(scratch);
  });
});
