/**
 * The search language: what a typed query means, how a bad one is explained, and that both
 * engines find the same pages for it (FTS5 on SQLite, tsquery on PostgreSQL).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/store.ts';
import { SqliteEngine, type Engine } from '../../db/engine.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg } from '../../db/pg/migrate.ts';
import { MAX_TERMS, QueryError, explainQuery, parseQuery, splitFields, withWordForms } from '../../core/shared/search-query.ts';
import { toFts5, toTsquery } from '../../core/documents/query-render.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { write } from './fixtures.ts';

const fts = (q: string) => toFts5(parseQuery(q));
const refusal = (q: string): QueryError => {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`${q} was accepted`);
};

describe('fields in a query', () => {
  it('says each field in words, under the search box', () => {
    const explained = (q: string) => explainQuery(parseQuery(q));
    expect(explained('from:ice')).toBe('documents sent by “ice”');
    expect(explained('from:"ero@ice.dhs.gov"')).toBe('documents sent by “ero ice dhs gov”');
    expect(explained('To:staff cc:counsel')).toBe('documents sent to “staff” and copied to “counsel”');
    expect(explained('filename:wibble.JPG')).toBe('documents with a file name “wibble jpg”');
    expect(explained('subject:placement*')).toBe('documents with a subject “placement…”');
    expect(explained('custodian:"HHS production"')).toBe('documents from the custodian “hhs production”');
    expect(explained('tag:"Hot/Sponsors"')).toBe('documents tagged Hot/Sponsors');
    expect(explained('type:PDF')).toBe('documents of type pdf');
    expect(explained('date:2024-01..2024-03')).toBe('documents dated January–March 2024');
    expect(explained('date:2024-01-15')).toBe('documents dated 15 January 2024');
    expect(explained('date:2024')).toBe('documents dated 2024');
    expect(explained('date:..2024-03')).toBe('documents dated up to March 2024');
    expect(explained('date:2024-01..')).toBe('documents dated January 2024 or later');
    expect(explained('date:2023-11..2024-02')).toBe('documents dated November 2023–February 2024');
    expect(explained('subject:placement AND sponsor w/5 address')).toBe('“sponsor” within 5 words of “address”, in documents with a subject “placement”');
    expect(explained('sponsor NOT from:ice')).toBe('“sponsor”, in documents not sent by “ice”');
    expect(explained('(from:ice OR from:hhs) AND children')).toBe('“children”, in documents either sent by “ice” or sent by “hhs”');
    expect(explained('quillon NOT from:ice NOT date:2024 NOT tattoo')).toBe('“quillon”, but not “tattoo”, in documents not sent by “ice” and not dated 2024');
    expect(explained('type:eml NOT (from:ice OR cc:hhs)')).toBe('documents of type eml and not sent by “ice” and not copied to “hhs”');
  });

  it('cuts a query into page words and document conditions', () => {
    const split = splitFields(parseQuery('sponsor NOT from:ice NOT tattoo date:2024'));
    expect(toFts5(split.text!)).toBe('"sponsor" NOT "tattoo"');
    expect(split.fields.map((f) => [explainQuery(f.node), f.negated])).toEqual([
      ['documents dated 2024', false],
      ['documents sent by “ice”', true],
    ]);
    expect(splitFields(parseQuery('from:ice OR (to:hhs NOT cc:x)'))).toMatchObject({ fields: [{ node: { kind: 'or' }, negated: false }] });
    expect(splitFields(parseQuery('from:ice')).text).toBeUndefined();
  });

  it('reads text with a colon as text unless a field name is before it', () => {
    expect(fts('http://x')).toBe('"http x"');
    expect(fts('10:30')).toBe('"10 30"');
    expect(fts('MS-13:')).toBe('"MS 13"');
    expect(fts('note: this')).toBe('"note" AND "this"');
    expect(fts('"foo:bar"')).toBe('"foo bar"');
  });

  it.each([
    ['foo:bar', 1, /foo: at position 1 is not a field; the fields are from: to: cc: bcc: subject: filename: custodian: metadata: folder: tag: type: date: bates:\. To search for the text itself, put it in quotes \("foo:bar"\)/],
    ['sponsor date:2024-13', 9, /date:2024-13 at position 9: there is no month 13\. Write a day, a month or a year/],
    ['date:2024-03..2024-01', 1, /the range ends before it starts; put the earlier date first/],
    ['date:2023-02-29', 1, /February 2023 has no day 29/],
    ['date:24', 1, /"24" is not a date/],
    ['date:2024..2025..2026', 1, /a range is two dates joined by \.\./],
    ['from:', 1, /needs a value after the colon, with no space: from:ice/],
    ['from: ice', 1, /needs a value after the colon/],
    ['from:"unclosed', 6, /Unclosed quote at position 6/],
    ['from:*ice', 6, /cannot start with \*/],
    ['type:exe', 1, /the types are pdf, docx, doc, rtf, pptx, ppt, spreadsheet, csv, eml, msg, mailbox, archive, html, text, image, other/],
    ['tag:Hot*', 1, /name the tag by its path/],
    ['from:ice OR sponsor', 1, /OR'ed with words: a field can be OR'ed only with other fields\. Join the words with AND instead: \(from:ice OR from:hhs\) AND children/],
    ['sponsor NOT (from:ice tattoo)', 14, /takes away words and a field together.*sponsor NOT from:ice NOT tattoo/],
    ['from:ice NOT sponsor', 1, /no words before it to take them from/],
  ])('refuses %j at position %i', (q, position, message) => {
    const e = refusal(q);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
  });
});

