import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { receiveUpload } from '../../core/documents/uploads.ts';
import { pdfDate } from '../../core/documents/extract/pdf.ts';
import { exportName } from '../../core/documents/sniff.ts';
import { openStore } from '../../db/store.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { dbPathIn, filesDirIn } from '../../core/datadir.ts';
import { fails, itOnSqlite, ok, query, rowCount, sha256File, tempDir, testCore } from './helpers.ts';
import { makeEml, makeEncryptedPdf, makeMsg, makePdf, makeTruncatedPdf, write } from './fixtures.ts';

const uploadsLeft = (core: Core) => {
  const dir = path.join(filesDirIn(core.dataDir), 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
};

describe('sources and dates', () => {
  it('keeps where documents came from and their own dates, and filters and counts by both', async () => {
    const core = await testCore();
    const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Sponsor vetting' }));
    const a = tempDir('sunshine-src-');
    await makePdf(path.join(a, 'vetting-2024.pdf'), ['sponsor vetting memo'], { created: new Date('2024-05-02T12:00:00Z') });
    makeEml(path.join(a, 'tip.eml'), { subject: 'sponsor tip', html: '<p>sponsor concerns</p>' });
    const b = tempDir('sunshine-src-');
    write(b, 'hotline.txt', 'hotline note about a sponsor');
    // The same memo again, from a second source.
    fs.copyFileSync(path.join(a, 'vetting-2024.pdf'), path.join(b, 'copy-of-memo.pdf'));

    await ok(core.invoke('documents.import', { paths: [a], request: req.reference }));
    await ok(core.invoke('documents.import', { paths: [b], source: 'OIG hotline' }));

    const all = await ok(core.invoke('documents.list', {}));
    const memo = all.rows.find((d) => d.name === 'vetting-2024.pdf')!;
    expect(memo).toMatchObject({ source: 'U.S. Immigration and Customs Enforcement', date: '2024-05-02T12:00:00.000Z' });
    expect(all.rows.find((d) => d.name === 'tip.eml')).toMatchObject({ date: '2026-11-03T15:00:00.000Z' });
    expect(all.rows.find((d) => d.name === 'hotline.txt')).toMatchObject({ source: 'OIG hotline' });
    const detail = await ok(core.invoke('documents.get', { id: memo.id }));
    expect(detail.names.map((n) => n.source)).toEqual(['U.S. Immigration and Customs Enforcement', 'OIG hotline']);
    expect(detail.path).toBe(path.join(a, 'vetting-2024.pdf'));

    const names = (r: { rows: { name: string }[] }) => r.rows.map((d) => d.name).sort();
    expect(names(await ok(core.invoke('documents.list', { source: 'OIG hotline' })))).toEqual(['hotline.txt', 'vetting-2024.pdf']);
    expect(names(await ok(core.invoke('documents.list', { from: '2024-05-02', to: '2024-05-02' })))).toEqual(['vetting-2024.pdf']);
    expect(names(await ok(core.invoke('documents.list', { from: '2024-05-03', to: '2026-11-03' })))).toContain('tip.eml');
    expect(names(await ok(core.invoke('documents.list', { from: '2024-05-03', to: '2026-11-03' })))).not.toContain('vetting-2024.pdf');

    const s = await ok(core.invoke('documents.search', { query: 'sponsor' }));
    // Most documents first, then by name.
    expect(s.facets.sources).toEqual([
      { value: 'OIG hotline', count: 2 },
      { value: 'U.S. Immigration and Customs Enforcement', count: 2 },
    ]);
    expect(s.facets.years.map((y) => y.value)).toEqual(expect.arrayContaining(['2026', '2024']));
    expect(s.facets.years.find((y) => y.value === '2024')).toEqual({ value: '2024', count: 1 });
    const narrowed = await ok(core.invoke('documents.search', { query: 'sponsor', source: 'OIG hotline', from: '2024-01-01', to: '2024-12-31' }));
    expect(narrowed.hits.map((h) => h.name)).toEqual(['vetting-2024.pdf']);

    expect(await fails(core.invoke('documents.search', { query: 'sponsor', from: '2025-01-02', to: '2025-01-01' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/from must be on or before to/) });
    expect(await fails(core.invoke('documents.list', { from: '2025-02-30' }))).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('reads PDF creation dates, with or without a zone, and refuses impossible ones', () => {
    expect(pdfDate("D:20240115093000-05'00'")).toBe('2024-01-15T14:30:00.000Z');
    expect(pdfDate('D:20240115093000Z')).toBe('2024-01-15T09:30:00.000Z');
    expect(pdfDate('D:2024')).toBe('2024-01-01T00:00:00.000Z');
    expect(pdfDate('D:20240231')).toBeNull();
    expect(pdfDate('yesterday')).toBeNull();
  });

  itOnSqlite('an older data folder is a SQLite file; PostgreSQL starts at the current schema')('moves an older database on: the paths stay, sources start empty, dates come from what was known, as ISO', async () => {
    const dir = tempDir();
    const old = openStore(dbPathIn(dir), { migrations: MIGRATIONS.slice(0, 4) });
    old.db
      .prepare("INSERT INTO documents (sha256, size, type, mime, name, source, added_at, file_date, status) VALUES ('ab', 1, 'text', 'text/plain', 'a.txt', '/old/a.txt', '2026-01-01', '2025-06-01T00:00:00.000Z', 'ready')")
      .run();
    old.db.prepare("INSERT INTO pages (document_id, page_no, text) VALUES (1, 1, 'placement of unaccompanied children')").run();
    // An Outlook message as version 4 kept it (the reader's date format), with an attachment.
    old.db
      .prepare("INSERT INTO documents (sha256, size, type, mime, name, source, added_at, email_date, status) VALUES ('cd', 1, 'msg', 'application/vnd.ms-outlook', 'tip.msg', '/old/tip.msg', '2026-01-01', 'Tue, 04 Mar 2025 15:30:00 GMT', 'ready')")
      .run();
    old.db.prepare("INSERT INTO documents (sha256, size, type, mime, name, source, added_at, parent_id, status) VALUES ('ef', 1, 'text', 'text/plain', 'notes.txt', 'tip.msg › notes.txt', '2026-01-01', 2, 'ready')").run();
    old.close();
    const core = await testCore({ dataDir: dir, engine: 'sqlite' });
    const rows = (await query(core, 'SELECT path, source, email_date, doc_date FROM documents ORDER BY id'));
    expect(rows).toEqual([
      // Its only date was the file's modified time, which is not the document's date (migration 0015): undated.
      { path: '/old/a.txt', source: '', email_date: null, doc_date: null },
      { path: '/old/tip.msg', source: '', email_date: '2025-03-04T15:30:00.000Z', doc_date: '2025-03-04T15:30:00.000Z' },
      { path: 'tip.msg › notes.txt', source: '', email_date: null, doc_date: '2025-03-04T15:30:00.000Z' },
    ]);
    // The rebuilt full-text index still finds the old page, by word and by a short prefix.
    for (const words of ['children', 'un*', '"unaccompanied children"']) {
      expect((await query(core, 'SELECT rowid FROM pages_fts WHERE pages_fts MATCH ?', [words])).map((r) => Object.values(r)[0])).toEqual([1]);
    }
  });
});

describe('more kinds of file, and broken ones', () => {
  it('reads an Outlook .msg: headers, body, delivery date and its attachment as a child', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makeMsg(path.join(src, 'tip.msg'), {
      subject: 'Sponsor vetting gaps',
      from: 'Jane Roe',
      fromAddress: 'jane.roe@example.gov',
      to: 'Oversight Staff',
      body: 'The sponsor was never checked against the gang database.',
      delivered: new Date('2025-03-04T15:30:00Z'),
      attachment: { name: 'notes.txt', text: 'transport contract notes' },
    });
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r.files[0]).toMatchObject({ status: 'added', type: 'msg', pages: 1 });
    expect(r.files[0]!.attachments).toEqual([expect.objectContaining({ status: 'added', type: 'text' })]);
    const d = await ok(core.invoke('documents.get', { id: r.files[0]!.documentId! }));
    expect(d).toMatchObject({ emailSubject: 'Sponsor vetting gaps', emailFrom: 'Jane Roe <jane.roe@example.gov>', emailTo: 'Oversight Staff', emailDate: '2025-03-04T15:30:00.000Z', date: '2025-03-04T15:30:00.000Z' });
    expect(d.children.map((c) => [c.name, c.date])).toEqual([['notes.txt', '2025-03-04T15:30:00.000Z']]);
    expect((await ok(core.invoke('documents.search', { query: '"gang database"' }))).hits).toHaveLength(1);
  });

  it('gives encrypted and cut-short PDFs a clear error each, keeps nothing of them, and goes on', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makeEncryptedPdf(path.join(src, 'locked.pdf'));
    await makeTruncatedPdf(path.join(src, 'cut.pdf'), ['one', 'two', 'three', 'four'], 0.9);
    write(src, 'fine.txt', 'still imported');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const of = (n: string) => r.files.find((f) => f.path.endsWith(n))!;
    expect(of('locked.pdf')).toMatchObject({ status: 'failed', error: expect.stringMatching(/encrypted \(password-protected\)/) });
    expect(of('cut.pdf')).toMatchObject({ status: 'failed', error: expect.stringMatching(/damaged, cut short/) });
    expect(of('fine.txt')).toMatchObject({ status: 'added' });
    expect(await rowCount(core, 'documents')).toBe(1);
    for (const f of [of('locked.pdf'), of('cut.pdf')]) expect(fs.existsSync(blobPath(core.dataDir, f.sha256!))).toBe(false);
  });
});

describe('files sent by a browser (browser mode drag and drop)', () => {
  it('imports uploads under their dropped names made safe, keeps their dates, then removes them', async () => {
    const core = await testCore();
    const modified = Date.parse('2023-09-09T09:09:09Z');
    const id = await core.receiveUpload(Readable.from([Buffer.from('uploaded words about sponsors')]), '../../Production 2/\u202Eevil\u0007.txt', modified, null);
    const r = await ok(core.invoke('documents.import', { uploads: [id, 'f'.repeat(32)] }));
    expect(r.files).toEqual([
      expect.objectContaining({ path: 'upload ffffffffffffffffffffffffffffffff', status: 'failed', error: expect.stringMatching(/no waiting upload.*send the file again/) }),
      expect.objectContaining({ path: 'Production 2/evil.txt', status: 'added' }),
    ]);
    const d = await ok(core.invoke('documents.get', { id: r.files[1]!.documentId! }));
    expect(d).toMatchObject({ name: 'evil.txt', fileDate: '2023-09-09T09:09:09.000Z' });
    expect(uploadsLeft(core)).toBe(0);
    expect(await fails(core.invoke('documents.import', { uploads: ['../../etc'] }))).toMatchObject({ code: 'BAD_INPUT' });
    // Refused before reading (an unknown request): the sent file is gone all the same.
    const refused = await core.receiveUpload(Readable.from([Buffer.from('x')]), 'a.txt', null, null);
    expect(uploadsLeft(core)).toBe(1);
    expect(await fails(core.invoke('documents.import', { uploads: [refused], request: 'REQ-NOPE' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(uploadsLeft(core)).toBe(0);
    expect(await fails(core.invoke('documents.import', {}))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/at least one file/) });
  });

  it('refuses an upload over the limit, declared or not, and keeps nothing of it', async () => {
    const core = await testCore();
    await expect(core.receiveUpload(Readable.from([Buffer.alloc(10)]), 'big.pdf', null, 5 * 1024 ** 3)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(receiveUpload(core.dataDir, Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 'big.pdf', null, null, 1000)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/limit for one file/),
    });
    expect(uploadsLeft(core)).toBe(0);
  });
});

describe('copies of originals', () => {
  it('name copies by the type found in their bytes, safely on every system', () => {
    expect(exportName('Invoice.bat', 'text/plain')).toBe('Invoice.txt');
    expect(exportName('report.hta', 'text/html')).toBe('report.html');
    expect(exportName('RE: budget?.msg', 'application/vnd.ms-outlook')).toBe('RE_ budget_.msg');
    expect(exportName('NUL.pdf', 'application/pdf')).toBe('_NUL.pdf');
    expect(exportName('com1.tar.pdf', 'application/pdf')).toBe('_com1.tar.pdf');
    expect(exportName('notes. . .', 'text/plain')).toBe('notes.txt');
    expect(exportName('\u202Egpj.exe', 'image/jpeg')).toBe('gpj.jpg');
    expect(exportName('...', 'text/plain')).toBe('unnamed.txt');
  });

  it('are written only for callers in the app itself, never for a window', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const r = await ok(core.invoke('documents.import', { paths: [write(src, 'run.bat', 'echo hello')] }));
    const out = tempDir('sunshine-out-');
    const refused = await core.call('documents.saveCopy', { id: r.files[0]!.documentId!, folder: out });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(fs.readdirSync(out)).toEqual([]);
    const copy = await ok(core.invoke('documents.saveCopy', { id: r.files[0]!.documentId!, folder: out }));
    expect(path.basename(copy.file)).toBe('run.txt');
    const original = await ok(core.invoke('documents.original', { id: r.files[0]!.documentId! }));
    expect(original.name).toBe('run.txt');
  });

  it('copies an original out read-only, checked, never over another file; a changed vault file gives none', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const file = write(src, 'memo.txt', 'exactly these bytes');
    const r = await ok(core.invoke('documents.import', { paths: [file] }));
    const id = r.files[0]!.documentId!;
    const out = tempDir('sunshine-out-');
    const first = await ok(core.invoke('documents.saveCopy', { id, folder: out }));
    const second = await ok(core.invoke('documents.saveCopy', { id, folder: out }));
    expect(path.basename(first.file)).toBe('memo.txt');
    expect(path.basename(second.file)).toBe('memo (2).txt');
    expect(sha256File(second.file)).toBe(r.files[0]!.sha256);
    expect(fs.statSync(first.file).mode & 0o222).toBe(0);

    const blob = blobPath(core.dataDir, r.files[0]!.sha256!);
    fs.chmodSync(blob, 0o644);
    fs.writeFileSync(blob, 'exactly THESE bytes');
    expect(await fails(core.invoke('documents.saveCopy', { id, folder: out }))).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/no longer matches its SHA-256/) });
    expect(fs.readdirSync(out).sort()).toEqual(['memo (2).txt', 'memo.txt']);
  });
});
