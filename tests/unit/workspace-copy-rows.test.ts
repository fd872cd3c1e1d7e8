/**
 * Copying every row of a workspace between engines: SQLite → PostgreSQL → SQLite gives back the
 * same rows, byte for byte, the audit chain still verifies, and a copy that stops half-way leaves
 * the target as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEngine, type Engine } from '../../db/engine.ts';
import { openStore } from '../../db/store.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg, pgSchemaVersion } from '../../db/pg/migrate.ts';
import { copyWorkspaceRows, loadRows, storedColumns } from '../../db/copy-rows.ts';
import { checkRowFiles, rowFilesSource, writeRowFiles } from '../../db/row-files.ts';
import { DERIVED_TABLES, TABLES, copiedTables } from '../../db/tables.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { GENESIS_HASH, auditRowHash, type AuditRow } from '../../db/audit.ts';
import type { Core } from '../../core/index.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { makeEml, write } from './fixtures.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

/** A workspace with something in most tables, including rows that name later rows of their own table. */
async function populated(): Promise<Core> {
  const core = await testCore({ engine: 'sqlite' }); // the source of every copy here is a data folder
  const src = tempDir('sunshine-src-');
  write(src, 'memo.txt', 'sponsor vetting memo');
  makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see the attached contract</p>', attachment: { name: 'notes.txt', text: 'notes on the sponsor' } });
  await ok(core.invoke('documents.import', { paths: [src] }));
  const child = await ok(core.invoke('agencies.create', { name: 'Office of Copied Things', abbreviation: 'OCT' }));
  await ok(core.invoke('agencies.create', { name: 'Department of Later Parents', abbreviation: 'DLP' }));
  await ok(core.invoke('agencies.update', { id: child.id, patch: { parent: 'DLP' } }));
  await ok(core.invoke('requests.create', { kind: 'foia', agency: 'OCT', subject: 'Copied request' }));
  await ok(core.invoke('closures.add', { date: '2026-09-11', reason: 'Hurricane' }));
  const early = await ok(core.invoke('tags.create', { name: 'Early' }));
  await ok(core.invoke('tags.create', { name: 'Later' }));
  await ok(core.invoke('tags.update', { id: early.id, parent: 'Later' }));
  await ok(core.invoke('tags.apply', { tag: 'Later/Early', search: { query: 'sponsor' } }));
  await ok(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'copied source', identity: { name: 'Zelda Quorntree', contact: 'zq@example.org' }, passphrase: 'correct horse battery staple' }));
  return core;
}

async function tableRows(e: Engine): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  // A workspace's people are the logins of its own server: never copied, each target keeps its own.
  for (const t of copiedTables()) {
    const cols = (await storedColumns(e, t.name)).sort();
    out[t.name] = await e.all(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t.name}" ORDER BY ${t.key.map((k) => `"${k}"`).join(', ')}`);
  }
  return out;
}

async function chainIntact(e: Engine): Promise<boolean> {
  let prev = GENESIS_HASH;
  const rows = await e.all<AuditRow>('SELECT * FROM audit_log ORDER BY seq');
  return rows.length > 0 && rows.every((r, i) => {
    const fine = r.seq === i + 1 && r.prev_hash === prev && auditRowHash(r.prev_hash, r) === r.hash;
    prev = r.hash;
    return fine;
  });
}

function sqliteTarget(): SqliteEngine {
  const store = openStore(path.join(tempDir(), 'sunshine.db'));
  const e = new SqliteEngine(store.db);
  e.close = async () => {
    store.close();
  };
  return e;
}

