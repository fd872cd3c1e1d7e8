import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { DocumentImportReport, FileReport } from '../../core/api.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { safeName, sniff } from '../../core/documents/sniff.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { ingest } from '../../core/documents/ingest.ts';
import { DEFAULT_LIMITS } from '../../core/documents/extract/types.ts';
import { ok, rowCount, tempDir, testCore } from './helpers.ts';
import { cliWorkspace, cliWorkspaceOptions, sunshineArgv, sunshineEnv } from './cli-workspace.ts';
import { makeDocx, makeEml, makePdf, makeZipBomb, write } from './fixtures.ts';

const byName = (r: DocumentImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name)!;

describe('importing documents', () => {
  it('reads PDFs, Word files, emails (with attachments as a family), text, CSV and HTML; reports each file', async () => {
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'memo.pdf'), ['Placement of unaccompanied children\nwith sponsors', '', 'Page three mentions MS-13']);
    await makeDocx(path.join(src, 'letter.docx'), ['Dear Secretary,', 'We request all records of sponsor vetting.']);
    makeEml(path.join(src, 'tip.eml'), {
      subject: 'Sponsor concerns',
      html: '<p>Please look at <b>case 42</b></p><script>alert("x")</script>',
      attachment: { name: '../../etc/notes.txt', text: 'attached notes about transport contracts' },
    });
    write(src, 'sub/dir/list.csv', 'name,count\nshelters,12\n');
    write(src, 'page.html', '<html><body><h1>Report</h1><script>steal()</script><p>Visible words</p></body></html>');
    write(src, 'empty.txt', '');
    write(src, 'random.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    write(src, 'broken.pdf', '%PDF-1.7\nthis is not really a pdf at all\n');

    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'memo.pdf')).toMatchObject({ status: 'added', type: 'pdf', pages: 3, ocrPages: 1 });
    expect(byName(r, 'letter.docx')).toMatchObject({ status: 'added', type: 'docx', pages: 1 });
    const tip = byName(r, 'tip.eml');
    expect(tip).toMatchObject({ status: 'added', type: 'eml' });
    expect(tip.attachments).toEqual([expect.objectContaining({ status: 'added', type: 'text', path: expect.stringMatching(/tip\.eml › notes\.txt$/) })]);
    expect(byName(r, 'list.csv')).toMatchObject({ status: 'added', type: 'csv' });
    expect(byName(r, 'page.html')).toMatchObject({ status: 'added', type: 'html' });
    expect(byName(r, 'empty.txt')).toMatchObject({ status: 'failed', error: 'is empty (0 bytes)' });
    // Nothing received is dropped: a kind with no reader is stored as it came, found by its name.
    expect(byName(r, 'random.bin')).toMatchObject({ status: 'added', type: 'other', pages: 0, notRead: expect.stringMatching(/not a kind of file Sunshine reads/) });
    // The pages counted are pages of text read: the stored-not-read file adds none.
    expect(r.pages).toBe(r.files.reduce((n, f) => n + (f.status === 'added' ? f.pages! + (f.attachments ?? []).reduce((m, a) => m + (a.pages ?? 0), 0) : 0), 0));
    expect(byName(r, 'broken.pdf')).toMatchObject({ status: 'failed', error: expect.stringMatching(/PDF/) });
    expect(r).toMatchObject({ added: 7, duplicates: 0, failed: 2, cancelled: false });

    const email = await ok(core.invoke('documents.get', { id: tip.documentId! }));
    expect(email).toMatchObject({ emailSubject: 'Sponsor concerns', emailFrom: expect.stringContaining('wb@example.org'), emailCc: expect.stringContaining('counsel@house.example') });
    expect(email.children.map((c) => c.name)).toEqual(['notes.txt']);
    const text = await ok(core.invoke('documents.page', { id: tip.documentId!, page: 1 }));
    expect(text.text).toContain('case 42');
    expect(text.text).not.toContain('alert');
    const html = await ok(core.invoke('documents.page', { id: byName(r, 'page.html').documentId!, page: 1 }));
    expect(html.text).toContain('Visible words');
    expect(html.text).not.toContain('steal');
    // Failed files leave nothing behind: no document, no stored file.
    expect(await rowCount(core, 'documents')).toBe(7);
    const stored = fs.readdirSync(path.join(core.dataDir, 'files'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(String(f))));
    // Seven files, and the CSV's cell grid.
    expect(stored).toHaveLength(8);
  });

  it('stores the same bytes once, under any name, and links them to a request', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'a.txt', 'identical content about detention contracts');
    write(src, 'copy of a.txt', 'identical content about detention contracts');
    const core = await testCore();
    const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Contracts' }));
    const r = await ok(core.invoke('documents.import', { paths: [src], request: req.reference }));
    expect(r).toMatchObject({ added: 1, duplicates: 1 });
    const dup = byName(r, 'copy of a.txt');
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: 'a.txt' });
    const d = await ok(core.invoke('documents.get', { id: dup.documentId! }));
    expect(d.names.map((n) => n.name)).toEqual(['a.txt', 'copy of a.txt']);
    expect(d.requests).toEqual([req.reference]);
    expect((await ok(core.invoke('documents.list', { request: req.reference }))).total).toBe(1);
    const original = await ok(core.invoke('documents.original', { id: d.id }));
    expect(Buffer.from(original.base64, 'base64').toString()).toBe('identical content about detention contracts');
    fs.writeFileSync(blobPath(core.dataDir, d.sha256), 'tampered');
    expect(await core.invoke('documents.original', { id: d.id })).toMatchObject({ ok: false, error: { code: 'INTEGRITY' } });
    await ok(core.invoke('documents.unlink', { id: d.id, request: req.reference }));
    expect((await ok(core.invoke('documents.list', { request: req.reference }))).total).toBe(0);
  });

  it('refuses a zip bomb disguised as .docx, and goes on with the batch', async () => {
    const src = tempDir('sunshine-src-');
    await makeZipBomb(path.join(src, 'bomb.docx'));
    write(src, 'after.txt', 'still imported');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'bomb.docx')).toMatchObject({ status: 'failed', error: expect.stringMatching(/zip bomb/) });
    expect(byName(r, 'after.txt')).toMatchObject({ status: 'added' });
  });

  it('does not follow symbolic links, and reports paths that do not exist', async () => {
    const src = tempDir('sunshine-src-');
    const outside = tempDir('sunshine-outside-');
    write(outside, 'secret.txt', 'outside the folder');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(src, 'link.txt'));
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src, path.join(src, 'missing.pdf')] }));
    expect(byName(r, 'link.txt')).toMatchObject({ status: 'skipped', error: expect.stringMatching(/symbolic link/) });
    expect(byName(r, 'missing.pdf')).toMatchObject({ status: 'failed', error: expect.stringMatching(/ENOENT/) });
    expect(await rowCount(core, 'documents')).toBe(0);
  });

  it('re-running an import after a crash finishes it without duplicates', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'one.txt', 'first file');
    write(src, 'two.txt', 'second file');
    const dataDir = tempDir();
    const core = await testCore(dataDir);
    await ok(core.invoke('documents.import', { paths: [path.join(src, 'one.txt')] }));
    // A crash after storing two.txt's bytes but before its row was written leaves an orphan file.
    const staged = write(path.join(dataDir, 'files', 'tmp'), 'leftover', 'half-written');
    fs.utimesSync(staged, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r).toMatchObject({ added: 1, duplicates: 1, failed: 0 });
    expect((await ok(core.invoke('app.verify', {}))).ok).toBe(true);
    core.close();
    await testCore(dataDir); // opening clears day-old staging leftovers
    expect(fs.existsSync(staged)).toBe(false);
  });

  it('a file added by another import while this one reads it is recorded as a duplicate, not a second document', async () => {
    const src = tempDir('sunshine-src-');
    const a = write(src, 'gatwick-ledger.txt', 'gatwick ledger of sponsor payments, one copy only');
    const b = write(src, 'gatwick-ledger copy.txt', 'gatwick ledger of sponsor payments, one copy only');
    const core = await testCore();
    const pool = new ExtractPool({ size: 1 });
    try {
      // The first import's reader waits until the second import has added the same bytes:
      // its check for a duplicate, made before reading, found none.
      let reading!: () => void;
      const reached = new Promise<void>((r) => (reading = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const held = Object.assign(Object.create(pool) as ExtractPool, {
        run: async (...job: Parameters<ExtractPool['run']>) => {
          reading();
          await gate;
          return pool.run(...job);
        },
      });
      const ctx = { store: core.workspace, dataDir: core.dataDir, actor: 'Test', signal: new AbortController().signal, progress: () => undefined };
      const first = ingest({ ...ctx, pool: held }, { paths: [a] });
      await reached;
      const second = await ingest({ ...ctx, pool }, { paths: [b] });
      expect(second.files[0]).toMatchObject({ status: 'added' });
      release();
      const r = await first;
      expect(r.files[0]).toMatchObject({ status: 'duplicate', documentId: second.files[0]!.documentId, duplicateOf: 'gatwick-ledger copy.txt' });
      expect(r).toMatchObject({ added: 0, duplicates: 1, failed: 0 });
      const d = await ok(core.invoke('documents.get', { id: second.files[0]!.documentId! }));
      expect(d.names.map((n) => n.name)).toEqual(['gatwick-ledger copy.txt', 'gatwick-ledger.txt']);
      expect(await rowCount(core, 'documents')).toBe(1);
      expect((await ok(core.invoke('app.verify', {}))).ok).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('the vault', () => {
  it('verify names a stored file that was changed or removed', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'a.txt', 'alpha');
    write(src, 'b.txt', 'bravo');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const [a, b] = [byName(r, 'a.txt'), byName(r, 'b.txt')] as [FileReport, FileReport];
    fs.writeFileSync(blobPath(core.dataDir, a.sha256!), 'ALPHA');
    fs.rmSync(blobPath(core.dataDir, b.sha256!));
    const v = await ok(core.invoke('app.verify', {}));
    expect(v.ok).toBe(false);
    expect(v.filesChecked).toBe(2);
    expect(v.problems).toHaveLength(2);
    expect(v.problems).toEqual(
      expect.arrayContaining([
        { check: 'vault', documentId: a.documentId, message: expect.stringMatching(/a\.txt\) no longer matches its SHA-256/) },
        { check: 'vault', documentId: b.documentId, message: expect.stringMatching(/b\.txt\) is missing from the vault/) },
      ]),
    );
  });
});

describe('search', () => {
  async function corpus() {
    const src = tempDir('sunshine-src-');
    write(src, 'one.txt', 'The agency released unaccompanied children to sponsors without background checks.');
    write(src, 'two.txt', 'Transport contracts for detention facilities were renewed in March.');
    write(src, 'three.txt', 'Sponsors were vetted; children placed with relatives. <img src=x onerror=alert(1)>');
    await makePdf(path.join(src, 'four.pdf'), ['Nothing here', 'Background checks were waived for sponsors']);
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    return { core, r };
  }
  const names = async (core: Core, query: string, extra = {}) => (await ok(core.invoke('documents.search', { query, ...extra }))).hits.map((h) => `${h.name}:${h.page}`).sort();

  it('finds words, phrases, AND/OR/NOT, prefixes and NEAR, page by page', async () => {
    const { core } = await corpus();
    expect(await names(core, 'sponsors')).toEqual(['four.pdf:2', 'one.txt:1', 'three.txt:1']);
    expect(await names(core, '"background checks"')).toEqual(['four.pdf:2', 'one.txt:1']);
    expect(await names(core, 'sponsors NOT children')).toEqual(['four.pdf:2']);
    expect(await names(core, 'detention OR relatives')).toEqual(['three.txt:1', 'two.txt:1']);
    expect(await names(core, 'transp*')).toEqual(['two.txt:1']);
    expect(await names(core, 'NEAR(released sponsors, 3)')).toEqual(['one.txt:1']);
    expect(await names(core, 'sponsors', { type: 'pdf' })).toEqual(['four.pdf:2']);
  });

  it('counts matching documents per kind and per request', async () => {
    const { core, r } = await corpus();
    const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Sponsors' }));
    await ok(core.invoke('documents.link', { id: byName(r, 'one.txt').documentId!, request: req.reference }));
    const { facets } = await ok(core.invoke('documents.search', { query: 'sponsors', type: 'text' }));
    expect(facets).toMatchObject({ types: [{ value: 'text', count: 2 }, { value: 'pdf', count: 1 }], requests: [{ value: req.reference, count: 1 }], sources: [] });
  });

  it('marks hits in snippets without letting markup through as markup', async () => {
    const { core } = await corpus();
    const { hits, total } = await ok(core.invoke('documents.search', { query: 'relatives' }));
    expect(total).toBe(1);
    expect(hits[0]!.snippet).toContain('\uE000relatives\uE001');
    expect(hits[0]!.snippet).toContain('<img src=x onerror=alert(1)>'); // text, to be shown as text
  });

  it('answers a malformed query with a clear error, with or without documents', async () => {
    const { core } = await corpus();
    for (const c of [core, await testCore()]) {
      for (const query of ['"unbalanced', 'NEAR(', 'AND']) {
        const r = await c.invoke('documents.search', { query });
        expect(r, query).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^query: /) } });
        const filtered = await c.invoke('documents.search', { query, type: 'pdf' });
        expect(filtered, query).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      }
    }
  });
});

