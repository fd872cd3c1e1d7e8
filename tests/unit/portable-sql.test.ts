/**
 * The SQL forms db/ uses where SQLite and PostgreSQL once differed (docs/engines.md §1.12, §3
 * step 0), run with the same text on the real schema of both engines: counters, the tag tree,
 * RETURNING id, ON CONFLICT DO NOTHING, FILTER, IS DISTINCT FROM, string_agg … ORDER BY and
 * typed optional parameters.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTER_SQL } from '../../db/counters.ts';
import { SqliteEngine, type Engine } from '../../db/engine.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg } from '../../db/pg/migrate.ts';
import { disclosureListSql, disclosuresOfRequest, sealedIdentity } from '../../db/disclosures.ts';
import { countAudit, readChainHead } from '../../db/audit.ts';
import { OPEN_BY_AGENCY, REQUEST_SELECT } from '../../db/requests.ts';
import { TAG_SUBTREE } from '../../db/review.ts';
import { openStore } from '../../db/store.ts';
import { tempDir } from './helpers.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

it('runs on a SQLite that accepts every portable form (3.44+: string_agg and ORDER BY in aggregates)', () => {
  const db = new Database(':memory:');
  try {
    const version = db.prepare('SELECT sqlite_version()').pluck().get() as string;
    const [major, minor] = version.split('.').map(Number) as [number, number];
    expect(major * 1000 + minor, `SQLite ${version}`).toBeGreaterThanOrEqual(3044);
  } finally {
    db.close();
  }
});

/** SQLite-only forms that have a portable twin in db/ now (docs/engines.md §1.12), kept from coming back. */
const SQLITE_ONLY: [RegExp, string][] = [
  [/INSERT OR IGNORE/i, 'INSERT … ON CONFLICT DO NOTHING'],
  [/lastInsertRowid/, 'insertedId() with INSERT … RETURNING id'],
  [/julianday\(/i, 'day arithmetic in code'],
  [/(^|[^\w.])date\(/, 'day arithmetic in code'],
  [/group_concat\(/i, 'string_agg(x, sep ORDER BY …)'],
  [/IS NOT @/i, 'IS DISTINCT FROM'],
];

/**
 * Forms with no single text for both engines, kept out of the modules that run on both
 * (tests/unit/db-engines.test.ts): db/dialect.ts spells them per engine. db/documents.ts and
 * db/disclosures.ts join the list once their search and identity parts are converted.
 */
const BOTH_ENGINES = new Set(['agencies.ts', 'closures.ts', 'counters.ts', 'productions.ts', 'redactions.ts', 'requests.ts', 'review.ts']);
const ENGINE_SPECIFIC: [RegExp, string][] = [
  [/COLLATE NOCASE/i, 'lower(x) = lower(?) and ORDER BY lower(x), x'],
  [/json_each\(/i, 'idList() or jsonElements() from db/dialect.ts'],
  [/LIMIT -1/, 'no LIMIT clause'],
  [/INDEXED BY|\+rowid/i, 'no hint, or one spelled per engine in db/dialect.ts'],
];

it('keeps SQLite-only forms that have a portable twin out of db/', () => {
  const dir = path.join(import.meta.dirname, '../../db');
  const found: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    fs.readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\*|\/\*|\/\/)/.test(line)) return; // comments may name the old forms
        for (const [form, instead] of [...SQLITE_ONLY, ...(BOTH_ENGINES.has(file) ? ENGINE_SPECIFIC : [])]) if (form.test(line)) found.push(`db/${file}:${i + 1} uses ${form.source}; write ${instead}`);
      });
  }
  expect(found).toEqual([]);
});

interface Kind {
  name: 'sqlite' | 'postgres';
  open(): Promise<Engine>;
}

