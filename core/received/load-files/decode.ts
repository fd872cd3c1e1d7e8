/**
 * Turning a load file's or a text file's bytes into text, before anything splits it: þ (U+00FE)
 * and ® (U+00AE) are one byte in Windows-1252 and two in UTF-8, so splitting bytes first breaks
 * one or the other. Like Relativity, a byte-order mark is trusted first; without one, text that
 * is valid UTF-8 is UTF-8 and anything else is Windows-1252 (what Concordance writes). UTF-16
 * without a mark is recognised by its NULs, since read as bytes it would be nonsense.
 */
import type { DatEncoding } from '../types.ts';

export interface Decoded {
  text: string;
  encoding: DatEncoding;
  /** Plain lines for the report, to follow the file's name ("is empty"). */
  problems: string[];
}

/** How many leading bytes are looked at to tell UTF-16 without a mark. */
const SNIFF_BYTES = 4096;

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { text: '', encoding: 'utf-8', problems: ['is empty'] };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3), 'utf-8-bom', 'says it is UTF-8 (byte-order mark) but has bytes that are not UTF-8; they are shown as �');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le', []);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be', []);
  const unmarked = utf16WithoutMark(bytes);
  if (unmarked) {
    return utf16(bytes, unmarked, [`is UTF-16 without a byte-order mark; read as ${unmarked === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE'}`]);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf-8', problems: [] };
  } catch {
    return { text: windows1252(bytes), encoding: 'windows-1252', problems: [] };
  }
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F (curly quotes, dashes, €…). Node's own
 * 'windows-1252' decoder reads those bytes as Latin-1 control characters, so they are mapped here.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function windows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

function utf8(bytes: Uint8Array, encoding: DatEncoding, invalid: string): Decoded {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding, problems: [] };
  } catch {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), encoding, problems: [invalid] };
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', problems: string[]): Decoded {
  const odd = bytes.length % 2 === 1;
  const even = odd ? bytes.subarray(0, bytes.length - 1) : bytes;
  // Swapped into little-endian here rather than trusting the runtime to know 'utf-16be'.
  const le = encoding === 'utf-16be' ? swapPairs(even) : even;
  const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(le);
  return { text, encoding, problems: odd ? [...problems, 'ends in half a UTF-16 character (an odd number of bytes); the last byte is left out'] : problems };
}

function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

/**
 * Text in UTF-16 that is mostly Latin has a NUL in every other byte: at odd offsets when it is
 * little-endian, at even ones when big-endian. Text in any 8-bit encoding has almost none.
 */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNuls++;
    if (bytes[i + 1] === 0) oddNuls++;
  }
  const pairs = n / 2;
  if (oddNuls >= pairs * 0.3 && evenNuls <= pairs * 0.05) return 'utf-16le';
  if (evenNuls >= pairs * 0.3 && oddNuls <= pairs * 0.05) return 'utf-16be';
  return null;
}
