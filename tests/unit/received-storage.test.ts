/**
 * Received productions as stored (migration 22, db/received.ts): the volume, what each document
 * arrived as, every page's Bates number and the look-ups by it, duplicates across productions, the
 * mapping remembered per party, and the search fields `bcc:`, `metadata:` and `custodian:`. Run on
 * each engine (SUNSHINE_TEST_ENGINE=postgres): the same answers on both.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { splitBates } from '../../core/shared/bates-number.ts';
import { allDocumentBlobs, insertDocument, type NewDocument } from '../../db/documents.ts';
import {
  duplicatesOf,
  finishReceivedProduction,
  insertReceivedProduction,
  knownBatesPrefixes,
  listReceivedProductions,
  pageByBates,
  pagesInBatesRange,
  pagesWithBatesPrefix,
  partyMapping,
  receivedDocumentByBates,
  receivedRangesOfParty,
  savePartyMapping,
  type ReceivedFields,
} from '../../db/received.ts';
import { recordProduction } from '../../db/productions.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { fieldMatches, insertOlderEmail, olderWorkspace } from './older-workspace.ts';
import { newDocument } from './new-document.ts';
import fs from 'node:fs';
import { commit, stage } from '../../core/documents/vault.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';

/** `ICE-0004211` … for `count` pages from `first`. */
const batesRun = (prefix: string, first: number, count: number, width = 7) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(first + i).padStart(width, '0')}`);

/** The pages' Bates numbers as insertDocument takes them. */
const pageBates = (list: string[]) => list.map((bates) => ({ bates, ...splitBates(bates)! }));

/** A received document of `pages` pages numbered from `first`; `more` changes any received field. */
function received(receivedId: number, name: string, pages: string[], more: Partial<ReceivedFields> = {}): NewDocument {
  return newDocument(name, {
    type: 'pdf',
    mime: 'application/pdf',
    pages: pages.map((b) => `page ${b} of ${name}`),
    received: {
      receivedId,
      batesBegin: pages[0]!,
      batesEnd: pages.at(-1)!,
      custodian: null,
      bcc: null,
      metadata: null,
      textSha256: null,
      md5: null,
      sha1: null,
      pageBates: pageBates(pages),
      ...more,
    },
  });
}

async function write<T>(core: Core, fn: Parameters<Core['workspace']['write']>[1] extends (w: infer W) => Promise<unknown> ? (w: W) => Promise<T> : never): Promise<T> {
  return core.workspace.write('ada', fn as never) as Promise<T>;
}

/** Two productions from ICE (one a later volume) and one from another party, with natives, text hashes and metadata. */
async function corpus() {
  const core = await testCore();
  const ids = await write(core, async (w) => {
    const vol1 = await insertReceivedProduction(w, { party: 'ICE', volume: 'ICE_VOL001', requestId: null, mapping: { BEGBATES: 'begBates' } });
    const vol2 = await insertReceivedProduction(w, { party: 'ice ', volume: 'ICE_VOL002', requestId: null, mapping: {} });
    const memo = await insertDocument(
      w,
      received(vol1, 'memo.pdf', batesRun('ICE-', 4211, 3), {
        custodian: 'Harlow Quimby',
        bcc: 'Zephyrine Vantablack <zv@ice.dhs.gov>',
        metadata: { Confidentiality: 'Pelargonium restricted', 'Doc Type': 'Memorandum' },
        native: { sha256: 'b'.repeat(64), size: 1234, name: 'memo.docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        textSha256: 't'.repeat(64),
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
      }),
    );
    const again = await insertDocument(w, received(vol2, 'memo-again.pdf', batesRun('ICE-', 9001, 2), { native: { sha256: 'b'.repeat(64), size: 1234, name: 'memo copy.docx', mime: 'application/msword' } }));
    const sameText = await insertDocument(w, received(vol2, 'memo-text.pdf', batesRun('ICE-', 9003, 1), { textSha256: 't'.repeat(64) }));
    const other = await insertDocument(w, received(vol2, 'epa.pdf', ['DHS-OIG-000123', 'DHS-OIG-000124']));
    await finishReceivedProduction(w, vol1, { status: 'complete', report: { problems: [] } });
    return { vol1, vol2, memo, again, sameText, other };
  });
  return { core, ...ids };
}

describe('received documents as stored', () => {
  it('keeps each page’s Bates number and finds a page by it: exactly, with other padding, in a range and by a prefix', async () => {
    const { core, memo, other } = await corpus();
    const q = core.workspace.engine;
    expect(await pageByBates(q, 'ICE-0004212', splitBates('ICE-0004212'))).toMatchObject({ document_id: memo, page_no: 2, bates: 'ICE-0004212', name: 'memo.pdf', bates_begin: 'ICE-0004211', bates_end: 'ICE-0004213' });
    expect(await pageByBates(q, 'ice-0004213', splitBates('ice-0004213'))).toMatchObject({ document_id: memo, page_no: 3 });
    expect(await pageByBates(q, 'ICE-4211', splitBates('ICE-4211'))).toMatchObject({ document_id: memo, page_no: 1, bates: 'ICE-0004211' });
    expect(await pageByBates(q, 'ICE-0004214', splitBates('ICE-0004214'))).toBeUndefined();
    expect((await pagesInBatesRange(q, 'ICE-', 4212, 9001, 10)).map((h) => h.bates)).toEqual(['ICE-0004212', 'ICE-0004213', 'ICE-0009001']);
    expect((await pagesWithBatesPrefix(q, 'dhs-oig-00012', 10)).map((h) => [h.document_id, h.bates])).toEqual([
      [other, 'DHS-OIG-000123'],
      [other, 'DHS-OIG-000124'],
    ]);
    expect(await pagesWithBatesPrefix(q, 'ICE_', 10)).toEqual([]);
    // The prefixes in use, each once whatever its case, with the width of its highest number.
    await write(core, (w) => insertDocument(w, received(1, 'lower.pdf', ['ice-00000099'])));
    expect((await knownBatesPrefixes(q)).map((k) => [k.prefix.toUpperCase(), Number(k.width)])).toEqual([
      ['DHS-OIG-', 6],
      ['ICE-', 7],
    ]);
  });

  it('records the volume, its range and counts, the mapping per party in any case, and what a re-run and an overlap check need', async () => {
    const { core, vol1, vol2, memo } = await corpus();
    const q = core.workspace.engine;
    const [second, first] = await listReceivedProductions(q);
    expect(first).toMatchObject({ id: vol1, party: 'ICE', volume: 'ICE_VOL001', status: 'complete', first_bates: 'ICE-0004211', last_bates: 'ICE-0004213', documents: 1, pages: 3 });
    expect(JSON.parse(first!.report)).toEqual({ problems: [] });
    expect(JSON.parse(first!.mapping)).toEqual({ BEGBATES: 'begBates' });
    expect(second).toMatchObject({ id: vol2, status: 'importing', finished_at: null });
    expect(await receivedDocumentByBates(q, 'Ice', 'ice-0004211')).toEqual({ id: memo, received_id: vol1, bates_begin: 'ICE-0004211', bates_end: 'ICE-0004213' });
    expect(await receivedDocumentByBates(q, 'EPA', 'ICE-0004211')).toBeUndefined();
    expect((await receivedRangesOfParty(q, 'ICE')).map((r) => [r.prefix, r.first, r.last])).toEqual([
      ['DHS-OIG-', 123, 124],
      ['ICE-', 4211, 4213],
      ['ICE-', 9001, 9002],
      ['ICE-', 9003, 9003],
    ]);
    expect(await partyMapping(q, 'ICE')).toBeNull();
    await write(core, (w) => savePartyMapping(w, 'U.S. Immigration  and Customs', { BEGDOC: 'begBates' }));
    await write(core, (w) => savePartyMapping(w, 'u.s. immigration and customs ', { BEGDOC: 'begBates', CUST: 'custodian' }));
    expect(await partyMapping(q, 'U.S. IMMIGRATION AND CUSTOMS')).toEqual({ BEGDOC: 'begBates', CUST: 'custodian' });
  });

  it('names duplicates by the same native or the same text, and counts a native among the stored files', async () => {
    const { core, memo, again, sameText, other } = await corpus();
    const q = core.workspace.engine;
    expect((await duplicatesOf(q, memo)).map((d) => [d.id, d.why, d.bates_begin, d.volume])).toEqual([
      [again, 'same native', 'ICE-0009001', 'ICE_VOL002'],
      [sameText, 'same text', 'ICE-0009003', 'ICE_VOL002'],
    ]);
    expect(await duplicatesOf(q, other)).toEqual([]);
    const blobs = await allDocumentBlobs(q);
    expect(blobs.filter((b) => b.id === memo).map((b) => [b.sha256, b.name])).toEqual([
      [`sha-memo.pdf`, 'memo.pdf'],
      ['b'.repeat(64), 'memo.docx'],
    ]);
  });

  it('refuses a document whose pages and Bates numbers do not pair up, writing nothing', async () => {
    const { core, vol2 } = await corpus();
    const before = await listReceivedProductions(core.workspace.engine);
    const doc = received(vol2, 'short.pdf', batesRun('ICE-', 9100, 2));
    await expect(write(core, (w) => insertDocument(w, { ...doc, pages: ['one page only'] }))).rejects.toThrow(/1 pages and 2 Bates numbers/);
    expect(await core.workspace.engine.all("SELECT id FROM documents WHERE name = 'short.pdf'")).toEqual([]);
    expect(await listReceivedProductions(core.workspace.engine)).toEqual(before);
  });

  it('searches bcc:, metadata: and custodian: (the load file’s custodian as well as the source) on both engines', async () => {
    const { core, memo, other } = await corpus();
    const q = core.workspace.engine;
    const found = fieldMatches(q);
    expect(await found('bcc:vantablack')).toEqual([memo]);
    expect(await found('bcc:"zv@ice.dhs.gov"')).toEqual([memo]);
    expect(await found('metadata:pelargonium')).toEqual([memo]);
    expect(await found('metadata:confidentiality')).toEqual([memo]);
    expect(await found('metadata:"doc type"')).toEqual([memo]);
    expect(await found('custodian:quimby')).toEqual([memo]);
    expect(await found('custodian:"harlow quimby" metadata:memorandum')).toEqual([memo]);
    expect(await found('from:vantablack')).toEqual([]);
    expect(await found('bates:DHS-OIG-000124')).toEqual([other]);
    expect(await found('bates:ICE-0004213..ICE-0009000')).toEqual([memo]);
  });
});

describe('Bates numbers as addresses (documents.byBates) and a received document’s details (documents.get)', () => {
  it('finds a page by its number, a range and a prefix, received and numbered by our own production, and names what was typed when nothing is', async () => {
    const { core, memo, other } = await corpus();
    // Our own production numbered the EPA document's two pages HSGAC-00000041–42.
    await write(core, (w) =>
      recordProduction(
        w,
        { name: 'To the committee', request_id: null, recipient: 'Committee', prefix: 'HSGAC-', first_number: 41, last_number: 42, padding: 8, documents: 1, pages: 2, folder: 'out' },
        [{ documentId: other, begin: 41, end: 42, disposition: 'produced' }],
        null,
      ),
    );
    const byBates = (bates: string) => ok(core.invoke('documents.byBates', { bates }));
    expect(await byBates('ICE-0004212')).toEqual({
      kind: 'exact',
      hits: [{ documentId: memo, page: 2, bates: 'ICE-0004212', name: 'memo.pdf', batesBegin: 'ICE-0004211', batesEnd: 'ICE-0004213', from: 'received' }],
    });
    expect(await byBates('HSGAC-00000042')).toEqual({
      kind: 'exact',
      hits: [{ documentId: other, page: 2, bates: 'HSGAC-00000042', name: 'epa.pdf', batesBegin: 'HSGAC-00000041', batesEnd: 'HSGAC-00000042', from: 'produced' }],
    });
    const range = await byBates('ICE-0004213 – ICE-0009001');
    expect([range.kind, range.hits.map((h) => `${h.documentId === memo ? 'memo' : 'again'}:${h.page}:${h.bates}`)]).toEqual(['range', ['memo:3:ICE-0004213', 'again:1:ICE-0009001']]);
    const prefix = await byBates('dhs-oig-00012');
    expect([prefix.kind, prefix.hits.map((h) => h.bates)]).toEqual(['prefix', ['DHS-OIG-000123', 'DHS-OIG-000124']]);
    const none = await fails(core.invoke('documents.byBates', { bates: 'ICE-0007777' }));
    expect([none.code, none.message]).toEqual(['NOT_FOUND', 'bates: no page is numbered ICE-0007777 in this workspace.']);
    const word = await fails(core.invoke('documents.byBates', { bates: 'sponsor' }));
    expect(word.code).toBe('BAD_INPUT');
    expect(word.message).toMatch(/^bates: "sponsor" is not a Bates number; write one as printed on the page \(ICE-0004211\)/);
  });

  it('gives a received document’s custodian, metadata, range, production, native, family and duplicates', async () => {
    const { core, vol1, memo, again, sameText } = await corpus();
    const child = await write(core, (w) => insertDocument(w, { ...received(vol1, 'memo-attachment.pdf', batesRun('ICE-', 4214, 1)), parentId: memo }));
    const d = await ok(core.invoke('documents.get', { id: memo }));
    expect(d).toMatchObject({
      custodian: 'Harlow Quimby',
      emailBcc: 'Zephyrine Vantablack <zv@ice.dhs.gov>',
      metadata: { Confidentiality: 'Pelargonium restricted', 'Doc Type': 'Memorandum' },
      bates: { begin: 'ICE-0004211', end: 'ICE-0004213' },
      production: { id: vol1, party: 'ICE', volume: 'ICE_VOL001' },
      native: { name: 'memo.docx', sha256: 'b'.repeat(64), size: 1234 },
      family: { parent: null, children: [{ id: child, name: 'memo-attachment.pdf', bates: { begin: 'ICE-0004214', end: 'ICE-0004214' } }] },
      duplicates: [
        { id: again, name: 'memo-again.pdf', bates: { begin: 'ICE-0009001', end: 'ICE-0009002' }, why: 'same native' },
        { id: sameText, name: 'memo-text.pdf', bates: { begin: 'ICE-0009003', end: 'ICE-0009003' }, why: 'same text' },
      ],
    });
    expect((await ok(core.invoke('documents.get', { id: child }))).family.parent).toEqual({ id: memo, name: 'memo.pdf', bates: { begin: 'ICE-0004211', end: 'ICE-0004213' } });
  });
});

describe('the original of a received document', () => {
  it('is its native, checked against its hash, when it came with one', async () => {
    const { core, vol2 } = await corpus();
    const native = await stage(core.dataDir, Buffer.from('the native spreadsheet of a sprocket ledger'), 1 << 20);
    commit(core.dataDir, native);
    const id = await write(core, (w) =>
      insertDocument(w, received(vol2, 'ledger.pdf', batesRun('ICE-', 9500, 1), { native: { sha256: native.sha256, size: native.size, name: 'sprocket ledger.csv', mime: 'text/csv' } })),
    );
    const original = await ok(core.invoke('documents.original', { id }));
    expect([original.name, Buffer.from(original.base64, 'base64').toString()]).toEqual(['sprocket ledger.csv', 'the native spreadsheet of a sprocket ledger']);
    const folder = tempDir('sunshine-native-copy-');
    const { file } = await ok(core.invoke('documents.saveCopy', { id, folder }));
    expect([path.basename(file), fs.readFileSync(file, 'utf8')]).toEqual(['sprocket ledger.csv', 'the native spreadsheet of a sprocket ledger']);
  });
});

describe('sunshine documents show', () => {
  it('prints a received document’s fields, family and duplicates, and finds one by --bates with its page', async () => {
    const { core, vol1, memo, again, sameText } = await corpus();
    const child = await write(core, (w) => insertDocument(w, { ...received(vol1, 'memo-attachment.pdf', batesRun('ICE-', 4214, 1)), parentId: memo }));
    const ws = cliWorkspaceOf(core);
    const shown = runSunshine(ws, ['--json', 'documents', 'show', '--bates', 'ice-0004212']);
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      id: memo,
      page: 2,
      pageBates: 'ICE-0004212',
      custodian: 'Harlow Quimby',
      participants: { from: null, to: null, cc: null, bcc: 'Zephyrine Vantablack <zv@ice.dhs.gov>' },
      dates: { date: null, sent: null, file: null },
      metadata: { Confidentiality: 'Pelargonium restricted', 'Doc Type': 'Memorandum' },
      bates: { begin: 'ICE-0004211', end: 'ICE-0004213' },
      production: { party: 'ICE', volume: 'ICE_VOL001' },
      native: { name: 'memo.docx', sha256: 'b'.repeat(64), size: 1234 },
      family: { parent: null, children: [{ id: child, name: 'memo-attachment.pdf', bates: { begin: 'ICE-0004214', end: 'ICE-0004214' } }] },
      duplicates: [
        { id: again, why: 'same native' },
        { id: sameText, why: 'same text' },
      ],
    });
    const text = runSunshine(ws, ['documents', 'show', String(child)]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('Bates: ICE-0004214–ICE-0004214');
    expect(text.out).toContain(`Attachment of #${memo} memo.pdf [ICE-0004211–ICE-0004213]`);
    expect(runSunshine(ws, ['documents', 'show', String(memo)]).out).toMatch(/Received from ICE in ICE_VOL001\n.*Custodian: Harlow Quimby.*Duplicate \(same native\): #\d+ memo-again\.pdf \[ICE-0009001–ICE-0009002\]/s);
    const range = runSunshine(ws, ['documents', 'show', '--bates', 'ICE-0004211 to ICE-0004212']);
    expect(range.out.trim().split('\n')).toEqual([`ICE-0004211: #${memo} memo.pdf p.1`, `ICE-0004212: #${memo} memo.pdf p.2`]);
    const missing = runSunshine(ws, ['documents', 'show', '--bates', 'ICE-0007777']);
    expect([missing.code, missing.err]).toEqual([expect.any(Number), expect.stringContaining('no page is numbered ICE-0007777')]);
    expect(missing.code).not.toBe(0);
  });
});

