import type { Database } from 'better-sqlite3';

/** One numbered schema step. Additive once released: never drop a shipped column. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
