import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  // Values keep the line breaks typed into them (notes, records sought); long unbroken ones (hashes, addresses) wrap.
  dd: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

export type Facts = [label: string, value: ReactNode][];

/** A record's facts as a two-column list of labels and values. */
export function FactList({ facts }: { facts: Facts }) {
  const s = useStyles();
  return (
    <dl className={s.facts}>
      {facts.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className={s.dt}>{k}</dt>
          <dd className={s.dd}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
