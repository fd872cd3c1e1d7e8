/**
 * The words of a page, two ways, for the source matcher: a fast scan that
 * hashes each folded word without making a string of it (a page is ~350
 * words, a production 200,000 pages: the regex and a string per word cost
 * several times the whole check), and a lazy word list read from a given
 * place on, for the few places the scan flags. Both cut words the same way:
 * runs of letters, digits and marks (`/[\p{L}\p{N}\p{M}]+/u`).
 */
import { foldWord } from '../../db/word-order.ts';

/** Case and accents off as the search index folds them ("Ramírez" → "ramirez"); plain ASCII takes the fast path. */
export function foldText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s.toLowerCase() : foldWord(s);
}

/** FNV-1a over a folded word's UTF-16 units, kept to a small integer (a Set of them stays fast). */
export function wordHash(folded: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < folded.length; i++) h = Math.imul(h ^ folded.charCodeAt(i), 16777619);
  return h & 0x3fffffff;
}

const WORD_UNIT = /[\p{L}\p{N}\p{M}]/u;
/** Per UTF-16 unit of the basic plane: 0 not yet known, 1 part of a word, 2 not. */
const unitKind = new Uint8Array(65536);
for (let c = 0; c < 128; c++) unitKind[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 2;
/** ASCII: the unit lower-cased when it is part of a word, 0 when it is not (one lookup per character in the scan). */
const asciiWord = new Uint8Array(128).map((_, c) => (unitKind[c] === 1 ? (c >= 65 && c <= 90 ? c + 32 : c) : 0));

function isWordUnit(c: number): boolean {
  let k = unitKind[c]!;
  if (k === 0) unitKind[c] = k = WORD_UNIT.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/** Is the character at `i` (a whole surrogate pair, when it is one) part of a word? Its length in units, or 0. */
function wordAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return isWordUnit(c) ? 1 : 0;
  const cp = text.codePointAt(i)!;
  return WORD_UNIT.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

export interface ScannedWord {
  start: number;
  end: number;
  /** wordHash of the folded word. */
  hash: number;
  /** Only digits 0–9. */
  digits: boolean;
}

/**
 * Calls `each` for every word of `text`, in order. The object passed is
 * reused from word to word: read it, never keep it.
 */
export function scanWords(text: string, each: (w: ScannedWord) => void): void {
  const w: ScannedWord = { start: 0, end: 0, hash: 0, digits: false };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if (first < 128 ? asciiWord[first] === 0 : wordAt(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    let ascii = true;
    let digits = true;
    // Plain ASCII inline (most text is); anything else through wordAt.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const lower = asciiWord[c]!;
        if (lower === 0) break;
        h = Math.imul(h ^ lower, 16777619);
        if (lower > 57) digits = false;
        i++;
      } else {
        const len = wordAt(text, i);
        if (len === 0) break;
        ascii = digits = false;
        i += len;
      }
    }
    w.start = start;
    w.end = i;
    w.hash = ascii ? h & 0x3fffffff : wordHash(foldText(text.slice(start, i)));
    w.digits = digits;
    each(w);
  }
}

export interface Word {
  /** The word folded (foldText). */
  key: string;
  start: number;
  end: number;
}

/** The words of `text` from `from` on, read only as far as they are asked for. */
export class LazyWords {
  private readonly re = /[\p{L}\p{N}\p{M}]+/gu;
  private readonly list: Word[] = [];
  /** The text is read to its end (exec would start over from the beginning). */
  private done = false;
  constructor(
    readonly text: string,
    from: number,
  ) {
    this.re.lastIndex = from;
  }

  /** The i-th word from the start place, or undefined past the end of the text. */
  at(i: number): Word | undefined {
    while (this.list.length <= i && !this.done) {
      const m = this.re.exec(this.text);
      if (!m) {
        this.done = true;
        break;
      }
      this.list.push({ key: foldText(m[0]), start: m.index, end: m.index + m[0].length });
    }
    return this.list[i];
  }
}
