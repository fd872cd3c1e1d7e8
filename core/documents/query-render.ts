/**
 * A parsed query (core/shared/search-query.ts) compiled for each engine: an FTS5 MATCH expression
 * for SQLite and a tsquery text for PostgreSQL's `to_tsquery('sunshine', …)`. The user's text never
 * reaches either engine as syntax: every word is letters and digits only (the parser made it so)
 * and is quoted here, so an operator word ("and", "NEAR") inside a phrase is just a word.
 */
import type { Reader } from '../../db/engine.ts';
import type { PhraseNode, QueryNode } from '../shared/search-query.ts';

/** The query in the syntax of the engine that will run it. */
export const renderQuery = (node: QueryNode, kind: Reader['kind']): string => (kind === 'sqlite' ? toFts5(node) : toTsquery(node));

/** Every word as a prefix, all required: what a plain filter box (the requests list) searches for. */
export const allPrefixes = (words: string[]): QueryNode => ({ kind: 'and', items: words.map((w) => ({ kind: 'phrase', words: [w], prefix: true, text: w })) });

/** FTS5: each word quoted; a phrase is one quoted string, `*` after it lets its last word go on. */
export function toFts5(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return ftsPhrase(node);
    case 'and':
      return node.items.map((n) => ftsGroup(n)).join(' AND ');
    case 'or':
      return node.items.map((n) => ftsGroup(n)).join(' OR ');
    case 'not':
      return `${ftsGroup(node.include)} NOT ${ftsGroup(node.exclude)}`;
    case 'near':
      return `NEAR(${node.items.map(ftsPhrase).join(' ')}, ${node.gap})`;
    case 'field':
      throw fieldInText();
  }
}

/** Fields are cut from the words first (splitFields) and compiled as conditions on documents (core/documents/query-fields.ts). */
const fieldInText = () => new Error('A field reached the page-text compiler: split the query with splitFields first.');

export const ftsPhrase = (p: PhraseNode) => `"${p.words.join(' ')}"${p.prefix ? '*' : ''}`;
const ftsGroup = (n: QueryNode) => (n.kind === 'phrase' || n.kind === 'near' ? toFts5(n) : `(${toFts5(n)})`);

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
      return `(${nearAlternatives(node.items, node.gap).join(' | ')})`;
    case 'field':
      throw fieldInText();
  }
}

export function tsPhrase(p: PhraseNode): string {
  const words = p.words.map((w, i) => `'${w}'${p.prefix && i === p.words.length - 1 ? ':*' : ''}`);
  return words.length === 1 ? words[0]! : `(${words.join(' <-> ')})`;
}

/** Every order of the phrases, with every spacing that leaves at most `gap` words between the first's end and the last's start. */
function nearAlternatives(items: PhraseNode[], gap: number): string[] {
  const out: string[] = [];
  for (const order of permutations(items)) {
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
