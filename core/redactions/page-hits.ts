/**
 * Hits on one page, and their boxes: pure, so it is tested without a PDF or a database.
 *
 * The page's text (as stored: what search and the viewer read) is searched with the same matcher
 * the viewer marks hits with (core/shared/hit-words.ts), after words broken by a hyphen at a line's
 * end are joined ("spon-\nsor" is found as sponsor). The page's words with their boxes
 * (core/documents/word-boxes.ts) are then placed along that text, so any character range of the
 * text — a search hit, or what a PII finder reports — becomes the boxes of the words it covers.
 */
import { hitRanges } from '../shared/hit-words.ts';
import type { WordBox } from '../documents/extract/pdf-words.ts';

/** A character range [start, end) of a page's text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageHit extends TextRange {
  /** The text as the page has it ("spon- sor" across a line break shown on one line). */
  text: string;
  /** A few words either side. */
  before: string;
  after: string;
  /** One box a word (several for a phrase); null when the page has no word positions. */
  boxes: Box[] | null;
}

/** Words of context shown each side of a hit. */
const CONTEXT_WORDS = 6;

/**
 * The text with each line-end hyphen between letters taken out with its line break ("spon-\nsor"
 * reads "sponsor"), and for each character of it where it stands in the text.
 */
export function joinHyphenated(text: string): { joined: string; at: number[] } {
  let joined = '';
  const at: number[] = [];
  const re = /(?<=\p{L})-[ \t]*\r?\n[ \t]*(?=\p{L})/gu;
  let from = 0;
  const keep = (end: number) => {
    for (let i = from; i < end; i++) {
      joined += text[i];
      at.push(i);
    }
  };
  for (const m of text.matchAll(re)) {
    keep(m.index);
    from = m.index + m[0].length;
  }
  keep(text.length);
  at.push(text.length);
  return { joined, at };
}

/** Where the terms are on a page's text: [start, end) of the text as stored, hyphenated words and line breaks included. */
export function termRanges(text: string, terms: string[]): TextRange[] {
  const { joined, at } = joinHyphenated(text);
  return hitRanges(joined, terms).map(([s, e]) => ({ start: at[s]!, end: at[e - 1]! + 1 }));
}

/**
 * Where each word stands in the text, in order: each word is looked for a little after the one
 * before (OCR text and its words come from one reading; a PDF's words are its text layer's runs,
 * split), so a word the text lacks is skipped without losing the words after it. Null where not found.
 */
export function placeWords(text: string, words: readonly WordBox[]): (TextRange | null)[] {
  const folded = text.normalize('NFKC');
  // NFKC may change the text's length (ligatures); place on the text as stored when it does not.
  const hay = folded.length === text.length ? folded : text;
  let cursor = 0;
  return words.map((w) => {
    const at = hay.indexOf(w.text, cursor);
    if (at < 0 || at - cursor > 200 + w.text.length) return null;
    cursor = at + w.text.length;
    return { start: at, end: cursor };
  });
}

/** A letter or digit: what a box must not leave showing. */
const READABLE = /[\p{L}\p{N}]/u;

/**
 * The boxes of each range: one a word the range covers. Where it covers part of a word ("sor," of
 * a hit "spon-sor"; the number in "SSN:123-45-6789") the box is cut to the covered characters,
 * counted in characters with half a character to spare — but never to leave off only punctuation,
 * whose narrow width would make the count cut into the last letter. An empty list where no placed
 * word lies under the range: those characters can only be boxed by hand.
 */
export function boxesForRanges(text: string, words: readonly WordBox[], ranges: readonly TextRange[]): Box[][] {
  const placed = placeWords(text, words);
  return ranges.map((r) => {
    const boxes: Box[] = [];
    placed.forEach((p, i) => {
      if (!p || p.end <= r.start || p.start >= r.end) return;
      const w = words[i]!;
      const len = p.end - p.start;
      const lead = text.slice(p.start, Math.max(r.start, p.start));
      const rest = text.slice(Math.min(r.end, p.end), p.end);
      const from = READABLE.test(lead) ? Math.max(0, (lead.length - 0.5) / len) : 0;
      const to = READABLE.test(rest) ? Math.min(1, (len - rest.length + 0.5) / len) : 1;
      boxes.push({ x: w.x + w.width * from, y: w.y, width: w.width * (to - from), height: w.height });
    });
    return boxes;
  });
}

const squeeze = (s: string) => s.replace(/\s+/g, ' ');

/** `n` words of the text before `end`, and after `start`. */
function context(text: string, r: TextRange): { before: string; after: string } {
  const before = squeeze(text.slice(Math.max(0, r.start - 200), r.start)).split(' ');
  const after = squeeze(text.slice(r.end, r.end + 200)).split(' ');
  return { before: before.slice(-CONTEXT_WORDS - 1).join(' ').trim(), after: after.slice(0, CONTEXT_WORDS + 1).join(' ').trim() };
}

/** Every hit of the terms on a page, with its context and boxes (null boxes: the page has no word positions). */
export function pageHits(text: string, words: readonly WordBox[] | null, terms: string[]): PageHit[] {
  return hitsOfRanges(text, words, termRanges(text, terms));
}

/** Ranges of a page's text (search hits, or a PII finder's) as hits with context and boxes. */
export function hitsOfRanges(text: string, words: readonly WordBox[] | null, ranges: TextRange[]): PageHit[] {
  const boxes = words ? boxesForRanges(text, words, ranges) : null;
  return ranges.map((r, i) => ({ ...r, text: squeeze(text.slice(r.start, r.end)), ...context(text, r), boxes: boxes ? boxes[i]! : null }));
}
