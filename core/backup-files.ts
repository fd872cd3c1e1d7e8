/**
 * The stored files of backups: one content-addressed store per backup folder
 * (BACKUPS/files/ab/cd/abcd…, the vault's own layout), shared by every backup
 * in it, so each file is copied once however many backups name it and a
 * second backup with no new documents copies nothing.
 *
 * Every copy — into the store, and back into a data folder — goes to a
 * temporary name, is read back and hashed, and only then renamed into place:
 * a file under its SHA-256 is always whole and always that content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { AppError } from './errors.ts';
import { sha256OfFile } from './sha256.ts';
import { blobIn, blobPath } from './documents/vault.ts';
import { filesDirIn } from './datadir.ts';
import { OWNER_FILE, mkdirPrivate } from './private-files.ts';
import { HOUR_MS, lastTouched, sweepStale } from './sweep.ts';

export interface Blob {
  sha256: string;
  size: number;
}

/**
 * A backup folder whose store would be the data folder's vault itself (the
 * data folder chosen as the backup folder): refused, since pruning the store
 * would remove stored files no backup names yet.
 */
export const storeIsVault = (backupDir: string, dataDir: string) => path.resolve(filesDirIn(backupDir)) === path.resolve(filesDirIn(dataDir));

/** One entry per SHA-256 (two documents may share a stored file). */
const unique = (blobs: readonly Blob[]) => [...new Map(blobs.map((b) => [b.sha256, b])).values()];

/** `size` bytes there (a file of another size is a copy cut short). */
const hasBlob = (file: string, size: number) => {
  try {
    const st = fs.statSync(file);
    return st.isFile() && st.size === size;
  } catch {
    return false;
  }
};

