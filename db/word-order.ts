/**
 * Words in a given order (`pre/N`) on SQLite. FTS5's NEAR has no order, so such a query is run as
 * NEAR (which finds a superset of the pages) and each page FTS5 finds is then checked here, in the
 * SQL function `sunshine_matches(text, query)`, against the whole query: the ordered part may sit
 * anywhere in it (`(a pre/5 b) OR c`). PostgreSQL needs none of this: its `<N>` is ordered.
 *
 * The query is the JSON of Sunshine's parsed tree (core/shared/search-query.ts), its patterns and
 * word forms already resolved to `alternatives`; only the fields read here are declared.
 */
import type { Database } from 'better-sqlite3';

interface CheckPhrase {
  kind: 'phrase';
  words: string[];
  prefix: boolean;
  alternatives?: string[][];
}

export type CheckNode =
  | CheckPhrase
  | { kind: 'and' | 'or'; items: CheckNode[] }
  | { kind: 'not'; include: CheckNode; exclude: CheckNode }
  | { kind: 'near'; items: CheckPhrase[]; gap: number; ordered?: boolean }
  /** A condition on the document (`from:ice`): cut from the page words before they are checked, so never met here. */
  | { kind: 'field' };

/** A word as the index keeps it (`unicode61 remove_diacritics 2`): lower case, accents removed. */
export const foldWord = (word: string): string => word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();

/** The page's words, as the index splits and folds them. */
const wordsOfPage = (text: string): string[] => foldWord(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];

type Span = [start: number, end: number];

/** Where the phrase stands on the page: the first and last word of each place it occurs. */
function spans(p: CheckPhrase, words: string[]): Span[] {
  const at = (p.alternatives ?? p.words.map((w) => [w])).map((alts) => new Set(alts.map(foldWord)));
  const last = at.length - 1;
  const prefixes = p.prefix ? [...at[last]!] : [];
  const fits = (i: number, w: string) => at[i]!.has(w) || (i === last && prefixes.some((x) => w.startsWith(x)));
  const out: Span[] = [];
  for (let s = 0; s + last < words.length; s++) {
    let i = 0;
    while (i <= last && fits(i, words[s + i]!)) i++;
    if (i > last) out.push([s, s + last]);
  }
  return out;
}

/** Within `gap` words (between the first's end and the last's start), in the items' order when `ordered`. */
function near(items: CheckPhrase[], gap: number, ordered: boolean, words: string[]): boolean {
  const places = items.map((p) => spans(p, words));
  const chosen: Span[] = [];
  const pick = (i: number): boolean => {
    if (i === places.length) {
      const sorted = [...chosen].sort((a, b) => a[0] - b[0]);
      return sorted.at(-1)![0] - sorted[0]![1] - 1 <= gap;
    }
    for (const span of places[i]!) {
      // In order: each starts after the one before it ends.
      if (ordered && i > 0 && span[0] <= chosen[i - 1]![1]) continue;
      chosen.push(span);
      const found = pick(i + 1);
      chosen.pop();
      if (found) return true;
    }
    return false;
  };
  return pick(0);
}

export function pageMatches(node: CheckNode, words: string[]): boolean {
  switch (node.kind) {
    case 'phrase':
      return spans(node, words).length > 0;
    case 'and':
      return node.items.every((n) => pageMatches(n, words));
    case 'or':
      return node.items.some((n) => pageMatches(n, words));
    case 'not':
      return pageMatches(node.include, words) && !pageMatches(node.exclude, words);
    case 'near':
      return near(node.items, node.gap, node.ordered === true, words);
    case 'field':
      return true; // checked on the document, not its page
  }
}

/** Whether a query needs the check: it holds words in a given order. */
export function needsOrderCheck(node: CheckNode): boolean {
  switch (node.kind) {
    case 'phrase':
      return false;
    case 'and':
    case 'or':
      return node.items.some(needsOrderCheck);
    case 'not':
      return needsOrderCheck(node.include) || needsOrderCheck(node.exclude);
    case 'near':
      return node.ordered === true;
    case 'field':
      return false;
  }
}

/** Give a connection `sunshine_matches(text, query JSON)`: 1 when the page's text matches. */
export function registerOrderCheck(db: Database): void {
  // One query is checked against thousands of pages in a row: parse it once.
  let last: { json: string; node: CheckNode } | undefined;
  db.function('sunshine_matches', { deterministic: true }, (text: unknown, json: unknown) => {
    if (typeof text !== 'string' || typeof json !== 'string') return 0;
    if (last?.json !== json) last = { json, node: JSON.parse(json) as CheckNode };
    return pageMatches(last.node, wordsOfPage(text)) ? 1 : 0;
  });
}
