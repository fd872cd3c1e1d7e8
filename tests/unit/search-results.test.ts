/**
 * Search results per page or per document, sorted by relevance, date or Bates: what each hit
 * says of its document (type, date, tags, Bates range), how many pages of a document matched,
 * paging, and ties. Run on either engine (SUNSHINE_TEST_ENGINE): date and Bates order are the
 * same on both to the last row.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { makeDocx, makePdf, write } from './fixtures.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';
import { newDocument } from './new-document.ts';
import { insertDocument } from '../../db/documents.ts';
import { CANDIDATES } from '../../core/documents/search.ts';

/**
 * Seven documents holding "quokka", imported one by one so their ids run in this order:
 * two of them twins (the same text, so the same rank), one of them undated.
 */
async function corpus(): Promise<{ core: Core; id: Record<string, number> }> {
  const core = await testCore();
  const src = tempDir('sunshine-src-');
  const files: [string, () => Promise<unknown> | void][] = [
    ['alpha.pdf', () => makePdf(path.join(src, 'alpha.pdf'), ['quokka sighting one', 'quokka sighting two', 'nothing of note'], { created: new Date('2021-05-01T12:00:00Z') })],
    ['bravo.pdf', () => makePdf(path.join(src, 'bravo.pdf'), ['a lone quokka'], { created: new Date('2023-02-01T12:00:00Z') })],
    ['charlie.txt', () => void write(src, 'charlie.txt', 'quokka in plain text')],
    ['delta.pdf', () => makePdf(path.join(src, 'delta.pdf'), ['quokka island report', 'more quokka colonies'], { created: new Date('2022-07-01T12:00:00Z') })],
    ['echo.docx', () => makeDocx(path.join(src, 'echo.docx'), ['quokka survey notes'], { created: '2022-07-01T12:00:00Z' })],
    ['foxtrot.pdf', () => makePdf(path.join(src, 'foxtrot.pdf'), ['quokka twin page'], { created: new Date('2020-01-01T12:00:00Z') })],
    ['golf.pdf', () => makePdf(path.join(src, 'golf.pdf'), ['quokka twin page '], { created: new Date('2020-01-01T12:00:00Z') })],
  ];
  const id: Record<string, number> = {};
  for (const [name, make] of files) {
    await make();
    const r = await ok(core.invoke('documents.import', { paths: [path.join(src, name)] }));
    id[name] = r.files[0]!.documentId!;
  }
  return { core, id };
}

const names = (hits: { name: string }[]) => hits.map((h) => h.name);

