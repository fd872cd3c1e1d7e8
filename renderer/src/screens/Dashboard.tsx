import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Body1, Caption1, Card, CardHeader, Link, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import type { RequestSummary } from '../../../core/api.ts';
import { Page } from '../components/Page.tsx';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { useCall } from '../use-call.ts';
import { useLiveRefresh } from '../use-live-refresh.ts';
import { hrefFor } from '../routes.ts';
import { dueWords } from './requests/labels.tsx';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column' },
  overdue: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  count: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, marginLeft: tokens.spacingHorizontalS },
  chart: { width: '100%', height: '260px' },
  table: { borderCollapse: 'collapse', '& td, & th': { padding: `2px ${tokens.spacingHorizontalS}`, textAlign: 'left' } },
});

function Item({ r, extra }: { r: RequestSummary; extra?: ReactNode }) {
  const s = useStyles();
  return (
    <li className={s.item}>
      <Link href={hrefFor('requests', r.reference)}>
        {r.reference} · {r.agency.abbreviation}: {r.subject}
      </Link>
      <Caption1 className={r.overdue ? s.overdue : s.muted}>{extra ?? `${r.due ?? 'no due date'} · ${dueWords(r)}`}</Caption1>
    </li>
  );
}

function Section({ title, rows, empty, render }: { title: string; rows: unknown[]; empty: string; render: () => ReactNode }) {
  const s = useStyles();
  return (
    <Card>
      <CardHeader
        header={
          <Subtitle1 as="h2">
            {title}
            <span className={s.count} aria-label={`${rows.length} items`}>
              {rows.length}
            </span>
          </Subtitle1>
        }
      />
      {rows.length === 0 ? <Body1 className={s.muted}>{empty}</Body1> : <ul className={s.list}>{render()}</ul>}
    </Card>
  );
}

export function Dashboard() {
  const s = useStyles();
  const { data, error, reload } = useCall('dashboard.summary', {});
  // Someone logs a request, an event, a disclosure or a closure day: the figures follow.
  useLiveRefresh(['request', 'disclosure', 'document', 'documents', 'closure', 'agency'], reload);
  return (
    <Page title="Dashboard" intro={data ? `What is due, what is waiting, and what is closing, as of ${data.today}.` : 'What is due, what is waiting, and what is closing.'}>
      <ErrorBar message={error} />
      {data && (
        <>
          <div className={s.grid}>
            <Section title="Overdue" rows={data.overdue} empty="Nothing is overdue." render={() => data.overdue.map((r) => <Item key={r.id} r={r} />)} />
            <Section title="Due in the next 7 days" rows={data.dueSoon} empty="Nothing falls due this week." render={() => data.dueSoon.map((r) => <Item key={r.id} r={r} />)} />
            <Section
              title="Awaiting the agency"
              rows={data.awaitingAgency}
              empty="No request is waiting on an agency."
              render={() => data.awaitingAgency.map((r) => <Item key={r.id} r={r} extra={`waiting ${r.daysWaiting ?? 0} days · due ${r.due ?? '—'}`} />)}
            />
            <Section
              title="Appeal windows closing (30 days)"
              rows={data.appealsClosing}
              empty="No appeal window closes within 30 days."
              render={() => data.appealsClosing.map((a) => <Item key={a.request.id} r={a.request} extra={`appeal by ${a.closes} · ${a.daysLeft} days left`} />)}
            />
          </div>
          <div className={s.grid}>
            <Card>
              <CardHeader header={<Subtitle1 as="h2">Open requests by agency</Subtitle1>} />
              {data.openByAgency.length === 0 ? (
                <Body1 className={s.muted}>No open requests.</Body1>
              ) : (
                <>
                  <div className={s.chart} role="img" aria-label={`Open requests by agency: ${data.openByAgency.map((a) => `${a.agency} ${a.open} open, ${a.overdue} overdue`).join('; ')}`}>
                    <ResponsiveContainer>
                      <BarChart data={data.openByAgency.map((a) => ({ ...a, onTime: a.open - a.overdue }))}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis dataKey="agency" />
                        <YAxis allowDecimals={false} />
                        <Tooltip />
                        <Legend />
                        <Bar dataKey="onTime" name="Not overdue" stackId="a" fill="#0f6cbd" />
                        <Bar dataKey="overdue" name="Overdue" stackId="a" fill="#c50f1f" />
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                </>
              )}
            </Card>
            <Card>
              <CardHeader header={<Subtitle1 as="h2">Open requests by days overdue</Subtitle1>} />
              <div className={s.chart} role="img" aria-label={`Open requests by days overdue: ${data.overdueBuckets.map((b) => `${b.label}: ${b.count}`).join('; ')}`}>
                <ResponsiveContainer>
                  <BarChart data={data.overdueBuckets}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="label" />
                    <YAxis allowDecimals={false} />
                    <Tooltip />
                    <Bar dataKey="count" name="Requests" fill="#c50f1f" />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </Card>
          </div>
        </>
      )}
    </Page>
  );
}