describe('the table list', () => {
  it('names every table of the schema, on SQLite and on PostgreSQL', async () => {
    const e = sqliteTarget();
    const fts = /_fts(_|$)/;
    const sqliteTables = (await e.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).map((r) => r.name).filter((n) => !fts.test(n));
    expect(TABLES.map((t) => t.name).sort()).toEqual(sqliteTables.sort());
    await e.close();
    if (!pgServer) return console.warn('[skipped] the PostgreSQL half of the table list check: no PostgreSQL server here');
    const pg = await PgEngine.open(pgUrl(pgServer, await freshPgDatabase(pgServer, 'tables')), { password: pgServer.password });
    try {
      await migratePg(pg, 'the test database');
      const pgTables = (await pg.all<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_version'"))
        .map((r) => r.name)
        .filter((n) => !fts.test(n) && !DERIVED_TABLES.includes(n));
      expect(TABLES.map((t) => t.name).sort()).toEqual(pgTables.sort());
    } finally {
      await pg.close();
    }
  });
});

describe.runIf(pgServer)('copying a workspace between engines', () => {
  let source: SqliteEngine;
  const open: Engine[] = [];
  // The core of each test is closed after it (tests/unit/helpers.ts).
  beforeEach(async () => {
    source = new SqliteEngine((await populated()).store.db);
  });
  afterAll(async () => {
    for (const e of open) await e.close();
  });
  const freshPg = async () => {
    const e = await PgEngine.open(pgUrl(pgServer!, await freshPgDatabase(pgServer!, 'copy')), { password: pgServer!.password });
    open.push(e);
    return e;
  };

  it('SQLite → PostgreSQL → SQLite gives back every row as it was, and the audit chain verifies on both', async () => {
    const pg = await freshPg();
    const there = await copyWorkspaceRows(source, pg, { prepareTarget: (dst) => migratePg(dst, 'the test database').then(() => undefined) });
    const back = sqliteTarget();
    open.push(back);
    const again = await copyWorkspaceRows(pg, back);
    expect(again).toEqual(there);
    const counts = Object.fromEntries(there.tables.map((t) => [t.name, t.rows]));
    for (const name of ['documents', 'pages', 'agencies', 'requests', 'tags', 'document_tags', 'disclosures', 'disclosure_identities', 'closures', 'audit_log']) {
      expect(counts[name], name).toBeGreaterThan(0);
    }
    const original = await tableRows(source);
    expect(await tableRows(pg)).toEqual(original);
    expect(await tableRows(back)).toEqual(original);
    expect(await chainIntact(pg)).toBe(true);
    expect(await chainIntact(back)).toBe(true);
    // Search works on the copy: PostgreSQL's index is made from the copied text.
    expect((await pg.all("SELECT id FROM pages WHERE tsv @@ to_tsquery('sunshine', 'sponsor')")).length).toBe(2);
    expect((await back.all("SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'sponsor'")).length).toBe(2);
    // New rows on PostgreSQL get ids after the copied ones.
    const next = await pg.run("INSERT INTO tags (name, path, color, created_at) VALUES ('After', 'After', 'grey', '2026-11-30T00:00:00Z') RETURNING id");
    expect(next.lastId).toBeGreaterThan(Math.max(...(original.tags as { id: number }[]).map((t) => t.id)));
  });

  it("leaves the source's OCR claims behind: in the copy every queued page waits for a reader again", async () => {
    await source.run("INSERT INTO ocr_queue (page_id, queued_at, taken_by, taken_at) SELECT id, '2026-11-01T00:00:00Z', 'a reader of the source', '2026-11-30T09:00:00Z' FROM pages ORDER BY id LIMIT 1");
    const pg = await freshPg();
    await copyWorkspaceRows(source, pg, { prepareTarget: (dst) => migratePg(dst, 'the test database').then(() => undefined) });
    expect(await pg.all('SELECT queued_at, taken_by, taken_at FROM ocr_queue')).toEqual([{ queued_at: '2026-11-01T00:00:00Z', taken_by: null, taken_at: null }]);
  });

  it('leaves the target as it was when the copy stops half-way, and refuses a target that holds data', async () => {
    const pg = await freshPg();
    await expect(
      copyWorkspaceRows(source, pg, {
        prepareTarget: (dst) => migratePg(dst, 'the test database').then(() => undefined),
        onTable: (t) => {
          if (t.name === 'pages') throw new Error('the copy was stopped');
        },
      }),
    ).rejects.toThrow('the copy was stopped');
    // Not even the schema is left behind: nothing there looks like a workspace.
    expect(await pgSchemaVersion(pg)).toBe(0);

    const busy = openStore(path.join(tempDir(), 'sunshine.db'));
    await busy.write('ada', async (w) => {
      await w.run("INSERT INTO settings (key, value) VALUES ('userName', '\"someone\"')");
      await w.audit({ action: 'settings.update', entity: 'settings', entityId: 'userName' });
    });
    await expect(copyWorkspaceRows(source, busy.engine)).rejects.toThrow(/in use \(1 changes in its history\)/);
    expect(await busy.engine.all('SELECT key FROM settings')).toEqual([{ key: 'userName' }]);
    expect((await busy.engine.get<{ n: number }>('SELECT count(*) AS n FROM agencies'))!.n).toBeGreaterThan(0);
    busy.close();
  });
});

describe('rows as files (the backup form both engines read)', () => {
  it('writes a workspace as one checked file per table, loads it into PostgreSQL and SQLite alike, and refuses a changed file', async () => {
    const source = new SqliteEngine((await populated()).store.db);
    const dir = tempDir();
    const files = await writeRowFiles(source, dir);
    expect(files.tables.map((t) => t.name)).toEqual(TABLES.map((t) => t.name));
    expect(fs.statSync(path.join(dir, 'tables', 'audit_log.jsonl')).mode & 0o077).toBe(0);
    await checkRowFiles(dir, files);
    const original = await tableRows(source);

    const targets: Engine[] = [sqliteTarget()];
    if (pgServer) {
      const pg = await PgEngine.open(pgUrl(pgServer, await freshPgDatabase(pgServer, 'rowfiles')), { password: pgServer.password });
      await migratePg(pg, 'the test database');
      targets.push(pg);
    } else {
      console.warn('[skipped] loading row files into PostgreSQL: no PostgreSQL server here');
    }
    for (const target of targets) {
      const loaded = await loadRows(rowFilesSource(dir, files, 3), target);
      expect(loaded.auditHead).toEqual(files.head);
      expect(await tableRows(target), target.kind).toEqual(original);
      expect(await chainIntact(target)).toBe(true);
      await target.close();
    }

    const identities = path.join(dir, 'tables', 'disclosure_identities.jsonl');
    fs.appendFileSync(identities, '["tampered"]\n');
    await expect(checkRowFiles(dir, files)).rejects.toThrow(/rows of disclosure_identities are missing or were changed/);
    fs.rmSync(identities);
    await expect(checkRowFiles(dir, files)).rejects.toThrow(/disclosure_identities/);
    await expect(checkRowFiles(dir, { ...files, tables: files.tables.filter((t) => t.name !== 'pages') })).rejects.toThrow(/lists no rows for pages/);
  });
});

describe('tables added by later migrations', () => {
  it('are made by the migration their entry names, so a backup of an older schema is read without them', async () => {
    const later = TABLES.filter((t) => t.since !== undefined);
    expect(later.map((t) => t.name)).toEqual(expect.arrayContaining(['pii_hits', 'redaction_approvals', 'received_productions', 'party_mappings', 'page_bates']));
    for (const t of later) {
      const has = async (migrations: number) => {
        const store = openStore(path.join(tempDir(), 'sunshine.db'), { migrations: MIGRATIONS.slice(0, migrations) });
        try {
          return (await storedColumns(store.engine, t.name)).length > 0;
        } finally {
          store.close();
        }
      };
      expect([t.name, await has(t.since! - 1), await has(t.since!)]).toEqual([t.name, false, true]);
    }
  }, 60_000);
});