describe('search results per document', () => {
  it('groups matching pages by document, with the best page, the count of pages that matched, type, date and tags', async () => {
    const { core, id } = await corpus();
    await ok(core.invoke('tags.create', { name: 'Zeta' }));
    await ok(core.invoke('tags.create', { name: 'Quokkas', parent: 'Zeta' }));
    await ok(core.invoke('tags.create', { name: 'Alpha' }));
    await ok(core.invoke('tags.apply', { tag: 'Zeta/Quokkas', ids: [id['delta.pdf']!] }));
    await ok(core.invoke('tags.apply', { tag: 'Alpha', ids: [id['delta.pdf']!] }));

    const pages = await ok(core.invoke('documents.search', { query: 'quokka' }));
    expect(pages.total).toBe(9);
    expect(pages.capped).toBe(false);
    expect(pages.hits.every((h) => h.matchingPages === undefined)).toBe(true);
    // Each page hit says what its document is, too.
    expect(pages.hits.filter((h) => h.name === 'delta.pdf').map((h) => [h.page, h.type, h.date?.slice(0, 10), h.tags, h.bates])).toEqual(
      expect.arrayContaining([
        [1, 'pdf', '2022-07-01', ['Alpha', 'Zeta/Quokkas'], null],
        [2, 'pdf', '2022-07-01', ['Alpha', 'Zeta/Quokkas'], null],
      ]),
    );

    const docs = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents' }));
    expect(docs.total).toBe(7);
    expect(names(docs.hits).sort()).toEqual(['alpha.pdf', 'bravo.pdf', 'charlie.txt', 'delta.pdf', 'echo.docx', 'foxtrot.pdf', 'golf.pdf']);
    const byName = new Map(docs.hits.map((h) => [h.name, h]));
    expect(byName.get('alpha.pdf')).toMatchObject({ documentId: id['alpha.pdf'], matchingPages: 2, type: 'pdf', tags: [], bates: null });
    expect([1, 2]).toContain(byName.get('alpha.pdf')!.page);
    expect(byName.get('alpha.pdf')!.snippet).toMatch(/\uE000quokka\uE001/);
    expect(byName.get('delta.pdf')).toMatchObject({ matchingPages: 2, tags: ['Alpha', 'Zeta/Quokkas'] });
    expect(byName.get('charlie.txt')).toMatchObject({ matchingPages: 1, type: 'text', date: null });
    expect(byName.get('echo.docx')).toMatchObject({ matchingPages: 1, type: 'docx' });
    expect(byName.get('echo.docx')!.date?.slice(0, 10)).toBe('2022-07-01');
    // Twins rank the same: the newer document first, on either engine.
    const twins = names(docs.hits).filter((n) => n === 'foxtrot.pdf' || n === 'golf.pdf');
    expect(twins).toEqual(['golf.pdf', 'foxtrot.pdf']);
  });

  it('sorts by document date, newest first and undated last, ties to the newer document and then by page', async () => {
    const { core } = await corpus();
    const docs = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents', sort: 'date' }));
    expect(names(docs.hits)).toEqual(['bravo.pdf', 'echo.docx', 'delta.pdf', 'alpha.pdf', 'golf.pdf', 'foxtrot.pdf', 'charlie.txt']);
    const pages = await ok(core.invoke('documents.search', { query: 'quokka', sort: 'date' }));
    expect(pages.hits.map((h) => `${h.name}:${h.page}`)).toEqual([
      'bravo.pdf:1',
      'echo.docx:1',
      'delta.pdf:1',
      'delta.pdf:2',
      'alpha.pdf:1',
      'alpha.pdf:2',
      'golf.pdf:1',
      'foxtrot.pdf:1',
      'charlie.txt:1',
    ]);
  });

  it('sorts by the Bates number of the first production, documents never produced last, and shows that range', async () => {
    const { core, id } = await corpus();
    await ok(core.invoke('tags.create', { name: 'First' }));
    await ok(core.invoke('tags.apply', { tag: 'First', ids: [id['bravo.pdf']!, id['delta.pdf']!] }));
    await ok(core.invoke('productions.create', { tag: 'First', prefix: 'TEST-', start: 100, padding: 6, folder: path.join(tempDir('sunshine-out-'), 'one') }));
    // A later production under a prefix that sorts earlier: delta keeps its first numbers.
    await ok(core.invoke('tags.create', { name: 'Second' }));
    await ok(core.invoke('tags.apply', { tag: 'Second', ids: [id['alpha.pdf']!, id['delta.pdf']!] }));
    await ok(core.invoke('productions.create', { tag: 'Second', prefix: 'ABC-', start: 1, padding: 4, folder: path.join(tempDir('sunshine-out-'), 'two') }));

    const docs = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents', sort: 'bates' }));
    const bates = new Map(docs.hits.map((h) => [h.name, h.bates]));
    expect(bates.get('alpha.pdf')).toEqual({ first: expect.stringMatching(/^ABC-000\d$/), last: expect.stringMatching(/^ABC-000\d$/) });
    expect(bates.get('delta.pdf')!.first).toMatch(/^TEST-0001\d\d$/);
    expect(bates.get('bravo.pdf')!.first).toMatch(/^TEST-0001\d\d$/);
    const bravoFirst = bates.get('bravo.pdf')!.first < bates.get('delta.pdf')!.first;
    expect(names(docs.hits)).toEqual([
      'alpha.pdf',
      ...(bravoFirst ? ['bravo.pdf', 'delta.pdf'] : ['delta.pdf', 'bravo.pdf']),
      // Never produced: newest first.
      'golf.pdf',
      'foxtrot.pdf',
      'echo.docx',
      'charlie.txt',
    ]);
    // A three-page document's range runs over its three pages.
    const a = bates.get('alpha.pdf')!;
    expect(Number(a.last.slice(4)) - Number(a.first.slice(4))).toBe(2);
  });

  it('pages through documents in the order chosen, with the total in documents', async () => {
    const { core } = await corpus();
    const all = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents', sort: 'date' }));
    const paged: string[] = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const r = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents', sort: 'date', offset, limit: 3 }));
      expect(r.total).toBe(7);
      paged.push(...names(r.hits));
    }
    expect(paged).toEqual(names(all.hits));
    // Another view of the same search is a view of the same candidates, not a stale one after a change.
    await ok(core.invoke('tags.create', { name: 'Late' }));
    await ok(core.invoke('tags.apply', { tag: 'Late', search: { query: 'lone' } }));
    const after = await ok(core.invoke('documents.search', { query: 'quokka', group: 'documents', sort: 'date', limit: 1 }));
    expect(after.hits[0]).toMatchObject({ name: 'bravo.pdf', tags: ['Late'] });
  });

  it('says when more pages matched than were counted, so a document count is "at least"', async () => {
    const core = await testCore();
    await core.workspace.write('test', async (w) => {
      await insertDocument(w, newDocument('wide.txt', { pages: Array.from({ length: CANDIDATES + 1 }, (_, i) => `numbat page ${i}`) }));
      await insertDocument(w, newDocument('narrow.txt', { pages: ['one numbat'] }));
    });
    const r = await ok(core.invoke('documents.search', { query: 'numbat', group: 'documents' }));
    // The newest 5,000 pages: the narrow document and 4,999 of the wide one's.
    expect(r).toMatchObject({ capped: true, total: 2 });
    expect(r.hits.map((h) => [h.name, h.matchingPages])).toEqual(expect.arrayContaining([['wide.txt', CANDIDATES - 1], ['narrow.txt', 1]]));
  }, 60_000);

  it('refuses a view or a sort it does not know, saying which ones there are', async () => {
    const core = await testCore();
    expect(await fails(core.invoke('documents.search', { query: 'quokka', group: 'folders' as 'pages' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/group.*pages.*documents/s) });
    expect(await fails(core.invoke('documents.search', { query: 'quokka', sort: 'size' as 'date' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/sort.*relevance.*date.*bates/s) });
  });
});

describe('sunshine search --documents --sort', () => {
  it('prints one line a document with what it is and how many pages match, sorted as asked; --json has the fields; a bad sort exits 2', async () => {
    const { core, id } = await corpus();
    await ok(core.invoke('tags.create', { name: 'Hot' }));
    await ok(core.invoke('tags.apply', { tag: 'Hot', ids: [id['alpha.pdf']!] }));
    const ws = cliWorkspaceOf(core);
    core.close();
    const sunshine = (...args: string[]) => runSunshine(ws, args);

    const text = sunshine('search', 'quokka', '--documents', '--sort', 'date', '--limit', '4');
    expect(text.code).toBe(0);
    const lines = text.out.trim().split('\n');
    expect(lines.map((l) => l.replace(/^#\d+ (\S+).*/, '$1'))).toEqual(['bravo.pdf', 'echo.docx', 'delta.pdf', 'alpha.pdf', '(4 of 7 documents shown)']);
    expect(lines[0]).toMatch(/^#\d+ bravo\.pdf \(pdf, 2023-02-01\) — 1 page matches, p\.1: a lone \[quokka\]$/);
    expect(lines[3]).toMatch(/^#\d+ alpha\.pdf \(pdf, 2021-05-01, tags Hot\) — 2 pages match, best p\.[12]: .*\[quokka\] sighting/);

    const json = JSON.parse(sunshine('--json', 'search', 'quokka', '--documents', '--sort', 'date').out) as { total: number; hits: { name: string; matchingPages: number; date: string | null; tags: string[]; snippet: string }[] };
    expect(json.total).toBe(7);
    expect(json.hits.at(-1)).toMatchObject({ name: 'charlie.txt', matchingPages: 1, date: null, tags: [], snippet: 'quokka in plain text' });

    expect(sunshine('search', 'quokka', '--sort', 'size')).toMatchObject({ code: 2, err: expect.stringMatching(/sort.*relevance.*date.*bates/s) });
  }, 60_000);
});
