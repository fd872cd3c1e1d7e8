/**
 * The numbered migrations on PostgreSQL: a fresh database reaches the same schema as SQLite's
 * (tables, columns, nullability, indexes, the audit log's guard), with tsvector search in place of
 * FTS5, and a database of a newer schema is refused untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations/index.ts';
import { DERIVED_TABLES } from '../../db/tables.ts';
import { openStore } from '../../db/store.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg, pgSchemaVersion } from '../../db/pg/migrate.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';
import { tempDir } from './helpers.ts';
import path from 'node:path';
import type { Engine } from '../../db/engine.ts';

interface Shape {
  /** table → "column" or "column NOT NULL", sorted */
  tables: Record<string, string[]>;
  indexes: string[];
  triggers: string[];
}

/**
 * FTS5 keeps its index in tables of its own; PostgreSQL keeps a tsvector column (tsv) instead, or,
 * for an index over several tables (the document fields), a table of tsvectors with the same name.
 */
const isFtsTable = (name: string) => /_fts(_|$)/.test(name);

function sqliteShape(): Shape {
  const store = openStore(path.join(tempDir(), 'sunshine.db'));
  try {
    const db = store.db;
    const tables: Record<string, string[]> = {};
    for (const { name } of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
      if (isFtsTable(name)) continue;
      const cols = db.pragma(`table_xinfo(${name})`) as { name: string; notnull: number; pk: number }[];
      // An INTEGER PRIMARY KEY is never null in SQLite either, though the pragma does not say so.
      tables[name] = cols.map((c) => (c.notnull || c.pk ? `${c.name} NOT NULL` : c.name)).sort();
    }
    const names = (type: string) =>
      (db.prepare('SELECT name FROM sqlite_schema WHERE type = ? AND sql IS NOT NULL').all(type) as { name: string }[]).map((r) => r.name).filter((n) => !isFtsTable(n)).sort();
    return { tables, indexes: names('index'), triggers: names('trigger') };
  } finally {
    store.close();
  }
}

async function pgShape(e: Engine): Promise<Shape> {
  const tables: Record<string, string[]> = {};
  const cols = await e.all<{ table_name: string; column_name: string; is_nullable: string }>(
    "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_version'",
  );
  for (const c of cols) {
    // The tsvector that replaces FTS5, the FTS5 tables, and the vocabulary SQLite reads from the FTS5 index itself.
    if (c.column_name === 'tsv' || isFtsTable(c.table_name) || DERIVED_TABLES.includes(c.table_name)) continue;
    (tables[c.table_name] ??= []).push(c.is_nullable === 'NO' ? `${c.column_name} NOT NULL` : c.column_name);
  }
  for (const t of Object.values(tables)) t.sort();
  const indexes = (
    await e.all<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'")
  )
    .map((r) => r.indexname)
    .filter((n) => !isFtsTable(n))
    .sort();
  const triggers = (await e.all<{ tgname: string }>('SELECT tgname FROM pg_trigger WHERE NOT tgisinternal'))
    .map((r) => r.tgname)
    .filter((n) => !isFtsTable(n))
    .sort();
  return { tables, indexes, triggers };
}

describe('migrations', () => {
  it('every one has a PostgreSQL form', () => {
    expect(MIGRATIONS.filter((m) => !m.pg).map((m) => `${m.version} ${m.name}`)).toEqual([]);
  });
});

