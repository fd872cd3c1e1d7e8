/**
 * The asynchronous storage interface both engines implement: SQLite (better-sqlite3, the embedded
 * default) here, PostgreSQL (pg) in db/pg/engine.ts. SQL is written once with `@name` parameters
 * (an object) or `?` (an array), as in the rest of db/; each engine binds them its own way.
 *
 * `run` reports `lastId` from a `RETURNING id` clause on both engines (SQLite has had RETURNING
 * since 3.35), so code that needs a new row's id writes it the one way that works on both.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Statement } from 'better-sqlite3';

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface RunResult {
  changes: number;
  /** The `id` of the last row a `RETURNING id` clause gave back; undefined without one. */
  lastId?: number;
}

export interface TransactionOptions {
  /** PostgreSQL: SERIALIZABLE, retried on a serialization failure. SQLite's write transactions already are. */
  serializable?: boolean;
  /**
   * Reads only, from one unchanging view of the data (a copy or a backup of a live workspace),
   * without holding back writers: SQLite's deferred read transaction on WAL, PostgreSQL's
   * REPEATABLE READ READ ONLY.
   */
  snapshot?: boolean;
}

export interface Engine {
  readonly kind: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<RunResult>;
  /** Several statements, no parameters (schema steps). */
  exec(sql: string): Promise<void>;
  /**
   * `fn` runs in one transaction on `tx`: committed when it resolves, rolled back when it throws.
   * Inside, use `tx` only; `tx.transaction` nests as a savepoint. With `serializable` on
   * PostgreSQL, `fn` may run more than once, so it must not have effects outside the database.
   */
  transaction<T>(fn: (tx: Engine) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** What a function that only reads needs: the engine itself, or a write's handle (which reads its own changes). */
export type Reader = Pick<Engine, 'kind' | 'all' | 'get'>;
/** What a function that writes inside someone else's transaction needs. */
export type Runner = Reader & Pick<Engine, 'run'>;

interface OpenTransaction {
  engine: Engine;
  open: boolean;
}
/** The transactions the running code is inside (work it starts and leaves running may outlive them). */
const openTransactions = new AsyncLocalStorage<readonly OpenTransaction[]>();

/**
 * Run a transaction's function so that a call it makes on the engine itself, rather than on its
 * `tx`, is caught: on SQLite that call would wait for the very transaction that waits for it; on
 * PostgreSQL it would run outside the transaction, missing its changes.
 */
export async function asTransactionOf<T>(engine: Engine, fn: () => Promise<T>): Promise<T> {
  const mark: OpenTransaction = { engine, open: true };
  try {
    return await openTransactions.run([...(openTransactions.getStore() ?? []), mark], fn);
  } finally {
    mark.open = false;
  }
}

/** Throws when called from inside one of this engine's own transactions (see asTransactionOf). */
export function refuseInsideOwnTransaction(engine: Engine): void {
  if (openTransactions.getStore()?.some((t) => t.engine === engine && t.open)) {
    throw new Error("A call was made on the engine from inside one of its own transactions: make it on the transaction's handle (tx) instead.");
  }
}

/** Run `fn` under a savepoint of an open transaction: undone alone when it throws. */
export async function withSavepoint<T>(tx: Engine, depth: number, fn: () => Promise<T>): Promise<T> {
  const name = `sunshine_sp_${depth}`;
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (e) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    throw e;
  }
}

/** The `lastId` of a statement's returned rows; shared so both engines read it alike. */
export function lastIdOf(rows: readonly unknown[]): number | undefined {
  const id = (rows.at(-1) as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' ? id : typeof id === 'bigint' ? Number(id) : undefined;
}

const STATEMENT_CACHE = 256;

/** Statements on one better-sqlite3 connection, called directly (the engine orders the calls). */
class SqliteConnection {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly db: Database) {}

  private prepare(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.cache.size >= STATEMENT_CACHE) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  private static args(params: Params | undefined): unknown[] {
    if (params === undefined) return [];
    return Array.isArray(params) ? [...params] : [params];
  }

  all<T>(sql: string, params?: Params): T[] {
    return this.prepare(sql).all(...SqliteConnection.args(params)) as T[];
  }

  get<T>(sql: string, params?: Params): T | undefined {
    return this.prepare(sql).get(...SqliteConnection.args(params)) as T | undefined;
  }

  run(sql: string, params?: Params): RunResult {
    const stmt = this.prepare(sql);
    const args = SqliteConnection.args(params);
    if (stmt.reader) {
      // INSERT/UPDATE/DELETE … RETURNING: one row back per row changed.
      const rows = stmt.all(...args);
      return { changes: rows.length, lastId: lastIdOf(rows) };
    }
    return { changes: stmt.run(...args).changes };
  }
}

/** The handle a SQLite transaction's function gets: the same connection, without waiting its turn again. */
class SqliteTx implements Engine {
  readonly kind = 'sqlite' as const;
  constructor(
    private readonly conn: SqliteConnection,
    private readonly depth: number,
  ) {}
  all<T>(sql: string, params?: Params) {
    return Promise.resolve().then(() => this.conn.all<T>(sql, params));
  }
  get<T>(sql: string, params?: Params) {
    return Promise.resolve().then(() => this.conn.get<T>(sql, params));
  }
  run(sql: string, params?: Params) {
    return Promise.resolve().then(() => this.conn.run(sql, params));
  }
  exec(sql: string) {
    return Promise.resolve().then(() => void this.conn.db.exec(sql));
  }
  transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    const inner = new SqliteTx(this.conn, this.depth + 1);
    return withSavepoint(this, this.depth + 1, () => fn(inner));
  }
  close(): Promise<void> {
    return Promise.reject(new Error('Close the engine, not a transaction.'));
  }
}

/**
 * SQLite behind the asynchronous interface. better-sqlite3 is synchronous and has one connection,
 * so a transaction that awaits would let any other call run inside it: every call waits its turn
 * in one queue, and a transaction holds the queue until it commits or rolls back.
 */
export class SqliteEngine implements Engine {
  readonly kind = 'sqlite' as const;
  private readonly conn: SqliteConnection;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly db: Database) {
    this.conn = new SqliteConnection(db);
  }

  private inTurn<T>(fn: () => T | Promise<T>): Promise<T> {
    try {
      refuseInsideOwnTransaction(this);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    const result = this.queue.then(fn);
    this.queue = result.catch(() => undefined);
    return result;
  }

  all<T>(sql: string, params?: Params) {
    return this.inTurn(() => this.conn.all<T>(sql, params));
  }
  get<T>(sql: string, params?: Params) {
    return this.inTurn(() => this.conn.get<T>(sql, params));
  }
  run(sql: string, params?: Params) {
    return this.inTurn(() => this.conn.run(sql, params));
  }
  exec(sql: string) {
    return this.inTurn(() => void this.db.exec(sql));
  }

  transaction<T>(fn: (tx: Engine) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return this.inTurn(async () => {
      // IMMEDIATE takes the write lock at once: no other process slips a write in between our reads.
      // A snapshot only reads: its first read fixes the view, and other processes go on writing.
      this.db.exec(opts.snapshot ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
      if (opts.snapshot) this.db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get();
      try {
        const result = await asTransactionOf(this, () => fn(new SqliteTx(this.conn, 0)));
        this.db.exec('COMMIT');
        return result;
      } catch (e) {
        // SQLite may already have rolled back by itself (a full disk, an interrupted statement).
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  close() {
    return this.inTurn(() => void this.db.close());
  }
}
