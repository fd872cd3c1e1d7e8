/**
 * Wildcards (`te?m`) and word forms (`sponsor~`) resolved against the index's own vocabulary
 * (db/vocabulary.ts) before a query is compiled: each such word becomes the list of indexed words
 * it stands for, so both engines search the same words. A word that stands for none makes its
 * part of the query match nothing, and the tree is simplified around it.
 */
import type { Reader } from '../../db/engine.ts';
import { wordsStarting } from '../../db/vocabulary.ts';
import { foldWord } from '../../db/word-order.ts';
import { QueryError, isPattern, type PhraseNode, type QueryNode } from '../shared/search-query.ts';
import { porterStem } from './porter.ts';

/** The most words one wildcard or word form may stand for. */
export const MAX_EXPANSION = 200;

/** The tree with every pattern and word form resolved; null when it can match nothing. */
export async function resolveWords(q: Reader, node: QueryNode): Promise<QueryNode | null> {
  switch (node.kind) {
    case 'phrase':
      return await resolvePhrase(q, node);
    case 'and': {
      const items = await Promise.all(node.items.map((n) => resolveWords(q, n)));
      return items.some((n) => n === null) ? null : { ...node, items: items as QueryNode[] };
    }
    case 'or': {
      const items = (await Promise.all(node.items.map((n) => resolveWords(q, n)))).filter((n): n is QueryNode => n !== null);
      return items.length === 0 ? null : items.length === 1 ? items[0]! : { ...node, items };
    }
    case 'not': {
      const include = await resolveWords(q, node.include);
      if (!include) return null;
      const exclude = await resolveWords(q, node.exclude);
      return exclude ? { ...node, include, exclude } : include;
    }
    case 'near': {
      const items = await Promise.all(node.items.map((p) => resolvePhrase(q, p)));
      return items.some((p) => p === null) ? null : { ...node, items: items as PhraseNode[] };
    }
    case 'field':
      return node; // the document's details: its words are taken as written (the parser refuses ? and ~ there)
  }
}

async function resolvePhrase(q: Reader, p: PhraseNode): Promise<PhraseNode | null> {
  if (!p.forms && !p.words.some(isPattern)) return p;
  const alternatives: string[][] = [];
  for (const [i, word] of p.words.entries()) {
    const last = i === p.words.length - 1;
    const words = isPattern(word) ? await patternWords(q, word, last && p.prefix, p.text) : p.forms ? await wordForms(q, word) : [foldWord(word)];
    if (words.length === 0) return null;
    alternatives.push(words);
  }
  // A pattern that ended in * already stands for whole words.
  const prefix = p.prefix && !isPattern(p.words.at(-1)!);
  return { ...p, prefix, alternatives };
}

/** The indexed words a `?` pattern fits, looked up by what comes before its first `?`. */
async function patternWords(q: Reader, pattern: string, orLonger: boolean, said: string): Promise<string[]> {
  const folded = foldWord(pattern);
  const start = folded.slice(0, folded.indexOf('?'));
  const shape = new RegExp(`^${folded.replace(/[^?]+/gu, (s) => s.replace(/[.*+^${}()|[\]\\]/g, '\\$&')).replace(/\?/g, '[\\p{L}\\p{N}]')}${orLonger ? '' : '$'}`, 'u');
  const fits: string[] = [];
  for await (const word of wordsFrom(q, start)) {
    if (shape.test(word) && fits.push(word) > MAX_EXPANSION) throw tooMany(said);
  }
  return fits;
}

/** Every indexed word starting with `start`, read in batches: a short start ("t?…") covers many words. */
async function* wordsFrom(q: Reader, start: string): AsyncGenerator<string> {
  const BATCH = 2000;
  let from = start;
  for (;;) {
    const batch = await wordsStarting(q, start, BATCH, from);
    for (const { word } of batch) yield word;
    if (batch.length < BATCH) return;
    from = `${batch.at(-1)!.word}\u0000`;
  }
}

/**
 * The indexed words with the same Porter stem as `word`. Words sharing a stem share its start
 * but for its last letter (happy and happiness: "happi"), so the words starting so are read and stemmed.
 */
async function wordForms(q: Reader, word: string): Promise<string[]> {
  const folded = foldWord(word);
  const stem = porterStem(folded);
  if (stem === folded && !/^[a-z]+$/.test(folded)) return [folded];
  const start = stem.length > 3 ? stem.slice(0, -1) : stem.slice(0, Math.min(stem.length, 3));
  const forms = new Set([folded]);
  for await (const w of wordsFrom(q, start)) {
    if (porterStem(w) === stem) forms.add(w);
    if (forms.size > MAX_EXPANSION) throw tooMany(`${word}~`);
  }
  return [...forms];
}

const tooMany = (said: string) => new QueryError(`${said} stands for more than ${MAX_EXPANSION} words in the index: type more of the word.`, 1);
