import { useEffect, useRef, useState } from 'react';
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Option,
  Field,
  Input,
  Link,
  Subtitle1,
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
import { AddRegular, LockClosedRegular } from '@fluentui/react-icons';
import type { DisclosureOut, IdentityOut } from '../../../../core/api.ts';
import { Page } from '../../components/Page.tsx';
import { FactList } from '../../components/FactList.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { useSettings } from '../../settings-context.tsx';
import { HistoryCard } from '../../components/HistoryCard.tsx';
import { ContactsCard, ReferralsCard, RequestsCard, words } from './FollowUp.tsx';
import { DISCLOSURE_STATUSES } from '../../../../core/shared/vocabulary.ts';
import { DisclosureDialog } from './DisclosureDialog.tsx';
import { AccessCard } from './AccessCard.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  sealed: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

/** Opening a sealed identity: who is looking is named, the passphrase is asked for, and it goes into the history. */
function RevealDialog({ d, onClose }: { d: DisclosureOut; onClose(): void }) {
  const { settings } = useSettings();
  const [passphrase, setPassphrase] = useState('');
  const [purpose, setPurpose] = useState('');
  const [identity, setIdentity] = useState<IdentityOut | null>(null);
  // The Open button goes away once the identity shows; focus moves to Close and hide rather than
  // being lost with it, so Escape and Enter still reach the dialog.
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (identity) closeButton.current?.focus();
  }, [identity]);
  const [error, setError] = useState<string | null>(null);
  const keychain = useCall('identity.keychain', {}).data;
  // In a team workspace with a key of one's own, the source opens with one's own passphrase, never an office one.
  const ownKey = useCall('keys.mine', {}).data?.hasKey === true;
  const [busy, setBusy] = useState(false);
  async function reveal(withKeychain: boolean) {
    // One opening per press: a second Enter while the first is checked would be a second entry in the history.
    if (busy) return;
    setBusy(true);
    try {
      // The keychain button: the same deliberate step, recorded as made with the keychain.
      setIdentity(await call('disclosures.reveal', { reference: d.reference, purpose, ...(withKeychain ? { useKeychain: true } : { passphrase }) }));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  }
  return (
    <GuardedDialog onClose={onClose} settled={identity !== null}>
      <SubmitForm onSubmit={() => reveal(false)}>
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
                <Field label="Why" required hint={limitHint(purpose, FIELD_LIMITS.reveal.purpose, 'For example: referral to OSC with consent')}>
                  <Input value={purpose} onChange={(_, v) => setPurpose(v.value)} />
                </Field>
                <Field
                  label={ownKey ? 'Your own passphrase' : 'Passphrase'}
                  required={!keychain?.remembered}
                  hint={keychain?.remembered ? "Or open it with the passphrase this computer's keychain remembers." : ownKey ? "Your key's passphrase: it opens the sources shared with you." : undefined}
                >
                  <Input type="password" value={passphrase} onChange={(_, v) => setPassphrase(v.value)} autoComplete="off" />
                </Field>
                <ErrorBar title="Not opened" message={error} />
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button ref={closeButton} onClick={onClose}>
              {identity ? 'Close and hide' : 'Cancel'}
            </Button>
            {!identity && keychain?.remembered && <Button onClick={() => void reveal(true)} disabled={!purpose.trim() || busy}>Open with this computer&apos;s keychain</Button>}
            {!identity && (
              <Button type="submit" appearance="primary" disabled={!passphrase || !purpose.trim() || busy}>
                Open
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </SubmitForm>
    </GuardedDialog>
  );
}

function DisclosureView({ reference }: { reference: string }) {
  const s = useStyles();
  const loaded = useCall('disclosures.get', { reference });
  // The answer of the last change made here, else what was loaded.
  const [latest, setD] = useState<DisclosureOut | null>(null);
  const d = latest ?? loaded.data;
  const error = loaded.error;
  const [revealing, setRevealing] = useState(false);
  const [editing, setEditing] = useState(false);
  // Read again after every change and opening attempt, which the history records.
  const [historyKey, setHistoryKey] = useState(0);
  const changed = (next: DisclosureOut) => {
    setD(next);
    setHistoryKey((k) => k + 1);
  };
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
    ['Assigned to', d.assignee || '—'],
    ['Agencies', d.agencies.map((a) => `${a.abbreviation} (${a.name})`).join('; ') || '—'],
    ['Allegations', d.allegations.map(words).join('; ') || '—'],
    ['Tags', d.tags.join(', ') || '—'],
    ['Retaliation', d.retaliation ? d.personnelAction || 'alleged' : 'not alleged'],
    ['Classified material', d.classified ? 'yes' : 'no'],
    ['Summary', d.summary],
  ];
  return (
    <Page title={`${d.reference} · ${d.pseudonym}`}>
      <Link href={hrefFor('disclosures')}>All disclosures</Link>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">The disclosure</Subtitle1>} action={<Button onClick={() => setEditing(true)}>Edit…</Button>} />
        <FactList facts={facts} />
      </Card>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">The source</Subtitle1>} />
        <div className={s.sealed}>
          <LockClosedRegular aria-hidden />
          <Body1>{d.sourceOnFile ? `${d.pseudonym}: identity sealed.` : `${d.pseudonym}: no identity on file.`}</Body1>
          {d.sourceOnFile && <Button onClick={() => setRevealing(true)}>Open the identity…</Button>}
        </div>
      </Card>
      {editing && <DisclosureDialog existing={d} onClose={() => setEditing(false)} onSaved={changed} />}
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
        {d.documents.length === 0 && (
          <Caption1>None yet: link one from its page (Link to a request or disclosure: {d.reference}), when adding documents, or with sunshine import --disclosure {d.reference}.</Caption1>
        )}
        {d.documents.length > 0 && <Link href={hrefFor('search', undefined, { disclosure: d.reference })}>Search within these documents</Link>}
        {d.documents.map((x) => (
          <Link key={x.id} href={hrefFor('documents', String(x.id))}>
            {x.name}
          </Link>
        ))}
      </Card>
      <ContactsCard d={d} onChange={changed} />
      <ReferralsCard d={d} onChange={changed} />
      <RequestsCard d={d} onChange={changed} />
      <AccessCard d={d} onChange={(access) => changed({ ...d, access })} />
      <HistoryCard key={historyKey} entity="disclosure" entityId={d.reference} />
    </Page>
  );
}

function DisclosureList() {
  const [status, setStatus] = useState<(typeof DISCLOSURE_STATUSES)[number] | ''>('');
  const { data, error, reload } = useCall('disclosures.list', status ? { status } : {});
  useLiveRefresh(['disclosure'], reload);
  const [adding, setAdding] = useState(false);
  return (
    <Page title="Disclosures" intro="Whistleblower disclosures. Sources are shown by pseudonym; their identity stays sealed.">
      <Toolbar aria-label="Disclosure actions">
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
          New disclosure
        </Button>
        <Dropdown
          aria-label="Status"
          value={status ? words(status) : 'Any status'}
          selectedOptions={[status]}
          onOptionSelect={(_, v) => setStatus((v.optionValue ?? '') as typeof status)}
          style={{ minWidth: 160, marginLeft: 12 }}
        >
          <Option value="">Any status</Option>
          {DISCLOSURE_STATUSES.map((x) => (
            <Option key={x} value={x}>
              {words(x)}
            </Option>
          ))}
        </Dropdown>
      </Toolbar>
      {adding && <DisclosureDialog onClose={() => setAdding(false)} onSaved={(d) => navigate('disclosures', d.reference)} />}
      <ErrorBar message={error} />
      {data && data.disclosures.length === 0 && !status && <EmptyState title="No disclosures yet">Disclosures you take in will be listed here, by pseudonym.</EmptyState>}
      {data && data.disclosures.length === 0 && status && <Body1>No disclosure is {words(status).toLowerCase()}.</Body1>}
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
  return param ? <DisclosureView key={param} reference={param} /> : <DisclosureList />;
}
