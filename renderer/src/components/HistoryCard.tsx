import { Caption1, Card, CardHeader, Subtitle1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useCall } from '../use-call.ts';
import { describeWhat, whoDid } from '../audit-labels.ts';
import { ErrorBar } from './ErrorBar.tsx';

/** Who changed what on one item, and when, from the hash-chained history; newest first. */
export function HistoryCard({ entity, entityId }: { entity: 'request' | 'disclosure'; entityId: string }) {
  const { data, error } = useCall('audit.list', { entity, entityId, limit: 200 });
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">History</Subtitle1>} description={<Caption1>From the tamper-evident history; newest first.</Caption1>} />
      <ErrorBar message={error} />
      {data && (
        <Table aria-label="History" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 190 }}>When</TableHeaderCell>
              <TableHeaderCell style={{ width: 180 }}>Who</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.entries.map((e) => (
              <TableRow key={e.seq}>
                <TableCell>{new Date(e.at).toLocaleString()}</TableCell>
                <TableCell>{whoDid(e)}</TableCell>
                <TableCell>{describeWhat(e)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}
