import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { DocumentImportReport, FileReport } from '../../core/api.ts';
import { sniff } from '../../core/documents/sniff.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { ingest } from '../../core/documents/ingest.ts';
import { scratchDir } from '../../core/documents/vault.ts';
import { DEFAULT_LIMITS, type ExtractLimits } from '../../core/documents/extract/types.ts';
import { DEFAULT_ZIP_LIMITS } from '../../core/documents/zip-entries.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { centralEntries, encryptFirstEntry, makePdf, write, zipOf } from './fixtures.ts';

/** Every report, entries and attachments included. */
const flat = (list: FileReport[]): FileReport[] => list.flatMap((r) => [r, ...flat(r.attachments ?? [])]);
/** The report whose path ends with the path inside given ("release3.zip › Sponsors › list.txt"). */
const at = (r: DocumentImportReport, inside: string) => {
  const found = flat(r.files).find((f) => f.path.endsWith(inside));
  if (!found) throw new Error(`no report for ${inside} among ${flat(r.files).map((f) => f.path).join('; ')}`);
  return found;
};

/** Nothing unpacked is left in the vault's temporary folder. */
function expectNothingLeft(core: Core): void {
  expect(fs.readdirSync(scratchDir(core.dataDir)).filter((n) => n.startsWith('archive-'))).toEqual([]);
}

async function importFolder(core: Core, files: Record<string, Buffer | string>): Promise<DocumentImportReport> {
  const src = tempDir('sunshine-src-');
  for (const [name, bytes] of Object.entries(files)) write(src, name, bytes);
  return ok(core.invoke('documents.import', { paths: [src] }));
}

/** Import through `ingest` itself, to set the archive limits. */
async function importWithLimits(core: Core, file: string, archive: ExtractLimits['archive']): Promise<DocumentImportReport> {
  const pool = new ExtractPool({ size: 1 });
  try {
    const ctx = { store: core.workspace, dataDir: core.dataDir, actor: 'Test', signal: new AbortController().signal, progress: () => undefined, pool };
    return await ingest(ctx, { paths: [file], limits: { ...DEFAULT_LIMITS, archive } });
  } finally {
    await pool.close();
  }
}

/** A ZIP holding `inner` `levels` times over, each level with its own marker file so no two levels are the same bytes. */
async function nested(levels: number, inner: Buffer, marker: string): Promise<Buffer> {
  let zip = inner;
  for (let i = levels; i >= 1; i--) zip = await zipOf({ [`level${i}-${marker}.txt`]: `${marker} level ${i}`, [`level${i + 1}.zip`]: zip });
  return zip;
}

