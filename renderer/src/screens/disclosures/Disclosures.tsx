import { useState, type FormEvent } from 'react';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, LockClosedRegular } from '@fluentui/react-icons';
import type { DisclosureOut, IdentityOut } from '../../../../core/api.ts';
import { ALLEGATIONS, CONSENT_LEVELS, DISCLOSURE_CHANNELS, SOURCE_RELATIONS } from '../../../../core/shared/vocabulary.ts';
import { Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useFormStyles } from '../../components/form-styles.ts';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { useSettings } from '../../settings-context.tsx';
import { HistoryCard } from '../../components/HistoryCard.tsx';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  sealed: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const words = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

function NewDisclosureDialog({ onClose }: { onClose(): void }) {
  const f = useFormStyles();
  const [received, setReceived] = useState(new Date().toISOString().slice(0, 10));
  const [channel, setChannel] = useState<(typeof DISCLOSURE_CHANNELS)[number]>('email');
  const [summary, setSummary] = useState('');
  const [agencies, setAgencies] = useState('');
  const [allegations, setAllegations] = useState<string[]>([]);
  const [retaliation, setRetaliation] = useState('');
  const [classified, setClassified] = useState(false);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [relation, setRelation] = useState<(typeof SOURCE_RELATIONS)[number]>('employee');
  const [consent, setConsent] = useState<(typeof CONSENT_LEVELS)[number]>('confidential');
  const [mayShare, setMayShare] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const d = await call('disclosures.create', {
        received,
        channel,
        summary,
        agencies: agencies
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        allegations: allegations as (typeof ALLEGATIONS)[number][],
        retaliation: retaliation.trim() !== '',
        personnelAction: retaliation.trim(),
        classified,
        ...(name.trim() ? { identity: { name, contact, relation, consent, mayShare }, passphrase } : {}),
      });
      onClose();
      navigate('disclosures', d.reference);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      // The passphrase is not kept in the page once used.
      setPassphrase('');
    }
  }

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface style={{ maxWidth: '760px' }}>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>New disclosure</DialogTitle>
            <DialogContent className={f.form}>
              <Field label="Received" required>
                <Input type="date" value={received} onChange={(_, d) => setReceived(d.value)} />
              </Field>
              <Field label="Channel" required>
                <Dropdown value={words(channel)} selectedOptions={[channel]} onOptionSelect={(_, d) => d.optionValue && setChannel(d.optionValue as typeof channel)}>
                  {DISCLOSURE_CHANNELS.map((c) => (
                    <Option key={c} value={c}>
                      {words(c)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Summary" required className={f.wide}>
                <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} resize="vertical" />
              </Field>
              <Field label="Agencies concerned" hint="Abbreviations, separated by commas: ORR, ICE" className={f.wide}>
                <Input value={agencies} onChange={(_, d) => setAgencies(d.value)} />
              </Field>
              <fieldset className={f.wide} style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend>
                  <Body1>Allegations</Body1>
                </legend>
                <div className={f.checks}>
                  {ALLEGATIONS.map((a) => (
                    <Checkbox
                      key={a}
                      label={words(a)}
                      checked={allegations.includes(a)}
                      onChange={(_, d) => setAllegations(d.checked ? [...allegations, a] : allegations.filter((x) => x !== a))}
                    />
                  ))}
                </div>
              </fieldset>
              <Field label="Retaliation alleged: the personnel action" hint="Leave empty if none">
                <Input value={retaliation} onChange={(_, d) => setRetaliation(d.value)} />
              </Field>
              <Checkbox label="Involves classified material" checked={classified} onChange={(_, d) => setClassified(Boolean(d.checked))} />
              <Subtitle1 as="h3" className={f.wide}>
                The source (sealed)
              </Subtitle1>
              <Caption1 className={f.wide}>
                Kept only in encrypted form, shown everywhere by a pseudonym. Opening it later asks for the passphrase and is written to the history.
              </Caption1>
              <Field label="Name">
                <Input value={name} onChange={(_, d) => setName(d.value)} autoComplete="off" />
              </Field>
              <Field label="Contact details">
                <Input value={contact} onChange={(_, d) => setContact(d.value)} autoComplete="off" />
              </Field>
              <Field label="Relation to the agency">
                <Dropdown value={words(relation)} selectedOptions={[relation]} onOptionSelect={(_, d) => d.optionValue && setRelation(d.optionValue as typeof relation)}>
                  {SOURCE_RELATIONS.map((r) => (
                    <Option key={r} value={r}>
                      {words(r)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Consent">
                <Dropdown value={words(consent)} selectedOptions={[consent]} onOptionSelect={(_, d) => d.optionValue && setConsent(d.optionValue as typeof consent)}>
                  {CONSENT_LEVELS.map((c) => (
                    <Option key={c} value={c}>
                      {words(c)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="What may be shared" className={f.wide}>
                <Input value={mayShare} onChange={(_, d) => setMayShare(d.value)} autoComplete="off" />
              </Field>
              {name.trim() && (
                <Field label="Passphrase for protected sources" hint="At least 12 characters; the first one sets it for this workspace." required className={f.wide}>
                  <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="off" />
                </Field>
              )}
              <ErrorBar title="Not saved" message={error} />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={busy || !summary.trim()}>
                Take in
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Opening a sealed identity: who is looking is named, the passphrase is asked for, and it goes into the history. */
function RevealDialog({ d, onClose }: { d: DisclosureOut; onClose(): void }) {
  const { settings } = useSettings();
  const [passphrase, setPassphrase] = useState('');
  const [purpose, setPurpose] = useState('');
  const [identity, setIdentity] = useState<IdentityOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function reveal(e: FormEvent) {
    e.preventDefault();
    try {
      setIdentity(await call('disclosures.reveal', { reference: d.reference, passphrase, purpose }));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
    }
  }
  return (
    <Dialog open onOpenChange={(_, v) => !v.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void reveal(e)}>
          <DialogBody>
            <DialogTitle>Open the source of {d.reference}?</DialogTitle>
            <DialogContent>
              {identity ? (
                <dl aria-label="Source identity">
                  <dt>Name</dt>
                  <dd>{identity.name}</dd>
                  <dt>Contact</dt>
                  <dd>{identity.contact || '—'}</dd>
                  <dt>Relation</dt>
                  <dd>{words(identity.relation)}</dd>
                  <dt>Consent</dt>
                  <dd>
                    {words(identity.consent)}
                    {identity.mayShare ? ` — may share: ${identity.mayShare}` : ''}
                  </dd>
                </dl>
              ) : (
                <>
                  <Body1 as="p">
                    You are opening this as <strong>{settings?.userName ?? 'you'}</strong>. The history will record who opened it, when and why — whether the
                    passphrase is right or not. Do not copy the identity anywhere.
                  </Body1>
                  <Field label="Why" hint="For example: referral to OSC with consent">
                    <Input value={purpose} onChange={(_, v) => setPurpose(v.value)} />
                  </Field>
                  <Field label="Passphrase" required>
                    <Input type="password" value={passphrase} onChange={(_, v) => setPassphrase(v.value)} autoComplete="off" />
                  </Field>
                  <ErrorBar title="Not opened" message={error} />
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{identity ? 'Close and hide' : 'Cancel'}</Button>
              {!identity && (
                <Button type="submit" appearance="primary" disabled={!passphrase}>
                  Open
                </Button>
              )}
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function DisclosureView({ reference }: { reference: string }) {
  const s = useStyles();
  const { data: d, error } = useCall('disclosures.get', { reference });
  const [revealing, setRevealing] = useState(false);
  // Read again after an opening attempt, which the history records.
  const [historyKey, setHistoryKey] = useState(0);
  if (error) {
    return (
      <Page title="Disclosure not found">
        <ErrorBar message={error} />
        <Link href={hrefFor('disclosures')}>All disclosures</Link>
      </Page>
    );
  }
  if (!d) return <Page title={reference} intro="Loading…" />;
  const facts: [string, string][] = [
    ['Received', `${d.receivedOn} by ${words(d.channel)}`],
    ['Status', words(d.status)],
    ['Agencies', d.agencies.map((a) => `${a.abbreviation} (${a.name})`).join('; ') || '—'],
    ['Allegations', d.allegations.map(words).join('; ') || '—'],
    ['Retaliation', d.retaliation ? d.personnelAction || 'alleged' : 'not alleged'],
    ['Classified material', d.classified ? 'yes' : 'no'],
    ['Summary', d.summary],
  ];
  return (
    <Page title={`${d.reference} · ${d.pseudonym}`}>
      <Link href={hrefFor('disclosures')}>All disclosures</Link>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">The disclosure</Subtitle1>} />
        <dl className={s.facts}>
          {facts.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt className={s.dt}>{k}</dt>
              <dd className={s.dd}>{v}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">The source</Subtitle1>} />
        <div className={s.sealed}>
          <LockClosedRegular aria-hidden />
          <Body1>{d.sourceOnFile ? `${d.pseudonym}: identity sealed.` : `${d.pseudonym}: no identity on file.`}</Body1>
          {d.sourceOnFile && <Button onClick={() => setRevealing(true)}>Open the identity…</Button>}
        </div>
      </Card>
      {revealing && (
        <RevealDialog
          d={d}
          onClose={() => {
            setRevealing(false);
            setHistoryKey((k) => k + 1);
          }}
        />
      )}
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Documents</Subtitle1>} />
        {d.documents.length === 0 && <Caption1>None yet: add them on the Documents screen or with sunshine import --disclosure {d.reference}.</Caption1>}
        {d.documents.map((x) => (
          <Link key={x.id} href={hrefFor('documents', String(x.id))}>
            {x.name}
          </Link>
        ))}
      </Card>
      <HistoryCard key={historyKey} entity="disclosure" entityId={d.reference} />
    </Page>
  );
}

function DisclosureList() {
  const { data, error } = useCall('disclosures.list', {});
  const [adding, setAdding] = useState(false);
  return (
    <Page title="Disclosures" intro="Whistleblower disclosures. Sources are shown by pseudonym; their identity stays sealed.">
      <Toolbar aria-label="Disclosure actions">
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
          New disclosure
        </Button>
      </Toolbar>
      {adding && <NewDisclosureDialog onClose={() => setAdding(false)} />}
      <ErrorBar message={error} />
      {data && data.disclosures.length === 0 && <EmptyState title="No disclosures yet">Disclosures you take in will be listed here, by pseudonym.</EmptyState>}
      {data && data.disclosures.length > 0 && (
        <Table aria-label="Disclosures" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 140 }}>Reference</TableHeaderCell>
              <TableHeaderCell style={{ width: 110 }}>Received</TableHeaderCell>
              <TableHeaderCell style={{ width: 130 }}>Status</TableHeaderCell>
              <TableHeaderCell style={{ width: 200 }}>Source</TableHeaderCell>
              <TableHeaderCell>Summary</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.disclosures.map((d) => (
              <TableRow key={d.reference}>
                <TableCell>
                  <Link href={hrefFor('disclosures', d.reference)}>{d.reference}</Link>
                </TableCell>
                <TableCell>{d.receivedOn}</TableCell>
                <TableCell>
                  <Badge appearance="tint">{words(d.status)}</Badge>
                </TableCell>
                <TableCell>{d.pseudonym}</TableCell>
                <TableCell>{d.summary.slice(0, 140)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Page>
  );
}

/** #/disclosures lists them; #/disclosures/DIS-2026-0007 shows one. */
export function Disclosures({ param }: { param?: string; query: URLSearchParams }) {
  return param ? <DisclosureView reference={param} /> : <DisclosureList />;
}
