/**
 * Words in order (`pre/N`), `?` wildcards, words as written with their forms on request (`~`),
 * on both engines through the same search, and the migration that made the index exact: saved
 * searches still find what they found.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documents.ts';
import type { Engine } from '../../db/engine.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { withFormsAsSaved } from '../../db/migrations/0017_exact_words.ts';
import { openPgStore } from '../../db/pg/store.ts';
import { listSavedSearches } from '../../db/review.ts';
import { openStore, type Writer } from '../../db/store.ts';
import { search } from '../../core/documents/search.ts';
import { AppError } from '../../core/errors.ts';
import { newDocument } from './new-document.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

interface Workspace {
  name: string;
  engine: Engine;
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-search-forms-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** A workspace at the schema the migrations given leave it at (all of them unless said). */
type Opener = (name: string, migrations?: typeof MIGRATIONS) => Promise<Workspace>;
const sqlite: Opener = async (name, migrations) => {
  const store = openStore(path.join(folder, `${name}.db`), migrations ? { migrations } : {});
  return { name: 'sqlite', engine: store.engine, write: (fn) => store.write('Test', fn), close: async () => store.close() };
};
const openers: [string, Opener][] = [['sqlite', sqlite]];
if (pgServer) {
  const s = pgServer;
  const databases = new Map<string, string>();
  openers.push([
    'postgres',
    async (name, migrations) => {
      if (!databases.has(name)) databases.set(name, await freshPgDatabase(s, `forms_${name.replace(/\W/g, '_')}`));
      const store = await openPgStore(pgUrl(s, databases.get(name)!), { password: s.password, ...(migrations ? { migrations } : {}) });
      return { name: 'postgres', engine: store.engine, write: (fn) => store.write('Test', fn), close: () => store.close() };
    },
  ]);
} else {
  console.warn('[skipped] the PostgreSQL half of the word forms comparison: no PostgreSQL server here');
}

const PAGES: Record<string, string> = {
  order: 'The address of the sponsor was given.',
  reversed: 'The sponsor gave an address later.',
  far: 'The sponsor moved, and after a long while and many words gave the new address.',
  forms: 'Sponsors sponsored; the sponsoring agency is the sponsorship office.',
  team: 'The team met; a term was set; the teem of people; a tram went by.',
  women: 'Women and a woman spoke; Café Zoë too.',
};

async function load(ws: Workspace): Promise<(query: string) => Promise<string[]>> {
  const names = new Map<number, string>();
  await ws.write(async (w) => {
    for (const [name, text] of Object.entries(PAGES)) names.set(await insertDocument(w, newDocument(`forms-${name}`, { pages: [text] })), name);
    await w.audit({ action: 'test.corpus', entity: 'test', entityId: '1' });
  });
  return async (query) => (await search(ws.engine, query, {}, 0, 100)).hits.map((h) => names.get(h.documentId)!).sort();
}

const CASES: [string, string[]][] = [
  // Words as written: case and accents folded, nothing stemmed.
  ['sponsor', ['far', 'order', 'reversed']],
  ['sponsored', ['forms']],
  ['sponsor~', ['far', 'forms', 'order', 'reversed']],
  ['SPONSORED~', ['far', 'forms', 'order', 'reversed']],
  ['"the sponsoring agency"~', ['forms']],
  ['"the sponsor agency"~', ['forms']],
  ['"the sponsor agency"', []],
  ['cafe zoe', ['women']],
  // One letter or digit for each ?.
  ['te?m', ['team']],
  ['t??m', ['team']],
  ['wom?n', ['women']],
  ['t?am', ['team']],
  ['te?m*', ['team']],
  ['zzq?x', []],
  ['te?m AND zzq?x', []],
  ['te?m OR zzq?x', ['team']],
  ['woman NOT zzq?x', ['women']],
  // The first word before the second, within the distance; w/N takes either order.
  ['sponsor pre/3 address', ['reversed']],
  ['address pre/3 sponsor', ['order']],
  ['sponsor w/3 address', ['order', 'reversed']],
  ['sponsor pre/20 address', ['far', 'reversed']],
  ['"the sponsor" pre/3 address', ['reversed']],
  ['sponsor~ pre/3 address', ['reversed']],
  ['sponsor~ w/3 address', ['order', 'reversed']],
  ['NEAR(te?m met, 1)', ['team']],
  ['(sponsor pre/3 address) OR woman', ['reversed', 'women']],
  ['sponsor NOT (sponsor pre/3 address)', ['far', 'order']],
  ['the pre/4 address pre/4 sponsor', ['order']],
  ['the pre/3 address pre/3 sponsor', []],
];

