/**
 * Fields in the search language (`from:`, `subject:`, `filename:`, `date:` …) on real imported
 * emails and files: each field alone, with page words, with NOT; a name a document arrived under
 * later; tagging by a fielded search; and the refusals. Run on each engine
 * (SUNSHINE_TEST_ENGINE=postgres): the same hits on both.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { fieldMatches, insertOlderEmail, olderWorkspace } from './older-workspace.ts';
import { makeEml, write } from './fixtures.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';

/** The email from ICE, with its attachment. */
const PLACEMENT = {
  from: 'ERO Field Office <ero@ice.dhs.gov>',
  subject: 'Placement of minors',
  date: 'Mon, 15 Jan 2024 09:00:00 -0500',
  html: '<p>The sponsor address was checked by quillon staff.</p>',
  attachment: { name: 'wibble.JPG', text: 'a scan of a tattoo, described in words' },
};

/** Two emails (one with an attachment), a text file, each from a source of its own; one email tagged Hot/Sponsors. */
async function corpus(): Promise<Core> {
  const core = await testCore();
  const ice = tempDir('sunshine-fields-ice-');
  makeEml(path.join(ice, 'placement.eml'), PLACEMENT);
  const hhs = tempDir('sunshine-fields-hhs-');
  makeEml(path.join(hhs, 'review.eml'), {
    from: 'Case Manager <cm@acf.hhs.gov>',
    to: 'Intake <intake@acf.example>',
    cc: null,
    subject: 'Sponsor review',
    date: 'Sat, 02 Mar 2024 11:00:00 -0500',
    html: '<p>No address for the sponsor yet; quillon file pending.</p>',
  });
  write(hhs, 'memo.txt', 'A memo about the sponsor, filed by quillon counsel.');
  await ok(core.invoke('documents.import', { paths: [ice], source: 'ICE release' }));
  await ok(core.invoke('documents.import', { paths: [hhs], source: 'HHS production' }));
  await ok(core.invoke('tags.create', { name: 'Hot' }));
  await ok(core.invoke('tags.create', { name: 'Sponsors', parent: 'Hot' }));
  await ok(core.invoke('tags.apply', { tag: 'Hot/Sponsors', search: { query: '"address for the sponsor"' } }));
  return core;
}

/** The hits of a query as `name:page`, sorted. */
const hits = async (core: Core, query: string, extra: Record<string, unknown> = {}) =>
  (await ok(core.invoke('documents.search', { query, ...extra }))).hits.map((h) => `${h.name}:${h.page}`).sort();

