/**
 * A production that arrives as a ZIP: unpacked into a fresh owner-only folder
 * so the import reads it like a volume folder. The ZIP is untrusted: an entry
 * may try to write outside the folder, be a link, be encrypted, or inflate to
 * far more than it claims (a ZIP bomb). Sizes are counted as the bytes
 * inflate, never taken from the headers; whatever is refused leaves nothing
 * behind. A ZIP inside the ZIP stays a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface ZipLimits {
  /** Entries the ZIP may list. */
  maxEntries: number;
  /** Bytes all entries may inflate to (also never more than the scratch folder's free space). */
  maxTotalBytes: number;
  /** An entry may inflate at most this many times its compressed size… */
  maxRatio: number;
  /** …once it is past this many bytes (small files of zeros compress well and are harmless). */
  ratioAfterBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 20 * 1024 ** 3,
  maxRatio: 200,
  ratioAfterBytes: 1024 ** 2,
};

/** A ZIP refused: the message says why, in words for the report. */
export class ZipRefused extends Error {}

export interface ZipVolume {
  /** The volume folder: the unpacked folder, or the one folder the ZIP wraps everything in. */
  root: string;
  /** Removes everything unpacked. */
  cleanup(): void;
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** The entry's path inside the folder, or why it may not be written there. */
function placeOf(dir: string, name: string): string {
  const normal = name.replace(/\\/g, '/');
  const parts = normal.split('/').filter((p) => p !== '' && p !== '.');
  if (/^[a-zA-Z]:/.test(normal) || normal.startsWith('/') || parts.includes('..') || parts.length === 0) {
    throw new ZipRefused(`the ZIP has an entry whose name leads outside its folder (${name.slice(0, 200)}); it was not unpacked`);
  }
  const target = path.join(dir, ...parts);
  const rel = path.relative(dir, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new ZipRefused(`the ZIP has an entry whose name leads outside its folder (${name.slice(0, 200)}); it was not unpacked`);
  return target;
}

/** yauzl's own refusals, in the report's words. */
function refusal(e: unknown): Error {
  if (e instanceof ZipRefused) return e;
  const message = (e as Error)?.message ?? String(e);
  if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test(message)) {
    return new ZipRefused(`the ZIP has an entry whose name leads outside its folder (${message.replace(/^[^:]*: /, '').slice(0, 200)}); it was not unpacked`);
  }
  if (/too many bytes in the stream/.test(message)) return new ZipRefused('an entry of the ZIP inflates to more than its header says (a ZIP bomb or a damaged file); it was not unpacked');
  if (/unsupported compression method/.test(message)) return new ZipRefused(`the ZIP uses a compression Sunshine cannot unpack (${message.slice(0, 120)}); unpack it yourself and add the folder`);
  // A file-system error's message names the path on disk: only its code is told.
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return new ZipRefused('the disk filled up while unpacking the ZIP; free some space and try again');
  if (code) return new ZipRefused(`the ZIP could not be unpacked: an entry clashes with another or cannot be written (${code})`);
  return new ZipRefused(`the ZIP is damaged (${message.slice(0, 200)}); it was not unpacked`);
}

const isSymlink = (entry: yauzl.Entry) => entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

/** Free bytes where the ZIP is unpacked; Infinity when the system will not say. */
function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
}

async function unpack(zipFile: string, dir: string, limits: ZipLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipRefused(`the ZIP lists ${zip.entryCount.toLocaleString('en-US')} entries, over the limit of ${limits.maxEntries.toLocaleString('en-US')}`);
    }
    const budget = Math.min(limits.maxTotalBytes, freeBytes(dir));
    const overBudget = () =>
      new ZipRefused(
        budget < limits.maxTotalBytes
          ? `the ZIP unpacks to more than the ${gb(budget)} free on the disk; free some space or unpack it elsewhere`
          : `the ZIP unpacks to more than ${gb(limits.maxTotalBytes)}, the limit for one production`,
      );
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => reject(refusal(e));
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const name = entry.fileName;
          // A Mac's resource forks: not part of the volume.
          if (name.startsWith('__MACOSX/')) return;
          const target = placeOf(dir, name);
          if (isSymlink(entry)) throw new ZipRefused(`the ZIP holds a link (${name.slice(0, 200)}); links are not unpacked — send the files themselves`);
          if (entry.isEncrypted()) throw new ZipRefused(`the ZIP's entry ${name.slice(0, 200)} is encrypted; ask the producing party for the password and unpack it yourself`);
          if (name.endsWith('/')) {
            fs.mkdirSync(target, { recursive: true, mode: 0o700 });
            return;
          }
          const bomb = () => new ZipRefused(`the ZIP's entry ${name.slice(0, 200)} inflates over ${limits.maxRatio} times its packed size (a ZIP bomb); it was not unpacked`);
          if (entry.uncompressedSize > limits.ratioAfterBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) throw bomb();
          if (total + entry.uncompressedSize > budget) throw overBudget();
          fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
          const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s))));
          let written = 0;
          // Counted as the bytes come, whatever the headers said.
          const counter = new Transform({
            transform(chunk: Buffer, _enc, done) {
              written += chunk.length;
              total += chunk.length;
              if (written > limits.ratioAfterBytes && written > limits.maxRatio * Math.max(1, entry.compressedSize)) done(bomb());
              else if (total > budget) done(overBudget());
              else done(null, chunk);
            },
          });
          await pipeline(stream, counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 })).catch((e: NodeJS.ErrnoException) => {
            throw e.code === 'EEXIST' ? new ZipRefused(`the ZIP names ${name.slice(0, 200)} twice; it was not unpacked`) : e;
          });
        })().then(() => zip.readEntry(), fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** The folder holding the volume: the one folder the ZIP wraps everything in, if that is all there is. */
function volumeRoot(dir: string): string {
  const top = fs.readdirSync(dir, { withFileTypes: true });
  return top.length === 1 && top[0]!.isDirectory() ? path.join(dir, top[0]!.name) : dir;
}

/** The ZIP unpacked into a new owner-only folder under `scratchDir`; refused (nothing left behind) with a ZipRefused saying why. */
export async function openZipVolume(zipFile: string, scratchDir: string, limits: Partial<ZipLimits> = {}): Promise<ZipVolume> {
  const dir = fs.mkdtempSync(path.join(scratchDir, 'zip-volume-'));
  fs.chmodSync(dir, 0o700);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await unpack(zipFile, dir, { ...DEFAULT_ZIP_LIMITS, ...limits });
    return { root: volumeRoot(dir), cleanup };
  } catch (e) {
    cleanup();
    throw refusal(e);
  }
}
