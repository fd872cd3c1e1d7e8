import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { sha256File, tempDir } from './helpers.ts';
import { pgAdmin, pgServer } from './pg-helpers.ts';
import { cliWorkspace, dataFolder, runSunshine, tamperWorkspace, type CliWorkspace } from './cli-workspace.ts';

const sunshine = (ws: CliWorkspace | null, args: string[], env: Record<string, string> = {}) => runSunshine(ws, args, { env });

/**
 * Mark a fresh workspace as written by a newer Sunshine (its schema version one past the latest);
 * returns a reading of everything in it, to show afterwards that nothing was changed.
 */
async function fromNewerVersion(ws: CliWorkspace): Promise<() => Promise<string>> {
  const newer = LATEST_SCHEMA_VERSION + 1;
  if (ws.engine === 'sqlite') {
    const file = path.join(ws.dir, 'sunshine.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${newer}`);
    raw.close();
    return async () => sha256File(file);
  }
  const sql = (q: string) => pgAdmin(pgServer!, ws.database!, (c) => c.query(q));
  await sql(`CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL); INSERT INTO schema_version VALUES (1, ${newer})`);
  return async () => {
    const tables = await sql("SELECT table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    const version = await sql('SELECT version FROM schema_version');
    return JSON.stringify([tables.rows, version.rows]);
  };
}

describe('the sunshine command', () => {
  it('--help lists the commands and global options', () => {
    const r = sunshine(null, ['--help']);
    expect(r.code).toBe(0);
    for (const word of ['status', 'verify', 'web', '--data', '--database', '--json']) expect(r.out).toContain(word);
  });

  it('status --json reports the workspace, schema version and counts', async () => {
    const ws = await cliWorkspace();
    const r = sunshine(ws, ['--json', 'status']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      dataDir: ws.dir,
      dbPath: ws.engine === 'sqlite' ? path.join(ws.dir, 'sunshine.db') : expect.stringContaining(`database "${ws.database}"`),
      schemaVersion: LATEST_SCHEMA_VERSION,
      counts: { auditEntries: 0 },
    });
    expect(fs.existsSync(path.join(ws.dir, 'files'))).toBe(true);
  });

  // On SQLite on both passes: it is about finding a data folder (a team database has no SUNSHINE_DATA).
  it('takes the data folder from SUNSHINE_DATA, and --data over it; global options may follow the command', () => {
    const fromEnv = tempDir();
    const fromFlag = dataFolder();
    expect(JSON.parse(sunshine(null, ['status', '--json'], { SUNSHINE_DATA: fromEnv }).out).dataDir).toBe(fromEnv);
    expect(JSON.parse(sunshine(null, ['status', '--json', ...fromFlag.args], { SUNSHINE_DATA: fromEnv }).out).dataDir).toBe(fromFlag.dir);
  });

  it('verify passes on a clean workspace', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, ['tags', 'create', 'Verified']).code).toBe(0);
    const r = sunshine(ws, ['verify']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/no problems found/);
    expect(r.out).toMatch(/Chain head: row 1, [0-9a-f]{64}/);
  });

  it('verify fails with exit 1 and names the audit row edited behind the app’s back', async () => {
    const ws = await cliWorkspace();
    for (const tag of ['One', 'Two', 'Three']) expect(sunshine(ws, ['tags', 'create', tag]).code).toBe(0);
    await tamperWorkspace(ws, "UPDATE audit_log SET after = '\"forged\"' WHERE seq = 2");

    const r = sunshine(ws, ['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED/);
    expect(r.out).toMatch(/row 2/);
    const json = JSON.parse(sunshine(ws, ['--json', 'verify']).out);
    expect(json).toMatchObject({ ok: false, problems: [{ check: 'audit', seq: 2 }] });
  });

  it('refuses a database from a newer version with exit 2 and leaves it untouched', async () => {
    const ws = await cliWorkspace();
    const contents = await fromNewerVersion(ws);
    const before = await contents();
    const r = sunshine(ws, ['status']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/newer version of Sunshine/);
    expect(await contents()).toBe(before);
  });

  it('rejects an unknown command or a bad port with exit 2', async () => {
    expect(sunshine(null, ['frobnicate']).code).toBe(2);
    const r = sunshine(await cliWorkspace(), ['web', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/port number/);
  });
});
