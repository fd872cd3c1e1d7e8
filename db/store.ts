/**
 * Opening the database and the one path every change goes through.
 *
 * - `openStore` refuses a database written by a newer Sunshine before touching
 *   it, then sets the pragmas and applies pending migrations in one transaction.
 * - `store.write(actor, fn)` runs `fn` in an IMMEDIATE transaction (db/audited-write.ts); a write that
 *   changes any row without appending an audit row is rolled back, and if `fn`
 *   throws, nothing is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { StoreError } from './errors.ts';
import { osAccount } from './audit.ts';
import { SqliteEngine, type Engine } from './engine.ts';
import { refuseUnaudited, writerOn, type Writer, type WorkspaceStore, type WriteCount } from './audited-write.ts';

export type { Writer, WorkspaceStore } from './audited-write.ts';
import { MIGRATIONS, checkMigrationOrder, type Migration } from './migrations/index.ts';
import { openVocabulary } from './vocabulary.ts';
import { registerOrderCheck } from './word-order.ts';

export interface StoreOptions {
  /** Where the native better-sqlite3 module lives (Electron has its own ABI build). */
  nativeBinding?: string;
  /** Clock for audit timestamps; tests pass a fixed one. */
  now?: () => Date;
  /** Migrations to apply; defaults to all. Tests pass a prefix to stop at version N. */
  migrations?: readonly Migration[];
}

/** Where the SQLite binding comes from: the desktop app's development runs load an Electron build of it. */
export interface NativeOptions {
  nativeBinding?: string;
}

/** A plain connection to another database file (a backup's copy), with the same binding as the store's. */
export const openRawDb = (file: string, native: NativeOptions, readonly = false): Db => new Database(file, { ...native, readonly });

/** A SQLite workspace: the common store, plus what only a file database has (its backups, its own checks). */
export interface Store extends WorkspaceStore {
  readonly kind: 'sqlite';
  /** The connection itself, for what is SQLite's own: its online backup, integrity check, WAL. */
  readonly db: Db;
  /** Reads outside any write. Inside `write`, read through the writer instead. */
  readonly engine: Engine;
  readonly file: string;
  readonly native: NativeOptions;
  schemaVersion(): number;
  /** Fold the WAL into the main file; call after bulk work. */
  checkpoint(): void;
  close(): void;
}

const readVersion = (db: Db) => db.pragma('user_version', { simple: true }) as number;

function describeOpenError(file: string, e: unknown): StoreError {
  const code = (e as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('NOT_A_DATABASE', `${file} is not a Sunshine database (or it is damaged). Point --data at another folder, or restore a backup.`);
  }
  if (code === 'SQLITE_BUSY') {
    return new StoreError('DB_BUSY', `${file} is locked by another program. Close other Sunshine windows and try again.`);
  }
  return new StoreError('INTERNAL', `Could not open ${file}: ${(e as Error).message}`);
}

/**
 * Look at an existing file read-only first: a read-write connection would fold a
 * newer version's leftover WAL into the file on close, changing what we refuse.
 */
function refuseIfTooNew(file: string, latest: number, native: { nativeBinding?: string }): void {
  let found: number;
  try {
    const ro = new Database(file, { ...native, readonly: true, fileMustExist: true });
    try {
      found = readVersion(ro);
    } finally {
      ro.close();
    }
  } catch (e) {
    throw describeOpenError(file, e);
  }
  assertKnownVersion(file, found, latest);
}

/** Refuse, untouched, a database a newer Sunshine wrote: `where` names it, `what` says what was left alone. */
export function assertKnownVersion(where: string, found: number, latest: number, what: 'file' | 'database' = 'file'): void {
  if (found > latest) {
    throw new StoreError(
      'DB_TOO_NEW',
      `${where} was written by a newer version of Sunshine (schema ${found}; this version knows up to ${latest}). Update Sunshine to open it; the ${what} was not changed.`,
    );
  }
}

export function openStore(file: string, opts: StoreOptions = {}): Store {
  const migrations = opts.migrations ?? MIGRATIONS;
  checkMigrationOrder(migrations);
  const latest = migrations.length;
  fs.mkdirSync(path.dirname(file), { recursive: true });

  const native = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  if (fs.existsSync(file)) refuseIfTooNew(file, latest, native);

  const db = new Database(file, native);
  try {
    const found = readVersion(db);
    assertKnownVersion(file, found, latest); // another process may have created the file meanwhile
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // 64 MB of page cache (the default is 2 MB): search reads the full-text index's pages over and over.
    db.pragma('cache_size = -65536');
    const pending = migrations.slice(found);
    if (pending.length > 0) {
      db.transaction(() => {
        for (const m of pending) {
          m.up(db);
          db.pragma(`user_version = ${m.version}`);
        }
      }).immediate();
    }
    openVocabulary(db);
    registerOrderCheck(db);
  } catch (e) {
    db.close();
    throw e instanceof StoreError ? e : describeOpenError(file, e);
  }

  const now = opts.now ?? (() => new Date());
  // Recorded with every audit row from the schema that has room for it (tests open older schemas too).
  const osUser = (db.pragma('table_info(audit_log)') as { name: string }[]).some((c) => c.name === 'os_user') ? osAccount() : null;
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const engine = new SqliteEngine(db);
  return {
    kind: 'sqlite',
    db,
    engine,
    where: file,
    file,
    native,
    schemaVersion: () => readVersion(db),
    write<T>(actor: string, fn: (w: Writer) => Promise<T>): Promise<T> {
      return engine.transaction(async (tx) => {
        const changesBefore = totalChanges.get() as number;
        const count: WriteCount = { audited: 0, changed: 0 };
        const result = await fn(writerOn(tx, actor, now().toISOString(), osUser, count));
        // SQLite also counts what the writer cannot see (a statement run on the connection itself).
        refuseUnaudited(count, (totalChanges.get() as number) !== changesBefore);
        return result;
      });
    },
    checkpoint: () => void db.pragma('wal_checkpoint(TRUNCATE)'),
    close: () => db.close(),
  };
}
