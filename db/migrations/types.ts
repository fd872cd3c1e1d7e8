import type { Database } from 'better-sqlite3';
import type { Engine } from '../engine.ts';

/** One numbered schema step. Additive once released: never drop a shipped column. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
  /**
   * The same step on PostgreSQL (db/pg/migrate.ts), run inside its transaction. Every shipped
   * step has one (a test checks); it is optional only so tests can make up SQLite-only steps.
   */
  pg?(tx: Engine): Promise<void>;
}
