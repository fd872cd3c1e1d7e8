import { Body1, Card, CardHeader, Link, Subtitle1 } from '@fluentui/react-components';
import { FactList, type Facts } from '../../components/FactList.tsx';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useCall } from '../../use-call.ts';
import { hrefFor } from '../../routes.ts';
import { ReceiveReport } from './ReceiveReport.tsx';
import { StatusBadge } from './ReceivedList.tsx';
import { batesRange } from './labels.ts';

/** #/documents/received-7: one received production, its volumes and the report it was imported with. */
export function ReceivedView({ id }: { id: number }) {
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
  const facts: Facts = [
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
      <FactList facts={facts} />
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Validation report</Subtitle1>} />
        {p.report ? <ReceiveReport r={p.report} /> : <Body1>No report was kept for this production.</Body1>}
      </Card>
    </Page>
  );
}
