/**
 * `sunshine workspace copy` between a data folder and PostgreSQL, both ways, as a person runs it:
 * every record and stored file arrives, checked and recorded; bad places are refused with nothing
 * written; a copy killed half-way leaves nothing that looks like a workspace, and a re-run finishes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PgEngine } from '../../db/pg/engine.ts';
import { pgSchemaVersion } from '../../db/pg/migrate.ts';
import { copiedTables } from '../../db/tables.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { commit, stage } from '../../core/documents/vault.ts';
import { insertDocument } from '../../db/documents.ts';
import { insertReceivedProduction } from '../../db/received.ts';
import { newDocument } from './new-document.ts';
import { makeEml, write } from './fixtures.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';

const bin = path.resolve('bin/sunshine.mjs');
const server = pgServer;

function sunshine(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, SUNSHINE_DATA: '', PGPASSWORD: server?.password ?? '', ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A closed data folder with requests, documents (an email and its attachment, a document received in a production with its native) and a tag. */
async function workspace(): Promise<string> {
  const data = tempDir();
  const core = await testCore({ dataDir: data, engine: 'sqlite' });
  const src = tempDir('sunshine-src-');
  write(src, 'memo.txt', 'sponsor vetting memo');
  makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see the attached contract</p>', attachment: { name: 'notes.txt', text: 'notes on the sponsor' } });
  await ok(core.invoke('documents.import', { paths: [src] }));
  await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Copied request' }));
  await ok(core.invoke('tags.create', { name: 'Hot' }));
  await ok(core.invoke('tags.apply', { tag: 'Hot', search: { query: 'sponsor' } }));
  const [pdf, native] = [await stage(data, Buffer.from('%PDF-1.4 the pages of a received memo'), 1 << 20), await stage(data, Buffer.from('the received memo as written'), 1 << 20)];
  [pdf, native].forEach((b) => commit(data, b));
  await core.workspace.write('ada', async (w) => {
    const receivedId = await insertReceivedProduction(w, { party: 'ICE', volume: 'ICE_VOL001', requestId: null, mapping: {} });
    const pageBates = ['ICE-0004211', 'ICE-0004212'].map((bates, i) => ({ bates, prefix: 'ICE-', number: 4211 + i, width: 7 }));
    const native_ = { sha256: native.sha256, size: native.size, name: 'memo.docx', mime: 'application/msword' };
    const received = { receivedId, batesBegin: 'ICE-0004211', batesEnd: 'ICE-0004212', custodian: 'Quimby', bcc: null, metadata: { Dept: 'ERO' }, native: native_, textSha256: null, md5: null, sha1: null, pageBates };
    await insertDocument(w, newDocument('received memo.pdf', { sha256: pdf.sha256, size: pdf.size, type: 'pdf', mime: 'application/pdf', pages: ['one', 'two'], received }));
  });
  core.close();
  return data;
}

const counts = (data: string) => {
  const db = new Database(path.join(data, 'sunshine.db'), { readonly: true });
  try {
    const n = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    return { documents: n('documents'), pages: n('pages'), requests: n('requests'), tags: n('document_tags'), actions: db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[] };
  } finally {
    db.close();
  }
};

const vaultFiles = (root: string) =>
  fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && /^[0-9a-f]{64}$/.test(f.name))
    .map((f) => f.name)
    .sort();

