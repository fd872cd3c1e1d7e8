import type { DocumentSummary } from '../../../../core/api.ts';
import { shownDateTime } from '../../../../core/shared/email-date.ts';

/**
 * A document's own date as people read it: an email's as its sender wrote it
 * ("2024-03-05 14:02 −0500"), any other's as the day (UTC, the day filters
 * count). A document without one says so, never showing the day it came in.
 */
export function DocDate({ d }: { d: Pick<DocumentSummary, 'date' | 'emailDate'> }) {
  if (d.emailDate) return <span>{shownDateTime(d.emailDate)}</span>;
  if (d.date) return <span>{d.date.slice(0, 10)}</span>;
  return (
    <span role="img" aria-label="no date">
      —
    </span>
  );
}
