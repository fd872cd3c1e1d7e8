import { useEffect, useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Link,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { BoxMultipleArrowLeftRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import type { RequestDetail } from '../../../../core/api.ts';
import { EVENT_LABELS, KIND_LABELS, exemptionLabel, type Exemption } from '../../../../core/shared/vocabulary.ts';
import { clockStateWords } from '../../../../core/shared/clock-words.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call, openExternal } from '../../api/client.ts';
import { hrefFor } from '../../routes.ts';
import { useCall } from '../../use-call.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';
import { HistoryCard } from '../../components/HistoryCard.tsx';
import { dueWords, StatusBadge } from './labels.tsx';
import { EventForm, outcomeWords } from './EventForm.tsx';
import { EditRequestDialog } from './EditRequestDialog.tsx';
import { FactList, type Facts as FactRows } from '../../components/FactList.tsx';
import { AddProductionDialog } from '../received/AddProductionDialog.tsx';
import { ReceivedList } from '../received/ReceivedList.tsx';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  clock: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalS, borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}` },
  due: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  overdue: { color: tokens.colorPaletteRedForeground1 },
  explain: { color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const yesNo = (b: boolean | null) => (b === null ? 'not decided' : b ? 'granted' : 'denied');
const money = (n: number | null) => (n === null ? '—' : `$${n.toFixed(2)}`);

function Clocks({ d }: { d: RequestDetail }) {
  const s = useStyles();
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Deadlines</Subtitle1>} />
      {d.clocks.length === 0 && <Body1>No clock is running: record when the agency received the request{d.kind !== 'foia' ? ', or the due date set in the document' : ''}.</Body1>}
      {d.clocks.map((c) => (
        <div key={c.name} className={s.clock}>
          <Subtitle2 as="h3">{c.label}</Subtitle2>
          <span className={`${s.due} ${c.state === 'running' && d.overdue && c.due === d.due ? s.overdue : ''}`}>
            {c.due ?? 'Clock stopped'} {c.state === 'met' || c.state === 'late' ? `(${clockStateWords(c)})` : c.due === d.due ? <Caption1>{dueWords(d)}</Caption1> : null}
          </span>
          <Body1 className={s.explain}>{c.explanation}.</Body1>
        </div>
      ))}
    </Card>
  );
}

function Facts({ d }: { d: RequestDetail }) {
  const agencies = useCall('agencies.list', {});
  const agency = agencies.data?.find((a) => a.id === d.agency.id);
  const rows: FactRows = [
    ['Kind', KIND_LABELS[d.kind]],
    [
      'Agency',
      <>
        {d.agency.name} ({d.agency.abbreviation})
        {agency?.portalUrl && (
          <>
            {' · '}
            <Link as="button" onClick={() => void openExternal(agency.portalUrl)}>
              FOIA page
            </Link>
          </>
        )}
      </>,
    ],
    ['Tracking numbers', d.tracking.length ? d.tracking.map((t) => `${t.kind} ${t.number}${t.agency !== d.agency.abbreviation ? ` (${t.agency})` : ''}`).join('; ') : '—'],
    ['Requester', d.requester || '—'],
    ['Assignee', d.assignee || '—'],
    ['Priority', d.priority],
    ['Records sought', d.recordsSought || '—'],
    ['Records dated', d.recordsFrom || d.recordsTo ? `${d.recordsFrom ?? '…'} to ${d.recordsTo ?? '…'}` : '—'],
  ];
  if (d.kind === 'foia') {
    rows.push(['Expedited processing', d.expeditedRequested ? `asked for; ${yesNo(d.expeditedGranted)}` : 'not asked for']);
    rows.push(['Fee waiver', d.feeWaiverRequested ? `asked for; ${yesNo(d.feeWaiverGranted)}` : 'not asked for']);
    rows.push(['Fees', `estimate ${money(d.feeEstimate)}, paid ${money(d.feePaid)}${d.feeCategory ? ` (${d.feeCategory})` : ''}`]);
  }
  rows.push(['Notes', d.notes || '—']);
  return <FactList facts={rows} />;
}

function Timeline({ d, onChange }: { d: RequestDetail; onChange: (d: RequestDetail) => void }) {
  const [error, setError] = useState<string | null>(null);
  async function remove(id: number) {
    try {
      onChange(await call('requests.removeEvent', { reference: d.reference, eventId: id }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <>
      <ErrorBar title="Not removed" message={error} />
      {d.events.length === 0 ? (
        <Body1>Nothing yet. Record when it was sent and when the agency received it.</Body1>
      ) : (
        <Table aria-label="Timeline" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Date</TableHeaderCell>
              <TableHeaderCell>Event</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {d.events.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.date}</TableCell>
                <TableCell>{EVENT_LABELS[e.type]}</TableCell>
                <TableCell>
                  {[
                    e.reason === 'information' ? 'asked for information' : e.reason === 'fees' ? 'fee question' : null,
                    e.outcome ? outcomeWords(e.outcome) : null,
                    e.exemptions.length ? e.exemptions.map((x) => exemptionLabel(x as Exemption)).join(', ') : null,
                    e.statute ? `under ${e.statute}` : null,
                    e.note || null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </TableCell>
                <TableCell>
                  <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={`Remove ${EVENT_LABELS[e.type]} of ${e.date}`} onClick={() => void remove(e.id)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

/** What came in for this request and what went out under it. */
function Records({ reference, disclosures, onReceived }: { reference: string; disclosures: RequestDetail['disclosures']; onReceived: () => void }) {
  const docs = useCall('documents.list', { request: reference, limit: 1 });
  const productions = useCall('productions.list', {});
  const received = useCall('received.list', { request: reference });
  const [receiving, setReceiving] = useState(false);
  const mine = (productions.data?.productions ?? []).filter((p) => p.request === reference);
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Documents and productions</Subtitle1>} />
      <Body1>
        {docs.data ? (
          <Link href={hrefFor('documents', undefined, { request: reference })}>
            {docs.data.total.toLocaleString()} document{docs.data.total === 1 ? '' : 's'} linked
          </Link>
        ) : (
          'Loading…'
        )}
      </Body1>
      {disclosures.length > 0 && (
        <Body1>
          Follows up{' '}
          {disclosures.map((x, i) => (
            <span key={x.reference}>
              {i > 0 && ', '}
              <Link href={hrefFor('disclosures', x.reference)}>{x.reference}</Link>
            </span>
          ))}
        </Body1>
      )}
      <Subtitle2 as="h3">Productions received</Subtitle2>
      <div>
        <Button icon={<BoxMultipleArrowLeftRegular />} onClick={() => setReceiving(true)}>
          Add a production…
        </Button>
      </div>
      {receiving && (
        <AddProductionDialog
          request={reference}
          onClose={() => setReceiving(false)}
          onImported={() => {
            docs.reload();
            received.reload();
            onReceived();
          }}
        />
      )}
      {received.data && <ReceivedList rows={received.data} withRequest={false} />}
      <Subtitle2 as="h3">Our productions</Subtitle2>
      {mine.length === 0 ? (
        <Caption1>Nothing produced under this request yet.</Caption1>
      ) : (
        <ul aria-label="Productions for this request">
          {mine.map((p) => (
            <li key={p.id}>
              <Body1>
                {p.firstBates}–{p.lastBates}: {p.name}
                {p.recipient ? ` to ${p.recipient}` : ''}, {p.documents} documents, {p.pages} pages, {new Date(p.producedAt).toLocaleDateString()}
              </Body1>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function RequestDetailView({ reference }: { reference: string }) {
  const s = useStyles();
  const [d, setD] = useState<RequestDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [savedEvents, setSavedEvents] = useState(0);
  // A production received adds a timeline entry: read the request again.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    call('requests.get', { reference }).then(
      (v) => {
        setD(v);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [reference, version]);
  // Someone else adds an event or changes this request: its timeline and clocks are read again (an open edit dialog keeps what is typed).
  useLiveRefresh(['request'], () => setVersion((v) => v + 1), { entity: 'request', id: reference });

  if (error) {
    return (
      <Page title="Request not found">
        <ErrorBar message={error} />
        <Link href={hrefFor('requests')}>Back to all requests</Link>
      </Page>
    );
  }
  if (!d) return <Page title={reference} intro="Loading…" />;
  return (
    <Page title={`${d.reference} · ${d.subject}`}>
      <div className={s.row}>
        <Link href={hrefFor('requests')}>All requests</Link>
        <StatusBadge r={d} />
        <Button icon={<EditRegular />} onClick={() => setEditing(true)}>
          Edit details
        </Button>
      </div>
      {editing && <EditRequestDialog request={d} onClose={() => setEditing(false)} onSaved={setD} />}
      <div className={s.grid}>
        <Clocks d={d} />
        <Card>
          <CardHeader header={<Subtitle1 as="h2">Details</Subtitle1>} />
          <Facts d={d} />
        </Card>
      </div>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Timeline</Subtitle1>} description={<Caption1>The status and every deadline follow from these events.</Caption1>} />
        <Timeline d={d} onChange={setD} />
        {/* Emptied after its own save; an event someone else adds (live refresh) leaves what is typed here alone. */}
        <EventForm
          key={savedEvents}
          request={d}
          onSaved={(next) => {
            setD(next);
            setSavedEvents((n) => n + 1);
          }}
        />
      </Card>
      <Records reference={d.reference} disclosures={d.disclosures} onReceived={() => setVersion((v) => v + 1)} />
      {/* Read again after any change: timeline events do not move the request's own updatedAt. */}
      <HistoryCard key={`${d.updatedAt}|${d.events.map((e) => e.id).join(',')}`} entity="request" entityId={d.reference} />
    </Page>
  );
}
