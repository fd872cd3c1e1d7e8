import type { ReactNode } from 'react';
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { hitRanges } from './hit-words.ts';

const useStyles = makeStyles({
  // Apart from a search hit's yellow: personal data is underlined, so a word both found and personal shows both.
  pii: {
    backgroundColor: 'transparent',
    color: 'inherit',
    textDecorationLine: 'underline',
    textDecorationStyle: 'wavy',
    textDecorationColor: tokens.colorPaletteRedForeground1,
    textDecorationThickness: '2px',
  },
});

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

/** Where the PII finder found personal data on a page (offsets into its text), with its kind's label. */
export interface PiiMark {
  start: number;
  end: number;
  label: string;
}

/** Page text with the query's words marked, and personal data underlined with its kind (as a tooltip and `data-pii`). */
export function Marked({ text, terms, pii = [] }: { text: string; terms: string[]; pii?: readonly PiiMark[] }) {
  const s = useStyles();
  const search = hitRanges(text, terms);
  // Cut the text wherever a hit or a find starts or ends; each piece is inside a hit or not, inside a find or not.
  const cuts = [...new Set([0, text.length, ...search.flat(), ...pii.flatMap((p) => [p.start, p.end])])].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const out: ReactNode[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    let piece: ReactNode = text.slice(a, b);
    if (search.some(([x, y]) => x <= a && b <= y)) piece = <mark>{piece}</mark>;
    const find = pii.find((p) => p.start <= a && b <= p.end);
    if (find) {
      piece = (
        <mark className={s.pii} title={find.label} data-pii={find.label}>
          {piece}
        </mark>
      );
    }
    out.push(<span key={a}>{piece}</span>);
  }
  return <>{out}</>;
}

/** What the underlines on the page are, said in words (a tooltip alone reaches no screen reader). */
export function PiiLegend({ marks }: { marks: readonly PiiMark[] }) {
  const counts = new Map<string, number>();
  for (const m of marks) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
  return (
    <Caption1 role="note" aria-label="Personal data on this page">
      Personal data on this page (underlined): {[...counts].map(([label, n]) => `${label}${n > 1 ? ` ×${n}` : ''}`).join(', ')}
    </Caption1>
  );
}
