/**
 * The workspaces this computer has opened ("places"), for the start screen of the desktop app and
 * of browser mode: a data folder, or a team workspace (a PostgreSQL database and the team folder
 * that keeps its stored files). They are remembered in a small JSON file in the app's own settings
 * folder, owner-only, most recent first; the last one is opened again at the next start. A place
 * never holds a password: the team database's password is kept, when the person asks, by a
 * PasswordKeeper built on the OS keychain (Electron's safeStorage), never in clear.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pgConnection } from '../db/pg/connect.ts';
import { StoreError } from '../db/errors.ts';
import { AppError } from './errors.ts';
import { writePrivate } from './private-files.ts';
import { keychainIsReal, type SafeStorageLike } from './disclosures/keychain.ts';

export type Place = { kind: 'folder'; dir: string } | { kind: 'team'; url: string; files: string };

export const placesFile = (settingsDir: string) => path.join(settingsDir, 'places.json');

/** Enough for anyone's recent list; older ones drop off. */
export const MAX_PLACES = 8;

const samePlace = (a: Place, b: Place) => (a.kind === 'folder' && b.kind === 'folder' ? a.dir === b.dir : a.kind === 'team' && b.kind === 'team' && a.url === b.url && a.files === b.files);

function isPlace(p: unknown): p is Place {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  if (o.kind === 'folder') return typeof o.dir === 'string' && path.isAbsolute(o.dir);
  return o.kind === 'team' && typeof o.url === 'string' && typeof o.files === 'string' && path.isAbsolute(o.files);
}

/** The remembered places, most recent first. A missing or damaged file is no places (it only saves typing). */
export function readPlaces(settingsDir: string): Place[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(placesFile(settingsDir), 'utf8'));
  } catch {
    return [];
  }
  const list = (parsed as { places?: unknown } | null)?.places;
  return Array.isArray(list) ? list.filter(isPlace).slice(0, MAX_PLACES) : [];
}

function writePlaces(settingsDir: string, places: readonly Place[]): void {
  fs.mkdirSync(settingsDir, { recursive: true, mode: 0o700 });
  const file = placesFile(settingsDir);
  // Whole or not at all: a crash mid-write leaves the old list.
  writePrivate(`${file}.partial`, `${JSON.stringify({ places }, null, 2)}\n`);
  fs.renameSync(`${file}.partial`, file);
}

/** Puts the place first (once), keeping only what a place is: never a password. */
export function rememberPlace(settingsDir: string, place: Place): Place[] {
  const clean: Place = place.kind === 'folder' ? { kind: 'folder', dir: place.dir } : { kind: 'team', url: place.url, files: place.files };
  const places = [clean, ...readPlaces(settingsDir).filter((p) => !samePlace(p, clean))].slice(0, MAX_PLACES);
  writePlaces(settingsDir, places);
  return places;
}

export function forgetPlace(settingsDir: string, place: Place): void {
  writePlaces(settingsDir, readPlaces(settingsDir).filter((p) => !samePlace(p, place)));
}

/**
 * A team place checked before anything is opened: the address by the engine's own rules (no
 * password in it, TLS verify-full for a server not on this computer), and the team folder there,
 * a folder, and writable. Throws an AppError saying what to fix.
 */
export function checkTeamPlace(url: string, files: string): void {
  try {
    pgConnection(url);
  } catch (e) {
    if (e instanceof StoreError) throw new AppError(e.code, e.message);
    throw e;
  }
  if (!path.isAbsolute(files)) throw new AppError('BAD_INPUT', 'Folder for stored files: give the full path of the team folder (for example /mnt/team/sunshine).');
  let st: fs.Stats;
  try {
    st = fs.statSync(files);
  } catch {
    throw new AppError('BAD_INPUT', `Folder for stored files: ${files} cannot be reached. Check the path, and that the team's shared drive is connected.`);
  }
  if (!st.isDirectory()) throw new AppError('BAD_INPUT', `Folder for stored files: ${files} is a file, not a folder.`);
  try {
    fs.accessSync(files, fs.constants.W_OK);
  } catch {
    throw new AppError('BAD_INPUT', `Folder for stored files: you cannot write to ${files}. Ask whoever runs the team folder to let your account write there.`);
  }
}

