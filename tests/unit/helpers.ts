import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { afterEach, it } from 'vitest';
import { openCore, type Core, type CoreOptions } from '../../core/index.ts';
import type { Params } from '../../db/engine.ts';
import { freshPgDatabase, pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fresh folder, removed after the test. */
export function tempDir(prefix = 'sunshine-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The engine the suite's cores run on: SUNSHINE_TEST_ENGINE=postgres puts each on a fresh PostgreSQL database. */
export const TEST_ENGINE = process.env.SUNSHINE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * A core on a fresh data folder (or, on PostgreSQL, a fresh database with the folder as its team
 * folder), closed after the test. Its database is open when the promise settles. `engine` picks
 * one engine whatever the suite's, for tests of moving between them.
 */
export async function testCore(opts: string | (Partial<CoreOptions> & { dataDir?: string; engine?: 'sqlite' | 'postgres' }) = {}): Promise<Core> {
  const { dataDir = tempDir(), engine = TEST_ENGINE, ...rest } = typeof opts === 'string' ? { dataDir: opts } : opts;
  const core = engine === 'postgres' ? openCore({ dataDir, ...freshTeamDatabase(dataDir), ...rest }) : openCore({ dataDir, ...rest });
  cleanups.push(() => core.close());
  await core.ready;
  return core;
}

/** The same workspace as `core` opened again (its folder, and on PostgreSQL its database), e.g. after closing it. */
export function reopenCore(core: Core, opts: Partial<CoreOptions> = {}): Promise<Core> {
  const database = teamDatabaseOf(core);
  const team = database && pgServer ? { engine: 'postgres' as const, database: pgUrl(pgServer, database), password: pgServer.password } : { engine: 'sqlite' as const };
  return testCore({ dataDir: core.dataDir, ...team, ...opts });
}

/** `it`, run only on SQLite: for what a data folder has and a team workspace has not. On PostgreSQL it is skipped, saying why. */
export function itOnSqlite(why: string): typeof it {
  if (TEST_ENGINE === 'sqlite') return it;
  return ((name: string) => {
    console.warn(`[skipped on PostgreSQL] ${name}: ${why}`);
    it.skip(name, () => {});
  }) as unknown as typeof it;
}

/** The rows of a query on the core's database, whichever engine it is on. */
export async function query<R = Record<string, unknown>>(core: Core, sql: string, params?: Params): Promise<R[]> {
  await core.ready;
  return core.workspace.engine.all<R>(sql, params);
}

/** How many rows a table has (optionally those matching a condition). */
export async function rowCount(core: Core, table: string, where = 'TRUE', params?: Params): Promise<number> {
  const [r] = await query<{ n: number }>(core, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(r!.n);
}

/**
 * Change rows behind the app's back, as someone with a database shell would: on SQLite with the
 * audit log's append-only triggers dropped, on PostgreSQL with every trigger off for the change
 * (session_replication_role: the test server's login is a superuser).
 */
export async function tamperWith(core: Core, sql: string, params?: Params): Promise<void> {
  await core.ready;
  if (core.workspace.kind === 'sqlite') {
    tamper(core.store.db, sql, ...((params ?? []) as unknown[]));
    return;
  }
  await core.workspace.engine.transaction(async (tx) => {
    await tx.exec('SET LOCAL session_replication_role = replica');
    await tx.run(sql, params);
  });
}

const teamDatabases = new Map<string, string>();
/** The name of the database a test core on PostgreSQL keeps its records in (by its team folder). */
export const teamDatabaseOf = (core: Core): string | undefined => teamDatabases.get(core.dataDir);

/**
 * The database login a core acts as in a team workspace (the audit actor there, whatever name was typed:
 * the name typed is the member's display name, beside it); null in a data folder, where the name typed is the actor.
 */
export const teamLoginOf = (core: Core): string | null => (core.workspace.kind === 'postgres' ? (core.workspace as { login: string } & typeof core.workspace).login : null);

function freshTeamDatabase(dataDir: string): { database: () => Promise<string>; password: string } {
  if (!pgServer) throw new Error(`SUNSHINE_TEST_ENGINE=postgres, but there is no PostgreSQL server for the tests: ${pgSkipReason}`);
  const s = pgServer;
  return {
    database: async () => {
      const name = await freshPgDatabase(s, 'core');
      teamDatabases.set(dataDir, name);
      return pgUrl(s, name);
    },
    password: s.password,
  };
}

export const sha256File = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Bypass the app's own guards, as someone with a SQLite shell would. */
export function tamper(db: Database, sql: string, ...params: unknown[]): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare(sql).run(...params);
}

/** A call's value; a failed call fails the test with its code and message. */
export async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** A call's error; a call that succeeds fails the test. */
export async function fails(p: Promise<{ ok: boolean; error?: { code: string; message: string } }>) {
  const r = await p;
  if (r.ok) throw new Error('expected the call to fail');
  return r.error!;
}