describe.runIf(server)('sunshine workspace copy', () => {
  it('copies a data folder to PostgreSQL and back: every record and stored file, checked, recorded on both sides', async () => {
    const a = await workspace();
    const url = pgUrl(server!, await freshPgDatabase(server!, 'wcopy'));
    const files = path.join(tempDir(), 'team-files');
    const there = sunshine(['--json', 'workspace', 'copy', '--from', a, '--to', url, '--files', files]);
    expect(there.err).toBe('');
    expect(there.code).toBe(0);
    const report = JSON.parse(there.out) as { tables: Record<string, number>; files: { total: number; copied: number }; recordedAtSource: boolean };
    expect(report).toMatchObject({ tables: { documents: 4, requests: 1, page_bates: 2, received_productions: 1 }, files: { total: 5, copied: 5 }, recordedAtSource: true });
    expect(vaultFiles(path.join(files, 'files'))).toEqual(vaultFiles(path.join(a, 'files')));

    const b = path.join(tempDir(), 'back');
    const back = sunshine(['workspace', 'copy', '--from', url, '--from-files', files, '--to', b]);
    expect(back.code).toBe(0);
    expect(back.out).toMatch(new RegExp(`Copied [\\d,]+ rows in ${copiedTables().length} tables and 5 stored files \\(5 new`));
    const [before, after] = [counts(a), counts(b)];
    expect({ ...after, actions: undefined }).toEqual({ ...before, actions: undefined });
    // The source's history says where its data went; the copy's has the source's rows, then each copy.
    expect(before.actions.at(-1)).toBe('workspace.copiedTo');
    expect(after.actions.slice(-2)).toEqual(['workspace.copy', 'workspace.copy']);
    expect(vaultFiles(path.join(b, 'files'))).toEqual(vaultFiles(path.join(a, 'files')));
    expect(fs.statSync(path.join(b, 'sunshine.db')).mode & 0o077).toBe(0);
    const verified = sunshine(['--data', b, 'verify']);
    expect(verified.out).toMatch(/Verified: no problems found/);
    expect(verified.code).toBe(0);
    const found = sunshine(['--data', b, '--json', 'search', 'sponsor']);
    expect(found.code, found.err).toBe(0);
    expect(JSON.parse(found.out).total).toBe(2);
    const received = sunshine(['--data', b, '--json', 'documents', 'show', '--bates', 'ICE-0004212']);
    expect(received.code, received.err).toBe(0);
    expect(JSON.parse(received.out)).toMatchObject({ page: 2, custodian: 'Quimby', metadata: { Dept: 'ERO' }, production: { volume: 'ICE_VOL001' }, native: { name: 'memo.docx' } });
    expect(JSON.parse(sunshine(['--data', b, '--json', 'search', 'custodian:quimby']).out).total).toBe(1);
  });

  it('refuses places it cannot copy to or from, saying what to fix, and writes nothing', async () => {
    const a = await workspace();
    const url = pgUrl(server!, await freshPgDatabase(server!, 'wrefuse'));
    const refused = (args: string[], message: RegExp, env: Record<string, string> = {}) => {
      const r = sunshine(['workspace', 'copy', ...args], env);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
    };
    refused(['--from', a, '--to', a], /somewhere other than where it comes from/);
    refused(['--from', a, '--to', url], /--files: say which folder holds the stored files/);
    refused(['--from', a, '--to', path.join(tempDir(), 'x'), '--files', tempDir()], /--files: only a database keeps its stored files apart/);
    refused(['--from', tempDir(), '--to', path.join(tempDir(), 'x')], /there is no Sunshine workspace in/);
    refused(['--from', a, '--to', url, '--files', tempDir()], /refused the password for user "postgres"/, { PGPASSWORD: 'not the password' });
    const other = await workspace();
    const history = counts(other).actions;
    refused(['--from', a, '--to', other], /already holds a workspace; copy into a new folder/);
    // A database already in use keeps what it holds.
    expect(sunshine(['workspace', 'copy', '--from', a, '--to', url, '--files', tempDir()]).code).toBe(0);
    refused(['--from', other, '--to', url, '--files', tempDir()], /The target workspace is in use \(\d+ changes in its history\)/);
    expect(await pgAdmin(server!, new URL(url).pathname.slice(1), async (c) => (await c.query('SELECT count(*)::int AS n FROM requests')).rows[0].n)).toBe(1);
    expect(counts(other).actions).toEqual(history);
  });

  it.each(['postgres', 'folder'] as const)('leaves nothing that looks like a workspace when killed half-way into a %s, and a re-run finishes', async (kind) => {
    const a = await workspace();
    const files = path.join(tempDir(), 'team-files');
    const to = kind === 'postgres' ? pgUrl(server!, await freshPgDatabase(server!, 'wkill')) : path.join(tempDir(), 'copy');
    const child = spawn(process.execPath, [path.resolve('tests/unit/copy-child.mjs'), a, to, 'pages', kind === 'postgres' ? files : ''], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PGPASSWORD: server!.password },
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('hanging after pages') && resolve());
      child.on('exit', (code) => reject(new Error(`the copy ended (${code}) before it reached the pages`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    if (kind === 'postgres') {
      const e = await PgEngine.open(to, { password: server!.password });
      try {
        // The server undid the dead connection's transaction: not even the schema is there.
        await expect.poll(() => pgSchemaVersion(e)).toBe(0);
      } finally {
        await e.close();
      }
    } else {
      expect(fs.existsSync(path.join(to, 'sunshine.db'))).toBe(false);
      const status = sunshine(['--data', to, '--json', 'status']);
      // Opening the folder makes a new, empty workspace, never a half-copied one.
      expect(JSON.parse(status.out)).toMatchObject({ counts: { requests: 0 } });
      fs.rmSync(path.join(to, 'sunshine.db'));
    }
    const again = sunshine(['--json', 'workspace', 'copy', '--from', a, '--to', to, ...(kind === 'postgres' ? ['--files', files] : [])]);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ tables: { documents: 4, requests: 1 } });
    if (kind === 'folder') expect(fs.readdirSync(to).filter((f) => f.includes('.copying'))).toEqual([]);
  });
});
