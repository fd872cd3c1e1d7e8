import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { afterEach } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
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

/** A core on a fresh data folder (or, on PostgreSQL, a fresh database with the folder as its team folder), closed after the test. */
export function testCore(dataDir = tempDir()): Core {
  const core = TEST_ENGINE === 'postgres' ? openCore({ dataDir, ...freshTeamDatabase() }) : openCore({ dataDir });
  cleanups.push(() => core.close());
  return core;
}

function freshTeamDatabase(): { database: () => Promise<string>; password: string } {
  if (!pgServer) throw new Error(`SUNSHINE_TEST_ENGINE=postgres, but there is no PostgreSQL server for the tests: ${pgSkipReason}`);
  const s = pgServer;
  return { database: async () => pgUrl(s, await freshPgDatabase(s, 'core')), password: s.password };
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
