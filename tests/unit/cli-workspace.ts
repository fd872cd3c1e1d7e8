/**
 * Running the `sunshine` command against a fresh workspace on the engine the suite runs on
 * (SUNSHINE_TEST_ENGINE): a data folder on SQLite, or on PostgreSQL a fresh database on the test
 * server with a team folder. The database password reaches the command through its environment
 * (PGPASSWORD), never its command line: every user of the computer can read command lines.
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import type { Core } from '../../core/index.ts';
import { tamper, teamDatabaseOf, tempDir, TEST_ENGINE } from './helpers.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';

export const SUNSHINE_BIN = path.resolve('bin/sunshine.mjs');

export interface CliWorkspace {
  engine: 'sqlite' | 'postgres';
  /** The folder of its stored files: the data folder, or the team folder (the same layout, without sunshine.db). */
  dir: string;
  /** The global options that reach it. */
  args: string[];
  /** What the command's environment needs to reach it: on PostgreSQL, the password. */
  env: Record<string, string>;
  /** On PostgreSQL, the database's name on the test server. */
  database?: string;
}

/** A data folder, on either pass: for tests about what only a data folder has (its path, its SQLite file, its backups). */
export const dataFolder = (dir = tempDir()): CliWorkspace => ({ engine: 'sqlite', dir, args: ['--data', dir], env: {} });

/** A fresh workspace on the suite's engine, with `dir` as its data folder or team folder. */
export async function cliWorkspace(dir = tempDir()): Promise<CliWorkspace> {
  if (TEST_ENGINE === 'sqlite') return dataFolder(dir);
  if (!pgServer) throw new Error(`SUNSHINE_TEST_ENGINE=postgres, but there is no PostgreSQL server for the tests: ${pgSkipReason}`);
  const database = await freshPgDatabase(pgServer, 'cli');
  return { engine: 'postgres', dir, args: ['--database', pgUrl(pgServer, database), '--files', dir], env: { PGPASSWORD: pgServer.password }, database };
}

/** The workspace a test core (testCore) is open on, for commands run beside it. */
export function cliWorkspaceOf(core: Core): CliWorkspace {
  const database = teamDatabaseOf(core);
  if (core.workspace.kind === 'sqlite' || !database) return dataFolder(core.dataDir);
  return { engine: 'postgres', dir: core.dataDir, args: ['--database', pgUrl(pgServer!, database), '--files', core.dataDir], env: { PGPASSWORD: pgServer!.password }, database };
}

/** How an in-process core (testCore) opens the same workspace as the commands. */
export const cliWorkspaceOptions = (ws: CliWorkspace): { database?: string; password?: string } =>
  ws.engine === 'postgres' ? { database: pgUrl(pgServer!, ws.database!), password: pgServer!.password } : {};

/**
 * The command's environment: none of the caller's own workspace or passphrases leak in (an empty
 * value is no value), then the workspace's, then the test's own.
 */
export const sunshineEnv = (ws: CliWorkspace | null, env: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  SUNSHINE_DATA: '',
  SUNSHINE_DATABASE: '',
  PGPASSWORD: '',
  SUNSHINE_PASSPHRASE: '',
  SUNSHINE_NEW_PASSPHRASE: '',
  ...ws?.env,
  ...env,
});

/** The arguments after `node`: the command, the workspace's options, then the test's. */
export const sunshineArgv = (ws: CliWorkspace | null, args: string[]) => [SUNSHINE_BIN, ...(ws?.args ?? []), ...args];

/** The same as one line for a shell (for a terminal, tests/unit/terminal.ts); the workspace's environment goes separately. */
export const sunshineShellCommand = (ws: CliWorkspace | null, args: string[]) =>
  [process.execPath, ...sunshineArgv(ws, args)].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');

/**
 * Run the command on `ws` (null: no workspace, for --help or the environment's own) and wait for
 * it. It runs in a session of its own (setsid) so it has no terminal: it cannot fall back on the
 * controlling terminal of whoever runs the tests to ask for a passphrase or password.
 */
export function runSunshine(ws: CliWorkspace | null, args: string[], opts: { env?: Record<string, string>; input?: string; nodeOptions?: string[] } = {}) {
  const r = spawnSync('setsid', ['-w', process.execPath, ...(opts.nodeOptions ?? []), ...sunshineArgv(ws, args)], {
    encoding: 'utf8',
    input: opts.input ?? '',
    env: sunshineEnv(ws, opts.env),
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Change the workspace's rows behind the app's back, past its append-only guards, as someone with a database shell could. */
export async function tamperWorkspace(ws: CliWorkspace, sql: string): Promise<void> {
  if (ws.engine === 'sqlite') {
    const db = new Database(path.join(ws.dir, 'sunshine.db'));
    try {
      tamper(db, sql);
    } finally {
      db.close();
    }
    return;
  }
  // As superuser: replica mode skips the ordinary triggers, the append-only ones among them.
  await pgAdmin(pgServer!, ws.database!, (c) => c.query(`SET session_replication_role = replica; ${sql}`));
}