/** Keeps team databases' passwords on this computer, sealed by the OS keychain. */
export interface PasswordKeeper {
  /** Whether a real keychain is there (a password is never kept otherwise). */
  available(): boolean;
  remember(url: string, password: string): void;
  /** The kept password for this address, or null (none, or it can no longer be opened here). */
  recall(url: string): string | null;
  forget(url: string): void;
}

export const passwordsFile = (settingsDir: string) => path.join(settingsDir, 'team-passwords.sealed');

/**
 * The passwords, by address, as one sealed file in the settings folder (owner-only, replaced
 * whole). Refuses to keep anything when the keychain would only scramble it with a fixed key.
 */
export function safeStoragePasswordKeeper(safe: SafeStorageLike, settingsDir: string, platform: NodeJS.Platform = process.platform): PasswordKeeper {
  const file = passwordsFile(settingsDir);
  const available = () => keychainIsReal(safe, platform);
  const load = (): Record<string, string> => {
    try {
      const all = JSON.parse(safe.decryptString(fs.readFileSync(file))) as unknown;
      return typeof all === 'object' && all !== null && !Array.isArray(all) ? (all as Record<string, string>) : {};
    } catch {
      return {};
    }
  };
  const save = (all: Record<string, string>) => {
    if (Object.keys(all).length === 0) return fs.rmSync(file, { force: true });
    fs.mkdirSync(settingsDir, { recursive: true, mode: 0o700 });
    writePrivate(`${file}.partial`, safe.encryptString(JSON.stringify(all)));
    fs.renameSync(`${file}.partial`, file);
  };
  return {
    available,
    remember(url, password) {
      if (!available()) throw new AppError('BAD_INPUT', "This computer has no keychain Sunshine can trust (on Linux, a keyring such as GNOME Keyring or KWallet), so the password would be kept in plain text: untick \"Remember in this computer's keychain\".");
      save({ ...load(), [url]: password });
    },
    recall: (url) => (available() ? (load()[url] ?? null) : null),
    forget(url) {
      const all = load();
      if (!(url in all)) return;
      delete all[url];
      save(all);
    },
  };
}

/** Shells without a keychain (browser mode): nothing is kept, nothing recalled. */
export const noPasswordKeeper: PasswordKeeper = {
  available: () => false,
  remember: () => {
    throw new AppError('BAD_INPUT', "Passwords are kept only by the desktop app, in this computer's keychain: untick \"Remember in this computer's keychain\".");
  },
  recall: () => null,
  forget: () => {},
};

/** Where a core opens: a data folder, or a team database with its team folder as the core's folder. */
export interface OpenTarget {
  dataDir: string;
  database?: string;
  password?: string;
}

export interface OpenPlaceOptions<T> {
  keeper: PasswordKeeper;
  /** What the person typed on the start screen this time (never kept unless `remember`). */
  password?: string;
  /** "Remember in this computer's keychain" was ticked. */
  remember?: boolean;
  open(target: OpenTarget): Promise<T>;
}

/**
 * Opens a place. A team database gets the password typed now, else the one the keychain kept,
 * else whatever the environment offers (PGPASSWORD, the password file). A kept password the server
 * refuses is forgotten, so the start screen asks for it again; a typed one is kept only when asked
 * and once the server has taken it.
 */
export async function openPlace<T>(place: Place, o: OpenPlaceOptions<T>): Promise<T> {
  if (place.kind === 'folder') return o.open({ dataDir: place.dir });
  checkTeamPlace(place.url, place.files);
  const typed = o.password === '' ? undefined : o.password;
  if (o.remember && typed === undefined) throw new AppError('BAD_INPUT', 'Password: type the password to remember, or untick "Remember in this computer\'s keychain".');
  // Refused before connecting: a ticked box that cannot be honoured must not be found out after.
  if (o.remember && !o.keeper.available()) o.keeper.remember(place.url, typed!);
  const kept = typed === undefined ? o.keeper.recall(place.url) : null;
  const password = typed ?? kept ?? undefined;
  let opened: T;
  try {
    opened = await o.open({ dataDir: place.files, database: place.url, ...(password === undefined ? {} : { password }) });
  } catch (e) {
    if (kept !== null && e instanceof AppError && e.code === 'UNAUTHORIZED') {
      o.keeper.forget(place.url);
      throw new AppError('UNAUTHORIZED', `${e.message} The password kept in this computer's keychain was refused and has been forgotten: type the password.`);
    }
    throw e;
  }
  if (o.remember && typed !== undefined) o.keeper.remember(place.url, typed);
  return opened;
}