describe('reading a query', () => {
  it.each([
    ['MS-13', '"MS 13"'],
    ['Ramirez-Cruz sponsor', '"Ramirez Cruz" AND "sponsor"'],
    ['291,000 $4.5', '"291 000" AND "4 5"'],
    ['26-F-0457 A123456789', '"26 F 0457" AND "A123456789"'],
    ['ada@example.org', '"ada example org"'],
    ['https://www.hhs.gov/ocio', '"https www hhs gov ocio"'],
    ['(sponsor OR tattoos) AND NOT ICE', '("sponsor" OR "tattoos") NOT "ICE"'],
    ['sponsor and tattoos Or ice', '("sponsor" AND "tattoos") OR "ice"'],
    ['a OR b c', '"a" OR ("b" AND "c")'],
    ['"the cat in the hat"', '"the cat in the hat"'],
    ['"and" NEAR', '"and" AND "NEAR"'],
    ['spons*', '"spons"*'],
    ['"placement sponsor*"', '"placement sponsor"*'],
    ['"MS-13"* "spon"*', '"MS 13"* AND "spon"*'],
    ['sponsor w/5 address', 'NEAR("sponsor" "address", 4)'],
    ['sponsor NEAR/3 "home address"', 'NEAR("sponsor" "home address", 2)'],
    ['sponsor /2 address', 'NEAR("sponsor" "address", 1)'],
    ['"sponsor address"~4', 'NEAR("sponsor" "address", 4)'],
    ['NEAR(cat hat)', 'NEAR("cat" "hat", 10)'],
    ['NEAR(cat "the hat", 6)', 'NEAR("cat" "the hat", 6)'],
    ['MS-13 w/5 sponsor NOT ICE', 'NEAR("MS 13" "sponsor", 4) NOT "ICE"'],
    // In order: NEAR finds the pages, each is then checked for the order (db/word-order.ts).
    ['sponsor pre/5 address', 'NEAR("sponsor" "address", 4)'],
    ['a PRE/2 b pre/2 c', 'NEAR("a" "b" "c", 1)'],
    ['x NOT (a pre/2 b)', '"x"'],
    ['Café “smart quotes”', '"Café" AND "smart quotes"'],
    ['مرحبا עולם 你好', '"مرحبا" AND "עולם" AND "你好"'],
  ])('%s → %s', (q, expected) => {
    expect(fts(q)).toBe(expected);
  });

  it('says in words what it will look for', () => {
    expect(explainQuery(parseQuery('MS-13 w/5 sponsor NOT ICE'))).toBe('“MS 13” as a phrase within 5 words of “sponsor”, but not “ICE”');
    expect(explainQuery(parseQuery('(sponsor OR tattoos) AND spons*'))).toBe('(either “sponsor” or “tattoos”) and words starting “spons”');
    expect(explainQuery(parseQuery('NEAR(cat mat hat)'))).toBe('“cat”, “mat” and “hat” within 11 words of each other');
    expect(explainQuery(parseQuery('sponsor pre/5 address'))).toBe('“sponsor”, then “address”, in that order within 5 words');
    expect(explainQuery(parseQuery('sponsor bates:HHS-00012345..HHS-00012400'))).toBe('“sponsor”, in documents numbered HHS-00012345 to HHS-00012400');
    expect(explainQuery(parseQuery('bates:HHS-*'))).toBe('documents numbered HHS-…');
    expect(explainQuery(parseQuery('sponsor~ "released to sponsors"~'))).toBe('“sponsor” in any form and “released to sponsors” as a phrase in any form');
    expect(explainQuery(parseQuery('te?m'))).toBe('“te?m”');
  });

  it('reads ? as one letter and ~ as word forms, word by word', () => {
    expect(parseQuery('wom?n')).toMatchObject({ kind: 'phrase', words: ['wom?n'], prefix: false });
    expect(parseQuery('MS-1?')).toMatchObject({ kind: 'phrase', words: ['MS', '1?'] });
    expect(parseQuery('te?m*')).toMatchObject({ kind: 'phrase', words: ['te?m'], prefix: true });
    expect(parseQuery('sponsor~')).toMatchObject({ kind: 'phrase', words: ['sponsor'], forms: true });
    expect(parseQuery('"released to sponsors"~')).toMatchObject({ kind: 'phrase', words: ['released', 'to', 'sponsors'], forms: true });
    expect(parseQuery('"sponsor address"~2')).toMatchObject({ kind: 'near', gap: 2 });
  });

  it('asks for word forms on every plain term and phrase when the switch is on, and leaves the rest as typed', () => {
    expect(withWordForms('sponsor AND "released to sponsors" OR spons* te?m NOT ICE')).toBe('sponsor~ AND "released to sponsors"~ OR spons* te?m NOT ICE~');
    expect(withWordForms('NEAR(cat hat, 6) a pre/3 b "x y"~2 c~ 291,000')).toBe('NEAR(cat~ hat~, 6) a~ pre/3 b~ "x y"~2 c~ 291,000');
    expect(withWordForms('"unclosed')).toBe('"unclosed');
  });

  it.each([
    ['"unbalanced', 1, /Unclosed quote at position 1, after `"unbalanced`: add the closing "/],
    ['(sponsor OR ice', 1, /The \( at position 1 is never closed/],
    ['sponsor)', 8, /closes nothing/],
    ['AND', 1, /AND at position 1 needs something to search for before it/],
    ['NOT ICE', 1, /NOT at position 1 needs something to search for before it/],
    ['sponsor OR', 11, /OR needs something to search for after it, at the end/],
    ['sponsor AND', 12, /AND needs something to search for after it/],
    ['a w/0 b', 3, /distance must be 1 or more/],
    ['a w/100000 b', 3, /at most 100 words/],
    ['*sponsor', 1, /cannot start with \*.*sponsor\*/],
    ['?erm', 1, /cannot start with \?.*te\?m/],
    ['MS-?3', 1, /a word cannot start with \?/],
    ['spons*~', 1, /~ \(word forms\) goes on a whole word/],
    ['"spons"*~', 1, /~ \(word forms\) goes on whole words/],
    ['a pre/3 b w/3 c', 11, /one chain of distances must use one operator and distance \(pre\/3\)/],
    ['🙂', 1, /no letters or digits/],
    ['abc\u202Edef', 4, /invisible character \(U\+202E\) at position 4/],
    ['a\u0007b', 2, /U\+0007/],
    ['(a OR b) w/5 c', 10, /joins words or "phrases" only/],
    ['NEAR(a b c d)', 1, /at most 3 can be near/],
    ['NEAR(a b c, 20)', 1, /three terms can be at most 11 words apart/],
    ['""', 1, /hold no words/],
    ['', 1, /Type something to search for/],
  ])('refuses %j at position %i', (q, position, message) => {
    const e = refusal(q);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
  });

  it('refuses a query too long or with too many terms, saying how to split it', () => {
    expect(refusal('a'.repeat(10_000)).message).toMatch(/10000 characters long; at most 1000/);
    const many = Array.from({ length: MAX_TERMS + 1 }, () => 'a').join(' ');
    expect(refusal(many)).toMatchObject({ message: expect.stringMatching(/Too many terms \(more than 300\)/), position: 2 * MAX_TERMS + 1 });
    expect(() => parseQuery(many.slice(2))).not.toThrow();
  });

  it('never fails with anything but a QueryError, and SQLite accepts everything it renders (random input)', () => {
    const store = openStore(path.join(tempDir(), 'sunshine.db'));
    try {
      const probe = store.db.prepare('SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? LIMIT 1');
      const alphabet = ['a', 'b', 'MS', '-', '13', ' ', ' ', '"', '(', ')', '*', '?', 'AND', 'or', 'NOT', 'w/5', 'NEAR', 'NEAR(', ',', '~2', '~', 'pre/2', '/3', '@', '\u202E', '🙂', 'é', ':', '\\', "'", 'from:', 'date:', '2024-02', '..', 'type:', 'bates:', 'X-1'];
      let seed = 12345;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
      let parsed = 0;
      for (let i = 0; i < 3000; i++) {
        const q = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join(rand(2) ? ' ' : '');
        let node;
        try {
          node = parseQuery(q);
        } catch (e) {
          expect(e, q).toBeInstanceOf(QueryError);
          expect((e as QueryError).position, q).toBeGreaterThanOrEqual(1);
          continue;
        }
        parsed++;
        // Fields are conditions on documents, compiled apart (tests/unit/search-fields.test.ts); the page words go to FTS5.
        const { text } = splitFields(node);
        if (text) expect(() => probe.get(toFts5(text)), `${q} → ${toFts5(text)}`).not.toThrow();
        expect(explainQuery(node).length).toBeGreaterThan(0);
      }
      expect(parsed).toBeGreaterThan(300);
    } finally {
      store.close();
    }
  });
});

/** One small corpus, the same on both engines; each row: a query and the pages it must find. */
const PAGES: Record<string, string> = {
  ms13: 'The sponsor was linked to MS-13 by a tattoo.',
  ms13far: 'MS-13 was mentioned; pages later the word sponsor appears after many many other words here.',
  email: 'Write to ada@example.org about the e-mail of 2021.',
  numbers: 'ICE could not account for 291,000 children; case 26-F-0457.',
  hat: 'The cat sat on the mat near a hat.',
  cafe: 'Le Café du Monde served the sponsors.',
  order: 'address of the sponsor',
};
const CASES: [string, string[]][] = [
  // Words as written: sponsor is not sponsors (sponsor~ is: tests/unit/search-forms.test.ts).
  ['sponsor', ['ms13', 'ms13far', 'order']],
  ['sponsors', ['cafe']],
  ['MS-13', ['ms13', 'ms13far']],
  ['MS-13 w/5 sponsor', ['ms13']],
  ['sponsor w/3 address', ['order']],
  ['"sponsor address"~2', ['order']],
  ['291,000', ['numbers']],
  ['26-F-0457', ['numbers']],
  ['ada@example.org', ['email']],
  ['e-mail', ['email']],
  ['"the cat in the hat"', []],
  ['NEAR(cat hat, 6)', ['hat']],
  ['NEAR(cat hat, 5)', []],
  ['NEAR(cat mat hat, 6)', ['hat']],
  // Counted from the end of the phrase: six words between "the cat" and hat.
  ['NEAR("the cat" hat, 6)', ['hat']],
  ['NEAR("the cat" hat, 5)', []],
  ['cafe', ['cafe']],
  ['spons*', ['cafe', 'ms13', 'ms13far', 'order']],
  ['sponsor NOT tattoo', ['ms13far', 'order']],
  ['(tattoo OR hat) AND NOT cat', ['ms13']],
  ['children or mat', ['hat', 'numbers']],
];

interface Corpus {
  name: string;
  engine: Engine;
  ids: Map<number, string>;
  find(q: string): Promise<string[]>;
}

async function load(engine: Engine, name: string, find: (e: Engine, q: string) => Promise<number[]>): Promise<Corpus> {
  const ids = new Map<number, string>();
  const doc = (await engine.run(
    "INSERT INTO documents (sha256, size, type, mime, name, added_at, status) VALUES ('search-query', 1, 'text', 'text/plain', 'corpus.txt', '2026-11-01T00:00:00Z', 'ready') RETURNING id",
  )).lastId!;
  let n = 0;
  for (const [key, text] of Object.entries(PAGES)) {
    ids.set((await engine.run('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?) RETURNING id', [doc, ++n, text])).lastId!, key);
  }
  return { name, engine, ids, find: async (q) => (await find(engine, q)).map((id) => ids.get(id)!).sort() };
}

const corpora: (() => Promise<Corpus>)[] = [
  async () => {
    const store = openStore(path.join(tempDir(), 'sunshine.db'));
    const engine = new SqliteEngine(store.db);
    engine.close = async () => {
      store.close();
    };
    return load(engine, 'sqlite', async (e, q) => (await e.all<{ id: number }>('SELECT rowid AS id FROM pages_fts WHERE pages_fts MATCH ?', [fts(q)])).map((r) => r.id));
  },
];
if (pgServer) {
  const s = pgServer;
  corpora.push(async () => {
    const engine = await PgEngine.open(pgUrl(s, await freshPgDatabase(s, 'search_query')), { password: s.password });
    await migratePg(engine, 'the test database');
    return load(engine, 'postgres', async (e, q) =>
      (await e.all<{ id: number }>("SELECT id FROM pages WHERE tsv @@ to_tsquery('sunshine_exact', ?)", [toTsquery(parseQuery(q))])).map((r) => r.id),
    );
  });
} else {
  console.warn('[skipped] the PostgreSQL half of the search comparison: no PostgreSQL server here');
}

describe('the same pages on every engine', () => {
  const open: Corpus[] = [];
  beforeAll(async () => {
    for (const c of corpora) open.push(await c());
  });
  afterAll(async () => {
    for (const c of open) await c.engine.close();
  });

  it('runs on SQLite, and on PostgreSQL wherever a server runs', () => {
    expect(open.map((c) => c.name)).toEqual(pgServer ? ['sqlite', 'postgres'] : ['sqlite']);
  });

  it.each(CASES)('%s', async (q, expected) => {
    for (const c of open) expect(await c.find(q), `${c.name}: ${q}`).toEqual([...expected].sort());
  });
});

describe('searching the documents with the language', () => {
  it('finds terms as they appear, with operators in any case and proximity, in search, tagging and saved searches', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    write(src, 'gang.txt', 'The sponsor was linked to MS-13 by a tattoo; file 26-F-0457.');
    write(src, 'count.txt', 'ICE could not account for 291,000 children released to sponsors.');
    write(src, 'far.txt', 'MS-13 appears here, and only much later, after many other unrelated words, a sponsor.');
    await ok(core.invoke('documents.import', { paths: [src] }));
    const names = async (query: string) => (await ok(core.invoke('documents.search', { query }))).hits.map((h) => h.name).sort();
    expect(await names('MS-13')).toEqual(['far.txt', 'gang.txt']);
    expect(await names('291,000')).toEqual(['count.txt']);
    expect(await names('26-F-0457')).toEqual(['gang.txt']);
    expect(await names('(sponsor OR tattoos) AND NOT ICE')).toEqual(['far.txt', 'gang.txt']);
    expect(await names('sponsor and children')).toEqual([]);
    expect(await names('sponsor~ and children')).toEqual(['count.txt']);
    expect(await names('MS-13 w/5 sponsor')).toEqual(['gang.txt']);
    expect(await names('"MS-13 sponsor"~6')).toEqual(['gang.txt']);
    expect(await fails(core.invoke('documents.search', { query: 'MS-13 w/0 sponsor' }))).toMatchObject({ code: 'BAD_INPUT', message: 'query: w/0 at position 7: the distance must be 1 or more (w/1 means next to each other).' });
    await ok(core.invoke('tags.create', { name: 'Gang' }));
    expect(await ok(core.invoke('tags.apply', { tag: 'Gang', search: { query: 'ms-13 W/5 Sponsor' } }))).toMatchObject({ documents: 1 });
    expect(await fails(core.invoke('searches.save', { name: 'bad', query: 'sponsor AND' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/AND needs something to search for after it/) });
  });
});
