/**
 * Backups and restore on both engines and across them: a data folder's backup (a SQLite file,
 * format 2) and a team workspace's (its rows, format 3) each restored into a data folder and into
 * PostgreSQL, with records, documents (search finds the same pages), tags and a production; the
 * history verifies after each. Into PostgreSQL a restore is one transaction: killed half-way it
 * leaves the workspace as it was, a second restore meanwhile is refused, and a damaged backup is
 * refused before anything changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
import { backupRows } from '../../core/backups.ts';
import { openStore } from '../../db/store.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations/index.ts';
import { fails, ok, tempDir } from './helpers.ts';
import { write } from './fixtures.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';

const server = pgServer;
const bin = path.resolve('bin/sunshine.mjs');

function sunshine(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, SUNSHINE_DATA: '', SUNSHINE_DATABASE: '', PGPASSWORD: server?.password ?? '' }, timeout: 90_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Team {
  core: Core;
  url: string;
  files: string;
}

/** The team workspace at `url`, open. */
async function openTeam(url: string, files: string): Promise<Core> {
  const core = openCore({ dataDir: files, database: url, password: server!.password });
  await core.ready;
  return core;
}

async function teamCore(): Promise<Team> {
  const url = pgUrl(server!, await freshPgDatabase(server!, 'brestore'));
  const files = tempDir('sunshine-team-');
  return { core: await openTeam(url, files), url, files };
}

/** Records, two documents, a tag on them and a production of it, all under one unusual word. */
async function fill(core: Core, word: string): Promise<void> {
  const src = tempDir('sunshine-src-');
  write(src, `${word}-memo.txt`, `${word} memo on sponsor vetting`);
  write(src, `${word}-note.txt`, `a second note naming ${word}`);
  await ok(core.invoke('documents.import', { paths: [src] }));
  await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: `Records of ${word}` }));
  await ok(core.invoke('tags.create', { name: `Hot ${word}` }));
  await ok(core.invoke('tags.apply', { tag: `Hot ${word}`, search: { query: word } }));
  await ok(core.invoke('productions.create', { tag: `Hot ${word}`, prefix: 'VOL-', start: 1, folder: path.join(tempDir(), 'prod') }));
}

/** What a person sees of a word's records; the history verified whole. */
async function seen(core: Core, word: string) {
  const found = await ok(core.invoke('documents.search', { query: word }));
  const verified = await ok(core.invoke('app.verify', {}));
  expect(verified.problems).toEqual([]);
  expect(verified.ok).toBe(true);
  return {
    pages: found.hits.map((h) => `${h.name}#${h.page}`).sort(),
    requests: (await ok(core.invoke('requests.list', { text: word }))).rows.map((r) => r.subject),
    tags: (await ok(core.invoke('tags.list', {}))).tags.filter((t) => t.name.includes(word)).map((t) => [t.path, t.count]),
    productions: (await ok(core.invoke('productions.list', {}))).productions.map((p) => `${p.firstBates}`),
  };
}

const manifestOf = (folder: string) => JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));

/** Every row of every table of a team database, as text: "exactly as it was" compares these. */
const dump = (url: string) =>
  pgAdmin(server!, new URL(url).pathname.slice(1), async (c) => {
    const tables = (await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t);
    const out: Record<string, string[]> = {};
    for (const t of tables) out[t] = (await c.query(`SELECT * FROM "${t}"`)).rows.map((r) => JSON.stringify(r)).sort();
    const triggers = (await c.query("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY 1")).rows;
    return { out, triggers };
  });

