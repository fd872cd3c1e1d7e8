import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../core/errors.ts';
import type { CoreHandle } from '../../core/core-host.ts';
import { createLauncher } from '../../core/launcher.ts';
import { checkTeamPlace, noPasswordKeeper, openPlace, passwordsFile, placesFile, readPlaces, rememberPlace, safeStoragePasswordKeeper, type OpenTarget, type PasswordKeeper } from '../../core/places.ts';
import { fakeSafeStorage } from './fake-safe-storage.ts';
import { tempDir } from './helpers.ts';

const URL_A = 'postgres://ada@127.0.0.1:5432/sunshine_places';
const RIGHT = 'right horse battery';

const mode = (f: string) => fs.statSync(f).mode & 0o777;

/** A keeper over the fake keychain, in a settings folder of its own. */
function keeper(backend = 'keychain'): { keeper: PasswordKeeper; settings: string } {
  const settings = tempDir();
  return { keeper: safeStoragePasswordKeeper(fakeSafeStorage(backend), settings, 'linux'), settings };
}

/** Stands in for opening a core: a team database that takes only RIGHT, and a record of each attempt. */
function fakeOpen() {
  const tries: OpenTarget[] = [];
  const open = async (t: OpenTarget): Promise<CoreHandle> => {
    tries.push(t);
    if (t.database && t.password !== RIGHT) throw new AppError('UNAUTHORIZED', 'The database server refused the password for user "ada".');
    return { dataDir: t.dataDir, call: async () => ({ ok: true, value: 'answered' }), onChange: () => () => {}, close: async () => {} } as unknown as CoreHandle;
  };
  return { tries, open };
}

describe('remembered places', () => {
  it('are listed most recent first, once each, owner-only, and never hold a password', () => {
    const settings = tempDir();
    const files = tempDir();
    expect(readPlaces(settings)).toEqual([]);
    rememberPlace(settings, { kind: 'folder', dir: '/srv/one' });
    rememberPlace(settings, { kind: 'team', url: URL_A, files, password: 'not to be kept' } as never);
    rememberPlace(settings, { kind: 'folder', dir: '/srv/one' });
    expect(readPlaces(settings)).toEqual([
      { kind: 'folder', dir: '/srv/one' },
      { kind: 'team', url: URL_A, files },
    ]);
    expect(fs.readFileSync(placesFile(settings), 'utf8')).not.toContain('not to be kept');
    expect(mode(placesFile(settings))).toBe(0o600);
  });

  it('read as none when the file is damaged, keeping only well-formed entries otherwise', () => {
    const settings = tempDir();
    fs.writeFileSync(placesFile(settings), '{not json');
    expect(readPlaces(settings)).toEqual([]);
    fs.writeFileSync(placesFile(settings), JSON.stringify({ places: [{ kind: 'folder', dir: 'relative' }, { kind: 'folder', dir: '/ok' }, 7] }));
    expect(readPlaces(settings)).toEqual([{ kind: 'folder', dir: '/ok' }]);
  });
});

