import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  ProgressBar,
  Radio,
  RadioGroup,
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
import type { PickedFile, Progress, ProductionPlanOut, ProductionReportOut } from '../../../../core/api.ts';
import { UNREVIEWED_FAMILY, type UnreviewedFamily } from '../../../../core/shared/production-choices.ts';
import { ProductionPlan, openProblems, reasonKey, type LogEdit } from './ProductionPlan.tsx';
import { call, chooseProductionFolder } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';
import { folderName } from '../../format.ts';
import { DEFAULT_PADDING, NATIVE_BY_DEFAULT, type PageImageFormat } from '../../../../core/shared/production-options.ts';
import { DOCUMENT_KINDS } from '../../../../core/shared/search-query.ts';
import { isContainer, KIND_LABELS, type DocumentKind } from '../../../../core/shared/document-kinds.ts';

type NativeKind = DocumentKind;

const IMAGE_LABELS: Record<PageImageFormat, string> = { pdf: 'PDF, a page a file', tiff: 'Group 4 TIFF, a page a file' };

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  narrow: { width: '120px', minWidth: '120px' },
  path: { overflowWrap: 'anywhere' },
  planBar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap', marginTop: tokens.spacingVerticalM },
});

const FAMILY_CHOICES: Record<UnreviewedFamily, string> = {
  block: 'Stop: each needs a review or a reason',
  'slip-sheet': 'Slip-sheet them ("Withheld — not reviewed")',
  include: 'Include them whole',
};

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
  const [unreviewedFamily, setUnreviewedFamily] = useState<UnreviewedFamily>('block');
  const [secondReviewer, setSecondReviewer] = useState(false);
  const keychain = useCall('identity.keychain', {}).data;
  const [passphrase, setPassphrase] = useState('');
  const [useKeychain, setUseKeychain] = useState(false);
  const [plan, setPlan] = useState<ProductionPlanOut | null>(null);
  const [checking, setChecking] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [logEdits, setLogEdits] = useState<Record<number, LogEdit>>({});
  // A plan answers the form as it was: any change to what or how to produce asks for a new check before Produce.
  const formKey = JSON.stringify([tag, prefix, start, padding, natives, images, unreviewedFamily, secondReviewer, passphrase, useKeychain, logEdits, outFolder?.token]);
  const [plannedFor, setPlannedFor] = useState('');
  const productions = list.data?.productions ?? [];
  // The next free number for this prefix, as Sunshine counts it: past every production, those a restore forgot too.
  const nextFree = list.data?.nextNumbers[prefix.trim().toLowerCase()] ?? 1;

  /** What to produce and how, with the reasons typed for the plan's problems: the same for the check and for producing. */
  function spec() {
    const decisions = (plan?.documents ?? []).flatMap((d) =>
      d.problems.filter((p) => p.decidable && reasons[reasonKey(d.id, p.code)]?.trim()).map((p) => ({ document: d.id, problem: p.code, reason: reasons[reasonKey(d.id, p.code)]!.trim() })),
    );
    const logEntries = Object.entries(logEdits).map(([id, e]) => ({ document: Number(id), ...e }));
    return {
      tag,
      prefix: prefix.trim(),
      start: Number(start || nextFree),
      // Left empty: the prefix's own padding (8 for a new prefix).
      ...(padding.trim() ? { padding: Number(padding) } : {}),
      natives,
      images,
      recipient,
      unreviewedFamily,
      secondReviewer,
      decisions,
      logEntries,
      ...(useKeychain ? { useKeychain: true } : passphrase ? { passphrase } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(request.trim() ? { request: request.trim() } : {}),
      ...(outFolder ? { folderPick: outFolder.token } : {}),
    };
  }

  async function check() {
    setChecking(true);
    setError(null);
    setDone(null);
    try {
      // Reasons typed for problems this plan no longer has are dropped, not refused: the plan shows what still needs one.
      const checkedFor = formKey;
      setPlan(await call('productions.plan', { ...spec(), decisions: [] }));
      setPlannedFor(checkedFor);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setChecking(false);
    }
  }

  const stale = plan !== null && plannedFor !== formKey;
  const open = plan ? openProblems(plan, reasons) : null;


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
      const r = await call('productions.create', spec(), { onProgress: setProgress });
      setPlan(null);
      setReasons({});
      setLogEdits({});
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
            value={natives.map((k) => KIND_LABELS[k]).join(', ')}
            selectedOptions={natives}
            onOptionSelect={(_, d) => setNatives(d.selectedOptions as NativeKind[])}
          >
            {/* A mailbox or archive never goes as its file (its contents do): not offered. */}
            {DOCUMENT_KINDS.filter((k) => !isContainer(k)).map((k) => (
              <Option key={k} value={k}>
                {KIND_LABELS[k]}
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
        <Field label="Family members nobody reviewed">
          <RadioGroup value={unreviewedFamily} onChange={(_, d) => setUnreviewedFamily(d.value as UnreviewedFamily)}>
            {UNREVIEWED_FAMILY.map((c) => (
              <Radio key={c} value={c} label={FAMILY_CHOICES[c]} />
            ))}
          </RadioGroup>
        </Field>
        <Field label="Second review" hint="redacted documents wait for a reviewer who drew none of their boxes">
          <Checkbox label="Redactions need a second reviewer's approval" checked={secondReviewer} onChange={(_, d) => setSecondReviewer(Boolean(d.checked))} />
        </Field>
        {keychain?.passphraseSet && !useKeychain && (
          <Field label="Sources' passphrase" hint="Checks every document against the sealed sources; needed to record a reason about a source. Never shown.">
            <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="off" />
          </Field>
        )}
        {keychain?.passphraseSet && keychain.remembered && (
          <Checkbox label="Use the passphrase this computer's keychain remembers" checked={useKeychain} onChange={(_, d) => setUseKeychain(Boolean(d.checked))} />
        )}
        <Button type="button" onClick={() => void check()} disabled={checking || running || !tag || !prefix.trim()}>
          Check plan
        </Button>
        <Button type="submit" appearance="primary" disabled={running || !tag || !prefix.trim() || stale || open === null || open > 0}>
          Produce
        </Button>
      </SubmitForm>
      {(!plan || stale) && tag && prefix.trim() && !running && (
        <Caption1>{stale ? 'Changed since the plan was checked: check it again before producing.' : 'Check the plan first: Produce is enabled once nothing blocks without a reason.'}</Caption1>
      )}
      {plan && (
        <>
          <Body1 role="status" aria-label="Plan summary">
            {plan.documents.length} document{plan.documents.length === 1 ? '' : 's'}, {plan.firstBates}–{plan.lastBates}, {plan.pages} pages:{' '}
            {open ? `${open} blocking problem${open === 1 ? '' : 's'} without a reason.` : 'nothing blocks.'}
          </Body1>
          {plan.problems.map((p) => (
            <ErrorBar key={p.code + p.message} title="Blocks the production" message={p.message} />
          ))}
          {plan.warnings.map((w) => (
            <Caption1 key={w.message}>{w.message}</Caption1>
          ))}
          <ProductionPlan
            plan={plan}
            reasons={reasons}
            onReason={(k, v) => setReasons((r) => ({ ...r, [k]: v }))}
            logEdits={logEdits}
            onLogEdit={(id, e) => setLogEdits((l) => ({ ...l, [id]: e }))}
          />
        </>
      )}
      {running && (
        <Field label={progress?.message ?? 'Checking every document first'}>
          <ProgressBar value={progress?.total ? progress.done / progress.total : undefined} max={1} aria-label="Production progress" />
        </Field>
      )}
      <ErrorBar title="Nothing was produced" message={error ?? list.error} />
      {done && (
        <Body1 role="status">
          Produced {done.firstBates}–{done.lastBates}: {done.produced} document{done.produced === 1 ? '' : 's'}, {done.withheld} withheld,{' '}
          {done.notReviewed ? `${done.notReviewed} not reviewed (slip sheets), ` : ''}
          {done.pages} pages, in{' '}
          the folder <span className={s.path}>{folderName(done.folder)}</span>.{done.addedByFamily ? ` ${done.addedByFamily} joined as part of an email family.` : ''}
          {done.decisions.length ? ` ${done.decisions.length} reason${done.decisions.length === 1 ? '' : 's'} recorded for blocking problems.` : ''}
          {done.redactedPagesReadBack ? ` ${done.redactedPagesReadBack} redacted page${done.redactedPagesReadBack === 1 ? '' : 's'} read back: no word under a box is readable.` : ''}
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
