/**
 * The vault: every file stored once under its SHA-256 (files/ab/cd/abcd…),
 * written to a temporary file first and renamed into place, so a file in the
 * vault is always whole. Files are hashed as they stream in, never held whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { sha256OfFile } from '../sha256.ts';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { AppError } from '../errors.ts';
import { filesDirIn } from '../datadir.ts';
import { mkdirPrivate, privateWriteStream } from '../private-files.ts';
import { DAY_MS, sweepStale } from '../sweep.ts';

/** Where a file lives under a files folder (a data folder's files/, a team workspace's --files, a backup store). */
export const blobIn = (filesRoot: string, sha256: string) => path.join(filesRoot, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
export const blobPath = (dataDir: string, sha256: string) => blobIn(filesDirIn(dataDir), sha256);
/** The largest file the vault takes (a larger one is refused before it is read). */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024 * 1024;
const tmpDir = (dataDir: string) => path.join(filesDirIn(dataDir), 'tmp');

/** The vault's temporary folder, made if need be: what is written there is swept after a day if left behind. */
export function scratchDir(dataDir: string): string {
  mkdirPrivate(tmpDir(dataDir));
  return tmpDir(dataDir);
}

/** A fresh path in the vault's temporary folder, for a file a helper writes before it is staged. */
export const scratchFile = (dataDir: string, ext: string): string => path.join(scratchDir(dataDir), `${Date.now()}-${randomBytes(6).toString('hex')}${ext}`);

export interface Staged {
  tmp: string;
  sha256: string;
  size: number;
  head: Buffer;
}

/** Copy `source` into the vault's temporary folder, hashing as it goes. */
export async function stage(dataDir: string, source: string | Buffer, maxBytes: number, signal?: AbortSignal): Promise<Staged> {
  mkdirPrivate(tmpDir(dataDir));
  const tmp = path.join(tmpDir(dataDir), `${Date.now()}-${randomBytes(6).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const heads: Buffer[] = [];
  let headLen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new AppError('BAD_INPUT', `larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit for one file`));
      hash.update(chunk);
      if (headLen < 8192) {
        heads.push(chunk.subarray(0, 8192 - headLen));
        headLen += Math.min(chunk.length, 8192 - headLen);
      }
      done(null, chunk);
    },
  });
  const out = privateWriteStream(tmp);
  try {
    const input = typeof source === 'string' ? fs.createReadStream(source) : (await import('node:stream')).Readable.from([source]);
    await pipeline(input, meter, out, { signal });
  } catch (e) {
    // A cancel can end the pipeline before the file is even opened: removed before the stream has
    // closed, the file would appear after its removal and stay behind.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { tmp, sha256: hash.digest('hex'), size, head: Buffer.concat(heads) };
}

/** Move a staged file into place (or drop it if those bytes are already there). */
export function commit(dataDir: string, staged: Staged): string {
  const dest = blobPath(dataDir, staged.sha256);
  mkdirPrivate(path.dirname(dest));
  if (fs.existsSync(dest) && fs.statSync(dest).size === staged.size) fs.rmSync(staged.tmp, { force: true });
  else fs.renameSync(staged.tmp, dest);
  return dest;
}

export const discard = (staged: Staged) => fs.rmSync(staged.tmp, { force: true });

/**
 * Leftovers of an import that was killed half-way. Only files untouched for a
 * day go, so an import still running in another Sunshine process is not hurt.
 */
export const clearStaging = (dataDir: string, olderThanMs = DAY_MS) => sweepStale(tmpDir(dataDir), { match: () => true, olderThanMs }).length;

/** Remove a blob no document refers to (an import that failed after storing it). */
export function dropBlob(dataDir: string, sha256: string): void {
  fs.rmSync(blobPath(dataDir, sha256), { force: true });
}

/** Hash a file on disk; null when it is `size` bytes with this SHA-256, else what is wrong. */
async function checkFile(file: string, sha256: string, size: number): Promise<string | null> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return 'is missing';
  }
  if (!st.isFile()) return 'is missing';
  if (st.size !== size) return `has changed size (${st.size} bytes, expected ${size})`;
  return (await sha256OfFile(file)) === sha256 ? null : 'no longer matches its SHA-256 (changed or damaged)';
}

/** Re-hash a stored file; null when it matches, else what is wrong. */
export async function checkBlob(dataDir: string, sha256: string, size: number): Promise<string | null> {
  const problem = await checkFile(blobPath(dataDir, sha256), sha256, size);
  return problem === 'is missing' ? 'is missing from the vault' : problem;
}

/**
 * Copy a stored file out as `fileName` (made by exportName) in `folder`
 * (" (2)", " (3)" … before the extension if taken; never over an existing
 * file), read-only and readable by its owner only. The copy is read back from disk and hashed, and removed
 * unless it matches: what leaves the vault is exactly what came in.
 */
export async function copyOriginal(dataDir: string, sha256: string, size: number, fileName: string, folder: string): Promise<string> {
  const src = blobPath(dataDir, sha256);
  if (!fs.existsSync(src)) throw new AppError('INTEGRITY', 'is missing from the vault');
  try {
    mkdirPrivate(folder);
  } catch (e) {
    throw new AppError('BAD_INPUT', `folder: ${folder.slice(0, 200)} cannot be made (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const dest = path.join(folder, n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`);
    try {
      await pipeline(fs.createReadStream(src), fs.createWriteStream(dest, { flags: 'wx', mode: 0o400 }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      fs.rmSync(dest, { force: true });
      throw new AppError('BAD_INPUT', `folder: cannot write in ${folder.slice(0, 200)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    }
    const problem = await checkFile(dest, sha256, size);
    if (problem) {
      fs.rmSync(dest, { force: true });
      throw new AppError('INTEGRITY', problem === 'is missing' ? 'could not be written where it was asked for' : 'no longer matches its SHA-256 (changed or damaged)');
    }
    return dest;
  }
  throw new AppError('CONFLICT', `folder: ${folder.slice(0, 200)} already holds 999 copies of ${fileName}.`);
}
