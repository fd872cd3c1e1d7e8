/**
 * Rich Text Format (.rtf): a small reader of our own, run in the file reader's helper. RTF is
 * groups `{…}`, control words `\word-12 ` and text; what a reviewer needs is the text, so the
 * reader follows the groups, skips the destinations that hold no reading text (font and colour
 * tables, pictures, embedded objects, field codes, `{\*\…}` extensions) and takes the title and
 * creation date from the `\info` group.
 */
import fs from 'node:fs';
import { windows1252 } from '../../received/load-files/decode.ts';
import { FileProblem, charLimitNote, splitPages, type ExtractLimits, type Extracted } from './types.ts';

/** Deeper than any word processor writes; a file nesting further is built to exhaust the reader. */
export const MAX_RTF_DEPTH = 1000;

/** Destinations whose content is no text of the document. */
const SKIPPED = new Set([
  'fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'revtbl', 'rsidtbl', 'filetbl', 'pgdsctbl',
  'pict', 'object', 'objdata', 'objclass', 'result', 'nonshppict', 'shpinst', 'sp', 'fldinst', 'datafield', 'themedata',
  'colorschememapping', 'datastore', 'latentstyles', 'xmlnstbl', 'generator', 'private', 'userprops', 'docvar',
  'bkmkstart', 'bkmkend', 'txe', 'xe', 'tc', 'field-code', 'header-instr',
]);

/**
 * Where text goes: the body, the footnotes (put after the body, as for a .doc), the title or
 * creation date from \info (the rest of \info is skipped), or nowhere.
 */
type Sink = 'body' | 'footnote' | 'none' | 'title' | 'creatim';

/** Control words that stand for a character. */
const CHARACTERS: Record<string, string> = {
  par: '\n', line: '\n', sect: '\n', page: '\n', row: '\n', cell: '\t', tab: '\t', nestcell: '\t',
  emdash: '\u2014', endash: '\u2013', emspace: '\u2003', enspace: '\u2002', qmspace: '\u2005',
  bullet: '\u2022', lquote: '\u2018', rquote: '\u2019', ldblquote: '\u201c', rdblquote: '\u201d',
};

interface Group {
  sink: Sink;
  /** How many fallback characters follow a \uN (\ucN), inherited by inner groups. */
  uc: number;
}

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The bytes of a code page as text: Windows-1252 by our own table (Node reads 0x80–0x9F as Latin-1); others by the runtime's decoders. */
function decoderFor(codePage: number): (bytes: Uint8Array) => string {
  if (codePage === 1252 || codePage === 0) return windows1252;
  try {
    const d = new TextDecoder(codePage === 65001 ? 'utf-8' : `windows-${codePage}`);
    return (bytes) => d.decode(bytes);
  } catch {
    try {
      const d = new TextDecoder(`cp${codePage}`);
      return (bytes) => d.decode(bytes);
    } catch {
      return windows1252; // a code page the runtime does not know: read as the default rather than refused
    }
  }
}

interface RtfText {
  text: string;
  /** The title and creation date from \info, each only when found. */
  meta: Pick<Extracted['meta'], 'title' | 'created'>;
  truncated: boolean;
}