describe('ZIP archives opened during import', () => {
  it('makes each file entry a document of the archive family, its path inside kept; folders are no documents; a ZIP inside is opened too', async () => {
    const core = await testCore();
    const inner = await zipOf({ 'memo.txt': 'quagmoor inner memo about sponsor vetting' });
    const release = await zipOf(
      {
        'Sponsors/2021/list.txt': 'quagmoor sponsor list for 2021',
        'Sponsors/2022/list.txt': 'quagmoor sponsor list for 2022',
        'Letters/inner.zip': inner,
        'readme.txt': 'quagmoor release three',
      },
      { createFolders: true },
    );
    const r = await importFolder(core, { 'release3.zip': release });
    const archive = r.files.find((f) => f.path.endsWith('release3.zip'))!;
    expect(archive).toMatchObject({ status: 'added', type: 'archive' });
    expect(archive.notRead).toBeUndefined();
    // Folder entries (Sponsors/, Sponsors/2021/, Letters/) are not documents.
    expect(archive.attachments!.map((a) => a.path.replace(/^.*release3\.zip/, 'release3.zip'))).toEqual([
      'release3.zip › Letters › inner.zip',
      'release3.zip › readme.txt',
      'release3.zip › Sponsors › 2021 › list.txt',
      'release3.zip › Sponsors › 2022 › list.txt',
    ]);
    const list = at(r, 'release3.zip › Sponsors › 2021 › list.txt');
    expect(list).toMatchObject({ status: 'added', type: 'text' });
    const doc = await ok(core.invoke('documents.get', { id: list.documentId! }));
    expect(doc.name).toBe('list.txt');
    expect(doc.path).toMatch(/release3\.zip › Sponsors › 2021 › list\.txt$/);
    expect(doc.family.parent).toMatchObject({ id: archive.documentId, name: 'release3.zip' });
    // The archive's own text lists the files it holds.
    expect((await ok(core.invoke('documents.page', { id: archive.documentId!, page: 1 }))).text).toBe(
      ['Sponsors/2021/list.txt', 'Sponsors/2022/list.txt', 'Letters/inner.zip', 'readme.txt'].join('\n'),
    );
    const parent = await ok(core.invoke('documents.get', { id: archive.documentId! }));
    expect(parent.family.children.map((c) => c.name).sort()).toEqual(['inner.zip', 'list.txt', 'list.txt', 'readme.txt']);
    // The ZIP inside: its entry is a document of its family in turn.
    const memo = at(r, 'release3.zip › Letters › inner.zip › memo.txt');
    expect(memo).toMatchObject({ status: 'added', type: 'text' });
    expect((await ok(core.invoke('documents.get', { id: memo.documentId! }))).family.parent).toMatchObject({ id: at(r, 'inner.zip').documentId });
    const hits = await ok(core.invoke('documents.search', { query: 'quagmoor' }));
    expect(hits.total).toBe(4);
    expectNothingLeft(core);
  });

  it('takes a ZIP stored without compression whose first entry is a PDF for an archive, not a damaged PDF', async () => {
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'brief.pdf'), ['Tarnwhistle briefing on placements']);
    const stored = await zipOf({ 'brief.pdf': fs.readFileSync(path.join(src, 'brief.pdf')) }, { store: true });
    expect(stored.subarray(0, 1024).includes('%PDF-')).toBe(true);
    expect(sniff(stored.subarray(0, 4096), 'stored.zip')).toEqual({ type: 'archive', mime: 'application/zip' });
    const core = await testCore();
    const r = await importFolder(core, { 'stored.zip': stored });
    expect(at(r, 'stored.zip')).toMatchObject({ status: 'added', type: 'archive' });
    expect(at(r, 'stored.zip › brief.pdf')).toMatchObject({ status: 'added', type: 'pdf', pages: 1 });
  });

  it('keeps the same bytes in two entries as one document with two names', async () => {
    const core = await testCore();
    const r = await importFolder(core, { 'twice.zip': await zipOf({ 'a/copy.txt': 'brindlewick memo, one text', 'b/again.txt': 'brindlewick memo, one text' }) });
    const first = at(r, 'twice.zip › a › copy.txt');
    expect(first).toMatchObject({ status: 'added' });
    expect(at(r, 'twice.zip › b › again.txt')).toMatchObject({ status: 'duplicate', documentId: first.documentId, duplicateOf: 'copy.txt' });
    const doc = await ok(core.invoke('documents.get', { id: first.documentId! }));
    expect(doc.names.map((n) => n.name)).toEqual(['copy.txt', 'again.txt']);
  });

  it('opens ZIPs inside ZIPs five levels deep; a deeper one is stored, not opened, with a note', async () => {
    const core = await testCore();
    const deepest = await zipOf({ 'bottom.txt': 'pellucid bottom of the nest' });
    const r = await importFolder(core, { 'nest.zip': await nested(6, deepest, 'pellucid') });
    // nest.zip (depth 0) holds level2.zip (1) … level6.zip (5), which holds level7.zip: stored, not opened.
    expect(at(r, 'level5.zip › level5-pellucid.txt')).toMatchObject({ status: 'added' });
    const level6 = at(r, 'level6.zip');
    expect(level6).toMatchObject({ status: 'added', type: 'archive' });
    expect(level6.attachments).toBeUndefined();
    expect(level6.notes).toEqual([expect.stringMatching(/^archives nested more than 5 levels deep are stored, not opened/)]);
    expect(flat(r.files).some((f) => f.path.endsWith('bottom.txt'))).toBe(false);
  });

  it('refuses entries whose names lead outside, links and encrypted entries by name, writing nothing outside the vault; names lose controls and bidi marks', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const evil = await zipOf(
      {
        '../../evil.txt': 'escaped',
        '/etc/evil-abs.txt': 'escaped',
        'C:/evil-drive.txt': 'escaped',
        'docs/link': '/etc/passwd',
        'docs/invoice\u202Efdp.exe': 'lurchmere payload text',
        'docs/fine.txt': 'lurchmere fine entry',
      },
      { unixPermissions: { 'docs/link': 0o120777 } },
    );
    write(src, 'evil.zip', evil);
    write(src, 'locked.zip', encryptFirstEntry(await zipOf({ 'secret.txt': 'lurchmere secret words', 'open.txt': 'lurchmere open words' })));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(at(r, 'evil.zip › ../../evil.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^its name leads outside the archive/) });
    expect(at(r, 'evil.zip › /etc/evil-abs.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/leads outside/) });
    expect(at(r, 'evil.zip › C:/evil-drive.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/leads outside/) });
    expect(at(r, 'evil.zip › docs/link')).toMatchObject({ status: 'skipped', error: 'is a link; links are not opened' });
    expect(at(r, 'evil.zip › docs › invoicefdp.exe')).toMatchObject({ status: 'added' });
    expect(at(r, 'evil.zip › docs › fine.txt')).toMatchObject({ status: 'added' });
    expect(at(r, 'locked.zip › secret.txt')).toMatchObject({ status: 'skipped', error: 'is encrypted; not opened' });
    expect(at(r, 'locked.zip › open.txt')).toMatchObject({ status: 'added' });
    for (const dir of [src, path.dirname(src), path.dirname(path.dirname(src)), core.dataDir]) {
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('evil'))).toEqual(dir === src ? ['evil.zip'] : []);
    }
    expectNothingLeft(core);
  });

  it('imports what a damaged ZIP still holds and says what was damaged; a ZIP with no readable directory is stored with a note; the batch goes on', async () => {
    const core = await testCore();
    const whole = await zipOf({ 'one.txt': 'thistlegrove first entry', 'two.txt': 'thistlegrove second entry', 'three.txt': 'thistlegrove third entry' });
    // Cut short inside the third entry: the directory at the end is gone.
    const thirdAt = whole.indexOf('three.txt') - 30;
    const cut = whole.subarray(0, thirdAt + 40);
    // A damaged entry with its directory whole: the others are read.
    const bad = Buffer.from(await zipOf({ 'good.txt': 'thistlegrove good entry', 'bad.txt': randomBytes(3000).toString('hex') }));
    const badAt = bad.indexOf('bad.txt') + 'bad.txt'.length;
    bad.fill(0xff, badAt + 5, badAt + 40);
    const r = await importFolder(core, {
      'cut.zip': cut,
      'bad.zip': bad,
      'nodir.zip': Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 0x41)]),
      'after.txt': 'thistlegrove the batch goes on',
    });
    const cutReport = at(r, 'cut.zip');
    expect(cutReport).toMatchObject({ status: 'added', type: 'archive' });
    expect(cutReport.notes).toEqual([expect.stringMatching(/^the archive is damaged \(.*\): its directory cannot be read; the 3 entries found before the damage were opened$/)]);
    expect(at(r, 'cut.zip › one.txt')).toMatchObject({ status: 'added' });
    expect(at(r, 'cut.zip › two.txt')).toMatchObject({ status: 'added' });
    expect(at(r, 'cut.zip › three.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^is damaged \(/) });
    expect(at(r, 'bad.zip › good.txt')).toMatchObject({ status: 'added' });
    expect(at(r, 'bad.zip › bad.txt')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^is damaged \(/) });
    const nodir = at(r, 'nodir.zip');
    expect(nodir).toMatchObject({ status: 'added' });
    expect(nodir.notes).toEqual([expect.stringMatching(/its directory cannot be read and no entry could be found; stored as received$/)]);
    expect(at(r, 'after.txt')).toMatchObject({ status: 'added' });
    expect(centralEntries(cut)).toEqual([]);
    expectNothingLeft(core);
  });

  it('stops a 42.zip-style nested bomb: each deep entry by its ratio, and all of them within one budget of unpacked bytes', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    // Zeros deflate about a thousandfold: every leaf is over the 200× ratio.
    const zeros = Buffer.alloc(20 * 1024 ** 2);
    const leaves = await zipOf(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`zeros${i}.bin`, zeros])));
    const bomb = await nested(3, leaves, 'gorsewind');
    expect(bomb.length).toBeLessThan(200_000);
    const r = await ok(core.invoke('documents.import', { paths: [write(src, 'bomb.zip', bomb)] }));
    for (let i = 0; i < 4; i++) {
      expect(at(r, `level4.zip › zeros${i}.bin`)).toMatchObject({ status: 'failed', error: 'inflates over 200 times its packed size (a ZIP bomb); not opened' });
    }
    // Under the ratio but many: one budget for the outermost archive and all inside it.
    const text = (n: number) => Buffer.from(`gorsewind ${n} `.repeat(30_000));
    const wide = await zipOf({
      'a.zip': await zipOf({ 'a1.txt': text(1), 'a2.txt': text(2) }),
      'b.zip': await zipOf({ 'b1.txt': text(3), 'b2.txt': text(4) }),
    });
    const limited = await importWithLimits(core, write(src, 'wide.zip', wide), { maxTotalBytes: 1024 ** 2 });
    const entries = flat(limited.files).filter((f) => f.path.endsWith('.txt'));
    expect(entries.filter((f) => f.status === 'added').length).toBeLessThan(4);
    expect(entries.find((f) => f.status === 'failed')?.error).toMatch(/^would take the archive past 1 MB unpacked \(the limit for one archive and the archives inside it/);
    expectNothingLeft(core);
  });

  it('stores an archive that lists more entries than allowed without opening it, saying so', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const r = await importWithLimits(core, write(src, 'many.zip', await zipOf({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c' })), { maxEntries: 2 });
    expect(r.files[0]).toMatchObject({ status: 'added', type: 'archive', notes: ['the archive lists 3 entries, over the limit of 2; its entries were not opened'] });
    expect(r.files[0]!.attachments).toEqual([]);
  });

  it('leaves nothing unpacked behind when the import is cancelled while the entries come in', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const file = write(src, 'cancelled.zip', await zipOf({ 'a.txt': 'wendlebury one', 'b.txt': 'wendlebury two', 'c.txt': 'wendlebury three' }));
    const pool = new ExtractPool({ size: 1 });
    const stop = new AbortController();
    // The user cancels just as the archive's entries have been unpacked.
    const cancelling = Object.assign(Object.create(pool) as ExtractPool, {
      run: async (job: Parameters<ExtractPool['run']>[0]) => {
        const result = await pool.run(job as never);
        if ('unpackArchive' in job) stop.abort();
        return result;
      },
    });
    try {
      const ctx = { store: core.workspace, dataDir: core.dataDir, actor: 'Test', signal: stop.signal, progress: () => undefined, pool: cancelling };
      const r = await ingest(ctx, { paths: [file] });
      expect(r.cancelled).toBe(true);
    } finally {
      await pool.close();
    }
    expectNothingLeft(core);
    expect(fs.readdirSync(scratchDir(core.dataDir))).toEqual([]);
  });
});

describe('the time an archive is given to unpack', () => {
  it('is what its budget takes to write at a slow disk’s speed, not the time limit for reading one file', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'note.txt', 'a note');
    fs.writeFileSync(path.join(src, 'release.zip'), await zipOf({ 'Sponsors/list.txt': 'sponsor list' }));
    const outDir = fs.mkdtempSync(path.join(tempDir('sunshine-out-'), 'archive-'));
    // A limit no job can meet: reading a file runs out of it, unpacking with a budget of 1 GB does not.
    const pool = new ExtractPool({ size: 1, timeoutMs: 1 });
    try {
      await expect(pool.run({ file: path.join(src, 'note.txt'), type: 'text', limits: DEFAULT_LIMITS })).rejects.toThrow(/took longer than 0 s/);
      const unpacked = await pool.run({ unpackArchive: { file: path.join(src, 'release.zip'), outDir, limits: DEFAULT_ZIP_LIMITS, budget: 1e9 } });
      expect(unpacked.entries.map((e) => e.parts)).toEqual([['Sponsors', 'list.txt']]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
