/**
 * Search on both engines (docs/engines.md §4.5–4.8): one corpus loaded into SQLite and into
 * PostgreSQL through the db functions, the same queries and filters, the same pages, totals,
 * facets and paging, snippets marking the hit, the requests list's text filter, and results
 * that follow a write. Ranks differ between the engines, so order is compared only where one
 * page plainly outranks the rest.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMatchingDocuments, insertDocument, linkDocument, listDocuments, type NewDocument, type SearchFilters } from '../../db/documents.ts';
import type { Engine, Reader } from '../../db/engine.ts';
import { openPgStore } from '../../db/pg/store.ts';
import { listRequests, type ListQuery } from '../../db/requests.ts';
import type { Writer } from '../../db/store.ts';
import { openStore } from '../../db/store.ts';
import { HIT_CLOSE, HIT_OPEN, compileSearch, search, withFields } from '../../core/documents/search.ts';
import { requestTextQuery } from '../../core/requests/service.ts';
import { newDocument } from './new-document.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

interface Workspace {
  name: 'sqlite' | 'postgres';
  engine: Engine;
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  /** Another connection to the same database, as another window or machine would hold. */
  another(): Promise<Workspace>;
  close(): Promise<void>;
}

function sqliteWorkspace(file: string): Workspace {
  const store = openStore(file);
  return { name: 'sqlite', engine: store.engine, write: (fn) => store.write('Test', fn), another: async () => sqliteWorkspace(file), close: async () => store.close() };
}

// Its own folder, not tempDir(): that one is removed after each test, and this workspace lives through the file.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-search-engines-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const opens: (() => Promise<Workspace>)[] = [async () => sqliteWorkspace(path.join(folder, 'sunshine.db'))];
if (pgServer) {
  const s = pgServer;
  const pgWorkspace = async (url: string): Promise<Workspace> => {
    const store = await openPgStore(url, { password: s.password });
    return { name: 'postgres', engine: store.engine, write: (fn) => store.write('Test', fn), another: () => pgWorkspace(url), close: () => store.close() };
  };
  opens.push(async () => pgWorkspace(pgUrl(s, await freshPgDatabase(s, 'search_engines'))));
} else {
  console.warn('[skipped] the PostgreSQL half of the search comparison: no PostgreSQL server here');
}

const doc = (name: string, type: string, docDate: string | null, source: string, pages: string[]): NewDocument =>
  newDocument(name, { sha256: createHash('sha256').update(name).digest('hex'), size: 1, type, path: name, source, docDate, pages });

/** The corpus: each page is named `document:page` in the expectations below. */
const DOCUMENTS = [
  doc('memo', 'text', '2021-03-04T10:00:00.000Z', 'Inbox', ['The sponsor was linked to MS-13 by a tattoo.', 'Budget figures for the shelter program.']),
  doc('letter', 'pdf', '2022-06-01T10:00:00.000Z', 'HHS production', ['Write to ada@example.org about the e-mail of 2021 and the sponsor.', 'Nothing here but weather.']),
  doc('notes', 'docx', '2023-01-10T10:00:00.000Z', 'Inbox', ['The cat sat on the mat near a hat.', 'Sponsors sponsored the shelter, said the long and rambling minutes of the meeting held that week in the office downtown.']),
  doc('report', 'text', null, 'Field office', [
    'The shelter report names no sponsor at first. '.repeat(3) + 'Then sponsor, sponsor, sponsor and again the sponsor, a sponsor everywhere.',
  ]),
];

interface Loaded extends Workspace {
  /** Document ids by name. */
  docs: Map<string, number>;
  tagId: number;
  requestId: number;
  /** `document:page` names of what the search found, sorted. */
  find(query: string, f?: SearchFilters): Promise<string[]>;
}

