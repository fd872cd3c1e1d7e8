import { useRef, useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle1,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
  Body1,
  Caption1,
} from '@fluentui/react-components';
import type { AuditEntry, Progress, Settings as SettingsValue, Theme, VerifyReport } from '../../../core/api.ts';
import { Page } from '../components/Page.tsx';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { call, CallError } from '../api/client.ts';
import { saveFile, splitFieldError } from '../files.ts';
import { useSettings } from '../settings-context.tsx';
import { useCall } from '../use-call.ts';
import { describeValue, describeWhat, whoDid } from '../audit-labels.ts';
import { Backups } from './settings/Backups.tsx';
import { ProtectedSources } from './settings/ProtectedSources.tsx';
import { PiiPatterns } from './settings/PiiPatterns.tsx';
import { SwitchWorkspace } from './settings/SwitchWorkspace.tsx';
import { Team } from './settings/Team.tsx';
import { SubmitForm } from '../components/SubmitForm.tsx';
import { ZonePicker } from '../components/ZonePicker.tsx';
import { limitHint } from '../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../core/shared/field-limits.ts';
import { folderName } from '../format.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '420px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  change: { wordBreak: 'break-word' },
});

function ProfileForm({ initial, onSaved }: { initial: SettingsValue; onSaved: () => void }) {
  const s = useStyles();
  const { update } = useSettings();
  const [userName, setUserName] = useState(initial.userName);
  const [officeName, setOfficeName] = useState(initial.officeName);
  const [officeTimeZone, setOfficeTimeZone] = useState(initial.officeTimeZone);
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit() {
    setSaved(false);
    try {
      await update({ userName, officeName, officeTimeZone });
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(splitFieldError((err as Error).message));
    }
  }
  const zoneError = error?.field === 'officeTimeZone' ? error.text : undefined;

  return (
    <SubmitForm onSubmit={submit} className={s.form}  aria-labelledby="profile-heading">
      <Subtitle1 as="h2" id="profile-heading">
        You and your office
      </Subtitle1>
      <Field label="Your name" hint={limitHint(userName, FIELD_LIMITS.profile.userName, 'Written into the history of every change you make.')} required validationMessage={error && !zoneError ? error.text : undefined}>
        <Input
          value={userName}
          onChange={(_, d) => {
            setUserName(d.value);
            setSaved(false);
          }}
          maxLength={FIELD_LIMITS.profile.userName}
        />
      </Field>
      <Field label="Office or committee" hint={limitHint(officeName, FIELD_LIMITS.profile.officeName)}>
        <Input
          value={officeName}
          onChange={(_, d) => {
            setOfficeName(d.value);
            setSaved(false);
          }}
          maxLength={FIELD_LIMITS.profile.officeName}
        />
      </Field>
      <Field label="Office time zone" hint="A letter's due hour is read in this zone unless another is chosen." validationMessage={zoneError}>
        <ZonePicker
          value={officeTimeZone}
          onChange={(z) => {
            setOfficeTimeZone(z);
            setSaved(false);
          }}
        />
      </Field>
      <div className={s.row}>
        <Button appearance="primary" type="submit">
          Save
        </Button>
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </SubmitForm>
  );
}

function ThemeChoice({ initial, onSaved }: { initial: Theme; onSaved: () => void }) {
  const s = useStyles();
  const { update } = useSettings();
  // Shown at once; put back if the change cannot be saved.
  const [theme, setTheme] = useState<Theme>(initial);
  const [error, setError] = useState<string | null>(null);
  function choose(next: Theme) {
    const previous = theme;
    setTheme(next);
    update({ theme: next }).then(
      () => {
        setError(null);
        onSaved();
      },
      (e: Error) => {
        setTheme(previous);
        setError(e.message);
      },
    );
  }
  return (
    <div className={s.section}>
      <Subtitle1 as="h2" id="theme-heading">
        Appearance
      </Subtitle1>
      <RadioGroup aria-labelledby="theme-heading" value={theme} onChange={(_, d) => choose(d.value as Theme)}>
        <Radio value="system" label="Follow the system (light or dark)" />
        <Radio value="light" label="Light" />
        <Radio value="dark" label="Dark" />
      </RadioGroup>
      <ErrorBar message={error} />
    </div>
  );
}

