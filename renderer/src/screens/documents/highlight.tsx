import type { ReactNode } from 'react';
import { hitRanges } from '../../../../core/shared/hit-words.ts';

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

/** Page text with the query's words marked. */
export function Marked({ text, terms }: { text: string; terms: string[] }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const [start, end] of hitRanges(text, terms)) {
    out.push(text.slice(last, start), <mark key={start}>{text.slice(start, end)}</mark>);
    last = end;
  }
  out.push(text.slice(last));
  return <>{out}</>;
}