const kinds: Kind[] = [
  {
    name: 'sqlite',
    async open() {
      const store = openStore(path.join(tempDir(), 'sunshine.db'));
      const engine = new SqliteEngine(store.db);
      engine.close = async () => {
        store.close();
      };
      return engine;
    },
  },
];
if (pgServer) {
  const s = pgServer;
  kinds.push({
    name: 'postgres',
    async open() {
      const engine = await PgEngine.open(pgUrl(s, await freshPgDatabase(s, 'portable')), { password: s.password });
      await migratePg(engine, 'the test database');
      return engine;
    },
  });
}

describe.each(kinds)('portable SQL on $name', (kind) => {
  let e: Engine;
  beforeAll(async () => {
    e = await kind.open();
  });
  afterAll(() => e?.close());

  const tag = async (name: string, parentId: number | null) =>
    (
      await e.run("INSERT INTO tags (parent_id, name, path, color, shortcut, created_at) VALUES (@parentId, @name, @name, 'grey', NULL, '2026-11-01T00:00:00Z') RETURNING id", {
        parentId,
        name,
      })
    ).lastId!;

  it('claims counter values in one upsert, starting where told, and raises them only upwards', async () => {
    const claim = async (first: number) => (await e.get<{ value: number }>(COUNTER_SQL.CLAIM, { name: 'portable-claim', first }))!.value;
    expect(await claim(5)).toBe(5);
    expect(await claim(5)).toBe(6);
    await e.run(COUNTER_SQL.RAISE, { name: 'portable-claim', value: 10 });
    await e.run(COUNTER_SQL.RAISE, { name: 'portable-claim', value: 3 });
    expect(await claim(1)).toBe(11);
    await e.run(COUNTER_SQL.RAISE, { name: 'portable-raised', value: 7 });
    expect(await e.get('SELECT value FROM counters WHERE name = ?', ['portable-raised'])).toEqual({ value: 7 });
  });

  it('walks a tag tree from a typed seed, and gives new ids with RETURNING id', async () => {
    const root = await tag('portable-root', null);
    const child = await tag('portable-root/child', root);
    const grandchild = await tag('portable-root/child/leaf', child);
    expect(typeof root).toBe('number');
    expect((await e.all<{ id: number }>(TAG_SUBTREE, [root])).map((r) => r.id).sort((a, b) => a - b)).toEqual([root, child, grandchild]);
  });

  it('ignores a row that exists with ON CONFLICT DO NOTHING, also after a SELECT', async () => {
    const sql = "INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT DO NOTHING";
    expect((await e.run(sql, ['portable-once'])).changes).toBe(1);
    expect((await e.run(sql, ['portable-once'])).changes).toBe(0);
    const fromSelect = "INSERT INTO counters (name, value) SELECT name, 2 FROM counters WHERE name = ? ON CONFLICT DO NOTHING";
    expect((await e.run(fromSelect, ['portable-once'])).changes).toBe(0);
  });

  it("runs the request summary (string_agg of tracking numbers) and the per-agency counts (FILTER) as db/ writes them", async () => {
    const agency = (await e.run("INSERT INTO agencies (name, abbreviation) VALUES ('Portable Office of Tests', 'PORTX') RETURNING id")).lastId!;
    const request = async (reference: string, due: string) =>
      (
        await e.run(
          "INSERT INTO requests (reference, kind, agency_id, subject, is_open, due_date, created_at, updated_at) VALUES (?, 'foia', ?, 'Portable', 1, ?, '2026-11-01', '2026-11-01') RETURNING id",
          [reference, agency, due],
        )
      ).lastId!;
    const late = await request('PORTX-1', '2026-11-02');
    await request('PORTX-2', '2026-12-20');
    for (const [kind, number] of [['agency', 'ZULU-0007'], ['split', 'ALPHA-0003']]) {
      await e.run('INSERT INTO tracking_numbers (request_id, agency_id, kind, number) VALUES (?, ?, ?, ?)', [late, agency, kind, number]);
    }
    expect(await e.get(`${REQUEST_SELECT} WHERE r.id = ?`, [late])).toMatchObject({ reference: 'PORTX-1', agency_abbreviation: 'PORTX', tracking: 'ZULU-0007, ALPHA-0003' });
    expect(await e.all(OPEN_BY_AGENCY, { today: '2026-11-30', limit: 1000 })).toContainEqual({ agency: 'PORTX', open: 2, overdue: 1 });
  });

  it('lists disclosures with typed optional filters, with and without a LIMIT', async () => {
    expect(await e.all(disclosureListSql(false), { status: null, like: null })).toEqual([]);
    expect(await e.all(disclosureListSql(true), { status: 'open', like: '%portable%', limit: 5 })).toEqual([]);
  });

  it("reads a request's disclosures (a camel-case column name), a sealed identity's bytes and the audit log through db/'s own functions", async () => {
    const agency = (await e.run("INSERT INTO agencies (name, abbreviation) VALUES ('Portable Office of Sources', 'PORTS') RETURNING id")).lastId!;
    const request = (
      await e.run(
        "INSERT INTO requests (reference, kind, agency_id, subject, is_open, due_date, created_at, updated_at) VALUES ('PORTS-1', 'foia', ?, 'Portable', 1, '2026-12-20', '2026-11-01', '2026-11-01') RETURNING id",
        [agency],
      )
    ).lastId!;
    const disclosure = (
      await e.run(
        "INSERT INTO disclosures (reference, received_on, channel, summary, pseudonym, created_at, updated_at) VALUES ('DIS-1999-0001', '1999-01-02', 'email', 'Portable', 'Source P', '2026-11-01', '2026-11-01') RETURNING id",
      )
    ).lastId!;
    await e.run('INSERT INTO request_disclosures (request_id, disclosure_id) VALUES (?, ?)', [request, disclosure]);
    // PostgreSQL folds an unquoted alias to lower case: receivedOn must come back as written.
    expect(await disclosuresOfRequest(e, request)).toEqual([{ reference: 'DIS-1999-0001', status: 'intake', receivedOn: '1999-01-02' }]);
    const nonce = Buffer.from([0, 1, 2, 255]);
    const ciphertext = Buffer.from('sealed bytes');
    await e.run('INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext) VALUES (?, ?, ?)', [disclosure, nonce, ciphertext]);
    const sealed = await sealedIdentity(e, disclosure);
    expect([Buffer.isBuffer(sealed?.nonce), sealed?.nonce.equals(nonce), sealed?.ciphertext.equals(ciphertext)]).toEqual([true, true, true]);
    expect(await countAudit(e)).toBe(0);
    expect(await readChainHead(e)).toBeNull();
  });

  it('counts with FILTER, compares nulls with IS DISTINCT FROM, joins text with string_agg in order, and types optional filters', async () => {
    const parent = await tag('portable-agg', null);
    for (const name of ['portable-agg/c', 'portable-agg/a', 'portable-agg/b']) await tag(name, parent);
    expect(
      await e.get(
        `SELECT count(*) AS n, count(*) FILTER (WHERE name > 'portable-agg/a') AS later, string_agg(name, ', ' ORDER BY id) AS names
         FROM tags WHERE parent_id = ?`,
        [parent],
      ),
    ).toEqual({ n: 3, later: 2, names: 'portable-agg/c, portable-agg/a, portable-agg/b' });
    const differing = "SELECT count(*) AS n FROM tags WHERE parent_id = @parent AND shortcut IS DISTINCT FROM @shortcut";
    expect(await e.get(differing, { parent, shortcut: null })).toEqual({ n: 0 });
    expect(await e.get(differing, { parent, shortcut: 'x' })).toEqual({ n: 3 });
    const optional = "SELECT count(*) AS n FROM tags WHERE parent_id = @parent AND (CAST(@name AS TEXT) IS NULL OR name = @name)";
    expect(await e.get(optional, { parent, name: null })).toEqual({ n: 3 });
    expect(await e.get(optional, { parent, name: 'portable-agg/b' })).toEqual({ n: 1 });
  });
});
