import type { ReactNode } from 'react';
import { makeStyles, tokens, Title2, Body1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px' },
  intro: { color: tokens.colorNeutralForeground2 },
});

/** A screen: its heading (focused on navigation for screen readers), intro line and content. */
export function Page({ title, intro, children }: { title: string; intro?: string; children?: ReactNode }) {
  const s = useStyles();
  return (
    <section className={s.page} aria-labelledby="page-title">
      <Title2 as="h1" id="page-title" tabIndex={-1}>
        {title}
      </Title2>
      {intro && <Body1 className={s.intro}>{intro}</Body1>}
      {children}
    </section>
  );
}
