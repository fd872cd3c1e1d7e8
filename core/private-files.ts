/**
 * Owner-only folders and files: everything Sunshine writes of a workspace
 * (the data folder, the database, stored files, uploads, backups,
 * productions, marks, exports) is created 0700 / 0600 whatever the umask, so
 * other accounts on the machine cannot read whistleblower material.
 *
 * Modes are given at creation (a umask only ever takes bits away, so 0700
 * stays 0700); nothing here rewrites the mode of a folder or file that was
 * already there — a data folder someone chose to share is theirs to decide,
 * and `readableByOthers` lets status say so. On Windows the modes are
 * ignored by Node (ACLs decide) and nothing here fails.
 */
import fs from 'node:fs';

export const OWNER_DIR = 0o700;
export const OWNER_FILE = 0o600;

/** mkdir -p, each folder it creates owner-only. */
export function mkdirPrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: OWNER_DIR });
}

/** A file created owner-only (an existing one keeps its mode); `flag` as for fs.writeFileSync. */
export function writePrivate(file: string, data: string | NodeJS.ArrayBufferView, flag = 'w'): void {
  fs.writeFileSync(file, data, { mode: OWNER_FILE, flag });
}

/** A write stream to a new owner-only file (fails if the file exists). */
export const privateWriteStream = (file: string) => fs.createWriteStream(file, { flags: 'wx', mode: OWNER_FILE });

/**
 * Create an empty owner-only file unless one is there. A new database starts
 * this way (an empty file is an empty SQLite database): SQLite gives its -wal
 * and -shm files the mode of the database file, so they are owner-only too.
 */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', OWNER_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Make a file owner-only after something else (SQLite's backup, a copy) created it. */
export function makePrivate(file: string): void {
  if (process.platform === 'win32') return;
  fs.chmodSync(file, OWNER_FILE);
}

/** The group/other bits of a path's mode, or null when it is not there (or on Windows, where modes say nothing). */
export function othersBits(p: string): number | null {
  if (process.platform === 'win32') return null;
  try {
    return fs.statSync(p).mode & 0o077;
  } catch {
    return null;
  }
}

export interface ExposedPath {
  /** What it is, in words: "data folder", "database". */
  what: string;
  path: string;
  /** e.g. "755" */
  mode: string;
}

/** Of the given paths, those other accounts can read or enter; missing ones are left out. */
export function readableByOthers(paths: readonly { what: string; path: string }[]): ExposedPath[] {
  return paths.flatMap(({ what, path }) => {
    const bits = othersBits(path);
    if (!bits) return [];
    return [{ what, path, mode: (fs.statSync(path).mode & 0o777).toString(8) }];
  });
}
