import type { ReactNode } from 'react';
import { makeStyles, tokens, Subtitle2, Body1 } from '@fluentui/react-components';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalXXL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    color: tokens.colorNeutralForeground2,
  },
});

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.box}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      {children && <Body1>{children}</Body1>}
    </div>
  );
}
