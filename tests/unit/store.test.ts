import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/store.ts';
import { GENESIS_HASH, auditRowHash } from '../../db/audit.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, checkMigrationOrder } from '../../db/migrations/index.ts';
import { sha256File, tempDir } from './helpers.ts';

const dbIn = (dir: string) => path.join(dir, 'sunshine.db');

/** Chained audit rows written as schema 1 knew them (today's code also moves audit_head). */
function insertAuditRowsAsOfV1(db: Database.Database, n: number): void {
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const row = { seq, at: '2026-01-01T00:00:00.000Z', actor: 'tester', action: 'test', entity: 'x', entity_id: String(seq), before: null, after: null };
    const hash = auditRowHash(prev, row);
    // Columns named, so a column added by a later migration (os_user in 0011) takes its default.
    db.prepare(
      'INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)',
    ).run({ ...row, prev_hash: prev, hash });
    prev = hash;
  }
}

describe('opening the database', () => {
  it('creates a WAL database with foreign keys at the latest schema, all tables STRICT', () => {
    const store = openStore(dbIn(tempDir()));
    try {
      expect(store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = store.db
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'")
        .all() as { name: string; sql: string }[];
      // FTS5 keeps its own shadow tables (name_data, name_idx, …), which it creates itself.
      const fts = (store.db.prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL%'").all() as { name: string }[]).map((r) => r.name);
      const own = tables.filter((t) => !fts.some((f) => t.name.startsWith(`${f}_`)));
      expect(own.map((t) => t.name).sort()).toEqual([
        'agencies',
        'audit_head',
        'audit_log',
        'closures',
        'counters',
        'disclosure_contacts',
        'disclosure_grants',
        'disclosure_identities',
        'disclosure_keys',
        'disclosure_referrals',
        'disclosures',
        'document_audit',
        'document_disclosures',
        'document_leases',
        'document_links',
        'document_names',
        'document_tags',
        'documents',
        'identity_keyring',
        'ocr_queue',
        'page_bates',
        'pages',
        'party_mappings',
        'pii_hits',
        'pii_scans',
        'production_documents',
        'productions',
        'received_productions',
        'redaction_approvals',
        'redactions',
        'request_disclosures',
        'request_events',
        'requests',
        'review_batch_documents',
        'review_batches',
        'reviews',
        'saved_searches',
        'settings',
        'tags',
        'team_members',
        'tracking_numbers',
        'user_keys',
      ]);
      for (const t of own) expect(t.sql, t.name).toMatch(/\)\s*STRICT(,\s*WITHOUT ROWID)?\s*$/);
    } finally {
      store.close();
    }
  });

  it('opens an existing database again without re-running migrations', async () => {
    const file = dbIn(tempDir());
    const a = openStore(file);
    await a.write('tester', (w) => w.audit({ action: 'test', entity: 'x', entityId: '1' }));
    a.close();
    const b = openStore(file);
    expect(b.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect(b.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
    b.close();
  });

  it('refuses a database from a newer Sunshine without touching the file', () => {
    const file = dbIn(tempDir());
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x) ; INSERT INTO future VALUES (1);');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha256File(file);

    expect(() => openStore(file)).toThrowError(expect.objectContaining({ code: 'DB_TOO_NEW', message: expect.stringMatching(/newer version of Sunshine.*not changed/) }));
    expect(sha256File(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a newer database whose changes still sit in its WAL, touching neither file', () => {
    // A newer Sunshine that stopped before checkpointing: the version bump is only in the WAL.
    const writerDir = tempDir();
    const live = new Database(dbIn(writerDir));
    live.pragma('journal_mode = WAL');
    live.pragma('wal_autocheckpoint = 0');
    live.exec('CREATE TABLE future (x); INSERT INTO future VALUES (1);');
    live.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 3}`);
    const dir = tempDir();
    fs.copyFileSync(dbIn(writerDir), dbIn(dir));
    fs.copyFileSync(`${dbIn(writerDir)}-wal`, `${dbIn(dir)}-wal`);
    live.close();
    const file = dbIn(dir);
    const before = [sha256File(file), sha256File(`${file}-wal`)];

    expect(() => openStore(file)).toThrowError(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect([sha256File(file), sha256File(`${file}-wal`)]).toEqual(before);
  });

  it('refuses a file that is not a database, leaving it as it was', () => {
    const file = dbIn(tempDir());
    fs.writeFileSync(file, 'these are my notes, not a database '.repeat(200));
    const before = sha256File(file);
    expect(() => openStore(file)).toThrowError(expect.objectContaining({ code: 'NOT_A_DATABASE' }));
    expect(sha256File(file)).toBe(before);
  });
});

describe('migrations', () => {
  it('are numbered 1, 2, 3 … and the check catches a gap or a repeat', () => {
    expect(() => checkMigrationOrder(MIGRATIONS)).not.toThrow();
    const m = MIGRATIONS[0]!;
    expect(() => checkMigrationOrder([m, { ...m, version: 3 }])).toThrow(/position 2 holds version 3/);
    expect(() => checkMigrationOrder([m, m])).toThrow(/out of order/);
  });

  it('a failing migration leaves the database at the version it had', () => {
    const file = dbIn(tempDir());
    openStore(file, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const broken = { version: 2, name: 'broken', up: (db: Database.Database) => db.exec('CREATE TABLE half (x) STRICT; SELECT * FROM missing_table;') };
    expect(() => openStore(file, { migrations: [...MIGRATIONS.slice(0, 1), broken] })).toThrow();
    const s = openStore(file, { migrations: MIGRATIONS.slice(0, 1) });
    expect(s.schemaVersion()).toBe(1);
    expect(s.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({ n: 0 });
    s.close();
  });

  // One test per migration: open at N-1, put data in, open at N, check data and schema.
  for (const m of MIGRATIONS) {
    it(`${String(m.version).padStart(4, '0')} ${m.name}: upgrades from version ${m.version - 1}`, () => {
      const file = dbIn(tempDir());
      const before = openStore(file, { migrations: MIGRATIONS.slice(0, m.version - 1) });
      expect(before.schemaVersion()).toBe(m.version - 1);
      const hadAudit = m.version > 1;
      if (hadAudit) insertAuditRowsAsOfV1(before.db, 1);
      before.close();

      const after = openStore(file, { migrations: MIGRATIONS.slice(0, m.version) });
      expect(after.schemaVersion()).toBe(m.version);
      if (hadAudit) expect(after.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 1 });
      after.close();
    });
  }

  it('0002 records the head of an existing chain', async () => {
    const file = dbIn(tempDir());
    const v1 = openStore(file, { migrations: MIGRATIONS.slice(0, 1) });
    insertAuditRowsAsOfV1(v1.db, 3);
    const last = v1.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    v1.close();
    const v2 = openStore(file, { migrations: MIGRATIONS.slice(0, 2) });
    expect(v2.db.prepare('SELECT seq, hash FROM audit_head').get()).toEqual(last);
    await v2.write('tester', (w) => w.audit({ action: 'test', entity: 'x', entityId: 'after' }));
    expect(v2.db.prepare('SELECT seq FROM audit_head').get()).toEqual({ seq: 4 });
    v2.close();
  });

  it('0003 ships the agency directory, components under their departments', () => {
    const store = openStore(dbIn(tempDir()), { migrations: MIGRATIONS.slice(0, 3) });
    const parentOf = (abbr: string) =>
      (store.db.prepare('SELECT p.abbreviation AS p FROM agencies a JOIN agencies p ON p.id = a.parent_id WHERE a.abbreviation = ?').get(abbr) as { p: string } | undefined)?.p;
    expect(parentOf('ICE')).toBe('DHS');
    expect(parentOf('ORR')).toBe('ACF');
    expect(parentOf('ACF')).toBe('HHS');
    expect(parentOf('FBI')).toBe('DOJ');
    expect(store.db.prepare("SELECT appeal_days, appeal_day_kind FROM agencies WHERE abbreviation = 'ICE'").get()).toEqual({ appeal_days: 90, appeal_day_kind: 'working' });
    const n = (store.db.prepare('SELECT count(*) AS n FROM agencies WHERE parent_id IS NULL').get() as { n: number }).n;
    expect(n).toBeGreaterThanOrEqual(15);
    store.close();
  });

  it('0001 makes the audit log append-only for the app', () => {
    const store = openStore(dbIn(tempDir()), { migrations: MIGRATIONS.slice(0, 1) });
    insertAuditRowsAsOfV1(store.db, 1);
    expect(() => store.db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    store.close();
  });
});