describe('fields in a search', () => {
  it('finds documents by each field alone: email participants, subject, file name, custodian, tag, type and date', async () => {
    const core = await corpus();
    expect(await hits(core, 'from:ice')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'from:"ero@ice.dhs.gov"')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'FROM:acf')).toEqual(['review.eml:1']);
    expect(await hits(core, 'to:intake')).toEqual(['review.eml:1']);
    expect(await hits(core, 'cc:counsel')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'subject:placement*')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'subject:"sponsor review"')).toEqual(['review.eml:1']);
    // An attachment is found by the name it arrived under.
    expect(await hits(core, 'filename:wibble.JPG')).toEqual(['wibble.JPG:1']);
    expect(await hits(core, 'filename:memo')).toEqual(['memo.txt:1']);
    expect(await hits(core, 'custodian:"HHS production"')).toEqual(['memo.txt:1', 'review.eml:1']);
    expect(await hits(core, 'tag:Hot')).toEqual(['review.eml:1']);
    expect(await hits(core, 'tag:"hot/sponsors"')).toEqual(['review.eml:1']);
    expect(await hits(core, 'type:eml')).toEqual(['placement.eml:1', 'review.eml:1']);
    expect(await hits(core, 'type:eml date:2024-01-15')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'type:eml date:2024-03')).toEqual(['review.eml:1']);
    expect(await hits(core, 'type:eml date:2024')).toEqual(['placement.eml:1', 'review.eml:1']);
    expect(await hits(core, 'type:eml date:2024-01..2024-02')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'type:eml date:..2024-02')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'type:eml date:2024-02..')).toEqual(['review.eml:1']);
    expect(await hits(core, 'type:eml date:2023')).toEqual([]);
    // A hit by fields alone shows the start of its first page.
    const [memo] = (await ok(core.invoke('documents.search', { query: 'filename:memo' }))).hits;
    expect(memo!.snippet).toBe('A memo about the sponsor, filed by quillon counsel.');
  });

  it('combines fields with page words, OR between fields, and NOT on either', async () => {
    const core = await corpus();
    expect(await hits(core, 'subject:placement AND sponsor w/5 address')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'quillon NOT from:ice')).toEqual(['memo.txt:1', 'review.eml:1']);
    expect(await hits(core, 'quillon AND NOT type:eml')).toEqual(['memo.txt:1']);
    expect(await hits(core, '(from:ice OR from:hhs) AND quillon')).toEqual(['placement.eml:1', 'review.eml:1']);
    expect(await hits(core, 'from:ice OR from:hhs')).toEqual(['placement.eml:1', 'review.eml:1']);
    expect(await hits(core, 'quillon NOT date:2024-01')).toEqual(['memo.txt:1', 'review.eml:1']);
    expect(await hits(core, 'sponsor NOT from:ice NOT counsel')).toEqual(['review.eml:1']);
    expect(await hits(core, 'type:eml NOT tag:Hot')).toEqual(['placement.eml:1']);
    // Fields and the filters beside the box both apply.
    expect(await hits(core, 'quillon NOT from:ice', { type: 'text' })).toEqual(['memo.txt:1']);
    // Tagging by a fielded search takes the documents the search lists.
    expect(await ok(core.invoke('tags.create', { name: 'Fielded' }))).toMatchObject({ path: 'Fielded' });
    expect(await ok(core.invoke('tags.apply', { tag: 'Fielded', search: { query: 'custodian:"ICE release"' } }))).toMatchObject({ documents: 2 });
    expect(await hits(core, 'tag:Fielded')).toEqual(['placement.eml:1', 'wibble.JPG:1']);
    // So do coding and producing by a fielded search.
    expect(await ok(core.invoke('review.set', { search: { query: 'from:ice OR to:intake' }, rating: 'hot' }))).toMatchObject({ documents: 2 });
    const produced = await ok(core.invoke('productions.create', { search: { query: 'type:eml date:2024-03' }, prefix: 'FLD-', start: 1, folder: path.join(tempDir(), 'out') }));
    expect(produced).toMatchObject({ documents: 1, firstBates: 'FLD-00000001' });
  });

  it('finds a document by a name and a source it arrived under later', async () => {
    const core = await corpus();
    const again = tempDir('sunshine-fields-again-');
    makeEml(path.join(again, 'forwarded-copy.eml'), PLACEMENT); // the same bytes under another name
    const r = await ok(core.invoke('documents.import', { paths: [again], source: 'Oversight mailbox' }));
    expect(r).toMatchObject({ added: 0, duplicates: 1 });
    expect(await hits(core, 'filename:forwarded')).toEqual(['placement.eml:1']);
    expect(await hits(core, 'custodian:oversight')).toEqual(['placement.eml:1']);
  });

  it('finds documents by the Bates numbers a production gave them: one number, a range that meets theirs, a prefix', async () => {
    const core = await corpus();
    await ok(core.invoke('tags.create', { name: 'Out' }));
    await ok(core.invoke('tags.apply', { tag: 'Out', search: { query: 'filename:memo.txt OR filename:review.eml' } }));
    const out = await ok(core.invoke('productions.create', { tag: 'Out', prefix: 'HSGAC-', start: 100, padding: 6, folder: path.join(tempDir('sunshine-fields-out-'), 'vol1') }));
    expect([out.firstBates, out.lastBates]).toEqual(['HSGAC-000100', 'HSGAC-000101']);
    const named = async (query: string) => (await ok(core.invoke('documents.search', { query, group: 'documents' }))).hits.map((h) => h.name).sort();
    expect(await named('bates:HSGAC-*')).toEqual(['memo.txt', 'review.eml']);
    expect(await named('bates:hsgac-000101')).toHaveLength(1);
    expect([...(await named('bates:HSGAC-000100')), ...(await named('bates:HSGAC-000101'))].sort()).toEqual(['memo.txt', 'review.eml']);
    expect(await named('bates:HSGAC-000090..HSGAC-000100')).toHaveLength(1);
    expect(await named('bates:HSGAC-000102..HSGAC-000200')).toEqual([]);
    expect(await named('bates:OTHER-*')).toEqual([]);
    expect(await named('sponsor AND bates:HSGAC-*')).toEqual(['memo.txt', 'review.eml']);
    expect(await named('sponsor NOT bates:HSGAC-*')).toEqual(['placement.eml']);
    const refused = async (query: string) => (await fails(core.invoke('documents.search', { query }))).message;
    expect(await refused('bates:HSGAC')).toMatch(/"HSGAC" is not a Bates number/);
    expect(await refused('bates:HSGAC-000200..HSGAC-000100')).toMatch(/ends before it starts/);
    expect(await refused('bates:HSGAC-1..ABC-2')).toMatch(/same prefix/);
  });

  it('refuses an unknown field, a bad date, a missing tag and a field OR’ed with words, saying how to write them', async () => {
    const core = await corpus();
    const refused = async (query: string) => {
      const e = await fails(core.invoke('documents.search', { query }));
      expect(e.code).toBe('BAD_INPUT');
      return e.message;
    };
    expect(await refused('sponsor foo:bar')).toMatch(/^query: foo: at position 9 is not a field; the fields are from: to: cc: bcc: subject: filename: custodian: metadata: folder: tag: type: date: bates:/);
    expect(await refused('date:2024-13')).toMatch(/^query: date:2024-13 at position 1: there is no month 13\./);
    expect(await refused('sponsor date:2024-03..2024-01')).toMatch(/^query: date:2024-03\.\.2024-01 at position 9: the range ends before it starts/);
    expect(await refused('tag:"No such tag"')).toMatch(/^query: tag:"No such tag" at position 1: there is no such tag/);
    expect(await refused('from:ice OR sponsor')).toMatch(/^query: from: at position 1 is OR'ed with words.*\(from:ice OR from:hhs\) AND children/);
    expect(await refused('from:acf NOT address')).toMatch(/no words before it to take them from/);
    // A saved search must run, so a bad field is refused when it is saved.
    expect((await fails(core.invoke('searches.save', { name: 'bad field', query: 'foo:bar', filters: {} }))).code).toBe('BAD_INPUT');
    // Text with a colon that names no field is searched as text, as before.
    expect(await hits(core, 'http://quillon')).toEqual([]);
    expect(await hits(core, '10:30')).toEqual([]);
  });
});

