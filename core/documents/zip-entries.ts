/**
 * An untrusted ZIP's entries unpacked one at a time, with the rules that keep it safe: a name that
 * leads outside the folder, a link and an encrypted entry are refused; sizes are counted as the bytes
 * inflate, never taken from the headers, against a ratio (a ZIP bomb) and a budget for the whole
 * ZIP; a ZIP listing too many entries is refused before any is read. One set of rules for the two
 * places a ZIP is unpacked: a production that arrives as a ZIP (received/zip-volume.ts, where any
 * refusal refuses the volume) and an archive opened during import (extract/unpack-archive.ts, where a
 * refused entry is listed and the others go on).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Readable, Transform } from 'node:stream';
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

/** Why an entry (or, for 'entries', the whole ZIP) may not be unpacked. */
export type EntryProblem =
  | { kind: 'escapes' }
  | { kind: 'link' }
  | { kind: 'encrypted' }
  | { kind: 'bomb' }
  | { kind: 'budget' }
  | { kind: 'entries'; count: number }
  /** Its bytes could not be read or written: `error` says how (yauzl's or the file system's). */
  | { kind: 'damaged'; error: unknown };

/** One entry as a ZIP lists it. */
export interface RawEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  link: boolean;
  open(): Promise<Readable>;
}

export interface EntryVisitor {
  /** Where a file entry's bytes go; `parts` is its path inside, made safe. */
  target(parts: string[]): string;
  /** A folder entry (folders are never written by the walk itself). */
  folder?(parts: string[]): void;
  /** The entry's bytes are all written to `file`. */
  written?(parts: string[], file: string, bytes: number): void;
  /** An entry refused (or, for 'entries', the whole ZIP); throw to stop the walk. After 'budget' and 'entries' the walk stops. */
  refused(name: string, problem: EntryProblem): void;
}

/** The entry's path inside as safe parts, or null when its name leads outside the folder (`..`, absolute, a drive letter). */
export function entryParts(name: string): string[] | null {
  const normal = name.replace(/\\/g, '/');
  const parts = normal.split('/').filter((p) => p !== '' && p !== '.');
  if (/^[a-zA-Z]:/.test(normal) || normal.startsWith('/') || parts.includes('..') || parts.length === 0) return null;
  return parts;
}

/** Free bytes where a ZIP is unpacked; Infinity when the system will not say. */
export function freeBytes(dir: string): number {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return Infinity;
  }
}

const isSymlink = (entry: yauzl.Entry) => entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000;

/** Stopped by the counter: the entry inflated too far. */
class Overflow extends Error {
  constructor(readonly kind: 'bomb' | 'budget') {
    super(kind);
  }
}

/**
 * Every entry through the rules, in the order the ZIP lists them; returns the bytes written. Errors
 * of the ZIP itself (its directory unreadable) are thrown; an entry's are given to `visit.refused`.
 */
export async function walkEntries(entries: AsyncIterable<RawEntry>, limits: ZipLimits, budget: number, visit: EntryVisitor): Promise<number> {
  let total = 0;
  let count = 0;
  for await (const entry of entries) {
    const { name } = entry;
    if (++count > limits.maxEntries) {
      visit.refused(name, { kind: 'entries', count });
      return total;
    }
    // A Mac's resource forks: not part of what was sent.
    if (name.startsWith('__MACOSX/')) continue;
    const parts = entryParts(name);
    const problem: EntryProblem | null = !parts
      ? { kind: 'escapes' }
      : entry.link
        ? { kind: 'link' }
        : entry.encrypted
          ? { kind: 'encrypted' }
          : !name.endsWith('/') && entry.uncompressedSize > limits.ratioAfterBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)
            ? { kind: 'bomb' }
            : !name.endsWith('/') && total + entry.uncompressedSize > budget
              ? { kind: 'budget' }
              : null;
    if (problem || !parts) {
      visit.refused(name, problem ?? { kind: 'escapes' });
      if (problem?.kind === 'budget') return total;
      continue;
    }
    if (name.endsWith('/')) {
      visit.folder?.(parts);
      continue;
    }
    const target = visit.target(parts);
    let written = 0;
    // Counted as the bytes come, whatever the headers said.
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        written += chunk.length;
        total += chunk.length;
        if (written > limits.ratioAfterBytes && written > limits.maxRatio * Math.max(1, entry.compressedSize)) done(new Overflow('bomb'));
        else if (total > budget) done(new Overflow('budget'));
        else done(null, chunk);
      },
    });
    let failed: EntryProblem | null = null;
    try {
      await pipeline(await entry.open(), counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      failed = e instanceof Overflow ? { kind: e.kind } : { kind: 'damaged', error: e };
      // Whatever was written of it goes; a name the ZIP lists twice leaves the first one's file alone.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(target, { force: true });
    }
    if (failed) {
      visit.refused(name, failed);
      if (failed.kind === 'budget') return total;
      continue;
    }
    visit.written?.(parts, target, written);
  }
  return total;
}

