/**
 * A production that arrives as a ZIP: unpacked into a fresh owner-only folder
 * so the import reads it like a volume folder. The ZIP is untrusted: the rules
 * for its entries (names, links, encryption, bombs) are those of every ZIP
 * (documents/zip-entries.ts); here any refusal refuses the whole production,
 * and whatever is refused leaves nothing behind. A ZIP inside the ZIP stays a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_ZIP_LIMITS, directoryEntries, freeBytes, openZip, walkEntries, type EntryProblem, type ZipLimits } from '../documents/zip-entries.ts';

export type { ZipLimits } from '../documents/zip-entries.ts';

/** A ZIP refused: the message says why, in words for the report. */
export class ZipRefused extends Error {}

export interface ZipVolume {
  /** The volume folder: the unpacked folder, or the one folder the ZIP wraps everything in. */
  root: string;
  /** Removes everything unpacked. */
  cleanup(): void;
}

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;

/** yauzl's and the file system's errors, in the report's words. */
function refusal(e: unknown): Error {
  if (e instanceof ZipRefused) return e;
  const message = (e as Error)?.message ?? String(e);
  if (/too many bytes in the stream/.test(message)) return new ZipRefused('an entry of the ZIP inflates to more than its header says (a ZIP bomb or a damaged file); it was not unpacked');
  if (/unsupported compression method/.test(message)) return new ZipRefused(`the ZIP uses a compression Sunshine cannot unpack (${message.slice(0, 120)}); unpack it yourself and add the folder`);
  // A file-system error's message names the path on disk: only its code is told.
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return new ZipRefused('the disk filled up while unpacking the ZIP; free some space and try again');
  if (code) return new ZipRefused(`the ZIP could not be unpacked: an entry clashes with another or cannot be written (${code})`);
  return new ZipRefused(`the ZIP is damaged (${message.slice(0, 200)}); it was not unpacked`);
}

/** A production is all or nothing: the first entry refused refuses the ZIP. */
function refuseVolume(name: string, problem: EntryProblem, limits: ZipLimits, budget: number): never {
  const n = name.slice(0, 200);
  switch (problem.kind) {
    case 'escapes':
      throw new ZipRefused(`the ZIP has an entry whose name leads outside its folder (${n}); it was not unpacked`);
    case 'link':
      throw new ZipRefused(`the ZIP holds a link (${n}); links are not unpacked — send the files themselves`);
    case 'encrypted':
      throw new ZipRefused(`the ZIP's entry ${n} is encrypted; ask the producing party for the password and unpack it yourself`);
    case 'bomb':
      throw new ZipRefused(`the ZIP's entry ${n} inflates over ${limits.maxRatio} times its packed size (a ZIP bomb); it was not unpacked`);
    case 'budget':
      throw new ZipRefused(
        budget < limits.maxTotalBytes
          ? `the ZIP unpacks to more than the ${gb(budget)} free on the disk; free some space or unpack it elsewhere`
          : `the ZIP unpacks to more than ${gb(limits.maxTotalBytes)}, the limit for one production`,
      );
    case 'entries':
      throw new ZipRefused(`the ZIP lists ${problem.count.toLocaleString('en-US')} entries, over the limit of ${limits.maxEntries.toLocaleString('en-US')}`);
    case 'damaged': {
      const e = problem.error as NodeJS.ErrnoException;
      throw e?.code === 'EEXIST' ? new ZipRefused(`the ZIP names ${n} twice; it was not unpacked`) : refusal(e);
    }
  }
}

async function unpack(zipFile: string, dir: string, limits: ZipLimits): Promise<void> {
  const zip = await openZip(zipFile);
  try {
    if (zip.entryCount > limits.maxEntries) refuseVolume('', { kind: 'entries', count: zip.entryCount }, limits, Infinity);
    const budget = Math.min(limits.maxTotalBytes, freeBytes(dir));
    await walkEntries(directoryEntries(zip), limits, budget, {
      target: (parts) => {
        const target = path.join(dir, ...parts);
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        return target;
      },
      folder: (parts) => fs.mkdirSync(path.join(dir, ...parts), { recursive: true, mode: 0o700 }),
      refused: (name, problem) => refuseVolume(name, problem, limits, budget),
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
