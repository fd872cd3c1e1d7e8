import fs from 'node:fs';
import { FileProblem } from './types.ts';

/**
 * Read a zip's central directory and refuse archives that would expand past
 * `maxBytes` or by more than 200×: the usual shape of a zip bomb. The sizes a
 * zip declares can lie, so the extraction worker's memory limit still applies.
 */
export function checkZip(file: string, maxBytes: number): void {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new FileProblem('the .docx file is damaged (no zip directory)');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset + dirSize > size || entries > 100_000) throw new FileProblem('the .docx file is damaged (bad zip directory)');
    const dir = Buffer.alloc(dirSize);
    fs.readSync(fd, dir, 0, dirSize, dirOffset);
    let total = 0;
    for (let p = 0, i = 0; i < entries; i++) {
      if (dir.readUInt32LE(p) !== 0x02014b50) throw new FileProblem('the .docx file is damaged (bad zip entry)');
      total += dir.readUInt32LE(p + 24);
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    if (total > maxBytes || total > Math.max(size, 1) * 200) {
      throw new FileProblem(`the .docx file would expand to ${Math.round(total / 1024 / 1024)} MB from ${Math.round(size / 1024)} KB; refused as a likely zip bomb`);
    }
  } finally {
    fs.closeSync(fd);
  }
}
