/** A workspace at an older schema on the suite's engine, for migration tests: migrate to N, insert, `upgrade` to the latest, check. */
import path from 'node:path';
import { compileSearch, withFields } from '../../core/documents/search.ts';
import { allMatchingDocuments } from '../../db/documents.ts';
import type { Engine } from '../../db/engine.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { migratePg } from '../../db/pg/migrate.ts';
import { openStore } from '../../db/store.ts';
import { TEST_ENGINE, tempDir } from './helpers.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

export interface OlderWorkspace {
  engine: Engine;
  /** Every later migration run; the engine to use from then on. */
  upgrade(): Promise<Engine>;
  close(): Promise<void>;
}

/** A workspace brought up to migration `version` only (a SQLite file, or a fresh PostgreSQL database named after `name`). */
export async function olderWorkspace(version: number, name: string): Promise<OlderWorkspace> {
  const before = MIGRATIONS.slice(0, version);
  if (TEST_ENGINE === 'sqlite') {
    const file = path.join(tempDir(), 'sunshine.db');
    let store = openStore(file, { migrations: before });
    return {
      engine: store.engine,
      upgrade: async () => {
        store.close();
        store = openStore(file);
        return store.engine;
      },
      close: async () => store.close(),
    };
  }
  const engine = await PgEngine.open(pgUrl(pgServer!, await freshPgDatabase(pgServer!, name)), { password: pgServer!.password });
  await migratePg(engine, 'the test database', before);
  return { engine, upgrade: async () => (await migratePg(engine, 'the test database'), engine), close: () => engine.close() };
}

/** An email as a workspace of any schema since migration 5 holds it, with the name it arrived under ('older.eml', from 'Older source'). */
export async function insertOlderEmail(engine: Engine): Promise<number> {
  const { lastId: id } = await engine.run(
    `INSERT INTO documents (sha256, size, type, mime, name, path, source, added_at, status, page_count, email_from, email_subject)
     VALUES (?, 1, 'eml', 'message/rfc822', 'older.eml', 'older.eml', 'Older source', '2026-11-01T00:00:00.000Z', 'ready', 1, 'ERO <ero@ice.dhs.gov>', 'Placement') RETURNING id`,
    ['a'.repeat(64)],
  );
  await engine.run("INSERT INTO document_names (document_id, name, path, source, added_at) VALUES (?, 'older.eml', 'older.eml', 'Older source', '2026-11-01T00:00:00.000Z')", [id!]);
  return id!;
}

/** The documents a fielded query finds, as the search runs it. */
export const fieldMatches = (engine: Engine) => async (query: string) => {
  const c = (await compileSearch(engine, query))!;
  return allMatchingDocuments(engine, c.match, withFields({}, c));
};
