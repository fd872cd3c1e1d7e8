import type { ReactNode } from 'react';
import { parseQuery, queryWords } from '../../../../core/shared/search-query.ts';

/** A snippet from the search, hits between \uE000 and \uE001, as text with <mark>s (never as HTML). */
export function Snippet({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  text.split('\uE000').forEach((chunk, i) => {
    if (i === 0) return void parts.push(chunk);
    const [hit = '', rest = ''] = chunk.split('\uE001');
    parts.push(<mark key={i}>{hit}</mark>, rest);
  });
  return <>{parts}</>;
}

/** Words of a search query worth marking in a page, as the search reads the query: operators dropped, prefixes kept, words after NOT left out. */
export function queryTerms(query: string): string[] {
  try {
    return [...new Set(queryWords(parseQuery(query)).map((w) => w.toLowerCase()))];
  } catch {
    return []; // a query the search refuses marks nothing; the search screen says what is wrong with it
  }
}

/**
 * Whether a piece of a page (a PDF text run, a word OCR found on a picture)
 * holds one of the query's words — what gets a hit box on a drawn page.
 */
export function termMatcher(terms: string[]): (text: string) => boolean {
  const words = terms.map((t) => t.replace(/\*$/, '')).filter(Boolean);
  return (text) => {
    const lower = text.toLowerCase();
    return words.some((w) => lower.includes(w));
  };
}

/** Page text with the query's words marked. */
export function Marked({ text, terms }: { text: string; terms: string[] }) {
  if (!terms.length) return <>{text}</>;
  const escaped = terms.map((t) => (t.endsWith('*') ? `${t.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}\\p{N}]*` : `${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\p{L}\\p{N}]{0,3}`));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    out.push(text.slice(last, m.index), <mark key={m.index}>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return <>{out}</>;
}
