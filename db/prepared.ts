import type { Database, Statement } from 'better-sqlite3';

/**
 * A prepared statement for `sql` on this connection, prepared once and reused:
 * preparing costs more than running most of the app's queries.
 */
const cache = new WeakMap<Database, Map<string, Statement>>();

export function prepared(db: Database, sql: string, mode: 'rows' | 'pluck' = 'rows'): Statement {
  let forDb = cache.get(db);
  if (!forDb) cache.set(db, (forDb = new Map()));
  const key = `${mode}\u0000${sql}`;
  let s = forDb.get(key);
  if (!s) {
    s = db.prepare(sql);
    if (mode === 'pluck') s.pluck();
    // Lists build their SQL from filters; keep the cache from growing without bound.
    if (forDb.size > 500) forDb.clear();
    forDb.set(key, s);
  }
  return s;
}

/**
 * The id of the row an `INSERT … RETURNING id` made. RETURNING is the form both engines accept;
 * better-sqlite3's `lastInsertRowid` has no PostgreSQL twin (docs/engines.md §1.11 d).
 */
export function insertedId(db: Database, sql: string, ...params: unknown[]): number {
  if (!/\sRETURNING id$/.test(sql)) throw new Error('insertedId needs an INSERT that ends in RETURNING id');
  return prepared(db, sql, 'pluck').get(...params) as number;
}