describe('search hits', () => {
  it('name the Bates number of the page the hit is on, in the API and in sunshine search', async () => {
    const { core, memo } = await corpus();
    const hits = (await ok(core.invoke('documents.search', { query: '"page ICE-0004212"' }))).hits;
    expect(hits.map((h) => [h.documentId, h.page, h.pageBates])).toEqual([[memo, 2, 'ICE-0004212']]);
    await write(core, (w) => insertDocument(w, newDocument('plain-hollyhock.txt', { pages: ['hollyhock without numbers'] })));
    expect((await ok(core.invoke('documents.search', { query: 'hollyhock' }))).hits.map((h) => h.pageBates)).toEqual([null]);
    const ws = cliWorkspaceOf(core);
    expect(runSunshine(ws, ['search', '"page ICE-0004213"']).out).toMatch(new RegExp(`^#${memo} memo\\.pdf p\\.3 ICE-0004213: `));
    expect(runSunshine(ws, ['search', '--documents', '"page ICE-0004213"']).out).toMatch(/— 1 page matches, p\.3 ICE-0004213: /);
  });
});

describe('migration 22', () => {
  it('keeps the documents a workspace had, with empty received columns, and their search fields', async () => {
    const ws = await olderWorkspace(21, 'received');
    try {
      const id = await insertOlderEmail(ws.engine);
      const engine = await ws.upgrade();
      const row = await engine.get<Record<string, unknown>>('SELECT received_id, bates_begin, custodian, email_bcc, metadata, native_sha256, text_sha256 FROM documents WHERE id = ?', [id]);
      expect(Object.values(row!).every((v) => v === null)).toBe(true);
      const found = fieldMatches(engine);
      for (const query of ['from:ice', 'subject:placement', 'filename:older', 'custodian:older']) expect(await found(query), query).toEqual([id]);
      expect(await found('metadata:older')).toEqual([]);
      expect(await engine.all('SELECT * FROM page_bates')).toEqual([]);
      expect(await engine.all('SELECT * FROM received_productions')).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});
