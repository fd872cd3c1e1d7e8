import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  Input,
  Option,
  ProgressBar,
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
import type { PickedFile, Progress, ProductionReportOut } from '../../../../core/api.ts';
import { call, chooseProductionFolder } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';
import { folderName } from '../../format.ts';
import { DEFAULT_PADDING, NATIVE_BY_DEFAULT, type PageImageFormat } from '../../../../core/shared/production-options.ts';
import { DOCUMENT_KINDS } from '../../../../core/shared/search-query.ts';

type NativeKind = (typeof DOCUMENT_KINDS)[number];

const IMAGE_LABELS: Record<PageImageFormat, string> = { pdf: 'PDF, a page a file', tiff: 'Group 4 TIFF, a page a file' };

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  narrow: { width: '120px', minWidth: '120px' },
  path: { overflowWrap: 'anywhere' },
});

/**
 * Productions: make one from a tag (Bates prefix, start, padding; privileged
 * documents withheld, redactions burned in) and see those made before. From
 * the window they are written under the data folder's productions/, or, in the
 * desktop app, into a folder chosen in the system's dialog (shown by its name only).
 */
export function Productions() {
  const s = useStyles();
  const tags = useCall('tags.list', {});
  const list = useCall('productions.list', {});
  const [tag, setTag] = useState('');
  const [prefix, setPrefix] = useState('');
  const [start, setStart] = useState('');
  const [padding, setPadding] = useState('');
  const [name, setName] = useState('');
  // The desktop app's dialog: a single-use token for the folder and its name; the path stays in the main process.
  const [outFolder, setOutFolder] = useState<PickedFile | null>(null);
  const [request, setRequest] = useState('');
  const [recipient, setRecipient] = useState('');
  const [natives, setNatives] = useState<NativeKind[]>([...NATIVE_BY_DEFAULT]);
  const [images, setImages] = useState<PageImageFormat>('pdf');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<ProductionReportOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const productions = list.data?.productions ?? [];
  // The next free number for this prefix, as Sunshine counts it: past every production, those a restore forgot too.
  const nextFree = list.data?.nextNumbers[prefix.trim().toLowerCase()] ?? 1;

  async function chooseFolder() {
    setError(null);
    try {
      const chosen = await chooseProductionFolder!();
      if (chosen) setOutFolder(chosen);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function submit() {
    setRunning(true);
    setError(null);
    setDone(null);
    try {
      const r = await call(
        'productions.create',
        {
          tag,
          prefix: prefix.trim(),
          start: Number(start || nextFree),
          // Left empty: the prefix's own padding (8 for a new prefix).
          ...(padding.trim() ? { padding: Number(padding) } : {}),
          natives,
          images,
          recipient,
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(request.trim() ? { request: request.trim() } : {}),
          ...(outFolder ? { folderPick: outFolder.token } : {}),
        },
        { onProgress: setProgress },
      );
      setDone(r);
      // Its token is used up; a refused production keeps it for another try.
      setOutFolder(null);
      list.reload();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setRunning(false);
    }
  }

  return (
    <>
      <Subtitle1 as="h2">Productions</Subtitle1>
      <SubmitForm onSubmit={submit} className={s.form}  aria-label="New production">
        <Field label="Documents tagged" required>
          <Dropdown placeholder="Choose a tag" value={tag} selectedOptions={[tag]} onOptionSelect={(_, d) => setTag(d.optionValue ?? '')}>
            {(tags.data?.tags ?? []).map((t) => (
              <Option key={t.id} value={t.path}>
                {`${t.path} (${t.count})`}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Bates prefix" required hint={limitHint(prefix, FIELD_LIMITS.production.batesPrefix)}>
          <Input className={s.narrow} value={prefix} onChange={(_, d) => setPrefix(d.value)} placeholder="HSGAC-" />
        </Field>
        <Field label="First number" hint={prefix.trim() ? `next free: ${nextFree}` : undefined}>
          <Input className={s.narrow} type="number" min={1} value={start} onChange={(_, d) => setStart(d.value)} placeholder={String(nextFree)} />
        </Field>
        <Field label="Digits" hint="empty: as before for this prefix">
          <Input className={s.narrow} type="number" min={1} max={12} value={padding} onChange={(_, d) => setPadding(d.value)} placeholder={String(DEFAULT_PADDING)} />
        </Field>
        <Field label="Name" hint={limitHint(name, FIELD_LIMITS.production.name)}>
          <Input value={name} onChange={(_, d) => setName(d.value)} placeholder="HSGAC volume 1" />
        </Field>
        {chooseProductionFolder && (
          <Field label="Folder" hint={outFolder ? `into "${outFolder.name}"` : "none chosen: the data folder's productions/"}>
            <Button onClick={() => void chooseFolder()}>Choose folder…</Button>
          </Field>
        )}
        <Field label="For request">
          <Input className={s.narrow} value={request} onChange={(_, d) => setRequest(d.value)} placeholder="REQ-2026-0042" />
        </Field>
        <Field label="Recipient" hint={limitHint(recipient, FIELD_LIMITS.production.recipient)}>
          <Input value={recipient} onChange={(_, d) => setRecipient(d.value)} placeholder="Senate HSGAC" />
        </Field>
        <Field label="Sent as natives" hint="behind a slip sheet; the rest go as page images">
          <Dropdown
            multiselect
            placeholder="None: all as page images"
            value={natives.join(', ')}
            selectedOptions={natives}
            onOptionSelect={(_, d) => setNatives(d.selectedOptions as NativeKind[])}
          >
            {DOCUMENT_KINDS.map((k) => (
              <Option key={k} value={k}>
                {k}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Page images">
          <Dropdown value={IMAGE_LABELS[images]} selectedOptions={[images]} onOptionSelect={(_, d) => setImages((d.optionValue as PageImageFormat | undefined) ?? 'pdf')}>
            {(Object.keys(IMAGE_LABELS) as PageImageFormat[]).map((f) => (
              <Option key={f} value={f}>
                {IMAGE_LABELS[f]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Button type="submit" appearance="primary" disabled={running || !tag || !prefix.trim()}>
          Produce
        </Button>
      </SubmitForm>
      {running && (
        <Field label={progress?.message ?? 'Checking every document first'}>
          <ProgressBar value={progress?.total ? progress.done / progress.total : undefined} max={1} aria-label="Production progress" />
        </Field>
      )}
      <ErrorBar title="Nothing was produced" message={error ?? list.error} />
      {done && (
        <Body1 role="status">
          Produced {done.firstBates}–{done.lastBates}: {done.produced} document{done.produced === 1 ? '' : 's'}, {done.withheld} withheld, {done.pages} pages, in{' '}
          the folder <span className={s.path}>{folderName(done.folder)}</span>.{done.addedByFamily ? ` ${done.addedByFamily} joined as part of an email family.` : ''}
        </Body1>
      )}
      {list.data && productions.length === 0 && <Caption1>None yet.</Caption1>}
      {productions.length > 0 && (
        <Table aria-label="Productions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Bates range</TableHeaderCell>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Request, recipient</TableHeaderCell>
              <TableHeaderCell style={{ width: 140 }}>Documents, pages</TableHeaderCell>
              <TableHeaderCell>Folder</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {productions.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  {p.firstBates}–{p.lastBates}
                </TableCell>
                <TableCell>
                  {p.name}
                  <Caption1> ({new Date(p.producedAt).toLocaleDateString()})</Caption1>
                </TableCell>
                <TableCell>{[p.request, p.recipient].filter(Boolean).join(', ')}</TableCell>
                <TableCell>
                  {p.documents}, {p.pages}
                </TableCell>
                <TableCell className={s.path}>{folderName(p.folder)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
