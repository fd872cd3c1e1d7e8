/**
 * Transitional, SQLite only, while db/ moves onto the asynchronous engine module by module
 * (docs/engines.md §3 step 2): the synchronous connection behind a reader, so that code already
 * reading through the engine can still call a db function not yet moved there. Inside a write it
 * is the write's own transaction (`w.legacy.db`). Goes away with `store.db`.
 */
import type { Database } from 'better-sqlite3';
import { SqliteEngine, type Reader } from '../db/engine.ts';
import type { AsyncWriter } from '../db/store.ts';

export function legacyDb(q: Reader): Database {
  if ('legacy' in q) return (q as AsyncWriter).legacy.db;
  if (q instanceof SqliteEngine) return q.db;
  throw new Error('This call still needs the SQLite connection: its db function has not moved to the engine yet.');
}