function OcrChoice() {
  const s = useStyles();
  const { settings, update } = useSettings();
  const status = useCall('app.status', {});
  const [error, setError] = useState<string | null>(null);
  if (!settings) return null;
  return (
    <div className={s.section}>
      <Subtitle1 as="h2">Scanned pages</Subtitle1>
      <Body1>
        Pages without a text layer and images are read with text recognition (OCR) in the background, on this machine. {status.data ? `${status.data.counts.ocrPending} page(s) waiting.` : ''}
      </Body1>
      <Switch
        label="Read scanned pages in the background"
        checked={settings.ocrEnabled}
        onChange={(_, d) => update({ ocrEnabled: d.checked }).then(() => setError(null), (e: Error) => setError(e.message))}
      />
      <ErrorBar message={error} />
    </div>
  );
}

function Integrity({ onDone }: { onDone: () => void }) {
  const s = useStyles();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function run() {
    abort.current = new AbortController();
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress(null);
    try {
      setReport(await call('app.verify', {}, { onProgress: setProgress, signal: abort.current.signal }));
      onDone();
    } catch (e) {
      setError(e instanceof CallError && e.code === 'CANCELLED' ? 'Verification cancelled.' : (e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  const value = progress?.total ? progress.done / progress.total : undefined;
  return (
    <div className={s.section}>
      <Subtitle1 as="h2">Integrity</Subtitle1>
      <Body1>Checks the database and re-computes the hash chain of the history log, so later tampering shows.</Body1>
      <div className={s.row}>
        <Button onClick={() => void run()} disabled={running}>
          Verify now
        </Button>
        {running && <Button onClick={() => abort.current?.abort()}>Cancel</Button>}
      </div>
      {running && (
        <Field label={progress?.message ?? 'Starting'} validationState="none" hint={progress?.total ? `${progress.done} of ${progress.total}` : undefined}>
          <ProgressBar value={value} max={1} aria-label="Verification progress" />
        </Field>
      )}
      {report && (
        <MessageBar intent={report.ok ? 'success' : 'error'} role="status">
          <MessageBarBody>
            <MessageBarTitle>{report.ok ? 'Verified' : 'Problems found'}</MessageBarTitle>
            Database: {report.databaseIntegrity}. History log: {report.auditEntriesChecked} entries checked
            {report.ok ? ', chain intact.' : '.'}
            {report.chainHead && (
              <div className={s.mono}>
                Last entry {report.chainHead.seq}: {report.chainHead.hash}
              </div>
            )}
            {report.problems.length > 0 && (
              <ul>
                {report.problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar title="Verification did not finish" message={error} />
    </div>
  );
}

/** The history for a range of days, saved as CSV (each row with its hash, for checking elsewhere). */
function HistoryExport() {
  const s = useStyles();
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run() {
    try {
      const r = await call('audit.export', { from, to });
      saveFile(`sunshine-history-${from}-to-${to}.csv`, r.csv, 'text/csv');
      setDone(`${r.rows.toLocaleString()} row${r.rows === 1 ? '' : 's'} saved.`);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <SubmitForm onSubmit={run} className={s.section}  aria-label="Export the history">
      <Subtitle1 as="h2">Export the history</Subtitle1>
      <div className={s.row}>
        <Field label="From">
          <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
        </Field>
        <Field label="To">
          <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
        </Field>
        <Button type="submit">Save as CSV</Button>
      </div>
      <ErrorBar message={error} />
      {done && <Caption1 role="status">{done}</Caption1>}
    </SubmitForm>
  );
}

function Activity({ entries, total }: { entries: AuditEntry[]; total: number }) {
  const s = useStyles();
  return (
    <div className={s.section}>
      <Subtitle1 as="h2" id="activity-heading">
        Recent activity
      </Subtitle1>
      <Caption1>
        Showing {entries.length} of {total} changes, newest first.
      </Caption1>
      <Table aria-labelledby="activity-heading" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>When</TableHeaderCell>
            <TableHeaderCell>Who</TableHeaderCell>
            <TableHeaderCell>What</TableHeaderCell>
            <TableHeaderCell>Change</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((e) => (
            <TableRow key={e.seq}>
              <TableCell>{new Date(e.at).toLocaleString()}</TableCell>
              <TableCell>{whoDid(e)}</TableCell>
              <TableCell>{describeWhat(e)}</TableCell>
              <TableCell className={s.change}>
                {describeValue(e.before)} → {describeValue(e.after)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function ClosureDays() {
  const s = useStyles();
  const { data, error, reload } = useCall('closures.list', {});
  const [date, setDate] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ field: string | null; text: string } | null>(null);
  const err = (f: string) => (problem?.field === f ? problem.text : undefined);

  async function add() {
    try {
      await call('closures.add', { date, ...(until ? { until } : {}), reason });
      setDate('');
      setUntil('');
      setReason('');
      setProblem(null);
      reload();
    } catch (x) {
      setProblem(splitFieldError((x as Error).message));
    }
  }
  async function remove(d: string) {
    try {
      await call('closures.remove', { date: d });
      reload();
    } catch (x) {
      setProblem({ field: null, text: (x as Error).message });
    }
  }

  return (
    <div className={s.section}>
      <Subtitle1 as="h2" id="closures-heading">
        Closure days
      </Subtitle1>
      <Body1>
        Days federal offices were closed beyond the legal holidays (an executive order, a shutdown). Every working-day clock skips them. A shutdown is one entry: give its first and last day.
      </Body1>
      <ErrorBar message={error} />
      {data && data.length > 0 && (
        <Table aria-labelledby="closures-heading" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Days</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
              <TableHeaderCell>
                <span className="visually-hidden">Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((c) => (
              <TableRow key={c.date}>
                <TableCell>{c.until === c.date ? c.date : `${c.date} to ${c.until}`}</TableCell>
                <TableCell>{c.reason}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => void remove(c.date)} aria-label={c.until === c.date ? `Remove closure day ${c.date}` : `Remove closure ${c.date} to ${c.until}`}>
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <SubmitForm onSubmit={add} className={s.row} aria-label="Add a closure day">
        <Field label="Date" hint="The first day" validationMessage={err('date')}>
          <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
        </Field>
        <Field label="Last day" hint="For a range; empty for one day" validationMessage={err('until')}>
          <Input type="date" value={until} min={date || undefined} onChange={(_, d) => setUntil(d.value)} />
        </Field>
        <Field label="Reason" hint={limitHint(reason, FIELD_LIMITS.closure.reason)} validationMessage={err('reason')}>
          <Input value={reason} onChange={(_, d) => setReason(d.value)} placeholder="Executive order" maxLength={FIELD_LIMITS.closure.reason} />
        </Field>
        <Button type="submit">Add closure day</Button>
      </SubmitForm>
      {problem && !['date', 'until', 'reason'].includes(problem.field ?? '') && <ErrorBar title="Not saved" message={problem.text} />}
    </div>
  );
}

export function Settings() {
  const s = useStyles();
  const { settings } = useSettings();
  const status = useCall('app.status', {});
  const audit = useCall('audit.list', { limit: 50 });
  const refresh = () => (audit.reload(), status.reload());
  return (
    <Page title="Settings">
      {settings && <ProfileForm initial={settings} onSaved={refresh} />}
      {settings && <ThemeChoice initial={settings.theme} onSaved={refresh} />}
      <div className={s.section}>
        <Subtitle1 as="h2">Data</Subtitle1>
        <Body1>
          Everything is kept on this machine, in the folder{' '}
          <span className={s.mono}>{status.data ? folderName(status.data.dataDir) : '…'}</span> (its full path: <span className={s.mono}>sunshine status</span> in a
          terminal).
        </Body1>
        <Caption1>
          Database schema version {status.data?.schemaVersion ?? '…'} of {status.data?.latestSchemaVersion ?? '…'}.
        </Caption1>
        <SwitchWorkspace />
        {status.data && !status.data.permissions.ownerOnly && (
          <MessageBar intent="warning">
            <MessageBarBody>
              <MessageBarTitle>Other accounts on this computer can read it</MessageBarTitle>
              Open to them: {status.data.permissions.readableByOthers.map((p) => p.what).join(', ')}. <span className={s.mono}>sunshine status</span> gives the command that makes them yours only.
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <Team onChanged={refresh} />
      <ClosureDays />
      <OcrChoice />
      <PiiPatterns />
      <Integrity onDone={refresh} />
      <Backups onChanged={refresh} />
      <ProtectedSources onChanged={refresh} />
      <HistoryExport />
      <ErrorBar message={audit.error ?? status.error} />
      {audit.data && <Activity entries={audit.data.entries} total={audit.data.total} />}
    </Page>
  );
}
