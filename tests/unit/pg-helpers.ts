/**
 * For tests that need PostgreSQL: the server the global setup started (tests/unit/pg-cluster.ts),
 * a fresh database per use, and the reason when there is no server here (printed, never silent).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { PgServer } from './pg-cluster.ts';

const provided = inject('pg');

/** The test server, or null (with the reason printed once) where it cannot run. */
export const pgServer: PgServer | null = 'unavailable' in provided ? null : provided;
export const pgSkipReason: string | null = 'unavailable' in provided ? provided.unavailable : null;
if (pgSkipReason) console.warn(`[skipped] PostgreSQL tests: ${pgSkipReason}`);

/** An address for a database on the test server (no password in it: that goes separately). */
export const pgUrl = (s: PgServer, database: string, user = s.user) => `postgres://${user}@${s.host}:${s.port}/${database}`;

/** Run SQL as the superuser against one database of the test server. */
export async function pgAdmin<T>(s: PgServer, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the test server; its name is unique, so test files never meet. */
export async function freshPgDatabase(s: PgServer, prefix = 'sunshine_test'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await pgAdmin(s, 'postgres', (c) => c.query(`CREATE DATABASE ${name}`));
  return name;
}