describe.each(openers)('word forms, wildcards and order on %s', (_name, open) => {
  let ws: Workspace;
  let find: (query: string) => Promise<string[]>;
  beforeAll(async () => {
    ws = await open('corpus');
    find = await load(ws);
  });
  afterAll(async () => {
    await ws?.close();
  });

  it.each(CASES)('%s', async (query, expected) => {
    expect(await find(query)).toEqual(expected);
  });

  it('suggests, for a query that found nothing, the words of the index one or two edits away, on most pages first', async () => {
    const suggested = async (query: string) => (await search(ws.engine, query, {}, 0, 10)).suggestions;
    expect(await suggested('sponsr')).toEqual(['sponsor', 'sponsors']);
    expect(await suggested('adress pre/3 Sponsor')).toEqual(['address pre/3 Sponsor']);
    expect(await suggested('sponsr~ AND adress')).toEqual(['sponsor~ AND address', 'sponsors~ AND address']);
    expect(await suggested('"the tem met"')).toEqual(['"the team met"', '"the teem met"', '"the term met"']);
    // Found something, or nothing close: no suggestion.
    expect(await suggested('sponsor')).toEqual([]);
    expect(await suggested('qqqqqqq')).toEqual([]);
    expect(await suggested('team AND sponsor')).toEqual([]);
  });

  it('finds a word added after the vocabulary was first read', async () => {
    expect(await find('quoz?l')).toEqual([]);
    await ws.write(async (w) => {
      await insertDocument(w, newDocument('forms-late', { pages: ['A quozal arrived.'] }));
      await w.audit({ action: 'test.late', entity: 'test', entityId: '2' });
    });
    expect((await search(ws.engine, 'quoz?l', {}, 0, 10)).hits).toHaveLength(1);
  });

  it('refuses a wildcard that stands for too many words, saying to type more', async () => {
    await ws.write(async (w) => {
      const words = Array.from({ length: 210 }, (_, i) => `zk${String(i).padStart(3, '0')}`).join(' ');
      await insertDocument(w, newDocument('forms-many', { pages: [words] }));
      await w.audit({ action: 'test.many', entity: 'test', entityId: '3' });
    });
    const refused = await search(ws.engine, 'zk???', {}, 0, 10).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toBe('query: zk??? stands for more than 200 words in the index: type more of the word.');
    expect((await search(ws.engine, 'zk1??', {}, 0, 200)).total).toBe(1);
  });
});

describe('saved searches across the change to words as written', () => {
  it('marks every plain term and phrase for word forms, and keeps what it cannot read', () => {
    expect(withFormsAsSaved('sponsor AND "released to sponsors" OR spons* NOT ice')).toBe('sponsor~ AND "released to sponsors"~ OR spons* NOT ice~');
    expect(withFormsAsSaved('NEAR(cat hat, 6) (a w/5 b) "x y"~2 "p q"* 291,000 MS-13')).toBe('NEAR(cat~ hat~, 6) (a~ w/5 b~) "x y"~2 "p q"* 291,000 MS-13~');
    // A name and a colon became a field with migration 18: quoted, the old words stay words.
    expect(withFormsAsSaved('from:ice OR note:sponsor* http://x')).toBe('"from:ice"~ OR "note:sponsor"* "http://x"~');
    expect(withFormsAsSaved('"unclosed sponsor')).toBe('"unclosed sponsor');
  });

  it.each(openers)('on %s: a saved search finds after the migration what it found before', async (name, open) => {
    const before = await open('saved', MIGRATIONS.slice(0, 16));
    await before.write(async (w) => {
      await insertDocument(w, newDocument('saved-forms', { pages: ['The sponsors were released.'] }));
      await w.run("INSERT INTO saved_searches (name, query, filters, created_at) VALUES ('Released', 'sponsor AND release', '{}', ?)", [w.at]);
      await w.audit({ action: 'test.saved', entity: 'test', entityId: '4' });
    });
    // The stemmed index of then, read directly: this code searches the index of now.
    const found = (
      await before.engine.get<{ n: number }>(
        name === 'sqlite'
          ? `SELECT count(*) AS n FROM pages_fts WHERE pages_fts MATCH '"sponsor" AND "release"'`
          : `SELECT count(*) AS n FROM pages WHERE tsv @@ to_tsquery('sunshine', 'sponsor & release')`,
      )
    )?.n;
    await before.close();
    expect(Number(found), `${name} before the migration`).toBe(1);

    const after = await open('saved');
    try {
      const [saved] = await listSavedSearches(after.engine);
      expect(saved!.query).toBe('sponsor~ AND release~');
      expect((await search(after.engine, saved!.query, {}, 0, 10)).total).toBe(1);
      expect((await search(after.engine, 'sponsor AND release', {}, 0, 10)).total).toBe(0);
    } finally {
      await after.close();
    }
  });
});
