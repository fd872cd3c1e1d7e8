import { Body1, Card, CardHeader, Link, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useCall } from '../../use-call.ts';
import { hrefFor } from '../../routes.ts';
import { ReceiveReport } from './ReceiveReport.tsx';
import { StatusBadge } from './ReceivedList.tsx';
import { batesRange } from './labels.ts';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
});

/** #/documents/received-7: one received production, its volumes and the report it was imported with. */
export function ReceivedView({ id }: { id: number }) {
  const s = useStyles();
  const { data: p, error } = useCall('received.get', { id });
  if (error) {
    return (
      <Page title="Received production not found">
        <ErrorBar message={error} />
        <Link href={hrefFor('documents')}>Back to documents</Link>
      </Page>
    );
  }
  if (!p) return <Page title="Received production" intro="Loading…" />;
  const facts: [string, React.ReactNode][] = [
    ['Producing party', p.party],
    ['Production', p.name],
    ['Request', p.request ? <Link href={hrefFor('requests', p.request)}>{p.request}</Link> : '—'],
    ['Status', <StatusBadge status={p.status} />],
    ['Received', `${new Date(p.addedAt).toLocaleString()}${p.finishedAt ? `, finished ${new Date(p.finishedAt).toLocaleString()}` : ''}`],
    ['Bates range', batesRange(p.first, p.last)],
    ['Documents', p.documents.toLocaleString()],
    ['Pages', p.pages.toLocaleString()],
  ];
  return (
    <Page title={`Production ${p.party} ${p.name}`}>
      <Link href={hrefFor('documents')}>All documents</Link>
      <dl className={s.facts}>
        {facts.map(([k, v]) => (
          <div key={k} style={{ display: 'contents' }}>
            <dt className={s.dt}>{k}</dt>
            <dd className={s.dd}>{v}</dd>
          </div>
        ))}
      </dl>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Validation report</Subtitle1>} />
        {p.report ? <ReceiveReport r={p.report} /> : <Body1>No report was kept for this production.</Body1>}
      </Card>
    </Page>
  );
}
