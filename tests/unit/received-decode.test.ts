import { describe, expect, it } from 'vitest';
import { decodeText } from '../../core/received/load-files/decode.ts';

const SAMPLE = 'þBegBatesþ\u0014þNoteþ\r\nþABC0001þ\u0014þCafé ® Zoë — “quoted”þ\r\n';

function be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  return Buffer.from(le.map((_, i) => le[i ^ 1]!));
}

describe('decodeText', () => {
  it('reads UTF-8 without a BOM, and with one (the mark left out)', () => {
    expect(decodeText(Buffer.from(SAMPLE, 'utf8'))).toEqual({ text: SAMPLE, encoding: 'utf-8', problems: [] });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, 'utf8')]);
    expect(decodeText(bom)).toEqual({ text: SAMPLE, encoding: 'utf-8-bom', problems: [] });
  });

  it('reads Windows-1252 when the bytes are not UTF-8: þ and ® are one byte each', () => {
    const bytes = Buffer.from([0xfe, 0x41, 0xfe, 0x14, 0xfe, 0x43, 0x61, 0x66, 0xe9, 0x20, 0xae, 0x20, 0x93, 0x71, 0x94, 0xfe, 0x0d, 0x0a]);
    const out = decodeText(bytes);
    expect(out.encoding).toBe('windows-1252');
    expect(out.text).toBe('þAþ\u0014þCafé ® “q”þ\r\n');
    expect(out.problems).toEqual([]);
  });

  it('reads UTF-16LE and UTF-16BE after their byte-order marks', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: SAMPLE, encoding: 'utf-16le', problems: [] });
    const bigEndian = Buffer.concat([Buffer.from([0xfe, 0xff]), be(SAMPLE)]);
    expect(decodeText(bigEndian)).toEqual({ text: SAMPLE, encoding: 'utf-16be', problems: [] });
  });

  it('recognises UTF-16 without a byte-order mark by its NULs, and says so', () => {
    const le = decodeText(Buffer.from(SAMPLE, 'utf16le'));
    expect(le.text).toBe(SAMPLE);
    expect(le.encoding).toBe('utf-16le');
    expect(le.problems).toEqual(['is UTF-16 without a byte-order mark; read as UTF-16LE']);
    const bigEndian = decodeText(be('Page one text\fPage two'));
    expect(bigEndian.text).toBe('Page one text\fPage two');
    expect(bigEndian.problems).toEqual(['is UTF-16 without a byte-order mark; read as UTF-16BE']);
  });

  it('calls a 0-byte file empty, and names bytes that break a UTF-8 mark', () => {
    expect(decodeText(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', problems: ['is empty'] });
    const broken = decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xff, 0x42]));
    expect(broken.encoding).toBe('utf-8-bom');
    expect(broken.text).toBe('A\uFFFDB');
    expect(broken.problems[0]).toMatch(/not UTF-8/);
  });
});
