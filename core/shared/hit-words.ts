/**
 * Which words of a page a search marks: one matcher, folding text as the index folds it, for the
 * page text (highlight.tsx), the boxes on drawn PDF pages and pictures (hit-boxes.ts) and the
 * hits redaction by search boxes (core/redactions/page-hits.ts). The query's terms come from
 * queryTerms (renderer/src/screens/documents/hit-words.ts) or the resolved search.
 */
/** A letter or digit of a folded text: what words are made of, as the index splits them. */
const WORD = '[\\p{L}\\p{N}\\p{Co}]';
/**
 * Letters a word asked for in its forms (`sponsor~`) may go on by when marked: the search finds
 * the index's words with the same stem (sponsors, sponsored), which mostly differ by an ending.
 * A word as written (the default) is marked as written; numbers have no forms (13 never marks 130).
 */
const WORD_FORMS = '\\p{L}{0,3}';

/**
 * Text folded as the index folds it (case, accents: NFD with the marks taken off), with for each
 * folded character where its character starts and ends in the text, so a hit found in the folded
 * text is marked on the text as written.
 */
function fold(text: string): { folded: string; starts: number[]; ends: number[] } {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    folded += f;
    for (let i = 0; i < f.length; i++) {
      starts.push(at);
      ends.push(at + ch.length);
    }
    at += ch.length;
  }
  return { folded, starts, ends };
}

/** One pattern for all the terms: each phrase's words with anything that is not a word between them (MS-13, MS 13), longest first. */
function termPattern(terms: string[]): RegExp | null {
  const phrases = terms
    .map((t) => {
      const forms = t.endsWith('~');
      const prefix = t.replace(/~$/, '').endsWith('*');
      // A `?` is any one letter or digit (te?m).
      const words = fold(t).folded.match(/[\p{L}\p{N}\p{Co}?]+/gu) ?? [];
      const last = words.length - 1;
      return words
        .map((w, i) => w.replaceAll('?', WORD) + (prefix && i === last ? `${WORD}*` : forms && /\p{L}$/u.test(w) ? WORD_FORMS : ''))
        .join(`[^\\p{L}\\p{N}\\p{Co}]+`);
    })
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  return phrases.length ? new RegExp(`(?<!${WORD})(?:${phrases.join('|')})(?!${WORD})`, 'gu') : null;
}

/** Where the query's terms are in a text: [start, end) character ranges, in order, never overlapping. */
export function hitRanges(text: string, terms: string[]): [number, number][] {
  const re = termPattern(terms);
  if (!re) return [];
  const { folded, starts, ends } = fold(text);
  return [...folded.matchAll(re)].filter((m) => m[0]).map((m) => [starts[m.index]!, ends[m.index + m[0].length - 1]!]);
}

/** The part of one run of a page's text (a PDF text item, a word OCR found) that a hit covers: characters [start, end) of run `run`. */
export interface HitPart {
  run: number;
  start: number;
  end: number;
}

/**
 * The hits of the query's terms on a page made of runs of text, as parts of those runs: the
 * runs are read as one text, each followed by its `glue` (a space between OCR words; in a PDF
 * nothing, or a space at a line's end), so a phrase whose words lie in two runs is found, and
 * boxed once in each.
 */
export function hitParts(runs: readonly string[], terms: string[], glue: (run: number) => string = () => ' '): HitPart[] {
  let text = '';
  const from: number[] = [];
  runs.forEach((r, i) => {
    from.push(text.length);
    text += r + glue(i);
  });
  const parts: HitPart[] = [];
  let run = 0;
  for (const [start, end] of hitRanges(text, terms)) {
    while (run + 1 < runs.length && from[run + 1]! <= start) run++;
    for (let r = run; r < runs.length && from[r]! < end; r++) {
      const s = Math.max(start - from[r]!, 0);
      const e = Math.min(end - from[r]!, runs[r]!.length);
      if (e > s) parts.push({ run: r, start: s, end: e });
    }
  }
  return parts;
}
