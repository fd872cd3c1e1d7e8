import { Badge, Caption1, Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from '@fluentui/react-components';
import type { ReceivedProductionOut } from '../../../../core/api.ts';
import { hrefFor } from '../../routes.ts';
import { batesRange } from './labels.ts';
import { receivedHref } from './route.ts';

export const STATUS_WORDS: Record<ReceivedProductionOut['status'], string> = { importing: 'importing', complete: 'complete', partial: 'partly imported' };

export function StatusBadge({ status }: { status: ReceivedProductionOut['status'] }) {
  return (
    <Badge appearance="tint" color={status === 'complete' ? 'success' : status === 'partial' ? 'warning' : 'informative'}>
      {STATUS_WORDS[status]}
    </Badge>
  );
}

const useStyles = makeStyles({ range: { whiteSpace: 'nowrap' } });

/** Productions received, newest first, each linking to its page (the request column left out on a request's own page). */
export function ReceivedList({ rows, withRequest = true }: { rows: ReceivedProductionOut[]; withRequest?: boolean }) {
  const s = useStyles();
  if (rows.length === 0) return <Caption1>No production received yet.</Caption1>;
  return (
    <Table aria-label="Productions received" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Production</TableHeaderCell>
          <TableHeaderCell style={{ width: 220 }}>Range</TableHeaderCell>
          {withRequest && <TableHeaderCell style={{ width: 130 }}>Request</TableHeaderCell>}
          <TableHeaderCell style={{ width: 90 }}>Documents</TableHeaderCell>
          <TableHeaderCell style={{ width: 80 }}>Pages</TableHeaderCell>
          <TableHeaderCell style={{ width: 130 }}>Status</TableHeaderCell>
          <TableHeaderCell style={{ width: 120 }}>Received</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((p) => (
          <TableRow key={p.id}>
            <TableCell>
              <Link href={receivedHref(p.id)}>
                {p.party} {p.name}
              </Link>
            </TableCell>
            <TableCell className={s.range}>{batesRange(p.first, p.last)}</TableCell>
            {withRequest && <TableCell>{p.request ? <Link href={hrefFor('requests', p.request)}>{p.request}</Link> : '—'}</TableCell>}
            <TableCell>{p.documents.toLocaleString()}</TableCell>
            <TableCell>{p.pages.toLocaleString()}</TableCell>
            <TableCell>
              <StatusBadge status={p.status} />
            </TableCell>
            <TableCell>{new Date(p.addedAt).toLocaleDateString()}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
