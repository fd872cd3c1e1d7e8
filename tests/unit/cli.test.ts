import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { sha256File, tamper, tempDir, testCore } from './helpers.ts';

const bin = path.resolve('bin/sunshine.mjs');

function sunshine(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SUNSHINE_DATA: '', ...env },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the sunshine command', () => {
  it('--help lists the commands and global options', () => {
    const r = sunshine(['--help']);
    expect(r.code).toBe(0);
    for (const word of ['status', 'verify', 'web', '--data', '--json']) expect(r.out).toContain(word);
  });

  it('status --json reports the data folder, schema version and counts', () => {
    const data = tempDir();
    const r = sunshine(['--data', data, '--json', 'status']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      dataDir: data,
      dbPath: path.join(data, 'sunshine.db'),
      schemaVersion: LATEST_SCHEMA_VERSION,
      counts: { auditEntries: 0 },
    });
    expect(fs.existsSync(path.join(data, 'files'))).toBe(true);
  });

  it('takes the data folder from SUNSHINE_DATA, and --data over it; global options may follow the command', () => {
    const fromEnv = tempDir();
    const fromFlag = tempDir();
    expect(JSON.parse(sunshine(['status', '--json'], { SUNSHINE_DATA: fromEnv }).out).dataDir).toBe(fromEnv);
    expect(JSON.parse(sunshine(['status', '--json', '--data', fromFlag], { SUNSHINE_DATA: fromEnv }).out).dataDir).toBe(fromFlag);
  });

  it('verify passes on a clean workspace', async () => {
    const data = tempDir();
    const core = await testCore(data);
    await core.workspace.write('ada', (w) => w.audit({ action: 'test', entity: 'x', entityId: '1' }));
    core.close();
    const r = sunshine(['--data', data, 'verify']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/no problems found/);
    expect(r.out).toMatch(/Chain head: row 1, [0-9a-f]{64}/);
  });

  it('verify fails with exit 1 and names the audit row edited behind the app’s back', async () => {
    const data = tempDir();
    const core = await testCore(data);
    for (let i = 0; i < 3; i++) await core.workspace.write('ada', (w) => w.audit({ action: 'test', entity: 'x', entityId: String(i) }));
    core.close();
    const db = new Database(path.join(data, 'sunshine.db'));
    tamper(db, "UPDATE audit_log SET after = '\"forged\"' WHERE seq = 2");
    db.close();

    const r = sunshine(['--data', data, 'verify']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED/);
    expect(r.out).toMatch(/row 2/);
    const json = JSON.parse(sunshine(['--data', data, '--json', 'verify']).out);
    expect(json).toMatchObject({ ok: false, problems: [{ check: 'audit', seq: 2 }] });
  });

  it('refuses a database from a newer version with exit 2 and leaves it untouched', () => {
    const data = tempDir();
    const file = path.join(data, 'sunshine.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha256File(file);
    const r = sunshine(['--data', data, 'status']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/newer version of Sunshine/);
    expect(sha256File(file)).toBe(before);
  });

  it('rejects an unknown command or a bad port with exit 2', () => {
    expect(sunshine(['frobnicate']).code).toBe(2);
    const r = sunshine(['--data', tempDir(), 'web', '--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/port number/);
  });
});
