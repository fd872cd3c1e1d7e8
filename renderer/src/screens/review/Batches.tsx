/**
 * The Review screen's batches: one's own (with "Start reviewing" for the next document of them),
 * the form counsel splits a search, saved search or tag into batches with, every batch with its
 * reviewer and progress, and totals per reviewer.
 */
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
import type { BatchOut, PersonOut, SavedSearchOut, TagOut } from '../../../../core/api.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { navigate } from '../../routes.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  reviewers: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  mine: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: '140px' },
});

type From = 'search' | 'saved' | 'tag';

const person = (p: PersonOut) => (p.displayName && p.displayName !== p.login ? `${p.displayName} (${p.login})` : p.login);

function Progress({ done, total, label }: { done: number; total: number; label: string }) {
  const s = useStyles();
  return (
    <div className={s.progress}>
      <ProgressBar value={total === 0 ? 0 : done / total} aria-label={label} thickness="large" />
      <Caption1>
        {done.toLocaleString()} / {total.toLocaleString()} coded
      </Caption1>
    </div>
  );
}


function MakeBatchesForm({ eligible, tags, searches, onDone }: { eligible: PersonOut[]; tags: TagOut[]; searches: SavedSearchOut[]; onDone(msg: string): void }) {
  const s = useStyles();
  const [name, setName] = useState('');
  const [from, setFrom] = useState<From>('search');
  const [words, setWords] = useState('');
  const [saved, setSaved] = useState<string>('');
  const [tag, setTag] = useState('');
  const [size, setSize] = useState('50');
  const [reviewers, setReviewers] = useState<string[]>(eligible.length === 1 ? [eligible[0]!.login] : []);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    const n = Number(size);
    if (!Number.isInteger(n) || n < 1) return setError('Batch size: give a whole number of documents, 1 or more.');
    if (from === 'saved' && !saved) return setError('Saved search: pick one.');
    if (from === 'tag' && !tag) return setError('Tag: pick one.');
    try {
      const source = from === 'search' ? { search: words.trim() ? { query: words.trim() } : {} } : from === 'saved' ? { savedSearch: Number(saved) } : { tag };
      const r = await call('review.makeBatches', { from: source, size: n, reviewers, name });
      setError(null);
      setName('');
      onDone(`Made ${r.batches.length} batch${r.batches.length === 1 ? '' : 'es'} of ${r.documents.toLocaleString()} documents.`);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <SubmitForm className={s.form} onSubmit={submit} aria-label="Make review batches">
      <Field label="Batch name" required>
        <Input value={name} onChange={(_, d) => setName(d.value)} placeholder="First pass" />
      </Field>
      <Field label="Made from">
        <RadioGroup layout="horizontal" value={from} onChange={(_, d) => setFrom(d.value as From)}>
          <Radio value="search" label="Search" />
          <Radio value="saved" label="Saved search" disabled={searches.length === 0} />
          <Radio value="tag" label="Tag" disabled={tags.length === 0} />
        </RadioGroup>
      </Field>
      {from === 'search' && (
        <Field label="Search words" hint="Empty: every document.">
          <Input value={words} onChange={(_, d) => setWords(d.value)} placeholder="pipeline AND grant" />
        </Field>
      )}
      {from === 'saved' && (
        <Field label="Saved search">
          <Dropdown value={searches.find((x) => String(x.id) === saved)?.name ?? ''} selectedOptions={[saved]} onOptionSelect={(_, d) => setSaved(d.optionValue ?? '')} placeholder="Pick a saved search">
            {searches.map((x) => (
              <Option key={x.id} value={String(x.id)}>
                {x.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {from === 'tag' && (
        <Field label="Tag">
          <Dropdown value={tag} selectedOptions={[tag]} onOptionSelect={(_, d) => setTag(d.optionValue ?? '')} placeholder="Pick a tag">
            {tags.map((t) => (
              <Option key={t.id} value={t.path}>
                {t.path}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <Field label="Batch size" hint="Documents a batch, about: an email stays with its attachments.">
        <Input type="number" min={1} value={size} onChange={(_, d) => setSize(d.value)} style={{ width: 110 }} />
      </Field>
      <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend>
          <Body1>Reviewers (batches go to them in turn)</Body1>
        </legend>
        <div className={s.reviewers}>
          {eligible.length === 0 && <Caption1>Nobody may code documents yet: an admin grants the reviewer role in Settings → Team.</Caption1>}
          {eligible.map((p) => (
            <Checkbox
              key={p.login}
              label={person(p)}
              checked={reviewers.includes(p.login)}
              onChange={(_, d) => setReviewers(d.checked ? [...reviewers, p.login] : reviewers.filter((r) => r !== p.login))}
            />
          ))}
        </div>
      </fieldset>
      <SubmitButton label="Make batches" busyLabel="Making batches…" />
      <ErrorBar title="No batches were made" message={error} />
    </SubmitForm>
  );
}

function BatchRow({ b, eligible, onChanged, onError }: { b: BatchOut; eligible: PersonOut[]; onChanged(): void; onError(m: string): void }) {
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<unknown>) {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
      onChanged();
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <TableRow>
      <TableCell>
        {b.name}
        <br />
        <Caption1>{b.source}</Caption1>
      </TableCell>
      <TableCell>
        <Dropdown
          size="small"
          aria-label={`Reviewer of ${b.name}`}
          disabled={busy}
          value={person(b.reviewer)}
          selectedOptions={[b.reviewer.login]}
          onOptionSelect={(_, d) => d.optionValue && d.optionValue !== b.reviewer.login && void run(() => call('review.reassignBatch', { id: b.id, reviewer: d.optionValue! }))}
        >
          {eligible.map((p) => (
            <Option key={p.login} value={p.login} text={person(p)}>
              {person(p)}
            </Option>
          ))}
        </Dropdown>
      </TableCell>
      <TableCell>
        <Progress done={b.done} total={b.total} label={`Progress of ${b.name}`} />
      </TableCell>
      <TableCell>
        <Button
          size="small"
          appearance="subtle"
          disabled={busy}
          aria-label={`Delete batch ${b.name}`}
          onClick={() => window.confirm(`Delete the batch ${b.name}? Its documents and their coding stay.`) && void run(() => call('review.deleteBatch', { id: b.id }))}
        >
          Delete
        </Button>
      </TableCell>
    </TableRow>
  );
}

export function Batches({ tags, searches }: { tags: TagOut[]; searches: SavedSearchOut[] }) {
  const s = useStyles();
  const all = useCall('review.batches', {});
  const mine = useCall('review.myBatch', {});
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const reload = () => {
    all.reload();
    mine.reload();
  };
  const next = mine.data?.next;
  return (
    <section className={s.section} aria-labelledby="batches-heading">
      <Subtitle1 as="h2" id="batches-heading">
        Batches
      </Subtitle1>
      <ErrorBar message={error ?? all.error ?? mine.error} />
      <Subtitle2 as="h3">My batches</Subtitle2>
      <div className={s.mine}>
        {mine.data && mine.data.batches.length === 0 && <Caption1>No batches are assigned to you.</Caption1>}
        {mine.data && mine.data.batches.length > 0 && (
          <>
            <Body1 role="status" aria-label="My batch progress">
              {mine.data.batches.reduce((n, b) => n + b.done, 0).toLocaleString()} of {mine.data.batches.reduce((n, b) => n + b.total, 0).toLocaleString()} documents coded in {mine.data.batches.length} batch
              {mine.data.batches.length === 1 ? '' : 'es'}
              {next?.document ? ` — next: ${next.document.name} (${next.document.batchName})` : next && next.leasedByOthers > 0 ? ' — the rest are being coded by colleagues just now' : ' — all coded'}
            </Body1>
            <Button appearance="primary" disabled={!next?.document} onClick={() => navigate('review', undefined, { batch: 'mine' })}>
              Start reviewing my batch
            </Button>
          </>
        )}
      </div>
      <Subtitle2 as="h3">Make batches</Subtitle2>
      {all.data && (
        <MakeBatchesForm
          eligible={all.data.eligible}
          tags={tags}
          searches={searches}
          onDone={(m) => {
            setNote(m);
            reload();
          }}
        />
      )}
      {note && <Caption1 role="status">{note}</Caption1>}
      {all.data && all.data.batches.length > 0 && (
        <>
          <Table aria-label="Review batches" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: 260 }}>Reviewer</TableHeaderCell>
                <TableHeaderCell style={{ width: 180 }}>Progress</TableHeaderCell>
                <TableHeaderCell style={{ width: 100 }}>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {all.data.batches.map((b) => (
                <BatchRow key={b.id} b={b} eligible={all.data!.eligible} onChanged={reload} onError={setError} />
              ))}
            </TableBody>
          </Table>
          <Table aria-label="Progress per reviewer" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Reviewer</TableHeaderCell>
                <TableHeaderCell style={{ width: 100 }}>Batches</TableHeaderCell>
                <TableHeaderCell style={{ width: 180 }}>Progress</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {all.data.reviewers.map((r) => (
                <TableRow key={r.login}>
                  <TableCell>{person(r)}</TableCell>
                  <TableCell>{r.batches}</TableCell>
                  <TableCell>
                    <Progress done={r.done} total={r.total} label={`Progress of ${person(r)}`} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
