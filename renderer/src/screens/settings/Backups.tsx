/**
 * Settings → Backups: where backups go, how often the app makes them, "Back
 * up now", and restoring one (verified first; the current database is kept;
 * productions made since the backup named before it is restored).
 */
import { useState } from 'react';
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
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { BackupListing, BackupsOverview } from '../../../../core/api.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call, chooseBackupFolder } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { folderName } from '../../format.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  number: { width: '110px' },
});

const when = (iso: string) => new Date(iso).toLocaleString();
const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function Schedule({ v, onSaved }: { v: BackupsOverview; onSaved(): void }) {
  const s = useStyles();
  const [every, setEvery] = useState(String(v.everyHours));
  const [keep, setKeep] = useState(String(v.keep));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  async function save() {
    setSaved(false);
    // An emptied field is not 0 (which would turn automatic backups off without a word).
    if (!every.trim() || !keep.trim()) return setError('Give both numbers: hours between backups (0 = off) and how many to keep.');
    try {
      await call('settings.update', { backupEveryHours: Number(every), backupKeep: Number(keep) });
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <SubmitForm onSubmit={save} className={s.row}  aria-label="Backup schedule">
      <Field label="Back up every (hours; 0 = off)">
        <Input className={s.number} type="number" min={0} max={720} value={every} onChange={(_, d) => setEvery(d.value)} />
      </Field>
      <Field label="Keep the newest">
        <Input className={s.number} type="number" min={1} max={1000} value={keep} onChange={(_, d) => setKeep(d.value)} />
      </Field>
      <Button type="submit">Save schedule</Button>
      {saved && <Caption1 role="status">Saved.</Caption1>}
      <ErrorBar title="Not saved" message={error} />
    </SubmitForm>
  );
}

/** What the restore would forget, said before anything is restored: productions made since keep their Bates numbers. */
function Forgets({ backup }: { backup: string }) {
  const { data, error } = useCall('app.restorePreview', { backup });
  if (error) return <ErrorBar title="Could not read the backup" message={error} />;
  if (!data) return <Caption1 role="status">Checking what this backup would forget…</Caption1>;
  if (!data.forgotten.sentence) return null;
  return (
    <MessageBar intent="warning">
      <MessageBarBody>
        <MessageBarTitle>Productions this backup does not know</MessageBarTitle>
        {data.forgotten.sentence}: no later production will number a page with them again.
      </MessageBarBody>
    </MessageBar>
  );
}

function RestoreDialog({ b, onClose }: { b: BackupListing; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function restore() {
    setBusy(true);
    try {
      const r = await call('app.restore', { backup: b.name });
      setDone(r.previous ? `The database it replaced is kept as ${r.previous}.` : 'Restored.');
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <GuardedDialog onClose={() => !busy && (done ? window.location.reload() : onClose())}>
      <DialogBody>
        <DialogTitle>Restore the backup of {when(b.createdAt)}?</DialogTitle>
        <DialogContent>
          {done ? (
            <MessageBar intent="success" role="status">
              <MessageBarBody>
                <MessageBarTitle>Restored</MessageBarTitle>
                {done}
              </MessageBarBody>
            </MessageBar>
          ) : (
            <Body1 as="p">
              Sunshine checks the backup first (its SHA-256, the database, the history chain and the stored files). Then every request, document,
              disclosure and tag goes back to how it was at that moment: changes made since are no longer shown. The database in use now is not deleted —
              it is kept beside the restored one. Your name and these backup settings stay as they are now. Stored files missing from this computer are
              copied back from the backup folder.
            </Body1>
          )}
          {!done && <Forgets backup={b.name} />}
          <ErrorBar title="Not restored" message={error} />
        </DialogContent>
        <DialogActions>
          {done ? (
            <Button appearance="primary" onClick={() => window.location.reload()}>
              Reload Sunshine
            </Button>
          ) : (
            <>
              <Button onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button appearance="primary" onClick={() => void restore()} disabled={busy}>
                {busy ? 'Checking and restoring…' : 'Restore'}
              </Button>
            </>
          )}
        </DialogActions>
      </DialogBody>
    </GuardedDialog>
  );
}

export function Backups({ onChanged }: { onChanged(): void }) {
  const s = useStyles();
  const { data: v, error: loadError, reload } = useCall('app.backups', {});
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BackupListing | null>(null);
  const refresh = () => {
    reload();
    onChanged();
  };
  async function backUpNow() {
    setBusy(true);
    setMade(null);
    try {
      const r = await call('app.backupNow', {});
      setMade(
        `Backed up as ${folderName(r.folder)}, with ${r.filesCopied.toLocaleString()} new stored file${r.filesCopied === 1 ? '' : 's'} (${megabytes(r.bytesCopied)})${r.removedOld.length ? `; ${r.removedOld.length} older removed` : ''}.` +
          (r.filesMissing ? ` ${r.filesMissing} stored file${r.filesMissing === 1 ? ' was' : 's were'} missing or changed and could not be backed up: run Verify.` : ''),
      );
      setError(null);
      refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  async function pickFolder() {
    try {
      if (await chooseBackupFolder?.()) refresh();
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <section className={s.section} aria-labelledby="backups-heading">
      <Subtitle1 as="h2" id="backups-heading">
        Backups
      </Subtitle1>
      <ErrorBar message={loadError} />
      {v?.notHere && <Body1>{v.notHere}</Body1>}
      {v && !v.notHere && (
        <>
          <Body1>
            Backups go to the folder <span className={s.mono}>{folderName(v.folder)}</span>
          </Body1>
          <Caption1>
            Each backup is a copy of the database, made while you work, and the stored files: each file is copied into the backup folder once, however
            many backups name it, and checked against its SHA-256. A restore checks every file and brings back any this computer lacks.
          </Caption1>
          {v.isDefaultFolder && (
            <MessageBar intent="warning">
              <MessageBarBody>
                This folder is on the same disk as the data: a failed or lost disk takes both. Choose a folder on another drive.
                {!chooseBackupFolder && (
                  <>
                    {' '}
                    In browser mode, set it with <span className={s.mono}>sunshine backups set --folder DIR</span>.
                  </>
                )}
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={s.row}>
            <Button appearance="primary" onClick={() => void backUpNow()} disabled={busy}>
              {busy ? 'Backing up…' : 'Back up now'}
            </Button>
            {chooseBackupFolder && <Button onClick={() => void pickFolder()}>Choose folder…</Button>}
          </div>
          {made && <Caption1 role="status">{made}</Caption1>}
          <ErrorBar title="Not backed up" message={error} />
          <Schedule v={v} onSaved={refresh} />
          <Caption1>
            {!v.scheduled
              ? // Only a team workspace has no scheduler here: every member's app would make the same backups.
                'Automatic backups are made of a workspace in a data folder. Back up this team workspace with Back up now, or schedule "sunshine backup" on one machine.'
              : v.nextDue
                ? `Next automatic backup: ${when(v.nextDue)} or soon after.`
                : 'Automatic backups are off.'}
            {v.lastScheduled && (v.lastScheduled.ok ? ` Last automatic backup: ${when(v.lastScheduled.at)}.` : '')}
          </Caption1>
          {v.lastScheduled && !v.lastScheduled.ok && (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>The automatic backup of {when(v.lastScheduled.at)} failed</MessageBarTitle>
                {v.lastScheduled.message}
              </MessageBarBody>
            </MessageBar>
          )}
          {v.otherWorkspaces > 0 && (
            <Caption1>
              {v.otherWorkspaces} backup{v.otherWorkspaces === 1 ? '' : 's'} of another data folder {v.otherWorkspaces === 1 ? 'is' : 'are'} in this folder too: not listed, counted
              or removed here.
            </Caption1>
          )}
          {v.backups.length === 0 ? (
            <Caption1>No backups of this workspace in this folder yet.</Caption1>
          ) : (
            <Table aria-label="Backups" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Made</TableHeaderCell>
                  <TableHeaderCell style={{ width: 110 }}>Database</TableHeaderCell>
                  <TableHeaderCell style={{ width: 130 }}>Stored files</TableHeaderCell>
                  <TableHeaderCell style={{ width: 120 }}>
                    <span className="visually-hidden">Actions</span>
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {v.backups.map((b) => (
                  <TableRow key={b.name}>
                    <TableCell>
                      {when(b.createdAt)} <Caption1>(Sunshine {b.appVersion})</Caption1>
                    </TableCell>
                    <TableCell>{megabytes(b.bytes)}</TableCell>
                    <TableCell>{b.vaultFiles.toLocaleString()}</TableCell>
                    <TableCell>
                      <Button size="small" onClick={() => setRestoring(b)} aria-label={`Restore the backup of ${when(b.createdAt)}`}>
                        Restore…
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
      {restoring && <RestoreDialog b={restoring} onClose={() => setRestoring(null)} />}
    </section>
  );
}
