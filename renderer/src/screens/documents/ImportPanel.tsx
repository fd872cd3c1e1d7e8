import { useRef, useState, type DragEvent } from 'react';
import {
  Badge,
  Body1,
  Button,
  Field,
  Input,
  Link,
  ProgressBar,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular, DocumentAddRegular, ArrowUploadRegular } from '@fluentui/react-icons';
import type { DocumentImportReport, FileReport, Progress } from '../../../../core/api.ts';
import { linkTarget } from '../../../../core/shared/vocabulary.ts';
import { visibleText } from '../../../../core/shared/visible-text.ts';
import { kindLabel, NOT_READ, notReadText } from '../../../../core/shared/document-kinds.ts';
import { call, CallError, canUpload, choosePaths, upload } from '../../api/client.ts';
import { formatBytes } from '../../format.ts';
import { droppedLabel, fromDataTransfer, fromFileList, picks, type Dropped } from './dropped-files.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { hrefFor } from '../../routes.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  path: { overflowWrap: 'anywhere' },
  drop: {
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingVerticalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  dropActive: { border: `2px dashed ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2 },
  hidden: { display: 'none' },
  queued: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, maxHeight: '160px', overflowY: 'auto', overflowWrap: 'anywhere' },
});

const isFile = (d: Dropped): d is Extract<Dropped, { kind: 'file' }> => d.kind === 'file';
const isPicked = (d: Dropped): d is Extract<Dropped, { kind: 'picked' }> => d.kind === 'picked';

/** Let a drop land here (and not open the file in the window). */
export function acceptDrag(e: DragEvent): void {
  if (e.dataTransfer.types.includes('Files')) {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }
}

// A mailbox's messages are listed only when they failed or were already here; the rest are counted.
const flat = (list: FileReport[]): FileReport[] => list.flatMap((r) => [r, ...flat(r.attachments ?? []), ...flat(r.messages ?? [])]);
const notesOf = (r: FileReport) => (r.notes?.length ? ` — ${r.notes.join('; ')}` : '');

function outcome(r: FileReport): string {
  // The kind is named when it is one Sunshine knows (a spreadsheet before its reader), not for 'other' (its label says it all).
  if (r.status === 'added' && r.notRead) return r.type && r.type !== 'other' ? `${kindLabel(r.type)}, ${notReadText(r.notRead)}` : notReadText(r.notRead);
  if (r.status === 'added' && r.messageCount !== undefined) return `${kindLabel(r.type ?? 'other')}, ${r.messageCount} message${r.messageCount === 1 ? '' : 's'} read${notesOf(r)}`;
  if (r.status === 'added') return `${kindLabel(r.type ?? 'other')}, ${r.pages} page${r.pages === 1 ? '' : 's'}${r.ocrPages ? `, ${r.ocrPages} waiting for OCR` : ''}${notesOf(r)}`;
  if (r.status === 'duplicate') return `already stored as ${r.duplicateOf}`;
  return r.error ?? '';
}

export function ImportPanel({ onDone, dropped, dropError }: { onDone: () => void; dropped?: Dropped[]; dropError?: string }) {
  const s = useStyles();
  // Files dropped on the Documents screen open this panel with them.
  const [paths, setPaths] = useState('');
  const [picked, setPicked] = useState(() => (dropped ?? []).filter(isPicked));
  const [files, setFiles] = useState(() => (dropped ?? []).filter(isFile));
  const [over, setOver] = useState(false);
  const [request, setRequest] = useState('');
  const [source, setSource] = useState('');
  const filePicker = useRef<HTMLInputElement>(null);
  const folderPicker = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<DocumentImportReport | null>(null);
  const [error, setError] = useState<string | null>(dropError ?? null);
  const abort = useRef<AbortController | null>(null);

  function add(items: Dropped[]) {
    const chosen = items.filter(isPicked);
    if (chosen.length) setPicked((now) => [...now, ...chosen]);
    const more = items.filter(isFile);
    if (more.length) setFiles((now) => [...now, ...more]);
  }

  async function choose(what: 'files' | 'folder') {
    try {
      add(picks((await choosePaths?.(what)) ?? []));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function drop(e: DragEvent) {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    try {
      add(await fromDataTransfer(e.dataTransfer));
    } catch (err) {
      setError(`The dropped items could not be taken: ${(err as Error).message}`);
    }
  }

  async function run() {
    const list = paths.split('\n').map((p) => p.trim()).filter(Boolean);
    abort.current = new AbortController();
    const { signal } = abort.current;
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress(null);
    try {
      // Browser mode: send each file's bytes first; the import then reads them by id.
      const uploads: string[] = [];
      for (const [i, f] of files.entries()) {
        if (signal.aborted) throw new CallError({ code: 'CANCELLED', message: 'Import cancelled.' });
        setProgress({ done: i, total: files.length, message: `Sending ${f.name}` });
        uploads.push(await upload(f.file, f.name, f.file.lastModified));
      }
      const input = {
        paths: list,
        picked: picked.map((p) => p.token),
        uploads,
        ...(request.trim() ? linkTarget(request) : {}),
        ...(source.trim() ? { source: source.trim() } : {}),
      };
      setReport(await call('documents.import', input, { onProgress: setProgress, signal }));
      setFiles([]);
      setPicked([]);
      onDone();
    } catch (e) {
      // Picked files refused (used, expired) must be chosen again: their tokens are no good now.
      if (e instanceof CallError && e.code === 'FORBIDDEN') setPicked([]);
      setError(e instanceof CallError && e.code === 'CANCELLED' ? 'Import cancelled.' : (e as Error).message);
    } finally {
      setRunning(false);
    }
  }

  const notRead = report ? flat(report.files).filter((r) => r.status === 'added' && r.notRead).length : 0;
  return (
    <section className={s.panel} aria-labelledby="import-heading">
      <Subtitle1 as="h2" id="import-heading">
        Add documents
      </Subtitle1>
      {choosePaths && (
        <div className={s.row}>
          <Button icon={<DocumentAddRegular />} onClick={() => void choose('files')}>
            Choose files…
          </Button>
          <Button icon={<FolderOpenRegular />} onClick={() => void choose('folder')}>
            Choose a folder…
          </Button>
        </div>
      )}
      <div
        className={`${s.drop} ${over ? s.dropActive : ''}`}
        onDragOver={(e) => {
          acceptDrag(e);
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => void drop(e)}
        data-testid="drop-zone"
      >
        <Body1>Drop files or folders here{canUpload ? ', or:' : '.'}</Body1>
        {canUpload && (
          <div className={s.row}>
            <Button icon={<ArrowUploadRegular />} onClick={() => filePicker.current?.click()}>
              Pick files…
            </Button>
            <Button icon={<FolderOpenRegular />} onClick={() => folderPicker.current?.click()}>
              Pick a folder…
            </Button>
            <input
              ref={filePicker}
              className={s.hidden}
              type="file"
              multiple
              aria-label="Pick files"
              onChange={(e) => {
                if (e.target.files) add(fromFileList(e.target.files));
                e.target.value = '';
              }}
            />
            <input
              ref={(el) => {
                folderPicker.current = el;
                // Not in React's types: lets the picker take a whole folder.
                el?.setAttribute('webkitdirectory', '');
              }}
              className={s.hidden}
              type="file"
              aria-label="Pick a folder"
              onChange={(e) => {
                if (e.target.files) add(fromFileList(e.target.files));
                e.target.value = '';
              }}
            />
          </div>
        )}
        {picked.length > 0 && (
          <>
            <Body1 role="status">
              {picked.length} file{picked.length === 1 ? '' : 's'} or folder{picked.length === 1 ? '' : 's'} to import:
            </Body1>
            <ul className={s.queued} aria-label="Files to import">
              {picked.slice(0, 200).map((p) => (
                <li key={p.token}>{droppedLabel(p)}</li>
              ))}
              {picked.length > 200 && <li>… and {picked.length - 200} more</li>}
            </ul>
            <div>
              <Button size="small" disabled={running} onClick={() => setPicked([])}>
                Clear the chosen files
              </Button>
            </div>
          </>
        )}
        {files.length > 0 && (
          <>
            <Body1 role="status">
              {files.length} file{files.length === 1 ? '' : 's'} to send ({formatBytes(files.reduce((n, f) => n + f.file.size, 0))}):
            </Body1>
            <ul className={s.queued} aria-label="Files to send">
              {files.slice(0, 200).map((f, i) => (
                <li key={i}>{droppedLabel(f)}</li>
              ))}
              {files.length > 200 && <li>… and {files.length - 200} more</li>}
            </ul>
            <div>
              <Button size="small" disabled={running} onClick={() => setFiles([])}>
                Clear the list
              </Button>
            </div>
          </>
        )}
      </div>
      {/* The desktop app takes files only from its own dialog and drops; browser mode also takes typed paths. */}
      {!choosePaths && (
        <Field
          label="Files or folders on this computer, one per line"
          hint="Full paths under your home folder (or the folders browser mode was started with, --import-from). Folders are read with everything inside them except hidden files."
        >
          <Textarea value={paths} onChange={(_, d) => setPaths(d.value)} resize="vertical" placeholder="/home/me/Productions/ICE-2026-11" />
        </Field>
      )}
      <div className={s.row}>
        <Field label="Link to a request or disclosure (optional)">
          <Input value={request} onChange={(_, d) => setRequest(d.value)} placeholder="REQ-2026-0042 or DIS-2026-0007" />
        </Field>
        <Field label="Source (optional)" hint="Who sent them; defaults to the request's agency.">
          <Input value={source} onChange={(_, d) => setSource(d.value)} placeholder="ICE, 2nd interim release" />
        </Field>
        <Button appearance="primary" disabled={running || (!paths.trim() && files.length === 0 && picked.length === 0)} onClick={() => void run()}>
          Import
        </Button>
        {running && <Button onClick={() => abort.current?.abort()}>Cancel</Button>}
      </div>
      {running && (
        <Field label={progress?.message ?? 'Starting'} hint={progress?.total ? `${progress.done} of ${progress.total} files` : undefined}>
          <ProgressBar value={progress?.total ? progress.done / progress.total : undefined} max={1} aria-label="Import progress" />
        </Field>
      )}
      <ErrorBar title="Import stopped" message={error} />
      {report && (
        <>
          <div role="status">
            {report.added} added{notRead ? ` (${notRead} ${NOT_READ})` : ''}, {report.duplicates} already stored, {report.failed} failed, {report.pages} pages{report.cancelled ? ' (cancelled before the end)' : ''}.
          </div>
          <Table aria-label="Import report" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: 110 }}>Result</TableHeaderCell>
                <TableHeaderCell>File</TableHeaderCell>
                <TableHeaderCell>Details</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {flat(report.files).map((r, i) => (
                <TableRow key={i}>
                  <TableCell>
                    {r.status === 'added' && r.notRead ? (
                      <Badge appearance="tint" color="warning">
                        {NOT_READ}
                      </Badge>
                    ) : (
                      <Badge appearance="tint" color={r.status === 'added' ? 'success' : r.status === 'duplicate' ? 'informative' : r.status === 'skipped' ? 'warning' : 'danger'}>
                        {r.status}
                      </Badge>
                    )}
                  </TableCell>
                  {/* The name as received may hide its real ending behind a bidirectional override: shown as the document list shows names. */}
                  <TableCell className={s.path}>{r.documentId ? <Link href={hrefFor('documents', String(r.documentId))}>{visibleText(r.path)}</Link> : visibleText(r.path)}</TableCell>
                  <TableCell>{outcome(r)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
