/**
 * A workspace on PostgreSQL: the engine for reads, and the one audited write path, as
 * `openStore` gives for SQLite. Opening brings the schema up to date (or refuses a newer one,
 * untouched). Every write takes the workspace writer lock first (db/pg/locks.ts), so writes from
 * many processes and machines run one at a time, as on SQLite, and the audit chain stays one chain.
 */
import { PG_HEAD_SQL, osAccount, type ChainHead } from '../audit.ts';
import { refuseUnaudited, writerOn, type Writer, type WorkspaceStore, type WriteCount } from '../audited-write.ts';
import { CHANGES_CHANNEL, noteOf } from '../changes.ts';
import type { AuditRow } from '../audit.ts';
import type { Migration } from '../migrations/index.ts';
import type { PgConnectOptions } from './connect.ts';
import { PgEngine } from './engine.ts';
import { StoreError } from '../errors.ts';
import { listenForChanges, type ChangeListener, type ListenEvents } from './listen.ts';
import { LOCK_SPACE, WRITER_LOCK } from './locks.ts';
import { migratePg, pgSchemaVersion } from './migrate.ts';

/**
 * Sent with every write's BEGIN, in one round trip: the writer lock, then (the lock held, so it is
 * the committed end of the chain, which no one else can move until this write commits) the audit
 * chain's head, which the write's audit rows follow on from without reading it again.
 */
const WRITE_PRELUDE = `SELECT pg_advisory_xact_lock(${LOCK_SPACE}, ${WRITER_LOCK}); ${PG_HEAD_SQL}`;

export interface PgStoreOptions extends PgConnectOptions {
  /** Clock for audit timestamps; tests pass a fixed one. */
  now?: () => Date;
  /** Migrations to apply; defaults to all. */
  migrations?: readonly Migration[];
}

export interface PgStore extends WorkspaceStore {
  readonly kind: 'postgres';
  /** The database login this store connected as (`session_user`): who every write acts as. */
  readonly login: string;
  schemaVersion(): Promise<number>;
  /** Hear every committed write, this app's own too, on a connection of its own (db/pg/listen.ts). */
  listen(on: ListenEvents): ChangeListener;
  close(): Promise<void>;
}

export async function openPgStore(address: string, opts: PgStoreOptions = {}): Promise<PgStore> {
  const engine = await PgEngine.open(address, opts);
  const where = `database "${engine.target.database}" on ${engine.target.server}`;
  try {
    await migratePg(engine, where, opts.migrations);
  } catch (e) {
    await engine.close();
    // A login granted no rights on the workspace (never a member, or revoked) cannot even read its schema version.
    if ((e as { code?: unknown }).code === '42501') {
      const who = engine.target.user;
      throw new StoreError('FORBIDDEN', `Your login ${who} is not a member of this workspace: ask an admin to run \`sunshine team grant ${who} <role>\`.`);
    }
    throw e;
  }
  let login: string;
  try {
    login = (await engine.get<{ login: string }>('SELECT session_user AS login'))!.login;
  } catch (e) {
    await engine.close();
    throw e;
  }
  const now = opts.now ?? (() => new Date());
  const osUser = osAccount();
  // Closing twice (a shell's exit and its signal handler, say) ends the pool once.
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    engine,
    login,
    where,
    schemaVersion: () => pgSchemaVersion(engine),
    listen: (on) => listenForChanges(address, opts, on),
    write<T>(_actor: string, fn: (w: Writer) => Promise<T>): Promise<T> {
      const appended: AuditRow[] = [];
      return engine.transactionAfter<ChainHead, T>(
        WRITE_PRELUDE,
        async (tx, [head]) => {
          appended.length = 0; // a retried transaction starts again
          // The time is taken once the lock is held, so audit times never run backwards along the chain.
          const count: WriteCount = { audited: 0, changed: 0 };
          // Who acts is the login, whatever the caller names (a background reader, a copy): the audit
          // log's trigger (migration 24) refuses any other actor, so naming it here keeps writes from failing.
          const w = writerOn(tx, login, now().toISOString(), osUser, count, { head });
          const result = await fn({
            ...w,
            audit: async (entry) => {
              const row = await w.audit(entry);
              appended.push(row);
              return row;
            },
          });
          refuseUnaudited(count);
          return result;
        },
        {},
        // Every open app hears what changed, once it is committed (core/live-changes.ts), with the COMMIT: no round trip of its own.
        () => {
          const note = noteOf(login, appended);
          return note ? { channel: CHANGES_CHANNEL, payload: JSON.stringify(note) } : null;
        },
      );
    },
    close: () => (closing ??= engine.close()),
  };
}