describe('extraction safety', () => {
  it('stops a reader that takes too long, and the pool goes on', async () => {
    const dir = tempDir();
    const pdf = path.join(dir, 'x.pdf');
    await makePdf(pdf, ['hello']);
    const pool = new ExtractPool({ size: 1, timeoutMs: 1 });
    await expect(pool.run({ file: pdf, type: 'pdf', limits: DEFAULT_LIMITS })).rejects.toThrow(/took longer than/);
    await pool.close();
    const patient = new ExtractPool({ size: 1 });
    await expect(patient.run({ file: pdf, type: 'pdf', limits: DEFAULT_LIMITS })).resolves.toMatchObject({ pages: ['hello'] });
    await patient.close();
  });

  it('judges files by their bytes and names by what is safe to show', () => {
    expect(sniff(Buffer.from('%PDF-1.4 ...'), 'invoice.txt')).toMatchObject({ type: 'pdf' });
    expect(sniff(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), 'invoice.pdf')).toBeNull();
    expect(safeName('../../etc/passwd')).toBe('passwd');
    expect(safeName('report\u202Efdp.exe')).toBe('reportfdp.exe');
    expect(safeName('C:\\Users\\x\\evil\u0000.pdf')).toBe('evil.pdf');
    expect(safeName('..')).toBe('unnamed');
  });
});

