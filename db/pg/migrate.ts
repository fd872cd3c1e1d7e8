/**
 * The numbered migrations (db/migrations/) on PostgreSQL: each pending step's `pg` form in a
 * transaction of its own, with the version recorded in `schema_version` in the same transaction.
 * A transaction-scoped advisory lock makes two Sunshines opening a new database at once take
 * turns. A database of a newer schema is refused untouched, with SQLite's words.
 */
import type { Engine } from '../engine.ts';
import { StoreError } from '../errors.ts';
import { MIGRATIONS, checkMigrationOrder, type Migration } from '../migrations/index.ts';
import { assertKnownVersion } from '../store.ts';
import { LOCK_SPACE, MIGRATION_LOCK } from './locks.ts';

/** Collations that order text byte by byte, as SQLite does, so every list sorts the same on both. */
const BYTE_ORDER = new Set(['C', 'POSIX', 'C.UTF-8', 'C.utf8']);

async function versionOf(tx: Engine): Promise<number | undefined> {
  const table = await tx.get<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!table?.t) return undefined;
  return (await tx.get<{ version: number }>('SELECT version FROM schema_version WHERE id = 1'))?.version ?? 0;
}

/** The schema version of a Sunshine database on PostgreSQL (0 when it has none yet). */
export async function pgSchemaVersion(engine: Engine): Promise<number> {
  return (await versionOf(engine)) ?? 0;
}

/**
 * Bring the database up to the latest schema (or the given list's last step); returns the version
 * it is at. `where` names the database in messages, e.g. `database "sunshine" on host:5432`.
 */
export async function migratePg(engine: Engine, where: string, migrations: readonly Migration[] = MIGRATIONS): Promise<number> {
  checkMigrationOrder(migrations);
  const latest = migrations.length;
  // datlocprovider (PostgreSQL 15+): 'c' is the C library's locale, 'i' an ICU one, which never orders by bytes.
  const db = await engine.get<{ collate: string; provider: string | null }>(
    "SELECT datcollate AS collate, to_jsonb(d) ->> 'datlocprovider' AS provider FROM pg_database d WHERE datname = current_database()",
  );
  if (db && (!BYTE_ORDER.has(db.collate) || (db.provider ?? 'c') !== 'c')) {
    throw new StoreError(
      'BAD_INPUT',
      `${where} sorts text by the rules of a language (${db.provider === 'i' ? 'ICU' : db.collate}); Sunshine needs byte order, as on this computer's own databases, so that lists sort the same everywhere. Create the database with: createdb --locale=C.UTF-8 --template=template0 <name>.`,
    );
  }
  for (;;) {
    const reached = await engine.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_SPACE, MIGRATION_LOCK]);
      let found = await versionOf(tx);
      if (found === undefined) {
        const other = await tx.get<{ n: number }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema()");
        if (other && other.n > 0) {
          throw new StoreError('NOT_A_DATABASE', `${where} holds tables but is not a Sunshine workspace. Point --database at an empty database made for Sunshine.`);
        }
        await tx.exec('CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
        await tx.run('INSERT INTO schema_version (id, version) VALUES (1, 0)');
        found = 0;
      }
      assertKnownVersion(where, found, latest, 'database');
      if (found === latest) return found;
      const step = migrations[found]!;
      if (!step.pg) throw new Error(`Migration ${step.version} (${step.name}) has no PostgreSQL form.`);
      await step.pg(tx);
      await tx.run('UPDATE schema_version SET version = ? WHERE id = 1', [step.version]);
      return step.version;
    });
    if (reached === latest) return reached;
  }
}
