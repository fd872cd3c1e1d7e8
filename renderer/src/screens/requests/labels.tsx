import { Badge } from '@fluentui/react-components';
import type { RequestSummary } from '../../../../core/api.ts';
import { KIND_LABELS, STATUS_LABELS, type RequestKind } from '../../../../core/shared/vocabulary.ts';

/** A request's kind in a word or two, for a list column; the full name is its tooltip. */
const KIND_SHORT: Record<RequestKind, string> = { foia: 'FOIA', 'state-records': 'State records', 'oversight-letter': 'Letter', subpoena: 'Subpoena' };

export function KindLabel({ kind }: { kind: RequestKind }) {
  return <span title={KIND_LABELS[kind]}>{KIND_SHORT[kind]}</span>;
}

/** "in 3 days", "today", "12 days overdue" */
export function dueWords(r: Pick<RequestSummary, 'due' | 'daysUntilDue' | 'open'>): string {
  if (!r.due || r.daysUntilDue === null) return '';
  const d = r.daysUntilDue;
  if (d === 0) return 'due today';
  if (d > 0) return `in ${d} day${d === 1 ? '' : 's'}`;
  return r.open ? `${-d} day${d === -1 ? '' : 's'} overdue` : `${-d} days ago`;
}

export function StatusBadge({ r }: { r: Pick<RequestSummary, 'status' | 'overdue' | 'longOverdue'> }) {
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      <Badge appearance="tint" color={r.status === 'draft' ? 'subtle' : 'brand'}>
        {STATUS_LABELS[r.status]}
      </Badge>
      {r.overdue && (
        <Badge appearance="filled" color={r.longOverdue ? 'danger' : 'warning'}>
          {r.longOverdue ? 'Long overdue' : 'Overdue'}
        </Badge>
      )}
    </span>
  );
}
