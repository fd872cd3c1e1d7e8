/**
 * A parsed query (core/shared/search-query.ts) compiled for each engine: an FTS5 MATCH expression
 * for SQLite and a tsquery text for PostgreSQL's `to_tsquery('sunshine', …)`. The user's text never
 * reaches either engine as syntax: every word is letters and digits only (the parser made it so)
 * and is quoted here, so an operator word ("and", "NEAR") inside a phrase is just a word.
 */
import type { Reader } from '../../db/engine.ts';
import { needsOrderCheck } from '../../db/word-order.ts';
import { QueryError, type PhraseNode, type QueryNode } from '../shared/search-query.ts';
import { MAX_EXPANSION } from './vocabulary.ts';

/** The query in the syntax of the engine that will run it. */
export const renderQuery = (node: QueryNode, kind: Reader['kind']): string => (kind === 'sqlite' ? toFts5(node) : toTsquery(node));

/** Every word as a prefix, all required: what a plain filter box (the requests list) searches for. */
export const allPrefixes = (words: string[]): QueryNode => ({ kind: 'and', items: words.map((w) => ({ kind: 'phrase', words: [w], prefix: true, text: w })) });

/**
 * FTS5: each word quoted; a phrase is one quoted string, `*` after it lets its last word go on.
 * FTS5 has no alternatives inside a phrase or NEAR, nor an order in NEAR: a phrase whose words
 * have alternatives is the OR of its spellings, and `pre/N` is NEAR, whose pages are then checked
 * for the order (db/word-order.ts) — so NOT leaves an ordered part to that check rather than take
 * away every page where the words are merely near.
 */
export function toFts5(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return alternativesOf(ftsSpellings(node));
    case 'and':
      return node.items.map((n) => ftsGroup(n)).join(' AND ');
    case 'or':
      return node.items.map((n) => ftsGroup(n)).join(' OR ');
    case 'not':
      return needsOrderCheck(node.exclude) ? toFts5(node.include) : `${ftsGroup(node.include)} NOT ${ftsGroup(node.exclude)}`;
    case 'near':
      return alternativesOf(combinations(node.items.map(ftsSpellings), node.said).map((items) => `NEAR(${items.join(' ')}, ${node.gap})`));
    case 'field':
      throw fieldInText();
  }
}

/** Fields are cut from the words first (splitFields) and compiled as conditions on documents (core/documents/query-fields.ts). */
const fieldInText = () => new Error('A field reached the page-text compiler: split the query with splitFields first.');

/** A phrase as one FTS5 expression: its spellings OR'ed. */
export const ftsPhrase = (p: PhraseNode): string => alternativesOf(ftsSpellings(p));

/** The phrase as FTS5 strings, one per spelling its alternatives allow. */
const ftsSpellings = (p: PhraseNode): string[] =>
  combinations(
    p.alternatives ?? p.words.map((w) => [w]),
    p.text,
  ).map((words) => `"${words.join(' ')}"${p.prefix ? '*' : ''}`);

const alternativesOf = (items: string[]): string => (items.length === 1 ? items[0]! : `(${items.join(' OR ')})`);
const ftsGroup = (n: QueryNode) => (n.kind === 'phrase' || n.kind === 'near' ? toFts5(n) : `(${toFts5(n)})`);

/** Every choice of one item from each list, at most MAX_EXPANSION of them. */
function combinations(lists: string[][], said: string): string[][] {
  const count = lists.reduce((n, l) => n * l.length, 1);
  if (count > MAX_EXPANSION) throw new QueryError(`${said} stands for more than ${MAX_EXPANSION} combinations of words in the index: type more of its words.`, 1);
  return lists.reduce<string[][]>((acc, list) => acc.flatMap((head) => list.map((w) => [...head, w])), [[]]);
}

/**
 * PostgreSQL: a tsquery text. `<k>` is an exact distance there (k − 1 words between), so "within
 * N words, either order" is the OR of every order and spacing; the parser keeps that list short.
 */
export function toTsquery(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return tsPhrase(node);
    case 'and':
      return `(${node.items.map(toTsquery).join(' & ')})`;
    case 'or':
      return `(${node.items.map(toTsquery).join(' | ')})`;
    case 'not':
      return `(${toTsquery(node.include)} & !${toTsquery(node.exclude)})`;
    case 'near':
      return `(${nearAlternatives(node.items, node.gap, node.ordered === true).join(' | ')})`;
    case 'field':
      throw fieldInText();
  }
}

/** A phrase's words in a row; a word with alternatives is their OR, which tsquery allows inside a phrase. */
export function tsPhrase(p: PhraseNode): string {
  const last = p.words.length - 1;
  const words = (p.alternatives ?? p.words.map((w) => [w])).map((alts, i) => {
    const one = alts.map((w) => `'${w}'${p.prefix && i === last ? ':*' : ''}`);
    return one.length === 1 ? one[0]! : `(${one.join(' | ')})`;
  });
  return words.length === 1 ? words[0]! : `(${words.join(' <-> ')})`;
}

/**
 * Every order of the phrases (only the one given for pre/N), with every spacing that leaves at
 * most `gap` words between the first's end and the last's start.
 */
function nearAlternatives(items: PhraseNode[], gap: number, ordered: boolean): string[] {
  const out: string[] = [];
  for (const order of ordered ? [items] : permutations(items)) {
    const place = (i: number, expr: string, between: number) => {
      if (i === order.length) {
        out.push(expr);
        return;
      }
      // Words already between the first's end and this one's start, and those this one adds if it is not last.
      for (let k = 1; between + k - 1 <= gap; k++) {
        const after = i < order.length - 1 ? order[i]!.words.length : 0;
        if (between + k - 1 + after > gap && i < order.length - 1) break;
        place(i + 1, `(${expr} <${k}> ${tsPhrase(order[i]!)})`, between + k - 1 + after);
      }
    };
    place(1, tsPhrase(order[0]!), 0);
  }
  return out;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}