describe.runIf(server)('backups and restore across engines', () => {
  it('a data folder backed up and restored into a team workspace, and a team workspace backed up and restored into a data folder', async () => {
    // SQLite → PostgreSQL, from the command line.
    const data = tempDir();
    const local = openCore({ dataDir: data });
    let fromFolder: string;
    let before: Awaited<ReturnType<typeof seen>>;
    try {
      await fill(local, 'quillwort');
      before = await seen(local, 'quillwort');
      fromFolder = (await ok(local.invoke('app.backupNow', {}))).folder;
    } finally {
      local.close();
    }
    expect(manifestOf(fromFolder)).toMatchObject({ formatVersion: 2 });
    const team = await teamCore();
    team.core.close();
    const there = sunshine(['--database', team.url, '--files', team.files, 'restore', fromFolder]);
    expect(there.err).toBe('');
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/^Restored the backup of .*The workspace it replaced is kept as the backup .*sunshine-backup-/);
    const reopened = await openTeam(team.url, team.files);
    let teamBackup: string;
    try {
      expect(await seen(reopened, 'quillwort')).toEqual(before);
      expect(before.pages).toHaveLength(2);
      // PostgreSQL → SQLite: the team workspace's own backup is made of rows.
      teamBackup = (await ok(reopened.invoke('app.backupNow', {}))).folder;
    } finally {
      reopened.close();
    }
    const m = manifestOf(teamBackup);
    expect(m).toMatchObject({ formatVersion: 3, engine: 'postgres', auditHead: { seq: expect.any(Number) }, vault: expect.arrayContaining([expect.objectContaining({ size: expect.any(Number) })]) });
    expect(m.tables.map((t: { name: string }) => t.name)).toContain('audit_log');
    expect(m.tables.find((t: { name: string }) => t.name === 'documents')).toMatchObject({ rows: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fs.readdirSync(path.join(teamBackup, 'tables'))).toContain('pages.jsonl');
    expect(fs.statSync(path.join(teamBackup, 'tables', 'pages.jsonl')).mode & 0o077).toBe(0);

    const back = path.join(tempDir(), 'back');
    const r = sunshine(['--data', back, 'restore', teamBackup]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const restored = openCore({ dataDir: back });
    try {
      expect(await seen(restored, 'quillwort')).toEqual(before);
      const actions = (await ok(restored.invoke('audit.list', { limit: 3 }))).entries.map((e) => e.action);
      expect(actions[0]).toBe('app.restore');
      // Numbers handed out before stay used: the next production starts after them.
      expect((await ok(restored.invoke('productions.list', {}))).nextNumbers['vol-']).toBeGreaterThan(2);
      await ok(restored.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Records of quillwort, after the restore' }));
    } finally {
      restored.close();
    }
    // Over a data folder in use: swapped in, the database it replaced kept beside it.
    const over = sunshine(['--data', back, 'restore', teamBackup]);
    expect(over.code, over.err).toBe(0);
    expect(over.out).toMatch(/The database it replaced is kept as .*sunshine\.db\.before-restore-/);
    const swapped = openCore({ dataDir: back });
    try {
      expect(await seen(swapped, 'quillwort')).toEqual(before);
    } finally {
      swapped.close();
    }
  });

  it('a team workspace restored into itself from Settings: later changes gone, the old one kept as a backup, the append-only guard intact, no Bates number reused', async () => {
    const { core, url } = await teamCore();
    try {
      await fill(core, 'bladderwrack');
      const before = await seen(core, 'bladderwrack');
      const made = await ok(core.invoke('app.backupNow', {}));
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Records of bladderwrack, later' }));
      // This office's own settings are kept across a restore; the workspace's records are the backup's.
      await ok(core.invoke('settings.update', { userName: 'Ada Bladderwrack' }));
      const next = (await ok(core.invoke('productions.list', {}))).nextNumbers['vol-']!;
      const later = await ok(core.invoke('productions.create', { tag: 'Hot bladderwrack', prefix: 'VOL-', start: next, folder: path.join(tempDir(), 'later') }));
      const listed = (await ok(core.invoke('app.backups', {}))).backups;
      expect(listed.map((b) => b.name)).toContain(path.basename(made.folder));

      const preview = await ok(core.invoke('app.restorePreview', { backup: path.basename(made.folder) }));
      expect(preview.forgotten.productions).toBe(1);
      const r = await ok(core.invoke('app.restore', { backup: path.basename(made.folder) }));
      expect(r.previous).toMatch(/sunshine-backup-/);
      expect(manifestOf(r.previous!)).toMatchObject({ formatVersion: 3, engine: 'postgres' });
      expect(await seen(core, 'bladderwrack')).toEqual(before);
      // The restore is written by the login that made it (in a team workspace the actor is the login); the team's
      // people, and so the display name, are the workspace's own and not replaced by a backup's.
      const [last] = (await ok(core.invoke('audit.list', { limit: 1 }))).entries;
      expect([last!.action, last!.actor, last!.actorName]).toEqual(['app.restore', pgServer!.user, 'Ada Bladderwrack']);
      expect(await ok(core.invoke('settings.get', {}))).toMatchObject({ userName: 'Ada Bladderwrack' });

      // The production made after the backup is forgotten by the database, not by the ledger.
      expect(await fails(core.invoke('productions.create', { tag: 'Hot bladderwrack', prefix: 'VOL-', start: next, folder: path.join(tempDir(), 'again') }))).toMatchObject({ code: 'CONFLICT' });
      expect((await ok(core.invoke('productions.list', {}))).nextNumbers['vol-']).toBeGreaterThan(Number(later.lastBates.slice('VOL-'.length)));
      const { triggers } = await dump(url);
      expect(triggers).toEqual([
        { tgname: 'audit_log_actor_is_login', tgenabled: 'O' },
        { tgname: 'audit_log_no_delete', tgenabled: 'O' },
        { tgname: 'audit_log_no_truncate', tgenabled: 'O' },
        { tgname: 'audit_log_no_update', tgenabled: 'O' },
      ]);
      await expect(pgAdmin(server!, new URL(url).pathname.slice(1), (c) => c.query('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    } finally {
      core.close();
    }
  });

  it('a restore into PostgreSQL killed half-way leaves the workspace exactly as it was; a second restore meanwhile is refused', async () => {
    const { core, url, files } = await teamCore();
    let backupFolder: string;
    try {
      await fill(core, 'sphagnum');
      backupFolder = (await ok(core.invoke('app.backupNow', {}))).folder;
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Records of sphagnum, after the backup' }));
    } finally {
      core.close();
    }
    const before = await dump(url);
    const child = spawn(process.execPath, [path.resolve('tests/unit/restore-child.mjs'), url, files, backupFolder, 'pages'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PGPASSWORD: server!.password } });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('hanging after pages') && resolve());
      child.on('exit', (code) => reject(new Error(`the restore ended (${code}) before it reached the pages`)));
    });
    const other = await openTeam(url, files);
    try {
      const r = await fails(other.invoke('app.restore', { backup: path.basename(backupFolder) }));
      expect(r).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Another restore is under way/) });
    } finally {
      other.close();
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The server undoes the dead connection's transaction.
    await expect.poll(async () => JSON.stringify(await dump(url)), { timeout: 30_000 }).toBe(JSON.stringify(before));

    // And the same restore, let run, completes.
    const done = sunshine(['--database', url, '--files', files, '--json', 'restore', backupFolder]);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    const after = await openTeam(url, files);
    try {
      expect((await ok(after.invoke('requests.list', { text: 'sphagnum' }))).rows.map((r) => r.subject)).toEqual(['Records of sphagnum']);
      expect((await ok(after.invoke('app.verify', {}))).ok).toBe(true);
    } finally {
      after.close();
    }
  });

  it('a backup of rows made at an older schema is brought up to date on its way into PostgreSQL', async () => {
    const old = openStore(path.join(tempDir(), 'sunshine.db'), { migrations: MIGRATIONS.slice(0, LATEST_SCHEMA_VERSION - 1) });
    let folder: string;
    let agencies: number;
    try {
      agencies = (await old.engine.get<{ n: number }>('SELECT count(*) AS n FROM agencies'))!.n;
      folder = (await backupRows(old.engine, tempDir('sunshine-backups-'), path.dirname(old.file), new Date('2026-11-01T00:00:00Z'))).folder;
    } finally {
      old.close();
    }
    expect(manifestOf(folder)).toMatchObject({ formatVersion: 3, engine: 'sqlite', schemaVersion: LATEST_SCHEMA_VERSION - 1 });
    const { core, url, files } = await teamCore();
    core.close();
    const r = sunshine(['--database', url, '--files', files, 'restore', folder]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const after = await openTeam(url, files);
    try {
      expect(await ok(after.invoke('app.status', {}))).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION });
      expect((await ok(after.invoke('agencies.list', {}))).length).toBe(agencies);
      expect((await ok(after.invoke('app.verify', {}))).ok).toBe(true);
    } finally {
      after.close();
    }
  });

  it('a backup with one byte of a table changed is refused before anything changes, naming the table', async () => {
    const { core, url } = await teamCore();
    try {
      await fill(core, 'liverwort');
      const made = (await ok(core.invoke('app.backupNow', {}))).folder;
      const file = path.join(made, 'tables', 'requests.jsonl');
      const bytes = fs.readFileSync(file);
      const at = bytes.indexOf('liverwort');
      bytes[at] = 'L'.charCodeAt(0);
      fs.writeFileSync(file, bytes);
      const before = await dump(url);
      const r = await fails(core.invoke('app.restore', { backup: path.basename(made) }));
      expect(r).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/rows of requests are missing or were changed/) });
      expect(JSON.stringify(await dump(url))).toBe(JSON.stringify(before));
      // Into a data folder too.
      const data = tempDir();
      const refused = sunshine(['--data', data, 'restore', made]);
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/rows of requests are missing or were changed/);
      expect(fs.existsSync(path.join(data, 'sunshine.db'))).toBe(false);
    } finally {
      core.close();
    }
  });
});
