/**
 * PostgreSQL behind the asynchronous interface (db/engine.ts), on a pg Pool: each transaction has
 * a connection of its own, so many can run at once, in this process and others.
 */
import pg from 'pg';
import type { PoolClient, QueryResult } from 'pg';
import { asTransactionOf, lastIdOf, refuseInsideOwnTransaction, withSavepoint, type Engine, type Params, type RunResult, type TransactionOptions } from '../engine.ts';
import { pgConnection, type PgConnectOptions } from './connect.ts';
import { describePgError, type PgTarget } from './errors.ts';
import { toPositional } from './params.ts';

/** Serialization failure and deadlock: the transaction can simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 8;

/**
 * Numbers come back as numbers, as from SQLite: 64-bit integers (ids, sizes, count(*)) and
 * numeric (sum of bigints) are strings in pg by default. One past what a JS number holds exactly
 * is an error, never a silently rounded id.
 */
export function exactNumber(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new RangeError(`The database returned ${text}, larger than Sunshine can count exactly.`);
  return n;
}
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return exactNumber;
    return pg.types.getTypeParser(oid, format);
  },
};

type Queryable = { query(text: string, values: unknown[]): Promise<QueryResult> };

async function query(on: Queryable, target: PgTarget, sql: string, params?: Params): Promise<QueryResult> {
  const { text, values } = toPositional(sql, params);
  try {
    return await on.query(text, values);
  } catch (e) {
    throw describePgError(e, target);
  }
}

const runResult = (r: QueryResult): RunResult => ({ changes: r.rowCount ?? 0, lastId: lastIdOf(r.rows) });

/** Statements on a pool (each on any free connection) or on one connection (a transaction's). */
class PgCalls {
  constructor(
    protected readonly on: Queryable,
    readonly target: PgTarget,
  ) {}
  /** Before each call: the engine refuses calls from inside its own transactions; a transaction's handle takes them. */
  protected guard(): void {}
  async all<T>(sql: string, params?: Params) {
    this.guard();
    return (await query(this.on, this.target, sql, params)).rows as T[];
  }
  async get<T>(sql: string, params?: Params) {
    this.guard();
    return (await query(this.on, this.target, sql, params)).rows[0] as T | undefined;
  }
  async run(sql: string, params?: Params) {
    this.guard();
    return runResult(await query(this.on, this.target, sql, params));
  }
  async exec(sql: string) {
    this.guard();
    try {
      // No values: the simple protocol, which takes several statements at once.
      await this.on.query(sql, []);
    } catch (e) {
      throw describePgError(e, this.target);
    }
  }
}

/** The handle a transaction's function gets: its own connection. */
class PgTx extends PgCalls implements Engine {
  readonly kind = 'postgres' as const;
  constructor(
    client: PoolClient,
    target: PgTarget,
    private readonly depth: number,
  ) {
    super(client, target);
  }
  transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    const inner = new PgTx(this.on as PoolClient, this.target, this.depth + 1);
    return withSavepoint(this, this.depth + 1, () => fn(inner));
  }
  close(): Promise<void> {
    return Promise.reject(new Error('Close the engine, not a transaction.'));
  }
}

/**
 * Connect once, on a connection of its own, before the pool is made: a wrong password or address
 * fails here, in plain words. A connection refused half-way (no password for the server's
 * challenge) is not always closed by pg itself, and its socket would keep the process alive: it is
 * closed here.
 */
async function probe(config: pg.ClientConfig, target: PgTarget): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    throw describePgError(e, target);
  }
  await client.end();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PgEngine extends PgCalls implements Engine {
  readonly kind = 'postgres' as const;

  constructor(
    readonly pool: pg.Pool,
    target: PgTarget,
  ) {
    super(pool, target);
    // A connection that dies while idle (server restart) is dropped from the pool; the next call
    // opens another. Without a listener the error would end the process.
    pool.on('error', () => undefined);
  }

  /** A pool for the address, checked by connecting once: a wrong password or address fails here, in plain words. */
  static async open(address: string, opts: PgConnectOptions = {}): Promise<PgEngine> {
    const { config, target } = pgConnection(address, opts);
    await probe(config, target);
    return new PgEngine(new pg.Pool({ ...config, types }), target);
  }

  protected override guard(): void {
    refuseInsideOwnTransaction(this);
  }

  transaction<T>(fn: (tx: Engine) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    return this.transactionAfter('', (tx) => fn(tx), opts);
  }

  /**
   * A transaction whose first statements (`prelude`: no parameters, such as taking a lock and
   * reading what it guards) travel with its BEGIN in one message, a round trip saved on every
   * write; `fn` gets the rows of the prelude's last statement. `notify`, asked once `fn` is done:
   * a notification sent in the same message as the COMMIT (no round trip of its own), which
   * PostgreSQL delivers only if the transaction commits.
   */
  async transactionAfter<R, T>(prelude: string, fn: (tx: Engine, first: R[]) => Promise<T>, opts: TransactionOptions = {}, notify?: () => { channel: string; payload: string } | null): Promise<T> {
    this.guard();
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw describePgError(e, this.target);
      }
      let broken: Error | undefined;
      // The server may end a connection between two statements of ours (a restart, an
      // administrator): pg reports that as an event, which must not end the process.
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      try {
        const begin = opts.snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : opts.serializable ? 'BEGIN ISOLATION LEVEL SERIALIZABLE' : 'BEGIN';
        // Without values pg uses the simple protocol, which takes several statements and answers each.
        const opened = await client.query(prelude ? `${begin}; ${prelude}` : begin);
        const first = (prelude ? ([] as QueryResult[]).concat(opened).at(-1)!.rows : []) as R[];
        const result = await asTransactionOf(this, () => fn(new PgTx(client, this.target, 0), first));
        const note = notify?.();
        await client.query(note ? `SELECT pg_notify(${client.escapeLiteral(note.channel)}, ${client.escapeLiteral(note.payload)}); COMMIT` : 'COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is gone: never hand it out again
        }
        const code = (e as { code?: unknown }).code;
        if (opts.serializable && typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS) {
          // Back off a little, at random, so the transactions that collided do not collide again.
          await pause(Math.random() * 5 * 2 ** attempt);
          continue;
        }
        throw describePgError(e, this.target);
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    }
  }

  close() {
    return this.pool.end();
  }
}
