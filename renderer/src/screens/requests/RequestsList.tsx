import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, ArrowDownloadRegular, ArrowUploadRegular, CalendarRegular } from '@fluentui/react-icons';
import { KIND_LABELS, REQUEST_KINDS, STATUSES, STATUS_LABELS, type RequestKind, type Status } from '../../../../core/shared/vocabulary.ts';
import { Page } from '../../components/Page.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call } from '../../api/client.ts';
import { hrefFor } from '../../routes.ts';
import { importCsvFile, saveFile } from '../../files.ts';
import { useCall } from '../../use-call.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';
import { dueWords, KindLabel, StatusBadge } from './labels.tsx';
import { useRequestRows, type ListFilter } from './use-request-rows.ts';
import { NewRequestDialog } from './NewRequestDialog.tsx';

const ROW_HEIGHT = 44;

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  scroller: { height: 'calc(100vh - 360px)', minHeight: '240px', overflow: 'auto', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  table: { tableLayout: 'fixed', width: '100%' },
  head: { position: 'sticky', top: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground1 },
  row: { height: `${ROW_HEIGHT}px` },
  subject: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  report: { whiteSpace: 'pre-wrap' },
});

type SortKey = NonNullable<ListFilter['sort']>;
/** Shares of the table's width: fixed pixel widths left the subject, the column people read, a few pixels wide on a laptop. */
const COLUMNS: { key: SortKey | null; label: string; width: string }[] = [
  { key: 'reference', label: 'Reference', width: '11%' },
  { key: 'kind', label: 'Kind', width: '7%' },
  { key: 'status', label: 'Status', width: '12%' },
  { key: 'due', label: 'Due', width: '13%' },
  { key: 'agency', label: 'Agency', width: '6%' },
  { key: 'subject', label: 'Subject', width: 'auto' },
  { key: null, label: 'Assignee', width: '9%' },
  { key: 'opened', label: 'Waiting', width: '6%' },
];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function RequestsList() {
  const s = useStyles();
  const directory = useCall('agencies.list', {});
  const [text, setText] = useState('');
  const [statuses, setStatuses] = useState<Status[]>([]);
  const [kinds, setKinds] = useState<RequestKind[]>([]);
  const [agencies, setAgencies] = useState<string[]>([]);
  const [assignee, setAssignee] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [within, setWithin] = useState<'' | '7' | '30'>('');
  const [dueFrom, setDueFrom] = useState('');
  const [dueTo, setDueTo] = useState('');
  const [sort, setSort] = useState<SortKey>('due');
  const [dir, setDir] = useState<'asc' | 'desc'>('asc');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const debouncedText = useDebounced(text, 250);
  const debouncedAssignee = useDebounced(assignee, 250);

  const filter: ListFilter = useMemo(
    () => ({
      sort,
      dir,
      ...(debouncedText.trim() ? { text: debouncedText.trim() } : {}),
      ...(statuses.length ? { statuses } : {}),
      ...(kinds.length ? { kinds } : {}),
      ...(agencies.length ? { agencies } : {}),
      ...(debouncedAssignee.trim() ? { assignee: debouncedAssignee.trim() } : {}),
      ...(overdue ? { overdue: true } : {}),
      ...(within ? { dueWithinDays: Number(within) } : {}),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(dueFrom) ? { dueFrom } : {}),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(dueTo) ? { dueTo } : {}),
    }),
    [sort, dir, debouncedText, statuses, kinds, agencies, debouncedAssignee, overdue, within, dueFrom, dueTo],
  );
  const { total, error, rowAt, reload, refresh } = useRequestRows(filter);
  // Another staffer's or a command's change: the rows are read again in place (scroll and focus stay).
  useLiveRefresh(['request', 'agency'], refresh);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  function sortBy(key: SortKey) {
    if (key === sort) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDir('asc');
    }
  }

  async function exportCsv() {
    const { sort: _s, dir: _d, ...rest } = filter;
    try {
      const r = await call('requests.exportCsv', { ...rest, sort, dir });
      saveFile('sunshine-requests.csv', r.csv, 'text/csv;charset=utf-8');
      setMessage({ error: false, text: `Exported ${r.count} request${r.count === 1 ? '' : 's'} to sunshine-requests.csv.` });
    } catch (e) {
      setMessage({ error: true, text: (e as Error).message });
    }
  }

  async function exportIcs() {
    const { sort: _s, dir: _d, ...rest } = filter;
    try {
      const r = await call('calendar.exportIcs', rest);
      saveFile('sunshine-deadlines.ics', r.ics, 'text/calendar;charset=utf-8');
      setMessage({ error: false, text: `Exported ${r.count} deadline${r.count === 1 ? '' : 's'} to sunshine-deadlines.ics.` });
    } catch (e) {
      setMessage({ error: true, text: (e as Error).message });
    }
  }

  async function importCsv() {
    const outcome = await importCsvFile((source) => call('requests.importCsv', source));
    if (!outcome) return;
    setMessage(outcome);
    if (outcome.changed) reload();
  }

  return (
    <Page title="Requests" intro="FOIA requests, state records requests, oversight letters and subpoenas, with their clocks.">
      <Toolbar aria-label="Request actions">
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
          New request
        </Button>
        <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => void importCsv()}>
          Import CSV
        </Button>
        <Button icon={<CalendarRegular />} onClick={() => void exportIcs()}>
          Export calendar
        </Button>
      </Toolbar>
      {creating && <NewRequestDialog onClose={() => setCreating(false)} />}
      {message &&
        (message.error ? (
          <div className={s.report}>
            <ErrorBar title="Import or export failed" message={message.text} />
          </div>
        ) : (
          <div role="status">{message.text}</div>
        ))}
      <div className={s.filters} role="search" aria-label="Filter requests">
        <Field label="Search subject, records and notes">
          <Input value={text} onChange={(_, d) => setText(d.value)} type="search" />
        </Field>
        <Field label="Status">
          <Dropdown
            multiselect
            placeholder="Any status"
            selectedOptions={statuses}
            value={statuses.map((st) => STATUS_LABELS[st]).join(', ')}
            onOptionSelect={(_, d) => setStatuses(d.selectedOptions as Status[])}
          >
            {STATUSES.map((st) => (
              <Option key={st} value={st}>
                {STATUS_LABELS[st]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Kind">
          <Dropdown
            multiselect
            placeholder="Any kind"
            selectedOptions={kinds}
            value={kinds.map((k) => KIND_LABELS[k]).join(', ')}
            onOptionSelect={(_, d) => setKinds(d.selectedOptions as RequestKind[])}
          >
            {REQUEST_KINDS.map((k) => (
              <Option key={k} value={k}>
                {KIND_LABELS[k]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Agency">
          <Dropdown multiselect placeholder="Any agency" selectedOptions={agencies} value={agencies.join(', ')} onOptionSelect={(_, d) => setAgencies(d.selectedOptions)}>
            {(directory.data ?? []).map((a) => (
              <Option key={a.id} value={a.abbreviation} text={a.abbreviation}>
                {`${a.abbreviation} — ${a.name}`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Assignee">
          <Input value={assignee} onChange={(_, d) => setAssignee(d.value)} />
        </Field>
        <Field label="Due">
          <Dropdown selectedOptions={[within || 'any']} value={within ? `Within ${within} days` : 'Any time'} onOptionSelect={(_, d) => setWithin(d.optionValue === 'any' ? '' : (d.optionValue as '7' | '30'))}>
            <Option value="any">Any time</Option>
            <Option value="7">Within 7 days</Option>
            <Option value="30">Within 30 days</Option>
          </Dropdown>
        </Field>
        <Field label="Due from">
          <Input type="date" value={dueFrom} onChange={(_, d) => setDueFrom(d.value)} />
        </Field>
        <Field label="Due to">
          <Input type="date" value={dueTo} onChange={(_, d) => setDueTo(d.value)} />
        </Field>
        <Switch label="Overdue only" checked={overdue} onChange={(_, d) => setOverdue(d.checked)} />
      </div>
      <ErrorBar message={error} />
      <Caption1 aria-live="polite">{total === null ? 'Loading…' : `${total.toLocaleString()} request${total === 1 ? '' : 's'}`}</Caption1>
      <div ref={scroller} className={s.scroller} tabIndex={-1}>
        <Table className={s.table} aria-label="Requests" aria-rowcount={(total ?? 0) + 1} size="small">
          <TableHeader className={s.head}>
            <TableRow aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <TableHeaderCell
                  key={c.label}
                  style={{ width: c.width }}
                  {...(c.key
                    ? {
                        sortable: true,
                        sortDirection: sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined,
                        onClick: () => sortBy(c.key!),
                      }
                    : {})}
                >
                  {c.label}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {padTop > 0 && <tr aria-hidden style={{ height: padTop }} />}
            {items.map((v) => {
              const r = rowAt(v.index);
              return (
                <TableRow key={v.key} className={s.row} aria-rowindex={v.index + 2}>
                  {r ? (
                    <>
                      <TableCell>
                        <Link href={hrefFor('requests', r.reference)}>{r.reference}</Link>
                      </TableCell>
                      <TableCell>
                        <KindLabel kind={r.kind} />
                      </TableCell>
                      <TableCell>
                        <StatusBadge r={r} />
                      </TableCell>
                      <TableCell>
                        {r.due ?? <span className={s.muted}>—</span>}{' '}
                        <span className={r.overdue ? s.overdue : s.muted}>{dueWords(r)}</span>
                      </TableCell>
                      <TableCell title={r.agency.name}>{r.agency.abbreviation}</TableCell>
                      <TableCell className={s.subject} title={r.subject}>
                        {r.subject}
                      </TableCell>
                      <TableCell>{r.assignee}</TableCell>
                      <TableCell>{r.daysWaiting === null ? '' : `${r.daysWaiting} d`}</TableCell>
                    </>
                  ) : (
                    <TableCell colSpan={COLUMNS.length}>
                      <span className={s.muted}>Loading…</span>
                    </TableCell>
                  )}
                </TableRow>
              );
            })}
            {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }} />}
          </TableBody>
        </Table>
      </div>
    </Page>
  );
}