describe.skipIf(!pgServer)('the schema on PostgreSQL', () => {
  const s = pgServer!;
  let database: string;
  let engine: PgEngine;
  const where = () => `database "${database}" on ${s.host}:${s.port}`;
  beforeAll(async () => {
    database = await freshPgDatabase(s, 'schema');
    engine = await PgEngine.open(pgUrl(s, database), { password: s.password });
  });
  afterAll(() => engine?.close());

  it('migrates a fresh database to the latest schema, the same tables and columns as SQLite', async () => {
    expect(await pgSchemaVersion(engine)).toBe(0);
    expect(await migratePg(engine, where())).toBe(LATEST_SCHEMA_VERSION);
    expect(await pgSchemaVersion(engine)).toBe(LATEST_SCHEMA_VERSION);

    const lite = sqliteShape();
    const pg = await pgShape(engine);
    expect(Object.keys(lite.tables)).toEqual(expect.arrayContaining(['audit_log', 'requests', 'documents', 'pages', 'disclosures', 'tags', 'productions']));
    expect(pg.tables).toEqual(lite.tables);
    // Search indexes in place of FTS5 tables, and case-folded unique names as indexes on lower().
    expect(pg.indexes).toEqual([...lite.indexes, 'pages_tsv', 'requests_tsv', 'saved_searches_name_nocase', 'tags_path_nocase'].sort());
    // TRUNCATE skips row triggers on PostgreSQL, so it has a guard of its own; pages keep their vocabulary;
    // the history's actor is the login (a data folder has one person, and no logins).
    expect(pg.triggers).toEqual([...lite.triggers, 'audit_log_actor_is_login', 'audit_log_no_truncate', 'pages_vocabulary'].sort());
  });

  it('seeds the same agency directory', async () => {
    const store = openStore(path.join(tempDir(), 'sunshine.db'));
    const lite = store.db.prepare('SELECT a.abbreviation, p.abbreviation AS parent FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.abbreviation').all();
    store.close();
    expect(await engine.all('SELECT a.abbreviation, p.abbreviation AS parent FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.abbreviation COLLATE "C"')).toEqual(lite);
  });

  it('opening again changes nothing', async () => {
    const before = await pgShape(engine);
    const agencies = await engine.get('SELECT count(*) AS n FROM agencies');
    expect(await migratePg(engine, where())).toBe(LATEST_SCHEMA_VERSION);
    expect(await pgShape(engine)).toEqual(before);
    expect(await engine.get('SELECT count(*) AS n FROM agencies')).toEqual(agencies);
  });

  it('keeps the audit log append-only, TRUNCATE included', async () => {
    await engine.run("INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) VALUES (1, '2026-01-02T00:00:00.000Z', session_user, 'x.y', 'x', '1', '', 'h-append-only')");
    for (const sql of ["UPDATE audit_log SET actor = 'b'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(engine.run(sql), sql).rejects.toThrow('audit_log is append-only');
    }
    expect(await engine.get('SELECT count(*) AS n FROM audit_log')).toEqual({ n: 1 });
  });

  it('finds requests and pages through their tsvector indexes, splitting and folding words as FTS5 does', async () => {
    const agency = (await engine.get<{ id: number }>("SELECT id FROM agencies WHERE abbreviation = 'DHS'"))!.id;
    const req = await engine.run(
      "INSERT INTO requests (reference, kind, agency_id, subject, records_sought, created_at, updated_at) VALUES ('SCHEMA-1', 'foia', ?, 'Detention contracts', 'Inspections of facilities', '2026-01-02', '2026-01-02') RETURNING id",
      [agency],
    );
    expect(await engine.all("SELECT id, due_sort FROM requests WHERE tsv @@ to_tsquery('sunshine', 'inspection')")).toEqual([{ id: req.lastId, due_sort: '9999-12-31' }]);
    // Each field has its weight: a query can ask for words of one field (subject A, records sought B).
    expect(await engine.all("SELECT id FROM requests WHERE tsv @@ to_tsquery('sunshine', 'inspection:A')")).toEqual([]);
    expect(await engine.all("SELECT id FROM requests WHERE tsv @@ to_tsquery('sunshine', 'inspection:B & contract:A')")).toEqual([{ id: req.lastId }]);

    const doc = await engine.run("INSERT INTO documents (sha256, size, type, mime, name, added_at, status) VALUES ('abc-schema', 1, 'text', 'text/plain', 'a.txt', '2026-01-02', 'ready') RETURNING id");
    await engine.run("INSERT INTO pages (document_id, page_no, text) VALUES (?, 1, 'The quartermaster at the Café wrote to ada@example.org about 2026-ICFO-001')", [doc.lastId]);
    const finds = async (q: string) => (await engine.all(`SELECT page_no FROM pages WHERE tsv @@ ${q}`)).length === 1;
    expect(await finds("to_tsquery('sunshine_exact', 'quarter:*')")).toBe(true); // prefix
    expect(await finds("to_tsquery('sunshine_exact', 'cafe')")).toBe(true); // accents removed
    expect(await finds("phraseto_tsquery('sunshine_exact', 'at the cafe')")).toBe(true); // no stop words dropped
    expect(await finds("phraseto_tsquery('sunshine_exact', 'ada example org')")).toBe(true); // an address is words
    expect(await finds("phraseto_tsquery('sunshine_exact', 'icfo 001')")).toBe(true);
    // Words as written (migration 17): wrote is not write, nor quartermasters quartermaster.
    expect(await finds("to_tsquery('sunshine_exact', 'write')")).toBe(false);
    expect(await finds("to_tsquery('sunshine_exact', 'quartermasters')")).toBe(false);
    expect(await finds("to_tsquery('sunshine_exact', 'quartermaster')")).toBe(true);
  });

  it('folds case in unique names, and ASCII case only in tracking numbers', async () => {
    await engine.run("INSERT INTO tags (name, path, color, created_at) VALUES ('B', 'Privilege/B', 'red', '2026-01-02')");
    await expect(engine.run("INSERT INTO tags (name, path, color, created_at) VALUES ('b', 'privilege/b', 'red', '2026-01-02')")).rejects.toThrow(/tags_path_nocase/);

    const agency = (await engine.get<{ id: number }>("SELECT id FROM agencies WHERE abbreviation = 'DOJ'"))!.id;
    const req = (await engine.run("INSERT INTO requests (reference, kind, agency_id, subject, created_at, updated_at) VALUES ('SCHEMA-2', 'foia', ?, 'x', '2026-01-02', '2026-01-02') RETURNING id", [agency])).lastId;
    const track = (n: string) => engine.run("INSERT INTO tracking_numbers (request_id, agency_id, kind, number) VALUES (?, ?, 'agency', ?)", [req, agency, n]);
    await track('2026-ICFO-001');
    await expect(track(' 2026-icfo-001 ')).rejects.toThrow(/tracking_numbers_folded/);
    // SQLite's lower() leaves É as it is, so the two are different numbers on both engines.
    await track('DOSSIER-É');
    await track('dossier-é');
  });

  it('refuses a database that sorts text by a language\'s rules, untouched', async () => {
    const name = `icu_${Date.now()}`;
    await pgAdmin(s, 'postgres', (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`));
    const e = await PgEngine.open(pgUrl(s, name), { password: s.password });
    try {
      await expect(migratePg(e, `database "${name}"`)).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/rules of a language \(ICU\).*createdb --locale=C\.UTF-8 --template=template0/) });
      expect(await e.all('SELECT tablename FROM pg_tables WHERE schemaname = current_schema()')).toEqual([]);
    } finally {
      await e.close();
    }
  });

  it('refuses a database of a newer schema, untouched', async () => {
    const newer = await freshPgDatabase(s, 'newer');
    const e = await PgEngine.open(pgUrl(s, newer), { password: s.password });
    try {
      await migratePg(e, `database "${newer}"`, MIGRATIONS.slice(0, 2));
      await pgAdmin(s, newer, (c) => c.query('UPDATE schema_version SET version = 99'));
      const before = await pgShape(e);
      await expect(migratePg(e, `database "${newer}"`)).rejects.toMatchObject({
        code: 'DB_TOO_NEW',
        message: `database "${newer}" was written by a newer version of Sunshine (schema 99; this version knows up to ${LATEST_SCHEMA_VERSION}). Update Sunshine to open it; the database was not changed.`,
      });
      expect(await pgShape(e)).toEqual(before);
      expect(await pgSchemaVersion(e)).toBe(99);
    } finally {
      await e.close();
    }
  });

  it('takes an older database up step by step, and refuses one that is not Sunshine\'s', async () => {
    const older = await freshPgDatabase(s, 'older');
    const e = await PgEngine.open(pgUrl(s, older), { password: s.password });
    try {
      expect(await migratePg(e, 'older', MIGRATIONS.slice(0, 9))).toBe(9);
      expect(await migratePg(e, 'older')).toBe(LATEST_SCHEMA_VERSION);
      expect(await pgShape(e)).toEqual(await pgShape(engine));
    } finally {
      await e.close();
    }

    const foreign = await freshPgDatabase(s, 'foreign');
    await pgAdmin(s, foreign, (c) => c.query('CREATE TABLE payroll (id int)'));
    const f = await PgEngine.open(pgUrl(s, foreign), { password: s.password });
    try {
      await expect(migratePg(f, `database "${foreign}"`)).rejects.toMatchObject({ code: 'NOT_A_DATABASE', message: expect.stringMatching(/holds tables but is not a Sunshine workspace/) });
      expect(await f.all("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).toEqual([{ tablename: 'payroll' }]);
    } finally {
      await f.close();
    }
  });

  it('lets two Sunshines migrate one new database at once', async () => {
    const shared = await freshPgDatabase(s, 'shared');
    const [a, b] = await Promise.all([PgEngine.open(pgUrl(s, shared), { password: s.password }), PgEngine.open(pgUrl(s, shared), { password: s.password })]);
    try {
      expect(await Promise.all([migratePg(a, 'shared'), migratePg(b, 'shared')])).toEqual([LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION]);
      expect(await pgSchemaVersion(a)).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