async function load(ws: Workspace): Promise<Loaded> {
  const docs = new Map<string, number>();
  const ids = await ws.write(async (w) => {
    const agency = (await w.run("INSERT INTO agencies (name, abbreviation) VALUES ('Office of Search Tests', 'OSTX') RETURNING id")).lastId!;
    const request = async (reference: string, subject: string, sought: string, notes: string) =>
      (await w.run(
        `INSERT INTO requests (reference, kind, agency_id, subject, records_sought, notes, created_at, updated_at)
           VALUES (?, 'foia', ?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z') RETURNING id`,
        [reference, agency, subject, sought, notes],
      )).lastId!;
    const requestId = await request('REQ-2021-0001', 'Unaccompanied children sponsors', 'Shelter contracts', '');
    await request('REQ-2021-0002', 'Grant spending', 'Sponsorship agreements for the shelters', 'Asked by phone');
    await request('REQ-2021-0003', 'Weather records', 'Storm reports', 'sponsor unknown');
    for (const d of DOCUMENTS) docs.set(d.name, await insertDocument(w, d));
    const tagId = (await w.run("INSERT INTO tags (name, path, color, created_at) VALUES ('Hot', 'Hot', 'red', ?) RETURNING id", [w.at])).lastId!;
    for (const name of ['memo', 'notes']) await w.run('INSERT INTO document_tags (tag_id, document_id, tagged_at, tagged_by) VALUES (?, ?, ?, ?)', [tagId, docs.get(name), w.at, w.actor]);
    await w.run("INSERT INTO reviews (document_id, status, updated_at, updated_by) VALUES (?, 'responsive', ?, ?)", [docs.get('letter'), w.at, w.actor]);
    for (const name of ['memo', 'letter']) await linkDocument(w, docs.get(name)!, requestId, 'REQ-2021-0001');
    await w.audit({ action: 'test.corpus', entity: 'test', entityId: '1' });
    return { requestId, tagId };
  });
  const names = new Map([...docs].map(([name, id]) => [id, name]));
  const find = async (query: string, f: SearchFilters = {}) => {
    const page = await search(ws.engine, query, f, 0, 1000);
    return page.hits.map((h) => `${names.get(h.documentId)}:${h.page}`).sort();
  };
  return { ...ws, docs, ...ids, find };
}

const SPONSOR = ['letter:1', 'memo:1', 'notes:2', 'report:1'];

const QUERIES: [string, string[]][] = [
  // Words as written; their forms on request.
  ['sponsor', ['letter:1', 'memo:1', 'report:1']],
  ['sponsor~', SPONSOR],
  ['Sponsors', ['notes:2']],
  ['spons*', SPONSOR],
  ['"shelter program"', ['memo:2']],
  ['shelter AND sponsor~', ['notes:2', 'report:1']],
  ['shelter OR tattoo', ['memo:1', 'memo:2', 'notes:2', 'report:1']],
  ['sponsor NOT shelter', ['letter:1', 'memo:1']],
  ['MS-13 w/5 sponsor', ['memo:1']],
  ['ada@example.org', ['letter:1']],
  ['e-mail', ['letter:1']],
  ['NEAR(cat hat, 6)', ['notes:1']],
  ['zzzunheard', []],
];