describe('a team place is checked before anything opens', () => {
  it('by the address rules and the team folder, saying what to fix', () => {
    const files = tempDir();
    expect(() => checkTeamPlace('postgres://ada:secret@127.0.0.1/db', files)).toThrow(/holds a password/);
    expect(() => checkTeamPlace('postgres://ada@db.office.example/db', files)).toThrow(/sslmode=verify-full/);
    expect(() => checkTeamPlace('mysql://x', files)).toThrow(/must start with postgres:\/\//);
    expect(() => checkTeamPlace(URL_A, 'team/files')).toThrow(/full path/);
    expect(() => checkTeamPlace(URL_A, path.join(files, 'missing'))).toThrow(/cannot be reached/);
    fs.writeFileSync(path.join(files, 'a-file'), 'x');
    expect(() => checkTeamPlace(URL_A, path.join(files, 'a-file'))).toThrow(/is a file, not a folder/);
    expect(() => checkTeamPlace(URL_A, files)).not.toThrow();
  });
});

describe('the password keeper', () => {
  it('keeps passwords by address, sealed in an owner-only file, and forgets them', () => {
    const { keeper: k, settings } = keeper();
    expect(k.available()).toBe(true);
    expect(k.recall(URL_A)).toBeNull();
    k.remember(URL_A, RIGHT);
    k.remember('postgres://bob@127.0.0.1/other', 'another one');
    expect(k.recall(URL_A)).toBe(RIGHT);
    expect(fs.readFileSync(passwordsFile(settings)).toString('latin1')).not.toContain(RIGHT);
    expect(mode(passwordsFile(settings))).toBe(0o600);
    k.forget(URL_A);
    expect(k.recall(URL_A)).toBeNull();
    expect(k.recall('postgres://bob@127.0.0.1/other')).toBe('another one');
    k.forget('postgres://bob@127.0.0.1/other');
    expect(fs.existsSync(passwordsFile(settings))).toBe(false);
  });

  it("refuses with words where Linux's keychain would only scramble with a fixed key", () => {
    const { keeper: k, settings } = keeper('basic_text');
    expect(k.available()).toBe(false);
    expect(() => k.remember(URL_A, RIGHT)).toThrow(/plain text: untick "Remember in this computer's keychain"/);
    expect(fs.existsSync(passwordsFile(settings))).toBe(false);
  });
});

describe('opening a team place', () => {
  const team = () => ({ kind: 'team' as const, url: URL_A, files: tempDir() });

  it('keeps a typed password only when asked and once the server took it', async () => {
    const { keeper: k } = keeper();
    const { open, tries } = fakeOpen();
    const place = team();
    await expect(openPlace(place, { keeper: k, password: 'wrong guess', remember: true, open })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(k.recall(URL_A)).toBeNull();
    await openPlace(place, { keeper: k, password: RIGHT, open });
    expect(k.recall(URL_A)).toBeNull();
    await openPlace(place, { keeper: k, password: RIGHT, remember: true, open });
    expect(k.recall(URL_A)).toBe(RIGHT);
    // Next time the keychain's password is used without asking.
    await openPlace(place, { keeper: k, open });
    expect(tries.at(-1)).toEqual({ dataDir: place.files, database: URL_A, password: RIGHT });
  });

  it('forgets a kept password the server refuses, so the start screen asks again', async () => {
    const { keeper: k } = keeper();
    const { open } = fakeOpen();
    k.remember(URL_A, 'changed since');
    await expect(openPlace(team(), { keeper: k, open })).rejects.toThrow(/was refused and has been forgotten: type the password/);
    expect(k.recall(URL_A)).toBeNull();
  });

  it('refuses "remember" without a real keychain before connecting', async () => {
    const { open, tries } = fakeOpen();
    await expect(openPlace(team(), { keeper: noPasswordKeeper, password: RIGHT, remember: true, open })).rejects.toThrow(/only by the desktop app/);
    await expect(openPlace(team(), { keeper: keeper('basic_text').keeper, password: RIGHT, remember: true, open })).rejects.toThrow(/plain text/);
    expect(tries).toEqual([]);
  });
});

describe('the launcher', () => {
  function launcher(k: PasswordKeeper = noPasswordKeeper) {
    const settings = tempDir();
    const defaultDir = path.join(settings, 'default-data');
    const { open, tries } = fakeOpen();
    return { l: createLauncher({ settingsDir: settings, defaultDir, keeper: k, open }), settings, defaultDir, tries };
  }

  it('answers calls with "no workspace is open" until one is chosen, then remembers it', async () => {
    const { l, defaultDir } = launcher();
    expect(l.status()).toEqual({ open: false, recent: [], keychain: false, problem: null });
    expect(await l.handle.call('requests.list', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/start screen/) } });
    expect(await l.open({ kind: 'default' })).toEqual({ ok: true, value: null });
    expect(await l.handle.call('requests.list', {})).toEqual({ ok: true, value: 'answered' });
    // The default folder is listed as such, never by its path.
    expect(l.status()).toEqual({ open: true, recent: [{ kind: 'folder', dir: null }], keychain: false, problem: null });
    expect(l.handle.dataDir).toBe(defaultDir);
    expect(await l.open({ kind: 'default' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/Switch workspace/) } });
    expect(await l.switchWorkspace()).toEqual({ ok: true, value: null });
    expect(l.status().open).toBe(false);
  });

  it('refuses malformed choices with what to fix, and opens nothing', async () => {
    const { l, tries } = launcher();
    for (const bad of [null, 'default', [], { kind: 'elsewhere' }, { kind: 'folder' }, { kind: 'folder', dir: 'relative/path' }, { kind: 'team', url: URL_A }, { kind: 'team', url: URL_A, files: '/x', password: 7 }, { kind: 'default', extra: 1 }]) {
      const r = await l.open(bad);
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(tries).toEqual([]);
    expect(l.status()).toMatchObject({ open: false, recent: [] });
  });

  it('takes one choice at a time', async () => {
    const { l } = launcher();
    const [a, b] = await Promise.all([l.open({ kind: 'default' }), l.open({ kind: 'default' })]);
    expect(a).toEqual({ ok: true, value: null });
    expect(b).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already being opened/) } });
  });

  it('closed while a workspace is being opened: the open finishes, closes what it opened, and nothing is left running', async () => {
    const settings = tempDir();
    let finish!: () => void;
    const closedCores: string[] = [];
    const open = (t: OpenTarget) =>
      new Promise<CoreHandle>((resolve) => {
        finish = () => resolve({ dataDir: t.dataDir, call: async () => ({ ok: true, value: 'answered' }), onChange: () => () => {}, close: async () => void closedCores.push(t.dataDir!) } as unknown as CoreHandle);
      });
    const l = createLauncher({ settingsDir: settings, defaultDir: path.join(settings, 'data'), keeper: noPasswordKeeper, open });
    const opened = l.open({ kind: 'default' });
    await vi.waitFor(() => expect(finish).toBeTypeOf('function'));
    let closeDone = false;
    const closing = l.close().then(() => (closeDone = true));
    await new Promise((r) => setImmediate(r));
    // The app waits for the open in flight rather than leaving its core behind.
    expect(closeDone).toBe(false);
    finish();
    await closing;
    expect(await opened).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/closed while the workspace was being opened/) } });
    expect(closedCores).toEqual([path.join(settings, 'data')]);
    expect(l.current()).toBeNull();
    expect(await l.open({ kind: 'default' })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/closing/) } });
  });

  it('opens the last place again at start, with its kept password, and says why when it cannot', async () => {
    const { keeper: k } = keeper();
    const { l, settings, tries } = launcher(k);
    const files = tempDir();
    expect(await l.openLast()).toBe(false);
    expect(await l.open({ kind: 'team', url: URL_A, files, password: RIGHT, remember: true })).toEqual({ ok: true, value: null });
    expect(l.status().recent).toEqual([{ kind: 'team', url: URL_A, files }]);

    const again = createLauncher({ settingsDir: settings, defaultDir: '/unused', keeper: k, open: fakeOpen().open });
    expect(await again.openLast()).toBe(true);

    k.remember(URL_A, 'changed since');
    const third = createLauncher({ settingsDir: settings, defaultDir: '/unused', keeper: k, open: fakeOpen().open });
    expect(await third.openLast()).toBe(false);
    expect(third.status()).toMatchObject({ open: false, problem: expect.stringMatching(/could not be opened again: .*type the password/) });
    expect(tries).toHaveLength(1);
  });
});