describe('the fields index', () => {
  it('holds the documents a workspace already had when it is brought up to date', async () => {
    const ws = await olderWorkspace(16, 'fields');
    try {
      const id = await insertOlderEmail(ws.engine);
      await ws.engine.run("INSERT INTO document_names (document_id, name, path, source, added_at) VALUES (?, 'renamed-twice.eml', 'renamed-twice.eml', 'Second source', '2026-11-02T00:00:00.000Z')", [id]);
      const engine = await ws.upgrade();
      const found = fieldMatches(engine);
      for (const q of ['from:ice', 'subject:placement', 'filename:older', 'filename:"renamed twice"', 'custodian:second']) expect(await found(q), q).toEqual([id]);
      expect(await found('from:hhs')).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});

describe('sunshine search with fields', () => {
  it('finds by a field, refuses an unknown one with exit code 2, and says so in its help', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-fields-cli-');
    makeEml(path.join(src, 'notice.eml'), { from: 'ERO <ero@ice.dhs.gov>', subject: 'Transfer notice', date: 'Mon, 15 Jan 2024 09:00:00 -0500', html: '<p>The transfer of bramblewick cases.</p>' });
    expect(runSunshine(ws, ['import', src]).code).toBe(0);
    expect(runSunshine(ws, ['search', 'from:ice bramblewick'])).toMatchObject({ code: 0, out: expect.stringMatching(/^#\d+ notice\.eml p\.1: .*\[bramblewick\]/) });
    expect(runSunshine(ws, ['search', 'subject:transfer date:2024-01'])).toMatchObject({ code: 0, out: expect.stringMatching(/^#\d+ notice\.eml p\.1: The transfer of bramblewick cases/) });
    const unknown = runSunshine(ws, ['search', 'author:ada']);
    expect(unknown.code).toBe(2);
    expect(unknown.err.trim()).toMatch(/^sunshine: query: author: at position 1 is not a field; the fields are from: to: cc: bcc: subject: filename: custodian: metadata: folder: tag: type: date: bates:\. .*\[BAD_INPUT\]$/);
    expect(runSunshine(ws, ['search', '--help']).out).toMatch(/from:ice.*date:2024-01\.\.2024-03/s);
  });
});
