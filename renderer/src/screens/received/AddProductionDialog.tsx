import { useRef, useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular, FolderZipRegular } from '@fluentui/react-icons';
import type { ColumnUse, PickedFile, Progress, ReceiveReportOut } from '../../../../core/api.ts';
import { call, CallError, choosePaths } from '../../api/client.ts';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { ReceiveReport } from './ReceiveReport.tsx';
import { ProblemsTable } from './ProblemsTable.tsx';
import { plural } from './labels.ts';
import { receivedHref } from './route.ts';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '260px' },
  progress: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end' },
});

/** The mapping the report was read with, changed where the user chose another use. */
const changed = (r: ReceiveReportOut, uses: Record<string, ColumnUse>) => Object.entries(uses).some(([c, u]) => r.mapping[c] !== u);

function Done({ r, pages }: { r: ReceiveReportOut; pages: number | null }) {
  const imported = r.imported ?? 0;
  return (
    <MessageBar intent={r.failed || r.cancelled ? 'warning' : 'success'} role="status">
      <MessageBarBody>
        <Body1 block>
          Imported {plural(imported, 'document')}
          {pages !== null ? ` (${plural(pages, 'page')})` : ''} from {r.party} {r.name}
          {r.failed ? `; ${plural(r.failed, 'record')} failed (listed below)` : ''}
          {r.cancelled ? '; cancelled before the end (read it again and import to finish)' : ''}.
          {r.receivedId !== undefined && (
            <>
              {' '}
              <Link href={receivedHref(r.receivedId)}>Open the received production</Link>
            </>
          )}
        </Body1>
        {r.timeline && <Body1 block>{r.timeline.added ? `Timeline: ${r.timeline.line}` : `No timeline entry: ${r.timeline.why ?? r.timeline.line}`}</Body1>}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * Add a received production: choose its folder or ZIP, read it (nothing written), check the report
 * and the field mapping, then import all of it, only its valid records, or nothing.
 */
export function AddProductionDialog({ request: preset, onClose, onImported }: { request?: string; onClose: () => void; onImported: () => void }) {
  const s = useStyles();
  const [path, setPath] = useState('');
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [party, setParty] = useState('');
  const [request, setRequest] = useState(preset ?? '');
  const [uses, setUses] = useState<Record<string, ColumnUse>>({});
  const [report, setReport] = useState<ReceiveReportOut | null>(null);
  const [done, setDone] = useState<{ r: ReceiveReportOut; pages: number | null } | null>(null);
  const [running, setRunning] = useState<'Reading' | 'Importing' | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  const source = () => (picked ? { picked: picked.token } : { path: path.trim() });
  const base = () => ({ ...source(), ...(party.trim() ? { party: party.trim() } : {}), ...(request.trim() ? { request: request.trim() } : {}) });

  async function choose(what: 'folder' | 'files') {
    try {
      const list = (await choosePaths?.(what)) ?? [];
      if (list.length > 1) throw new Error('Choose one ZIP: a production is one folder or one ZIP.');
      if (list[0]) {
        setPicked(list[0]);
        setReport(null);
        setDone(null);
      }
    } catch (e) {
      setError((e as Error).message);
    }
  }

  /** Runs one job with progress and Cancel; null when it failed or was cancelled (the error bar says which). */
  async function job<T>(what: 'Reading' | 'Importing', run: (opts: { onProgress: (p: Progress) => void; signal: AbortSignal }) => Promise<T>): Promise<T | null> {
    abort.current = new AbortController();
    setRunning(what);
    setProgress(null);
    setError(null);
    try {
      return await run({ onProgress: setProgress, signal: abort.current.signal });
    } catch (e) {
      // A picked folder refused (used, expired) must be chosen again: its token is no good now.
      if (e instanceof CallError && e.code === 'FORBIDDEN') setPicked(null);
      setError(e instanceof CallError && e.code === 'CANCELLED' ? `${what} cancelled; nothing was ${what === 'Reading' ? 'written' : 'left half-imported'}.` : (e as Error).message);
      return null;
    } finally {
      setRunning(null);
    }
  }

  async function read() {
    const mapping = report ? { ...report.mapping, ...uses } : undefined;
    const r = await job('Reading', (opts) => call('received.inspect', { ...base(), ...(mapping ? { mapping } : {}) }, opts));
    if (!r) return;
    setReport(r);
    setUses({});
    setDone(null);
  }

  async function importIt(validOnly: boolean) {
    if (!report) return;
    const r = await job('Importing', (opts) => call('received.import', { ...base(), mapping: report.mapping, validOnly }, opts));
    if (!r) return;
    const pages = r.receivedId !== undefined ? await call('received.get', { id: r.receivedId }).then((p) => p.pages, () => null) : null;
    setDone({ r, pages });
    setPicked(null);
    onImported();
  }

  const stale = report !== null && changed(report, uses);
  const canRead = Boolean(picked || path.trim());
  return (
    <GuardedDialog onClose={onClose} settled={done !== null} style={{ maxWidth: '1000px', width: '95vw' }} aria-describedby={undefined}>
      <DialogBody>
        <DialogTitle>Add a production</DialogTitle>
        <DialogContent className={s.content}>
          <SubmitForm onSubmit={read} className={s.content} aria-label="The production to read">
            {choosePaths ? (
              <div className={s.row}>
                <Button icon={<FolderOpenRegular />} onClick={() => void choose('folder')}>
                  Choose a folder…
                </Button>
                <Button icon={<FolderZipRegular />} onClick={() => void choose('files')}>
                  Choose a ZIP…
                </Button>
                <Body1 role="status">{picked ? `Chosen: ${picked.name}` : 'Nothing chosen yet.'}</Body1>
              </div>
            ) : (
              <Field
                label="The production's folder or ZIP"
                hint="A full path under your home folder (or the folders browser mode was started with, --import-from)."
              >
                <Input
                  value={path}
                  onChange={(_, d) => {
                    setPath(d.value);
                    setReport(null);
                  }}
                  placeholder="/home/me/Productions/ICE_VOL001"
                />
              </Field>
            )}
            <div className={s.row}>
              <Field label="Producing party (optional)" className={s.grow}>
                <Input value={party} onChange={(_, d) => setParty(d.value)} placeholder="By default the request's agency, else the Bates prefix" />
              </Field>
              {preset ? (
                <Body1>For request {preset}</Body1>
              ) : (
                <Field label="Request (optional)">
                  <Input value={request} onChange={(_, d) => setRequest(d.value)} placeholder="REQ-2026-0042" />
                </Field>
              )}
              <Button type="submit" appearance={report ? 'secondary' : 'primary'} disabled={!canRead || running !== null}>
                {report ? 'Read again' : 'Read production'}
              </Button>
            </div>
          </SubmitForm>
          {running && (
            <div className={s.progress}>
              <Field className={s.grow} label={progress?.message ?? `${running}…`} hint={progress?.total ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}` : undefined}>
                <ProgressBar value={progress?.total ? progress.done / progress.total : undefined} max={1} aria-label={`${running} progress`} />
              </Field>
              <Button onClick={() => abort.current?.abort()}>Cancel</Button>
            </div>
          )}
          <ErrorBar title={`${running ?? 'It'} stopped`} message={error} />
          {done && <Done r={done.r} pages={done.pages} />}
          {done && (done.r.failed ?? 0) > 0 && <ProblemsTable problems={done.r.problems} leftOut={done.r.problemsLeftOut} />}
          {report && !done && (
            <>
              <section aria-label="Production report">
                <ReceiveReport r={{ ...report, mapping: { ...report.mapping, ...uses } }} onUse={(c, u) => setUses((now) => ({ ...now, [c]: u }))} />
              </section>
              {stale && <Caption1 role="status">The mapping changed: read the production again to see its report before importing.</Caption1>}
              <SubmitForm onSubmit={() => importIt(report.blocked > 0)} className={s.row} aria-label="Import or not">
                {report.valid === 0 ? (
                  <Body1>Nothing to import{report.already > 0 ? `: ${plural(report.already, 'record')} in already` : ''}.</Body1>
                ) : (
                  <>
                    <Button type="submit" appearance="primary" disabled={stale || running !== null}>
                      {report.blocked > 0 ? `Import the ${plural(report.valid, 'valid document')}` : `Import ${plural(report.valid, 'document')}`}
                    </Button>
                    {report.blocked > 0 && <Body1>{plural(report.blocked, 'record')} left out (blocked)</Body1>}
                  </>
                )}
                <Button onClick={onClose}>Cancel — import nothing</Button>
              </SubmitForm>
            </>
          )}
        </DialogContent>
        {/* With a report on screen, "Cancel — import nothing" is the way out. */}
        {(!report || done) && (
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        )}
      </DialogBody>
    </GuardedDialog>
  );
}