describe.each(opens.map((open, i) => [i === 0 ? 'sqlite' : 'postgres', open] as const))('search on %s', (_name, open) => {
  let ws: Loaded;
  beforeAll(async () => {
    ws = await load(await open());
  });
  afterAll(async () => {
    await ws?.close();
  });

  it.each(QUERIES)('%s finds the same pages', async (query, expected) => {
    expect(await ws.find(query)).toEqual(expected);
  });

  it('filters by type, date, tag, review status, request and source', async () => {
    expect(await ws.find('sponsor~', { type: 'text' })).toEqual(['memo:1', 'report:1']);
    expect(await ws.find('sponsor~', { from: '2022-01-01' })).toEqual(['letter:1', 'notes:2']);
    expect(await ws.find('sponsor~', { from: '2022-01-01', before: '2023-01-01' })).toEqual(['letter:1']);
    expect(await ws.find('sponsor~', { tagIds: [ws.tagId] })).toEqual(['memo:1', 'notes:2']);
    expect(await ws.find('sponsor~', { status: 'responsive' })).toEqual(['letter:1']);
    expect(await ws.find('sponsor~', { status: 'unreviewed' })).toEqual(['memo:1', 'notes:2', 'report:1']);
    expect(await ws.find('sponsor~', { requestId: ws.requestId })).toEqual(['letter:1', 'memo:1']);
    expect(await ws.find('sponsor~', { source: 'Inbox' })).toEqual(['memo:1', 'notes:2']);
    expect(await ws.find('sponsor~', { type: 'nothing-of-this-type' })).toEqual([]);
  });

  it('counts the same facets over the matching documents', async () => {
    const { facets, facetPages, facetsCapped } = await search(ws.engine, 'sponsor~', { type: 'text' }, 0, 10);
    expect({ facetPages, facetsCapped }).toEqual({ facetPages: 4, facetsCapped: false });
    expect({ ...facets, statuses: [...facets.statuses].sort((a, b) => a.value.localeCompare(b.value)) }).toEqual({
      types: [
        { value: 'text', count: 2 },
        { value: 'docx', count: 1 },
        { value: 'pdf', count: 1 },
      ],
      requests: [{ value: 'REQ-2021-0001', count: 2 }],
      sources: [
        { value: 'Inbox', count: 2 },
        { value: 'Field office', count: 1 },
        { value: 'HHS production', count: 1 },
      ],
      years: [
        { value: '2023', count: 1 },
        { value: '2022', count: 1 },
        { value: '2021', count: 1 },
      ],
      tags: [{ value: 'Hot', count: 2 }],
      statuses: [
        { value: 'responsive', count: 1 },
        { value: 'unreviewed', count: 3 },
      ],
      // Nothing here was scanned for personal data (pii-scan.test.ts counts kinds).
      pii: [],
    });
  });

  it('pages through one ranked list: the same total, no page twice, the plain best first', async () => {
    const first = await search(ws.engine, 'sponsor', {}, 0, 2);
    const second = await search(ws.engine, 'sponsor', {}, 2, 2);
    expect({ total: first.total, capped: first.capped }).toEqual({ total: 3, capped: false });
    expect([first.hits.length, second.hits.length]).toEqual([2, 1]);
    const seen = [...first.hits, ...second.hits].map((h) => `${h.documentId}:${h.page}`);
    expect(new Set(seen).size).toBe(3);
    // Eight sponsors on one page against one or two elsewhere: every ranking puts it first.
    expect(first.hits[0]).toMatchObject({ documentId: ws.docs.get('report'), page: 1 });
    expect(first.hits[0]!.score).toBeGreaterThan(first.hits[1]!.score);
  });

  it('reads a page of hits in as many queries however many documents it shows (each is a round trip on PostgreSQL)', async () => {
    const queriesFor = async (query: string) => {
      let asked = 0;
      // A reader of its own: the search cache is per reader, so each search here runs in full.
      const counting: Reader = {
        kind: ws.engine.kind,
        all: (sql, params) => (asked++, ws.engine.all(sql, params)),
        get: (sql, params) => (asked++, ws.engine.get(sql, params)),
      };
      const { hits } = await search(counting, query, {}, 0, 10);
      return { documents: new Set(hits.map((h) => h.documentId)).size, asked };
    };
    const one = await queriesFor('tattoo~');
    const four = await queriesFor('sponsor~');
    expect([one.documents, four.documents]).toEqual([1, 4]);
    expect(four.asked).toBe(one.asked);
  });

  it('marks the hit words in snippets, with … where the page goes on', async () => {
    const snippet = async (query: string, name: string) => (await search(ws.engine, query, { documentId: ws.docs.get(name) }, 0, 10)).hits[0]!.snippet;
    expect(await snippet('tattoo', 'memo')).toBe(`The sponsor was linked to MS-13 by a ${HIT_OPEN}tattoo${HIT_CLOSE}.`);
    expect(await snippet('ada@example.org', 'letter')).toContain(`${HIT_OPEN}ada`);
    // A distance match shows the words after its last word too, not a snippet cut off there.
    const near = await snippet('sponsor w/5 MS-13', 'memo');
    expect(near).toContain(`${HIT_OPEN}sponsor${HIT_CLOSE}`);
    expect(near).toMatch(/by a tattoo\.$/);
    // A phrase is marked as one stretch, its punctuation inside it.
    expect(await snippet('"sponsor was linked"', 'memo')).toContain(`${HIT_OPEN}sponsor was linked${HIT_CLOSE}`);
    expect(await snippet('MS-13', 'memo')).toContain(`${HIT_OPEN}MS-13${HIT_CLOSE}`);
    const long = await snippet('sponsor', 'report');
    expect(long).toContain(`${HIT_OPEN}sponsor${HIT_CLOSE}`);
    expect(long.split(/\s+/).length).toBeLessThanOrEqual(26);
    expect(long.endsWith('…') || long.startsWith('…')).toBe(true);
  });

  it('lists every matching document for tagging "every result", and the tag filter in the plain list', async () => {
    const all = async (query: string, f: SearchFilters = {}) => {
      const c = (await compileSearch(ws.engine, query))!;
      return (await allMatchingDocuments(ws.engine, c.match, withFields(f, c))).sort((a, b) => a - b);
    };
    const idsOf = (...names: string[]) => names.map((n) => ws.docs.get(n)!).sort((a, b) => a - b);
    expect(await all('sponsor~')).toEqual(idsOf('memo', 'letter', 'notes', 'report'));
    expect(await all('sponsor~', { tagIds: [ws.tagId] })).toEqual(idsOf('memo', 'notes'));
    const listed = await listDocuments(ws.engine, { tagIds: [ws.tagId], offset: 0, limit: 10 });
    expect(listed.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(idsOf('memo', 'notes'));
    expect(listed.total).toBe(2);
  });

  it('filters the requests list by words typed, each a prefix, all required', async () => {
    const refs = async (text: string) => {
      const q: ListQuery = { text: requestTextQuery(text, ws.engine.kind), sort: 'reference', dir: 'asc', offset: 0, limit: 50 };
      const { rows, total } = await listRequests(ws.engine, q);
      expect(total).toBe(rows.length);
      return rows.map((r) => r.reference);
    };
    expect(await refs('sponsor')).toEqual(['REQ-2021-0001', 'REQ-2021-0002', 'REQ-2021-0003']);
    expect(await refs('spons shelt')).toEqual(['REQ-2021-0001', 'REQ-2021-0002']);
    expect(await refs('"shelter" (grant')).toEqual(['REQ-2021-0002']);
    expect(await refs('phone')).toEqual(['REQ-2021-0002']);
    expect(await refs('storm sponsor')).toEqual(['REQ-2021-0003']);
    expect(await refs('storm grant')).toEqual([]);
  });

  it('sees a write made after a search: cached results follow the data', async () => {
    expect(await ws.find('quetzalcoatl')).toEqual([]);
    const id = await ws.write((w) => insertDocument(w, doc('quetzal', 'text', '2020-01-01T00:00:00.000Z', 'Inbox', ['A note about Quetzalcoatl.'])));
    ws.docs.set('quetzal', id);
    expect((await search(ws.engine, 'quetzalcoatl', {}, 0, 10)).hits.map((h) => h.documentId)).toEqual([id]);
  });

  it('sees a write made through another connection to the same database', async () => {
    expect(await ws.find('xylophonist')).toEqual([]);
    const other = await ws.another();
    try {
      const id = await other.write((w) => insertDocument(w, doc('xylophone', 'text', '2020-02-02T00:00:00.000Z', 'Inbox', ['The xylophonist wrote in.'])));
      expect((await search(ws.engine, 'xylophonist', {}, 0, 10)).hits.map((h) => h.documentId)).toEqual([id]);
    } finally {
      await other.close();
    }
  });
});
