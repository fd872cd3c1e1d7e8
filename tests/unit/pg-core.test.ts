/**
 * The app on a team workspace (PostgreSQL): the same calls and the same command line as on a data
 * folder, the stored files in the team folder, and what only a data folder has refused in words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
import { fails, ok, tempDir } from './helpers.ts';
import { makeEml, makePdf, write } from './fixtures.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';
import { atTerminal, onPath } from './terminal.ts';

const server = pgServer;
const bin = path.resolve('bin/sunshine.mjs');

async function teamCore(): Promise<{ core: Core; url: string; files: string }> {
  const url = pgUrl(server!, await freshPgDatabase(server!, 'team'));
  const files = tempDir('sunshine-team-');
  const core = openCore({ dataDir: files, database: url, password: server!.password });
  await core.ready;
  return { core, url, files };
}

function sunshine(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, SUNSHINE_DATA: '', SUNSHINE_DATABASE: '', PGPASSWORD: server?.password ?? '', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.runIf(server)('a team workspace on PostgreSQL', () => {
  it('takes requests, documents, search, tags, coding, redactions, sources and productions as a data folder does', async () => {
    const { core, files } = await teamCore();
    try {
      const agency = await ok(core.invoke('agencies.create', { name: 'Office of Team Tests', abbreviation: 'OTT' }));
      const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'OTT', subject: 'Sponsor vetting records' }));
      await ok(core.invoke('requests.update', { reference: req.reference, patch: { subject: 'Sponsor vetting records, 2021' } }));
      expect((await ok(core.invoke('requests.list', { text: 'vetting' }))).rows.map((r) => r.reference)).toEqual([req.reference]);
      expect((await ok(core.invoke('agencies.list', {}))).some((a) => a.id === agency.id)).toBe(true);

      const src = tempDir('sunshine-src-');
      write(src, 'memo.txt', 'The quillwort sponsor was linked to MS-13 by a tattoo.');
      await makePdf(path.join(src, 'boxed.pdf'), ['a page for the redaction box']);
      makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see the attached list</p>', attachment: { name: 'notes.txt', text: 'notes on the quillwort sponsor' } });
      const imported = await ok(core.invoke('documents.import', { paths: [src], request: req.reference }));
      expect(imported).toMatchObject({ added: 4, failed: 0 });
      // The stored files are in the team folder, laid out as a data folder's.
      expect(fs.readdirSync(path.join(files, 'files')).filter((f) => /^[0-9a-f]{2}$/.test(f)).length).toBeGreaterThan(0);

      const found = await ok(core.invoke('documents.search', { query: 'MS-13 w/5 quillwort' }));
      expect(found.hits.map((h) => h.name)).toEqual(['memo.txt']);
      expect(found.hits[0]!.snippet).toContain('\uE000');
      await ok(core.invoke('tags.create', { name: 'Hot' }));
      expect(await ok(core.invoke('tags.apply', { tag: 'Hot', search: { query: 'quillwort' }, family: true }))).toMatchObject({ documents: 3 });
      expect(await ok(core.invoke('review.set', { search: { query: 'quillwort' }, status: 'responsive' }))).toMatchObject({ documents: 2 });
      const pdf = imported.files.find((f) => f.path.endsWith('boxed.pdf'))!.documentId!;
      await ok(core.invoke('redactions.add', { id: pdf, page: 1, x: 0.1, y: 0.1, width: 0.2, height: 0.1, reason: 'b6' }));

      const d = await ok(
        core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'team source', identity: { name: 'Zelda Quorntree', contact: 'zq@example.org' }, passphrase: 'correct horse battery staple' }),
      );
      expect(await ok(core.invoke('disclosures.reveal', { reference: d.reference, passphrase: 'correct horse battery staple', purpose: 'check the engine' }))).toMatchObject({
        name: 'Zelda Quorntree',
      });

      const out = path.join(tempDir(), 'prod');
      const made = await ok(core.invoke('productions.create', { tag: 'Hot', prefix: 'TEAM-', start: 1, folder: out, passphrase: 'correct horse battery staple' }));
      expect(made).toMatchObject({ firstBates: 'TEAM-00000001' });
      expect(await fails(core.invoke('productions.create', { tag: 'Hot', prefix: 'team-', start: 1, folder: path.join(tempDir(), 'again'), passphrase: 'correct horse battery staple' }))).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/reuse numbers/),
      });

      const verified = await ok(core.invoke('app.verify', {}));
      expect(verified).toMatchObject({ ok: true, databaseIntegrity: 'ok', databaseChecked: expect.stringMatching(/^PostgreSQL/), filesChecked: 4 });
      const status = await ok(core.invoke('app.status', {}));
      expect(status).toMatchObject({ dbPath: expect.stringMatching(/^database "team_\w+" on 127\.0\.0\.1:\d+$/), counts: { requests: 1, documents: 4 } });
      // Backed up as a data folder is, in the team folder's backups/ (tests/unit/backups-engines.test.ts restores them).
      expect(await ok(core.invoke('app.backupNow', {}))).toMatchObject({ vaultFiles: 4, filesCopied: 4 });
      expect(await ok(core.invoke('app.backups', {}))).toMatchObject({ notHere: null, backups: [expect.objectContaining({ vaultFiles: 4 })] });
    } finally {
      core.close();
    }
  });

  it('saves a setting in few messages to the server, and every change is made under the database login, whatever name was typed', async () => {
    const { core } = await teamCore();
    try {
      await ok(core.invoke('settings.update', { officeName: 'Warm-up office' })); // the pool's connection is made outside the count
      const sent = vi.spyOn(pg.Client.prototype, 'query');
      try {
        await ok(core.invoke('settings.update', { userName: 'Quillon Amberfeld' }));
        // BEGIN with the writer lock and the audit head; the settings and the member's own name; the name changed; its audit row with
        // the head; COMMIT; the settings and the name as saved. (The caller's role is read at most every few seconds: not counted.)
        const messages = sent.mock.calls.filter(([q]) => !JSON.stringify(q).includes('sunshine_role()'));
        expect(messages).toHaveLength(8);
      } finally {
        sent.mockRestore();
      }
      await ok(core.invoke('settings.update', { officeName: 'Amberfeld office' }));
      const { entries } = await ok(core.invoke('audit.list', { limit: 2 }));
      // The name typed is the member's display name, shown beside the login; the actor stays the login.
      expect(entries.map((e) => [e.action, e.actor, e.actorName])).toEqual([
        ['settings.update', pgServer!.user, 'Quillon Amberfeld'],
        ['team.displayName', pgServer!.user, 'Quillon Amberfeld'],
      ]);
    } finally {
      core.close();
    }
  });

  it('never gives two productions started at the same moment from four processes the same Bates numbers', async () => {
    const { core, url, files } = await teamCore();
    const src = tempDir('sunshine-src-');
    for (const n of ['one', 'two', 'three']) write(src, `${n}.txt`, `larkspur memo ${n}`);
    await ok(core.invoke('documents.import', { paths: [src] }));
    core.close();
    const runs = await Promise.all(
      [1, 2, 3, 4].map(
        (i) =>
          new Promise<{ code: number | null; err: string }>((resolve) => {
            const p = spawn(process.execPath, [bin, '--database', url, '--files', files, 'produce', '--search', 'larkspur', '--prefix', 'RACE-', '--start', '1', '--out', path.join(tempDir(), `out${i}`)], {
              env: { ...process.env, PGPASSWORD: server!.password, SUNSHINE_DATABASE: '' },
            });
            let err = '';
            p.stderr.on('data', (d: Buffer) => (err += d.toString()));
            p.on('exit', (code) => resolve({ code, err }));
          }),
      ),
    );
    // One is made; each of the others is refused, naming the numbers it would have reused.
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of runs.filter((x) => x.code !== 0)) expect(r.err).toMatch(/RACE-00000001–RACE-00000003 would reuse numbers of the production .*; the next free number is 4/);
    const made = await pgAdmin(server!, new URL(url).pathname.slice(1), async (c) => (await c.query('SELECT first_number::int, last_number::int FROM productions')).rows);
    expect(made).toEqual([{ first_number: 1, last_number: 3 }]);
  });

  it('refuses an import, writing nothing, while the team folder is not the one holding its files (a drive not connected)', async () => {
    const { core, files } = await teamCore();
    try {
      const src = tempDir('sunshine-src-');
      write(src, 'first.txt', 'the first memo of the team');
      await ok(core.invoke('documents.import', { paths: [src] }));
      write(src, 'second.txt', 'a second memo');
      const blobs = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /[0-9a-f]{64}$/.test(f)) : []);
      // The share goes away and leaves its mount point: an empty local folder where it was.
      const away = `${files}-away`;
      fs.renameSync(files, away);
      fs.mkdirSync(path.join(files, 'files'), { recursive: true });
      expect(await fails(core.invoke('documents.import', { paths: [src] }))).toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringMatching(/does not hold the team's stored files \(the file of first\.txt is not there\): is the shared drive connected.*Nothing was imported/),
      });
      expect(blobs(files)).toEqual([]);
      // Not even the mount point.
      fs.rmSync(files, { recursive: true });
      expect(await fails(core.invoke('documents.import', { paths: [src] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/cannot be written to \(ENOENT\)/) });
      expect(fs.existsSync(files)).toBe(false);
      expect((await ok(core.invoke('documents.list', {}))).total).toBe(1);
      // Back again: the import goes ahead.
      fs.renameSync(away, files);
      expect(await ok(core.invoke('documents.import', { paths: [src] }))).toMatchObject({ added: 1, duplicates: 1 });
    } finally {
      core.close();
    }
  });

  it('names a check of the database turned off behind the app’s back', async () => {
    const { core, url } = await teamCore();
    try {
      await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Guarded' }));
      await pgAdmin(server!, new URL(url).pathname.slice(1), (c) => c.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update'));
      const v = await ok(core.invoke('app.verify', {}));
      expect(v).toMatchObject({ ok: false, databaseIntegrity: 'failed' });
      expect(v.problems.map((p) => p.message).join(' ')).toMatch(/guard audit_log_no_update is missing or disabled/);
    } finally {
      core.close();
    }
  });

  it('runs the command line on it with --database and --files, and refuses what does not fit', async () => {
    const url = pgUrl(server!, await freshPgDatabase(server!, 'teamcli'));
    const files = tempDir('sunshine-team-');
    const team = ['--database', url, '--files', files];
    expect(sunshine([...team, 'requests', 'add', '--kind', 'foia', '--agency', 'ICE', '--subject', 'From the command line']).code).toBe(0);
    const listed = JSON.parse(sunshine([...team, '--json', 'requests', 'list']).out) as { rows: { subject: string }[] };
    expect(listed.rows.map((r) => r.subject)).toEqual(['From the command line']);
    // The address may come from the environment too.
    expect(JSON.parse(sunshine(['--files', files, '--json', 'status'], { SUNSHINE_DATABASE: url }).out)).toMatchObject({ counts: { requests: 1 } });
    const verified = sunshine([...team, 'verify']);
    expect(verified.out).toMatch(/^Database: ok \(PostgreSQL/m);
    expect(verified.code).toBe(0);

    const refused = (args: string[], message: RegExp, env: Record<string, string> = {}) => {
      const r = sunshine(args, env);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
    };
    refused(['--database', url, 'status'], /--files: say which team folder keeps the stored files/);
    refused(['--database', url, '--files', files, '--data', tempDir(), 'status'], /either a data folder or a team database/);
    refused(['--files', files, 'status'], /--files: the team folder goes with --database/);
    refused([...team, 'status'], /refused the password for user "postgres"/, { PGPASSWORD: 'not it' });
    refused(['--database', url.replace(/:\d+\//, ':1/'), '--files', files, 'status'], /Cannot reach the database server/);
    // Without a terminal to ask at, a missing password is said, with where to put it.
    refused([...team, 'status'], /wants a password for user "postgres": set PGPASSWORD, or add a line for it to the password file/, { PGPASSWORD: '' });
  });

  it.skipIf(!onPath('script'))('asks at a terminal for the password, without echo, when none is set (needs util-linux script for a terminal)', async () => {
    const url = pgUrl(server!, await freshPgDatabase(server!, 'teamask'));
    const files = tempDir('sunshine-team-');
    const command = [process.execPath, bin, '--database', url, '--files', files, 'status'].map((a) => JSON.stringify(a)).join(' ');
    const t = await atTerminal(command, [[/Password for postgres@127\.0\.0\.1:\d+\/teamask_\w+: /, server!.password]], { PGPASSWORD: '', SUNSHINE_DATABASE: '' });
    expect(t.text).toMatch(/Schema version: \d+/);
    expect(t.text).not.toContain(server!.password);
    expect(t.code).toBe(0);
  });
});