describe('hostile sizes and interruptions', () => {
  it('refuses a 2 GB file before reading it, and goes on', async () => {
    const src = tempDir('sunshine-src-');
    const big = path.join(src, 'huge.pdf');
    fs.writeFileSync(big, '%PDF-1.7\n');
    fs.truncateSync(big, 2 * 1024 * 1024 * 1024); // sparse: takes no disk
    write(src, 'small.txt', 'small and fine');
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'huge.pdf')).toMatchObject({ status: 'failed', error: 'is 2048 MB, over the 1024 MB limit for one file' });
    expect(byName(r, 'small.txt')).toMatchObject({ status: 'added' });
  });

  it('an import killed half-way leaves a consistent workspace, and running it again finishes it', async () => {
    const { spawn, spawnSync } = await import('node:child_process');
    const src = tempDir('sunshine-src-');
    for (let i = 0; i < 60; i++) await makePdf(path.join(src, `doc-${String(i).padStart(2, '0')}.pdf`), [`Document number ${i}`, `Second page of ${i}`]);
    const ws = await cliWorkspace();
    const data = ws.dir;
    const child = spawn(process.execPath, sunshineArgv(ws, ['import', src]), { stdio: ['ignore', 'pipe', 'pipe'], env: sunshineEnv(ws) });
    // Kill it hard once some documents are in.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        try {
          const n = fs.readdirSync(path.join(data, 'files'), { recursive: true }).filter((f) => /^[0-9a-f]{64}$/.test(path.basename(String(f)))).length;
          if (n >= 5) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch {
          // not created yet
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        resolve();
      });
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    const verify = spawnSync(process.execPath, sunshineArgv(ws, ['--json', 'verify']), { encoding: 'utf8', env: sunshineEnv(ws) });
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    const again = spawnSync(process.execPath, sunshineArgv(ws, ['--json', 'import', src]), { encoding: 'utf8', env: sunshineEnv(ws) });
    const report = JSON.parse(again.stdout) as DocumentImportReport;
    expect(report.failed).toBe(0);
    expect(report.added + report.duplicates).toBe(60);
    const core = await testCore({ dataDir: data, ...cliWorkspaceOptions(ws) });
    expect((await ok(core.invoke('documents.list', { limit: 1 }))).total).toBe(60);
    expect((await ok(core.invoke('app.verify', {}))).ok).toBe(true);
  }, 120_000);
});