/** Copy `src` to `dest` through a temporary file in `tmpDir`; false (nothing left behind) when the copy does not hash to `sha256`. */
async function copyVerified(src: string, dest: string, tmpDir: string, sha256: string): Promise<boolean> {
  mkdirPrivate(tmpDir);
  const tmp = path.join(tmpDir, randomBytes(8).toString('hex'));
  try {
    await pipeline(fs.createReadStream(src), fs.createWriteStream(tmp, { flags: 'wx', mode: OWNER_FILE }));
    if ((await sha256OfFile(tmp)) !== sha256) {
      fs.rmSync(tmp, { force: true });
      return false;
    }
    mkdirPrivate(path.dirname(dest));
    fs.renameSync(tmp, dest);
    return true;
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export interface StoredReport {
  filesCopied: number;
  bytesCopied: number;
  /** Named by the database but not in the vault (or changed there): the backup cannot give them back. */
  filesMissing: number;
}

/**
 * Copy every blob `to` lacks from `from` (both files folders in the vault's layout), each through a
 * temporary name in `to`, hashed before it is renamed into place. A blob already whole there is
 * skipped, so a copy cut short resumes where it stopped.
 */
export async function copyBlobs(from: string, to: string, blobs: readonly Blob[]): Promise<StoredReport> {
  const r: StoredReport = { filesCopied: 0, bytesCopied: 0, filesMissing: 0 };
  const tmp = path.join(to, 'tmp');
  for (const b of unique(blobs)) {
    const dest = blobIn(to, b.sha256);
    if (hasBlob(dest, b.size)) continue;
    const src = blobIn(from, b.sha256);
    // Gone or changed at the source: counted, so the caller can say so (a backup is still made; a copy refuses).
    if (!hasBlob(src, b.size) || !(await copyVerified(src, dest, tmp, b.sha256))) {
      r.filesMissing++;
      continue;
    }
    r.filesCopied++;
    r.bytesCopied += b.size;
  }
  return r;
}

/** Put every blob in the backup folder's store that is not there yet, from the data folder's vault. */
export async function storeBlobs(backupDir: string, dataDir: string, blobs: readonly Blob[]): Promise<StoredReport> {
  // Copies cut short by a killed backup; a younger one may be another backup's, still copying.
  sweepStale(path.join(filesDirIn(backupDir), 'tmp'), { match: () => true, olderThanMs: HOUR_MS });
  return copyBlobs(filesDirIn(dataDir), filesDirIn(backupDir), blobs);
}

/**
 * After old backups were removed: drop the store's files no remaining backup
 * names. Not while a backup is under way in the folder (its manifest, not yet
 * written, names files it has just copied), and never a file touched within
 * the hour — one being copied by a backup that has not made its work folder
 * yet, or another Sunshine's. Keeping a file too long costs space; dropping
 * one too soon would lose it from a backup, so every doubt keeps it.
 */
export function pruneBlobs(backupDir: string, referenced: ReadonlySet<string>, backupUnderWay: boolean, now: number): number {
  if (backupUnderWay) return 0;
  const root = filesDirIn(backupDir);
  let removed = 0;
  let files: fs.Dirent[];
  try {
    files = fs.readdirSync(root, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const f of files) {
    if (!f.isFile() || !/^[0-9a-f]{64}$/.test(f.name) || referenced.has(f.name)) continue;
    const file = path.join(f.parentPath, f.name);
    try {
      if (now - lastTouched(file) < HOUR_MS) continue;
      fs.rmSync(file);
      removed++;
    } catch {
      // removed meanwhile, or not ours to remove: left
    }
  }
  return removed;
}

/** Where a restore gathers the files it brings back before any goes into the vault: hidden, in the data folder (one rename away). */
export const restoringFilesDir = (dataDir: string) => path.join(dataDir, '.restoring-files');

export interface StagedFiles {
  count: number;
  /** Into the vault, each by one rename. */
  commit(): void;
  discard(): void;
}

/**
 * The files a restore must bring back (`needed`, all present in the backup
 * folder's store — checked before), copied beside the vault and hashed. One
 * that does not match refuses the whole restore with nothing in place touched.
 */
export async function stageBlobs(backupDir: string, dataDir: string, needed: readonly Blob[]): Promise<StagedFiles> {
  const dir = restoringFilesDir(dataDir);
  const discard = () => fs.rmSync(dir, { recursive: true, force: true });
  discard();
  const staged = path.join(dir, 'ok');
  let damaged = 0;
  try {
    for (const b of needed) {
      if (!(await copyVerified(blobPath(backupDir, b.sha256), path.join(staged, b.sha256), path.join(dir, 'tmp'), b.sha256))) damaged++;
    }
  } catch (e) {
    discard();
    throw new AppError('INTEGRITY', `from: the backup's stored files could not be copied into the data folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was changed.`);
  }
  if (damaged) {
    discard();
    throw new AppError(
      'INTEGRITY',
      `from: ${damaged} stored file${damaged === 1 ? ' in the backup folder no longer matches its' : 's in the backup folder no longer match their'} SHA-256 (damaged since the backup was made); restore from another backup. Nothing was changed.`,
    );
  }
  return {
    count: needed.length,
    commit() {
      for (const b of needed) {
        const dest = blobPath(dataDir, b.sha256);
        mkdirPrivate(path.dirname(dest));
        // The vault never rewrites a file: one already whole there stays.
        if (!hasBlob(dest, b.size)) fs.renameSync(path.join(staged, b.sha256), dest);
      }
      discard();
    },
    discard,
  };
}

/** Of the blobs a backup's database names, those the data folder's vault lacks; and of those, the ones its backup folder's store lacks too. */
export function blobsToBringBack(backupDir: string, dataDir: string, blobs: readonly Blob[]): { needed: Blob[]; missing: Blob[] } {
  const needed = unique(blobs).filter((b) => !hasBlob(blobPath(dataDir, b.sha256), b.size));
  return { needed: needed.filter((b) => hasBlob(blobPath(backupDir, b.sha256), b.size)), missing: needed.filter((b) => !hasBlob(blobPath(backupDir, b.sha256), b.size)) };
}