/** The text of an RTF document given as bytes. */
export function rtfText(rtf: Uint8Array, maxChars: number): RtfText {
  // One byte a character: control words are ASCII, and text bytes are decoded in their code page below.
  const src = Buffer.from(rtf.buffer, rtf.byteOffset, rtf.byteLength).toString('latin1');
  if (!src.startsWith('{\\rtf')) throw damaged('it does not begin with {\\rtf');
  let decode = decoderFor(1252);
  const out: Record<'body' | 'footnote' | 'title', string[]> = { body: [], footnote: [], title: [] };
  let outLength = 0;
  let truncated = false;
  const date: Record<string, number> = {};
  const stack: Group[] = [];
  let group: Group = { sink: 'body', uc: 1 };
  /** Bytes given as \'hh or raw, decoded together (a double-byte code page spreads a character over two). */
  let pending = '';
  /** Fallback characters still to skip after a \uN. */
  let skipFallback = 0;
  /** The next control word names the group's destination ({\*\…} or a known one). */
  let atGroupStart = false;
  let starred = false;

  const emit = (s: string) => {
    if (group.sink === 'none' || group.sink === 'creatim') return;
    if (group.sink !== 'title') {
      if (outLength + s.length > maxChars) {
        s = s.slice(0, Math.max(0, maxChars - outLength));
        truncated = true;
      }
      outLength += s.length;
    }
    out[group.sink].push(s);
  };
  const flush = () => {
    // eslint-disable-next-line no-control-regex -- plain ASCII needs no decoding
    if (pending) emit(/^[\x00-\x7f]*$/.test(pending) ? pending : decode(Buffer.from(pending, 'latin1')));
    pending = '';
  };
  const byte = (b: number) => {
    if (skipFallback > 0) skipFallback--;
    else pending += String.fromCharCode(b);
  };

  let i = 0;
  const n = src.length;
  while (i < n && !truncated) {
    const c = src.charCodeAt(i);
    if (c === 0x7b /* { */) {
      flush();
      if (stack.length >= MAX_RTF_DEPTH) throw new FileProblem(`the RTF document nests groups more than ${MAX_RTF_DEPTH} deep; refused as damaged or built to exhaust the reader`);
      stack.push(group);
      group = { ...group };
      atGroupStart = true;
      starred = false;
      skipFallback = 0;
      i++;
      continue;
    }
    if (c === 0x7d /* } */) {
      flush();
      const closed = group;
      group = stack.pop() ?? group;
      if (closed.sink === 'footnote' && group.sink !== 'footnote') out.footnote.push('\n'); // one footnote a line
      atGroupStart = false;
      skipFallback = 0;
      i++;
      continue;
    }
    if (c === 0x0d || c === 0x0a) {
      i++; // line breaks in the source are no text
      continue;
    }
    if (c !== 0x5c /* \ */) {
      // A run of text up to the next brace, backslash or line break, taken at once.
      atGroupStart = false;
      let j = i;
      for (let d = c; j < n && d !== 0x7b && d !== 0x7d && d !== 0x5c && d !== 0x0d && d !== 0x0a; d = src.charCodeAt(++j));
      const from = Math.min(j, i + skipFallback);
      skipFallback -= from - i;
      pending += src.slice(from, j);
      i = j;
      continue;
    }
    // A control symbol or word.
    if (i + 1 >= n) break;
    const next = src.charCodeAt(i + 1);
    if (next === 0x27 /* ' */) {
      const hex = src.slice(i + 2, i + 4);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) byte(parseInt(hex, 16));
      i += 4;
      continue;
    }
    if (!isLetter(next)) {
      i += 2;
      if (next === 0x2a /* * */) {
        starred = true;
        continue;
      }
      flush();
      if (next === 0x5c || next === 0x7b || next === 0x7d) byte(next);
      else if (next === 0x7e /* ~ */) emit('\u00a0');
      else if (next === 0x5f /* _ */) emit('\u2011');
      else if (next === 0x0a || next === 0x0d) emit('\n'); // "\" before a line break is \par
      continue;
    }
    let j = i + 1;
    while (j < n && j - i <= 32 && isLetter(src.charCodeAt(j))) j++;
    const word = src.slice(i + 1, j);
    let k = j;
    if (src.charCodeAt(k) === 0x2d /* - */ && isDigit(src.charCodeAt(k + 1))) k++;
    while (k < n && k - j <= 11 && isDigit(src.charCodeAt(k))) k++;
    const hasParam = k > j;
    const param = hasParam ? Number(src.slice(j, k)) : 0;
    if (src.charCodeAt(k) === 0x20) k++; // the space ending a control word is part of it
    i = k;

    if (word === 'bin') {
      // Binary data of the given length, which may hold any byte, braces included.
      flush();
      i += Math.max(0, param);
      continue;
    }
    if (word === 'u' && hasParam) {
      flush();
      if (skipFallback > 0) {
        skipFallback--; // a control word among the fallback counts as one of its characters
        continue;
      }
      // A character beyond 0xFFFF comes as two \u, one per UTF-16 half (negative past 32767).
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      skipFallback = group.uc;
      continue;
    }
    flush();
    skipFallback = 0;
    const destination = atGroupStart;
    atGroupStart = false;
    // A footnote is text of the document, though some writers (LibreOffice) mark it {\*\footnote}.
    if (destination && word === 'footnote') {
      group.sink = 'footnote';
      continue;
    }
    if (destination && (starred || SKIPPED.has(word))) {
      group.sink = 'none';
      continue;
    }
    // \title and \creatim live inside \info, whose group is otherwise skipped.
    if (destination && word === 'info') group.sink = 'none';
    else if (destination && word === 'title' && group.sink === 'none') group.sink = 'title';
    else if (destination && word === 'creatim' && group.sink === 'none') group.sink = 'creatim';
    else if (group.sink === 'creatim' && ['yr', 'mo', 'dy', 'hr', 'min'].includes(word)) date[word] = param;
    else if (word === 'uc' && hasParam) group.uc = Math.max(0, Math.min(param, 10));
    else if (word === 'ansicpg' && hasParam) decode = decoderFor(param);
    else if (CHARACTERS[word] !== undefined) emit(CHARACTERS[word]!);
  }
  flush();
  const meta: RtfText['meta'] = {};
  const title = out.title.join('').trim();
  const created = creatim(date);
  if (title) meta.title = title;
  if (created) meta.created = created;
  const tidy = (parts: string[]) => parts.join('').replace(/[ \t]+\n/g, '\n').trim();
  const footnotes = tidy(out.footnote);
  return { text: tidy(out.body) + (footnotes ? `\n\nFootnotes:\n${footnotes}` : ''), meta, truncated };
}

/**
 * \creatim's fields as an ISO instant. RTF records the author's local time with no zone; it is
 * read as UTC, as a date without a zone is everywhere else in Sunshine.
 */
function creatim(d: Record<string, number>): string | undefined {
  if (!d.yr || !d.mo || !d.dy) return undefined;
  const t = Date.UTC(d.yr, d.mo - 1, d.dy, d.hr ?? 0, d.min ?? 0);
  const date = new Date(t);
  // A day that does not exist (February 30) rolls over in Date.UTC: such a field is no date.
  if (!Number.isFinite(t) || date.getUTCMonth() !== d.mo - 1 || date.getUTCDate() !== d.dy) return undefined;
  return date.toISOString();
}

const damaged = (why: string) => new FileProblem(`the RTF document is damaged (${why})`);

export async function extractRtf(file: string, limits: ExtractLimits): Promise<Extracted> {
  const { text, meta, truncated } = rtfText(fs.readFileSync(file), limits.maxChars);
  return { pages: splitPages(text), ocrPages: [], meta, attachments: [], notes: truncated ? [charLimitNote(limits.maxChars)] : [] };
}