/** The ZIP's directory, read by yauzl; the caller closes it. Names are checked by the walk, not by yauzl (which would stop at the first bad one). */
export function openZip(zipFile: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
}

/** The entries a ZIP's central directory lists, one at a time. */
export async function* directoryEntries(zip: yauzl.ZipFile): AsyncGenerator<RawEntry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const off = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      const onEntry = (e: yauzl.Entry) => (off(), resolve(e));
      const onEnd = () => (off(), resolve(null));
      const onError = (e: Error) => (off(), reject(e));
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    const raw = entry.fileName as unknown as Buffer;
    yield {
      name: yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false),
      compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize,
      encrypted: entry.isEncrypted(),
      link: isSymlink(entry),
      open: () => new Promise<Readable>((res, rej) => zip.openReadStream(entry, (e, s) => (e ? rej(e) : res(s)))),
    };
  }
}

const LOCAL_HEADER = 0x04034b50;

/**
 * The entries found by walking the local headers from the start: for a ZIP whose directory (at its
 * end) is missing, as when a download was cut short. Only entries whose header gives their sizes can
 * be found this way; the walk ends at the first that does not, or at the cut. Stored and deflated
 * entries are read; an entry cut short fails as damaged.
 */
export async function* localEntries(zipFile: string): AsyncGenerator<RawEntry> {
  const fd = fs.openSync(zipFile, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(30);
    for (let at = 0; at + 30 <= size; ) {
      if (fs.readSync(fd, head, 0, 30, at) !== 30 || head.readUInt32LE(0) !== LOCAL_HEADER) return;
      const flags = head.readUInt16LE(6);
      const method = head.readUInt16LE(8);
      const compressedSize = head.readUInt32LE(18);
      const uncompressedSize = head.readUInt32LE(22);
      const nameLen = head.readUInt16LE(26);
      const extraLen = head.readUInt16LE(28);
      // Sizes written after the data (bit 3), or in a ZIP64 field: where the next entry starts is unknown.
      if (flags & 0x8 || compressedSize === 0xffffffff) return;
      const start = at + 30 + nameLen + extraLen;
      // Cut within the header itself: nothing of this entry to read.
      if (start > size) return;
      const nameBuf = Buffer.alloc(nameLen);
      fs.readSync(fd, nameBuf, 0, nameLen, at + 30);
      const end = Math.min(size, start + compressedSize);
      yield {
        name: yauzl.getFileNameLowLevel(flags, nameBuf, [], false),
        compressedSize,
        uncompressedSize,
        encrypted: (flags & 0x1) !== 0,
        link: false,
        open: async () => {
          if (method !== 0 && method !== 8) throw new Error(`unsupported compression method: ${method}`);
          const bytes = end > start ? fs.createReadStream(zipFile, { start, end: end - 1 }) : Readable.from([]);
          const inflated = method === 8 ? bytes.pipe(zlib.createInflateRaw()) : bytes;
          const out = exactly(uncompressedSize);
          for (const s of [bytes, inflated]) s.on('error', (e: Error) => out.destroy(e));
          return inflated.pipe(out);
        },
      };
      at = start + compressedSize;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Passes the bytes on; fails when they are more or fewer than the header said (no directory to check them against). */
function exactly(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > size ? new Error('too many bytes in the stream') : null, chunk);
    },
    flush(done) {
      done(seen < size ? new Error(`it is cut short (${seen.toLocaleString('en-US')} of ${size.toLocaleString('en-US')} bytes)`) : null);
    },
  });
}
