import fs from 'node:fs';
import { FileProblem } from './types.ts';

/** Entries an Office file may list: real ones hold dozens, rarely thousands. */
export const MAX_ZIP_ENTRIES = 100_000;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
/** The 16- and 32-bit fields that say "the real value is in the ZIP64 record". */
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

function damaged(label: string, why: string): FileProblem {
  return new FileProblem(`the ${label} file is damaged (${why})`);
}

/** A 64-bit field as a number; beyond 2^53 it is no real size and counts as absurd. */
function u64(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

function readAt(fd: number, length: number, position: number, label: string): Buffer {
  const buf = Buffer.alloc(length);
  if (fs.readSync(fd, buf, 0, length, position) !== length) throw damaged(label, 'cut short');
  return buf;
}

interface Directory {
  entries: number;
  size: number;
  offset: number;
}

/**
 * Where the central directory is and how many entries it claims. A zip too
 * big for the classic end record (over 65,535 entries or 4 GB) says so with
 * 0xFFFF / 0xFFFFFFFF there and keeps the real values in a ZIP64 end record,
 * found through the locator just before the classic one — which is exactly
 * what a zip bomb fills in to claim millions of entries.
 */
function directoryOf(fd: number, size: number, label: string): Directory {
  const tailLen = Math.min(size, 65_557);
  const tailStart = size - tailLen;
  const tail = readAt(fd, tailLen, tailStart, label);
  const sig = Buffer.alloc(4);
  sig.writeUInt32LE(EOCD);
  const eocd = tail.lastIndexOf(sig);
  if (eocd < 0 || eocd + 22 > tail.length) throw damaged(label, 'no zip directory');
  const classic: Directory = { entries: tail.readUInt16LE(eocd + 10), size: tail.readUInt32LE(eocd + 12), offset: tail.readUInt32LE(eocd + 16) };
  const locatorAt = eocd - 20;
  const hasLocator = locatorAt >= 0 && tail.readUInt32LE(locatorAt) === ZIP64_LOCATOR;
  const wantsZip64 = classic.entries === U16_MAX || classic.size === U32_MAX || classic.offset === U32_MAX;
  if (!hasLocator) {
    if (wantsZip64) throw damaged(label, 'its zip directory points to a ZIP64 record that is missing');
    return classic;
  }
  const recordAt = u64(tail, locatorAt + 8);
  if (recordAt + 56 > size) throw damaged(label, 'bad ZIP64 record');
  const record = readAt(fd, 56, recordAt, label);
  if (record.readUInt32LE(0) !== ZIP64_EOCD) throw damaged(label, 'bad ZIP64 record');
  return { entries: u64(record, 32), size: u64(record, 40), offset: u64(record, 48) };
}

/**
 * The declared uncompressed size of the central directory entry at `p`: the
 * 32-bit field, or when that says 0xFFFFFFFF, the 64-bit one in the entry's
 * ZIP64 extra field (id 1, whose first value is the uncompressed size).
 */
function declaredSize(dir: Buffer, p: number, extraAt: number, extraLen: number, label: string): number {
  const small = dir.readUInt32LE(p + 24);
  if (small !== U32_MAX) return small;
  for (let q = extraAt; q + 4 <= extraAt + extraLen; ) {
    const id = dir.readUInt16LE(q);
    const len = dir.readUInt16LE(q + 2);
    if (id === 0x0001 && len >= 8 && q + 12 <= extraAt + extraLen) return u64(dir, q + 4);
    q += 4 + len;
  }
  throw damaged(label, 'an entry says its size is in a ZIP64 field it does not have');
}

/**
 * Read a zip's central directory and refuse archives that list more than
 * MAX_ZIP_ENTRIES entries or would expand past `maxBytes` or by more than
 * 200×: the usual shapes of a zip bomb. ZIP64 counts and sizes are read too.
 * The sizes a zip declares can lie, so the helper process's memory limit
 * still applies. `label` names the file's kind in the messages (".docx", ".pptx").
 */
export function checkZip(file: string, maxBytes: number, label: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const { entries, size: dirSize, offset: dirOffset } = directoryOf(fd, size, label);
    if (entries > MAX_ZIP_ENTRIES) {
      throw new FileProblem(`the ${label} file claims ${entries.toLocaleString('en-US')} entries, over the limit of ${MAX_ZIP_ENTRIES.toLocaleString('en-US')}; refused as a likely zip bomb`);
    }
    // Each entry takes at least 46 bytes, so the count and the directory's size must agree.
    if (dirOffset + dirSize > size || dirSize < entries * 46) throw damaged(label, 'bad zip directory');
    const dir = readAt(fd, dirSize, dirOffset, label);
    let total = 0;
    for (let p = 0, i = 0; i < entries; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_ENTRY) throw damaged(label, 'bad zip entry');
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const next = p + 46 + nameLen + extraLen + commentLen;
      if (next > dir.length) throw damaged(label, 'bad zip entry');
      total += declaredSize(dir, p, p + 46 + nameLen, extraLen, label);
      p = next;
    }
    if (total > maxBytes || total > Math.max(size, 1) * 200) {
      const mb = total === Infinity ? 'an impossible size' : `${Math.round(total / 1024 / 1024).toLocaleString('en-US')} MB`;
      throw new FileProblem(`the ${label} file would expand to ${mb} from ${Math.round(size / 1024)} KB; refused as a likely zip bomb`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
