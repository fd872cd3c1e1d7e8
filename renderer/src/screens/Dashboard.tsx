import { Card, CardHeader, Body1, Caption1, Link, makeStyles, tokens, Subtitle2 } from '@fluentui/react-components';
import { Page } from '../components/Page.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { useCall } from '../use-call.ts';
import { hrefFor } from '../routes.ts';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL },
  figure: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  path: { wordBreak: 'break-all', fontFamily: tokens.fontFamilyMonospace },
});

export function Dashboard() {
  const s = useStyles();
  const { data, error } = useCall('app.status', {});
  return (
    <Page title="Dashboard" intro="What is due, what is waiting, and what changed in this workspace.">
      <ErrorBar message={error} />
      <div className={s.grid}>
        <Card>
          <CardHeader header={<Subtitle2 as="h2">Changes recorded</Subtitle2>} />
          <span className={s.figure} aria-label={`${data?.counts.auditEntries ?? 0} changes recorded`}>
            {data ? data.counts.auditEntries.toLocaleString() : '…'}
          </span>
          <Caption1>
            Every change is written to a tamper-evident log. <Link href={hrefFor('settings')}>See recent activity</Link>
          </Caption1>
        </Card>
        <Card>
          <CardHeader header={<Subtitle2 as="h2">Workspace</Subtitle2>} />
          <Body1 className={s.path}>{data?.dataDir ?? '…'}</Body1>
          <Caption1>
            Schema version {data?.schemaVersion ?? '…'} · Sunshine {data?.version ?? '…'} · acting as {data?.actor ?? '…'}
          </Caption1>
        </Card>
      </div>
      <EmptyState title="Nothing is due">
        No records requests are tracked yet. Deadlines, overdue requests and closing appeal windows will be listed here.
      </EmptyState>
    </Page>
  );
}
