import { useRef, useState } from 'react';
import {
  Badge,
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
import { FolderOpenRegular, DocumentAddRegular } from '@fluentui/react-icons';
import type { DocumentImportReport, FileReport, Progress } from '../../../../core/api.ts';
import { call, CallError, choosePaths } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { hrefFor } from '../../routes.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  path: { overflowWrap: 'anywhere' },
});

const flat = (list: FileReport[]): FileReport[] => list.flatMap((r) => [r, ...flat(r.attachments ?? [])]);

function outcome(r: FileReport): string {
  if (r.status === 'added') return `${r.type}, ${r.pages} page${r.pages === 1 ? '' : 's'}${r.ocrPages ? `, ${r.ocrPages} waiting for OCR` : ''}${r.notes?.length ? ` — ${r.notes.join('; ')}` : ''}`;
  if (r.status === 'duplicate') return `already stored as ${r.duplicateOf}`;
  return r.error ?? '';
}

export function ImportPanel({ onDone }: { onDone: () => void }) {
  const s = useStyles();
  const [paths, setPaths] = useState('');
  const [request, setRequest] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<DocumentImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function choose(what: 'files' | 'folder') {
    const picked = (await choosePaths?.(what)) ?? [];
    if (picked.length) setPaths([paths.trim(), ...picked].filter(Boolean).join('\n'));
  }

  async function run() {
    const list = paths.split('\n').map((p) => p.trim()).filter(Boolean);
    abort.current = new AbortController();
    setRunning(true);
    setReport(null);
    setError(null);
    setProgress(null);
    try {
      setReport(await call('documents.import', { paths: list, ...(request.trim() ? { request: request.trim() } : {}) }, { onProgress: setProgress, signal: abort.current.signal }));
      onDone();
    } catch (e) {
      setError(e instanceof CallError && e.code === 'CANCELLED' ? 'Import cancelled.' : (e as Error).message);
    } finally {
      setRunning(false);
    }
  }

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
      <Field label="Files or folders on this computer, one per line" hint="Folders are read with everything inside them.">
        <Textarea value={paths} onChange={(_, d) => setPaths(d.value)} resize="vertical" placeholder="/home/me/Productions/ICE-2026-11" />
      </Field>
      <div className={s.row}>
        <Field label="Link to request (optional)">
          <Input value={request} onChange={(_, d) => setRequest(d.value)} placeholder="REQ-2026-0042" />
        </Field>
        <Button appearance="primary" disabled={running || !paths.trim()} onClick={() => void run()}>
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
            {report.added} added, {report.duplicates} already stored, {report.failed} failed, {report.pages} pages{report.cancelled ? ' (cancelled before the end)' : ''}.
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
                    <Badge appearance="tint" color={r.status === 'added' ? 'success' : r.status === 'duplicate' ? 'informative' : r.status === 'skipped' ? 'warning' : 'danger'}>
                      {r.status}
                    </Badge>
                  </TableCell>
                  <TableCell className={s.path}>{r.documentId ? <Link href={hrefFor('documents', String(r.documentId))}>{r.path}</Link> : r.path}</TableCell>
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
