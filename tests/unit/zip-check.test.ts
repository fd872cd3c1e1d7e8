import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkZip } from '../../core/documents/extract/zip-check.ts';
import { DEFAULT_LIMITS } from '../../core/documents/extract/types.ts';
import { tempDir } from './helpers.ts';
import { makeDocx } from './fixtures.ts';

/**
 * A one-entry zip written byte by byte, whose directory may claim other
 * counts and sizes than it holds — through the ZIP64 records, as a zip bomb
 * would, since the classic 16-bit count cannot go past 65,535.
 */
function zip64(opts: { claimedEntries?: number; claimedSize?: bigint } = {}): Buffer {
  const name = Buffer.from('word/document.xml');
  const body = Buffer.from('<w:document/>');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt32LE(body.length, 18);
  local.writeUInt32LE(body.length, 22);
  local.writeUInt16LE(name.length, 26);
  const localPart = Buffer.concat([local, name, body]);

  const extra = Buffer.alloc(opts.claimedSize === undefined ? 0 : 12);
  if (opts.claimedSize !== undefined) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(opts.claimedSize, 4);
  }
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt32LE(body.length, 20);
  central.writeUInt32LE(opts.claimedSize === undefined ? body.length : 0xffffffff, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(extra.length, 30);
  const dir = Buffer.concat([central, name, extra]);
  const dirOffset = localPart.length;

  const entries = BigInt(opts.claimedEntries ?? 1);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(entries, 24);
  record.writeBigUInt64LE(entries, 32);
  record.writeBigUInt64LE(BigInt(dir.length), 40);
  record.writeBigUInt64LE(BigInt(dirOffset), 48);
  const recordAt = dirOffset + dir.length;
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(recordAt), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([localPart, dir, record, locator, end]);
}

function file(bytes: Buffer): string {
  const f = path.join(tempDir(), 'x.docx');
  fs.writeFileSync(f, bytes);
  return f;
}

describe('zip bomb check', () => {
  it('passes a real .docx and an honest ZIP64 zip', async () => {
    const docx = path.join(tempDir(), 'letter.docx');
    await makeDocx(docx, ['Dear Secretary,']);
    expect(() => checkZip(docx, DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).not.toThrow();
    expect(() => checkZip(file(zip64()), DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).not.toThrow();
  });

  it('reads the entry count a ZIP64 record claims, and refuses 200,000 entries', () => {
    expect(() => checkZip(file(zip64({ claimedEntries: 200_000 })), DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).toThrow(
      'the .docx file claims 200,000 entries, over the limit of 100,000; refused as a likely zip bomb',
    );
  });

  it("reads an entry's 64-bit size, and refuses one that would expand to a terabyte", () => {
    expect(() => checkZip(file(zip64({ claimedSize: 1n << 40n })), DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).toThrow(/would expand to 1,048,576 MB from 0 KB; refused as a likely zip bomb/);
    expect(() => checkZip(file(zip64({ claimedSize: 0xffffffffffffffffn })), DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).toThrow(/would expand to an impossible size/);
  });

  it('calls a zip that points to a missing ZIP64 record damaged', () => {
    const bytes = zip64();
    // Break the locator's signature: the classic record's 0xFFFF fields then lead nowhere.
    bytes.writeUInt32LE(0, bytes.length - 22 - 20);
    expect(() => checkZip(file(bytes), DEFAULT_LIMITS.maxUnzippedBytes, '.docx')).toThrow('the .docx file is damaged (its zip directory points to a ZIP64 record that is missing)');
  });
});
