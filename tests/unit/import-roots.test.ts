import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core, CoreOptions } from '../../core/index.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { allowedImportPath, importRoots, type ImportPlaces } from '../../core/documents/import-roots.ts';
import { PickedPaths } from '../../core/documents/picked-paths.ts';
import { startWebServer } from '../../web/server.ts';
import { rowCount, tempDir, testCore } from './helpers.ts';

const workspace = (opts: Partial<CoreOptions> = {}) => testCore({ dataDir: tempDir('sunshine-data-'), ...opts });

const real = (p: string) => fs.realpathSync(p);
const put = (file: string, text = 'some words') => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

/** A home folder as a user has it: productions to import, and secrets beside them. */
function fakeHome() {
  const home = real(tempDir('sunshine-home-'));
  put(path.join(home, 'Productions', 'ICE', 'letter.txt'), 'Records of transport contracts.');
  put(path.join(home, 'Productions', 'ICE', '.notes.txt'), 'my own notes');
  put(path.join(home, 'Productions', 'ICE', '.git', 'config'), '[core]');
  put(path.join(home, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----');
  put(path.join(home, '.bash_history'), 'sunshine import ~/Productions');
  return home;
}

describe('which paths a window may import', () => {
  let home: string;
  let elsewhere: string;
  let places: ImportPlaces;
  beforeEach(() => {
    home = fakeHome();
    elsewhere = real(tempDir('sunshine-elsewhere-'));
    put(path.join(elsewhere, 'secret.txt'));
    places = { roots: importRoots([home]), refuseHidden: true, dataDir: real(tempDir('sunshine-data-')) };
  });
  const refused = (p: string) => {
    try {
      allowedImportPath(p, places);
    } catch (e) {
      return e as { code: string; message: string };
    }
    throw new Error(`${p} was allowed`);
  };

  it('takes a file or folder under an import folder, as its real path', () => {
    expect(allowedImportPath(path.join(home, 'Productions', 'ICE', 'letter.txt'), places)).toBe(path.join(home, 'Productions', 'ICE', 'letter.txt'));
    expect(allowedImportPath(path.join(home, 'Productions'), places)).toBe(path.join(home, 'Productions'));
    // Not there yet: judged by its folder, and the import reports it missing.
    expect(allowedImportPath(path.join(home, 'Productions', 'later.pdf'), places)).toBe(path.join(home, 'Productions', 'later.pdf'));
  });

  it('refuses a path outside every import folder, however it is spelled', () => {
    expect(refused(path.join(elsewhere, 'secret.txt'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/outside the folders browser mode may import from.*--import-from/) });
    // ".." climbs out, whatever the path starts with.
    expect(refused(`${home}/Productions/../../${path.basename(elsewhere)}/secret.txt`)).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused(`${home}/..`)).toMatchObject({ code: 'FORBIDDEN' });
    // A sibling whose name merely starts like the import folder is not inside it.
    const sibling = `${home}-evil`;
    put(path.join(sibling, 'x.txt'));
    try {
      expect(refused(path.join(sibling, 'x.txt'))).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      fs.rmSync(sibling, { recursive: true, force: true });
    }
  });

  it('follows symbolic links to where they lead', () => {
    fs.symlinkSync(elsewhere, path.join(home, 'Productions', 'shortcut'));
    fs.symlinkSync(path.join(home, '.ssh'), path.join(home, 'Productions', 'keys'));
    expect(refused(path.join(home, 'Productions', 'shortcut', 'secret.txt'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/outside/) });
    expect(refused(path.join(home, 'Productions', 'keys', 'id_rsa'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/hidden.*\.ssh/) });
    expect(refused(path.join(home, 'Productions', 'keys'))).toMatchObject({ code: 'FORBIDDEN' });
    // Even a file that does not exist yet, behind a link that leads out.
    expect(refused(path.join(home, 'Productions', 'shortcut', 'new.txt'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses hidden files and folders below the import folder', () => {
    expect(refused(path.join(home, '.ssh', 'id_rsa'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/hidden file or folder \("\.ssh"\).*the sunshine command imports them/) });
    expect(refused(path.join(home, '.ssh'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused(path.join(home, '.bash_history'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused(path.join(home, 'Productions', 'ICE', '.git', 'config'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("refuses Sunshine's own data folder, even inside an import folder", () => {
    const inside = path.join(home, 'Sunshine');
    put(path.join(inside, 'files', 'ab', 'cdef'));
    places = { ...places, dataDir: inside };
    expect(refused(path.join(inside, 'files', 'ab', 'cdef'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Sunshine's own data folder/) });
    expect(refused(inside)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('wants a full path: a window has no working folder', () => {
    expect(refused('Productions/ICE')).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not a full path/) });
  });

  it('names each --import-from that is not a folder', async () => {
    expect(() => importRoots([path.join(home, 'nowhere')])).toThrow(/--import-from: .*nowhere is not a folder/);
    expect(() => importRoots([path.join(home, '.bash_history')])).toThrow(/is not a folder/);
    await expect(workspace({ importFrom: [path.join(home, 'nowhere')] })).rejects.toThrow(/--import-from/);
  });
});

describe('picked files (the desktop app)', () => {
  it('are traded for their paths once, all or nothing', () => {
    const picks = new PickedPaths();
    const [a, b] = picks.issue(['/home/me/Productions/a.pdf', '/home/me/Productions/B']);
    expect(a).toEqual({ token: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'a.pdf' });
    expect(b!.name).toBe('B');
    expect(a!.token).not.toBe(b!.token);
    // One token never picked here refuses the lot, and the good one is still there.
    expect(() => picks.take([a!.token, 'f'.repeat(32)])).toThrow(/one picked file is no longer waiting.*choose or drop them again/);
    // So does the same token twice in one call.
    expect(() => picks.take([a!.token, a!.token])).toThrow(/no longer waiting/);
    expect(picks.take([a!.token, b!.token])).toEqual(['/home/me/Productions/a.pdf', '/home/me/Productions/B']);
    expect(() => picks.take([a!.token])).toThrow(/no longer waiting/);
  });

  it('expire', () => {
    let now = 1_000_000;
    const picks = new PickedPaths({ ttlMs: 60_000, now: () => now });
    const [old] = picks.issue(['/home/me/old.pdf']);
    now += 59_000;
    const [fresh] = picks.issue(['/home/me/fresh.pdf']);
    now += 1_000;
    expect(() => picks.take([old!.token])).toThrow(/expired/);
    expect(picks.take([fresh!.token])).toEqual(['/home/me/fresh.pdf']);
  });

  it('are all a desktop window may import: no typed paths; dialog picks any folder, a drop nothing hidden, neither the data folder', async () => {
    const home = fakeHome();
    const core = await workspace({ importPickedOnly: true });
    const productions = path.join(home, 'Productions');
    expect(await core.call('documents.import', { paths: [productions] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/cannot name a path/) } });
    expect(() => core.pick([path.join(home, '.ssh')], 'drop')).toThrow(/hidden/);
    expect(() => core.pick([path.join(core.dataDir, 'files')], 'dialog')).toThrow(/data folder/);
    expect(await rowCount(core, 'documents')).toBe(0);

    const [picked] = core.pick([productions], 'dialog');
    expect(picked!.name).toBe('Productions');
    // A mistyped request refuses the import before the token is used up.
    expect(await core.call('documents.import', { picked: [picked!.token], request: 'REQ-1999-0001' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const r = await core.call('documents.import', { picked: [picked!.token] });
    expect(r.ok).toBe(true);
    const report = (r as { value: DocumentImportReport }).value;
    expect(report.added).toBe(1);
    // Hidden entries inside the picked folder stay out, each said so.
    const skipped = report.files.filter((f) => f.status === 'skipped').map((f) => path.basename(f.path));
    expect(skipped.sort()).toEqual(['.git', '.notes.txt']);
    expect(report.files.find((f) => f.path.endsWith('.git'))!.error).toMatch(/is hidden/);
    expect(await core.call('documents.import', { picked: [picked!.token] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/no longer waiting/) } });
    // What the user picked by name in the system's dialog is theirs to import, hidden or not.
    const [key] = core.pick([path.join(home, '.ssh', 'id_rsa')], 'dialog');
    expect(await core.call('documents.import', { picked: [key!.token] })).toMatchObject({ ok: true, value: { added: 1 } });
  });
});

describe('the sunshine command', () => {
  it('imports any path the machine’s user names, hidden ones included', async () => {
    const home = fakeHome();
    const core = await workspace({ importFrom: [path.join(home, 'Productions')] });
    const r = await core.invoke('documents.import', { paths: [path.join(home, '.ssh')] });
    expect(r).toMatchObject({ ok: true, value: { added: 1 } });
  });
});

describe('browser mode over HTTP', () => {
  let home: string;
  let saved: { HOME?: string | undefined; USERPROFILE?: string | undefined };
  beforeEach(() => {
    home = fakeHome();
    saved = { HOME: process.env.HOME, USERPROFILE: process.env.USERPROFILE };
    process.env.HOME = home;
    process.env.USERPROFILE = home;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function serve(core: Core) {
    const ui = tempDir('sunshine-ui-');
    fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Sunshine</title>');
    const server = await startWebServer({ core, rendererDir: ui, port: 0 });
    const call = (input: unknown) =>
      new Promise<{ status: number; body: { ok: boolean; value?: DocumentImportReport; error?: { code: string; message: string } } }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/call', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ name: 'documents.import', input }));
      });
    return { server, call };
  }

  it("refuses a page's import of ~/.ssh (the home folder is the default import folder), stores nothing, and takes ~/Productions", async () => {
    const core = await workspace();
    const { server, call } = await serve(core);
    try {
      const audit = await rowCount(core, 'audit_log');
      const key = await call({ paths: [path.join(home, 'Productions'), path.join(home, '.ssh', 'id_rsa')] });
      expect(key.status).toBe(403);
      expect(key.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/id_rsa.*hidden file or folder \("\.ssh"\).*Nothing was imported/) } });
      const outside = await call({ paths: ['/etc/hostname'] });
      expect(outside.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/outside the folders/) } });
      expect(await rowCount(core, 'documents')).toBe(0);
      expect(await rowCount(core, 'audit_log')).toBe(audit);
      expect(fs.readdirSync(path.join(core.dataDir, 'files')).filter((n) => !n.startsWith('.'))).toEqual([]);

      const taken = await call({ paths: [path.join(home, 'Productions')] });
      expect(taken.status).toBe(200);
      expect(taken.body.value).toMatchObject({ added: 1, failed: 0 });
    } finally {
      await server.close();
    }
  });

  it('skips the data folder when a page imports the folder that holds it', async () => {
    const core = await workspace({ dataDir: path.join(home, 'Sunshine') });
    await core.invoke('documents.import', { paths: [path.join(home, 'Productions', 'ICE', 'letter.txt')] });
    const { server, call } = await serve(core);
    try {
      const r = await call({ paths: [home] });
      expect(r.status).toBe(200);
      const skipped = r.body.value!.files.filter((f) => f.status === 'skipped');
      expect(skipped.find((f) => f.path === path.join(home, 'Sunshine'))).toMatchObject({ error: expect.stringMatching(/own data folder/) });
      expect(skipped.map((f) => path.basename(f.path))).toEqual(expect.arrayContaining(['.ssh', '.bash_history']));
      expect(r.body.value).toMatchObject({ added: 0, duplicates: 1 });
    } finally {
      await server.close();
    }
  });
});
