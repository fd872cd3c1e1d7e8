/**
 * "Did you mean": for a query that found nothing, up to three queries with each word the index
 * does not hold replaced by an indexed word one or two edits away, the words on most pages first.
 * Candidates come from the index's own vocabulary (db/vocabulary.ts) by seeks, never a scan of it:
 * every spelling one edit away is looked up by itself, and words two edits away are read among
 * those sharing the word's first two letters.
 */
import type { Reader } from '../../db/engine.ts';
import { pagesHolding, wordsStarting, type VocabularyWord } from '../../db/vocabulary.ts';
import { foldWord } from '../../db/word-order.ts';
import { isPattern, parseQuery, queryWords } from '../shared/search-query.ts';

const MAX_SUGGESTIONS = 3;
/** Words two edits away are looked for among at most this many sharing the first two letters. */
const NEIGHBOURS_READ = 5000;

export async function suggestQueries(q: Reader, query: string): Promise<string[]> {
  // queryWords gives each phrase as its words joined by a space: each word is looked at alone.
  const words = queryWords(parseQuery(query)).flatMap((phrase) => phrase.replace(/~$/, '').split(' '));
  const typed = [...new Set(words.filter((w) => !w.endsWith('*') && !isPattern(w)))];
  const held = new Set((await pagesHolding(q, typed.map(foldWord))).map((w) => w.word));
  const missing = typed.filter((w) => !held.has(foldWord(w)));
  if (missing.length === 0) return [];
  const replacements = await Promise.all(missing.map((w) => closeWords(q, foldWord(w))));
  const out: string[] = [];
  for (let i = 0; i < MAX_SUGGESTIONS; i++) {
    // The i-th choice for each word that has one, the best for the rest.
    if (!replacements.some((r) => r.length > i)) break;
    let text = query;
    missing.forEach((w, j) => {
      const r = replacements[j]!;
      if (r.length > 0) text = replaceWord(text, w, r[Math.min(i, r.length - 1)]!);
    });
    if (text !== query && !out.includes(text)) out.push(text);
  }
  return out;
}

/** Indexed words one or two edits from `word`, the words on most pages first. */
async function closeWords(q: Reader, word: string): Promise<string[]> {
  const near = await pagesHolding(q, [...oneEditAway(word)]);
  const start = word.slice(0, 2);
  const further = start.length < 2 ? [] : (await wordsStarting(q, start, NEIGHBOURS_READ)).filter((v) => Math.abs(v.word.length - word.length) <= 2 && editDistance(v.word, word) === 2);
  // PostgreSQL's vocabulary does not count pages: count those found.
  const counted = q.kind === 'sqlite' ? further : await pagesHolding(q, further.map((v) => v.word));
  const byWord = new Map<string, VocabularyWord>();
  for (const v of [...near, ...counted]) if (v.word !== word && v.pages > 0) byWord.set(v.word, v);
  return [...byWord.values()].sort((a, b) => b.pages - a.pages || a.word.localeCompare(b.word)).map((v) => v.word);
}

/** Every spelling one deletion, transposition, replacement or insertion from `word`. */
function oneEditAway(word: string): Set<string> {
  const letters = [...new Set([...'abcdefghijklmnopqrstuvwxyz0123456789', ...word])];
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)];
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of letters) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return out;
}

/** Edits (deletion, insertion, replacement, swap of neighbours) from one word to the other. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The query with a typed word, wherever it stands as a whole word, replaced. */
function replaceWord(query: string, word: string, by: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return query.replace(new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${escaped}(?![\\p{L}\\p{N}\\p{M}])`, 'giu'), by);
}
