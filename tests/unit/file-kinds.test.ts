/**
 * Every kind of document end to end: labels for each kind, a file stored but not read (listed,
 * shown, found by name, saved with its kind's extension), and what productions send of each kind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Core } from '../../core/index.ts';
import { DOCUMENT_KINDS } from '../../core/shared/search-query.ts';
import { KIND_LABELS, isContainer, kindLabel } from '../../core/shared/document-kinds.ts';
import { NATIVE_BY_DEFAULT } from '../../core/shared/production-options.ts';
import { MIME, exportName } from '../../core/documents/sniff.ts';
import { commit, stage } from '../../core/documents/vault.ts';
import { extractPdf } from '../../core/documents/extract/pdf.ts';
import { DEFAULT_LIMITS } from '../../core/documents/extract/types.ts';
import { insertDocument } from '../../db/documents.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { newDocument } from './new-document.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';
import { write } from './fixtures.ts';

/** Bytes no reader knows: no signature, not text. */
const binary = (seed: number) => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + seed) % 256));

/** A file stored in the vault as import stores it, and a document of `type` on it (as a reader that landed would write it). */
async function storedDocument(core: Core, name: string, bytes: Buffer, type: string, mime: string, text: string): Promise<number> {
  const staged = await stage(core.dataDir, bytes, 1 << 20);
  commit(core.dataDir, staged);
  return (await core.workspace.write('ada', (w) =>
    insertDocument(w, newDocument(name, { sha256: staged.sha256, size: bytes.length, type, mime, pages: [text] })),
  )) as number;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('kinds of document', () => {
  it('each kind has one label, and only kinds have labels', () => {
    expect(Object.keys(KIND_LABELS)).toEqual([...DOCUMENT_KINDS]);
    expect(kindLabel('doc')).toBe('Word 97–2003');
    expect(kindLabel('other')).toBe('Other (stored, not read)');
    // A type an older workspace wrote is shown as it is.
    expect(kindLabel('email')).toBe('email');
    expect(DOCUMENT_KINDS.filter(isContainer)).toEqual(['mailbox', 'archive']);
    expect(NATIVE_BY_DEFAULT).toEqual(['spreadsheet', 'csv']);
  });

  it('names a copy that leaves Sunshine with the extension of the kind found in its bytes', () => {
    const cases: [string, string][] = [
      [MIME.xlsx, 'ledger.xlsx'],
      [MIME.xls, 'ledger.xls'],
      [MIME.ods, 'ledger.ods'],
      [MIME.pptx, 'ledger.pptx'],
      [MIME.ppt, 'ledger.ppt'],
      [MIME.doc, 'ledger.doc'],
      [MIME.rtf, 'ledger.rtf'],
      [MIME.zip, 'ledger.zip'],
      [MIME.mbox, 'ledger.mbox'],
      [MIME.pst, 'ledger.pst'],
      [MIME.other, 'ledger.bin'],
    ];
    for (const [mime, name] of cases) expect(exportName('ledger.dat', mime)).toBe(name);
  });
});

describe('a file stored but not read', () => {
  it('is listed, shown and found by its name as stored, not read, and saved as it came with its kind\'s extension', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const bytes = binary(11);
    write(src, 'quokkabrine-ledger.qbx', bytes);
    // A ZIP is an archive whatever its name says; until archives are opened it is stored, not read, too.
    const zip = new JSZip();
    zip.file('inside/quokkabrine-note.txt', 'a note in an archive');
    write(src, 'quokkabrine-release.dat', await zip.generateAsync({ type: 'nodebuffer' }));

    const report = await ok(core.invoke('documents.import', { paths: [src] }));
    const other = report.files.find((f) => f.path.endsWith('quokkabrine-ledger.qbx'))!;
    expect(other).toMatchObject({ status: 'added', type: 'other', notRead: expect.stringMatching(/not a kind of file Sunshine reads/) });
    const archive = report.files.find((f) => f.path.endsWith('quokkabrine-release.dat'))!;
    expect(archive).toMatchObject({ status: 'added', type: 'archive' });

    const listed = await ok(core.invoke('documents.list', { type: 'other' }));
    expect(listed.rows.find((d) => d.id === other.documentId)).toMatchObject({ name: 'quokkabrine-ledger.qbx', notRead: other.notRead });
    expect(listed.rows.every((d) => d.type === 'other')).toBe(true);
    const shown = await ok(core.invoke('documents.get', { id: other.documentId! }));
    expect(shown).toMatchObject({ type: 'other', notRead: other.notRead, mime: MIME.other });

    // Found by its name: the list's name filter (any part, any case; % and _ taken as they are) …
    expect((await ok(core.invoke('documents.list', { name: 'BRINE-LEDGER' }))).rows.map((d) => d.id)).toEqual([other.documentId]);
    expect((await ok(core.invoke('documents.list', { name: 'quokkabrine%qbx' }))).rows).toEqual([]);
    expect((await ok(core.invoke('documents.list', { name: 'quokkabrine', type: 'archive' }))).rows.map((d) => d.id)).toEqual([archive.documentId]);
    // … and search's filename: field.
    for (const query of ['filename:quokkabrine-ledger.qbx', 'filename:quokkabrine*']) {
      const found = await ok(core.invoke('documents.search', { query, group: 'documents' }));
      expect(found.hits.map((h) => h.documentId), query).toContain(other.documentId);
    }

    // Saved exactly as received, named for what its bytes are.
    const original = await ok(core.invoke('documents.original', { id: other.documentId! }));
    expect(original.name).toBe('quokkabrine-ledger.bin');
    expect(sha(Buffer.from(original.base64, 'base64'))).toBe(sha(bytes));
    expect((await ok(core.invoke('documents.original', { id: archive.documentId! }))).name).toBe('quokkabrine-release.zip');
    const folder = tempDir('sunshine-copy-');
    const copied = await ok(core.invoke('documents.saveCopy', { id: other.documentId!, folder }));
    expect(path.basename(copied.file)).toBe('quokkabrine-ledger.bin');
    expect(sha(fs.readFileSync(copied.file))).toBe(sha(bytes));

    // The command line says so too.
    const ws = cliWorkspaceOf(core);
    expect(runSunshine(ws, ['documents', 'list', '--type', 'other', '--name', 'quokkabrine']).out.trim()).toBe(`#${other.documentId} quokkabrine-ledger.qbx (other, stored, not read)`);
    const show = runSunshine(ws, ['documents', 'show', String(other.documentId)]).out;
    expect(show).toContain(`#${other.documentId} quokkabrine-ledger.qbx — other, stored, not read, 3000 bytes`);
    expect(show).toMatch(/Not read: not a kind of file Sunshine reads/);
    const src2 = tempDir('sunshine-src-');
    write(src2, 'wombatfen.qbx', binary(12));
    const imported = runSunshine(ws, ['import', src2]);
    expect(imported.out).toMatch(/^stored {3}#\d+ .*wombatfen\.qbx \(other\) — stored, not read: not a kind of file Sunshine reads/m);
    expect(imported.out).not.toMatch(/^added /m);
    core.close();
  }, 60_000);
});

describe('productions of every kind', () => {
  it('send a spreadsheet and a file not read as natives behind slip sheets, an archive as a slip sheet alone, and draw the rest', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const other = binary(21);
    write(src, 'marshwren-blob.qbx', other);
    write(src, 'marshwren-memo.txt', 'Marshwren memo about placements');
    const zip = new JSZip();
    zip.file('marshwren-entry.txt', 'an entry');
    write(src, 'marshwren-release.zip', await zip.generateAsync({ type: 'nodebuffer' }));
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const id = (name: string) => r.files.find((f) => f.path.endsWith(name))!.documentId!;
    // A spreadsheet as its reader stores it (read: its cells are its text).
    const sheetBytes = Buffer.from('PK\u0003\u0004 marshwren sheet bytes');
    const sheet = await storedDocument(core, 'marshwren-placements.xlsx', sheetBytes, 'spreadsheet', MIME.xlsx, 'Sheet1!A1 Marshwren placements');
    // A Word 97–2003 file as its reader stores it: drawn from its text, as a .docx is.
    const doc = await storedDocument(core, 'marshwren-old.doc', Buffer.from('marshwren old word bytes'), 'doc', MIME.doc, 'Marshwren old Word text');
    const ids = [id('marshwren-memo.txt'), id('marshwren-blob.qbx'), id('marshwren-release.zip'), sheet, doc];
    await ok(core.invoke('tags.create', { name: 'Marshwren kinds' }));
    await ok(core.invoke('tags.apply', { tag: 'Marshwren kinds', ids }));

    // Once archives are opened, the archive's entries join it as its family: they go too, as chosen here.
    const chosen = { tag: 'Marshwren kinds', prefix: 'MW-', padding: 3, unreviewedFamily: 'include' } as const;
    const plan = await ok(core.invoke('productions.plan', { ...chosen, start: 1 }));
    const goes = Object.fromEntries(plan.documents.map((d) => [d.name, d.goes]));
    expect(goes).toMatchObject({
      'marshwren-memo.txt': ['image', 'text'],
      'marshwren-blob.qbx': ['slip-sheet', 'text', 'native'],
      'marshwren-release.zip': ['slip-sheet', 'text'],
      'marshwren-placements.xlsx': ['slip-sheet', 'text', 'native'],
      'marshwren-old.doc': ['image', 'text'],
    });
    expect(plan.documents.every((d) => d.pages === 1)).toBe(true);

    const out = path.join(tempDir('sunshine-out-'), 'vol');
    await ok(core.invoke('productions.create', { ...chosen, start: 1, folder: out, name: 'mw' }));
    const batesOf = Object.fromEntries(plan.documents.map((d) => [d.name, d.firstBates]));
    // Natives named with their kind's extension, exactly as received.
    expect(fs.readdirSync(path.join(out, 'NATIVES')).sort()).toEqual([`${batesOf['marshwren-blob.qbx']}.bin`, `${batesOf['marshwren-placements.xlsx']}.xlsx`].sort());
    expect(sha(fs.readFileSync(path.join(out, 'NATIVES', `${batesOf['marshwren-blob.qbx']}.bin`)))).toBe(sha(other));
    expect(sha(fs.readFileSync(path.join(out, 'NATIVES', `${batesOf['marshwren-placements.xlsx']}.xlsx`)))).toBe(sha(sheetBytes));
    // A TEXT file for each; the spreadsheet's holds its cells' text, the old Word file's its text.
    const text = (name: string) => fs.readFileSync(path.join(out, 'TEXT', `${batesOf[name]}.txt`), 'utf8');
    expect(text('marshwren-placements.xlsx')).toBe('Sheet1!A1 Marshwren placements');
    expect(text('marshwren-old.doc')).toBe('Marshwren old Word text');
    expect(text('marshwren-blob.qbx')).toBe('');
    // The DAT names each native's path; the archive has none.
    const dat = fs.readFileSync(path.join(out, 'DATA', 'mw.dat'), 'utf8');
    expect(dat).toContain(`NATIVES\\${batesOf['marshwren-placements.xlsx']}.xlsx`);
    expect(dat).not.toContain(`NATIVES\\${batesOf['marshwren-release.zip']}`);
    // Every document one page image: the archive's a slip sheet saying where its entries go.
    const slip = await extractPdf(path.join(out, 'IMAGES', '001', `${batesOf['marshwren-release.zip']}.pdf`), DEFAULT_LIMITS);
    expect(slip.pages[0]).toMatch(/Archive \(ZIP\) not produced as a file[\s\S]*marshwren-release\.zip[\s\S]*Its entries are produced as documents of their own/);
    const blob = await extractPdf(path.join(out, 'IMAGES', '001', `${batesOf['marshwren-blob.qbx']}.pdf`), DEFAULT_LIMITS);
    expect(blob.pages[0]).toMatch(/produced in native form[\s\S]*marshwren-blob\.qbx/);

    // With no natives chosen, the spreadsheet is drawn from its text; the file not read still goes native.
    const drawn = await ok(core.invoke('productions.plan', { ...chosen, start: 10, natives: [] }));
    const drawnGoes = Object.fromEntries(drawn.documents.map((d) => [d.name, d.goes]));
    expect(drawnGoes['marshwren-placements.xlsx']).toEqual(['image', 'text']);
    expect(drawnGoes['marshwren-blob.qbx']).toEqual(['slip-sheet', 'text', 'native']);
    core.close();
  }, 120_000);
});
