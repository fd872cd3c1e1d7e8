/**
 * What happens to a disclosure after intake: contacts with the source,
 * referrals onward (checked against the source's sealed consent) and the
 * requests it led to.
 */
import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Checkbox,
  Combobox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
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
import type { DisclosureOut } from '../../../../core/api.ts';
import { CONTACT_KINDS, REFERRAL_RECIPIENTS, REFERRAL_RECIPIENT_LABELS } from '../../../../core/shared/vocabulary.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useFormStyles } from '../../components/form-styles.ts';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { hrefFor } from '../../routes.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap' },
  timeline: { listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: tokens.spacingVerticalS },
  when: { color: tokens.colorNeutralForeground3, marginRight: tokens.spacingHorizontalS },
});

export const words = (s: string) => s.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const today = () => new Date().toISOString().slice(0, 10);

type Changed = (d: DisclosureOut) => void;

/** The timeline of contacts with the source, oldest first, with a line to add one. */
export function ContactsCard({ d, onChange }: { d: DisclosureOut; onChange: Changed }) {
  const s = useStyles();
  const [on, setOn] = useState(today());
  const [kind, setKind] = useState<(typeof CONTACT_KINDS)[number]>('phone');
  const [toSource, setToSource] = useState(false);
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function add() {
    try {
      onChange(await call('disclosures.addContact', { reference: d.reference, on, kind, direction: toSource ? 'to-source' : 'from-source', summary }));
      setSummary('');
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Contacts with the source</Subtitle1>} description={<Caption1>Not sealed: keep names and identifying details out of these notes.</Caption1>} />
      {d.contacts.length === 0 ? (
        <Caption1>No contacts recorded yet.</Caption1>
      ) : (
        <ol className={s.timeline} aria-label="Contacts">
          {d.contacts.map((c) => (
            <li key={c.id}>
              <Body1>
                <span className={s.when}>{c.on}</span>
                {words(c.kind)}, {c.direction === 'from-source' ? 'from the source' : 'to the source'}: {c.summary}
              </Body1>{' '}
              <Caption1>({c.by})</Caption1>
            </li>
          ))}
        </ol>
      )}
      <SubmitForm onSubmit={add} className={s.row}  aria-label="Add a contact">
        <Field label="On">
          <Input type="date" value={on} onChange={(_, v) => setOn(v.value)} />
        </Field>
        <Field label="How">
          <Dropdown value={words(kind)} selectedOptions={[kind]} onOptionSelect={(_, v) => v.optionValue && setKind(v.optionValue as typeof kind)} style={{ minWidth: 150 }}>
            {CONTACT_KINDS.map((k) => (
              <Option key={k} value={k}>
                {words(k)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Checkbox label="We reached out" checked={toSource} onChange={(_, v) => setToSource(Boolean(v.checked))} />
        <Field label="What was said or done" hint={limitHint(summary, FIELD_LIMITS.contact.summary)} style={{ flex: 1, minWidth: 240 }}>
          <Input value={summary} onChange={(_, v) => setSummary(v.value)} />
        </Field>
        <Button type="submit" disabled={!summary.trim()}>
          Add to timeline
        </Button>
      </SubmitForm>
      <ErrorBar title="Not added" message={error} />
    </Card>
  );
}

/** A referral onward. Sharing the identity asks for the passphrase so the consent sealed with it can be checked. */
function ReferDialog({ d, onClose, onDone }: { d: DisclosureOut; onClose(): void; onDone: Changed }) {
  const f = useFormStyles();
  const [on, setOn] = useState(today());
  const [kind, setKind] = useState<(typeof REFERRAL_RECIPIENTS)[number]>('inspector-general');
  const [recipient, setRecipient] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [note, setNote] = useState('');
  const [sharesIdentity, setSharesIdentity] = useState(false);
  const [consentOnFile, setConsentOnFile] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const remembered = useCall('identity.keychain', {}).data?.remembered === true;
  const [useKeychain, setUseKeychain] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Any change to what is being sent asks for a fresh check.
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setWarnings([]);
    };

  async function submit() {
    setBusy(true);
    try {
      const r = await call('disclosures.refer', {
        reference: d.reference,
        on,
        recipientKind: kind,
        recipient,
        caseNumber,
        note,
        sharesIdentity,
        consentOnFile,
        // Required when the identity goes along; otherwise sent only if typed, to check what goes out against the source's limits.
        ...(d.sourceOnFile ? (useKeychain ? { useKeychain: true } : passphrase ? { passphrase } : {}) : {}),
        despiteWarnings: warnings.length > 0,
      });
      setError(null);
      if (r.referred) {
        onDone(r.disclosure);
        onClose();
      } else setWarnings(r.warnings);
    } catch (err) {
      setError((err as Error).message);
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <GuardedDialog onClose={onClose} style={{ maxWidth: '720px' }}>
      <SubmitForm onSubmit={submit}>
        <DialogBody>
          <DialogTitle>Refer {d.reference} onward</DialogTitle>
          <DialogContent className={f.form}>
            <Field label="Referred on" required>
              <Input type="date" value={on} onChange={(_, v) => edit(setOn)(v.value)} />
            </Field>
            <Field label="To" required>
              <Dropdown
                value={REFERRAL_RECIPIENT_LABELS[kind]}
                selectedOptions={[kind]}
                onOptionSelect={(_, v) => v.optionValue && edit(setKind)(v.optionValue as typeof kind)}
              >
                {REFERRAL_RECIPIENTS.map((k) => (
                  <Option key={k} value={k}>
                    {REFERRAL_RECIPIENT_LABELS[k]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Recipient" hint={limitHint(recipient, FIELD_LIMITS.referral.recipient, 'The office, e.g. DHS OIG Hotline')} required>
              <Input value={recipient} onChange={(_, v) => edit(setRecipient)(v.value)} />
            </Field>
            <Field label="Their case number" hint={limitHint(caseNumber, FIELD_LIMITS.referral.caseNumber, 'Can be added later')}>
              <Input value={caseNumber} onChange={(_, v) => setCaseNumber(v.value)} />
            </Field>
            <Field label="What was sent" hint={limitHint(note, FIELD_LIMITS.referral.note)} className={f.wide}>
              <Textarea value={note} onChange={(_, v) => setNote(v.value)} resize="vertical" />
            </Field>
            <Checkbox
              className={f.wide}
              label="The source's identity goes with this referral"
              checked={sharesIdentity}
              onChange={(_, v) => edit(setSharesIdentity)(Boolean(v.checked))}
            />
            <Checkbox
              className={f.wide}
              label="The source's written consent to this sharing is on file"
              checked={consentOnFile}
              onChange={(_, v) => edit(setConsentOnFile)(Boolean(v.checked))}
            />
            {d.sourceOnFile && remembered && (
              <Checkbox
                className={f.wide}
                label="Check the consent with the passphrase this computer's keychain remembers"
                checked={useKeychain}
                onChange={(_, v) => setUseKeychain(Boolean(v.checked))}
              />
            )}
            {d.sourceOnFile && !useKeychain && (
              <Field
                label="Passphrase"
                hint={
                  sharesIdentity
                    ? "The source's consent, and any limit they set on who may be told, is sealed with their identity: give the passphrase to see it before this goes out. The check is in the history."
                    : "Optional while the identity stays here: the source may still have limited what goes out, and that limit is sealed with their identity. Give the passphrase to see it; the check is in the history."
                }
                required={sharesIdentity}
                className={f.wide}
              >
                <Input type="password" value={passphrase} onChange={(_, v) => setPassphrase(v.value)} autoComplete="off" />
              </Field>
            )}
            {warnings.length > 0 && (
              <MessageBar intent="warning" className={f.wide} layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Check the source&apos;s consent before this goes out</MessageBarTitle>
                  <ul aria-label="Consent warnings">
                    {warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                  Referring anyway keeps these warnings with the referral and in the history.
                </MessageBarBody>
              </MessageBar>
            )}
            <ErrorBar title="Not referred" message={error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" appearance="primary" disabled={busy || !recipient.trim() || (sharesIdentity && d.sourceOnFile && !passphrase && !useKeychain)}>
              {warnings.length ? 'Refer anyway' : 'Refer'}
            </Button>
          </DialogActions>
        </DialogBody>
      </SubmitForm>
    </GuardedDialog>
  );
}

/** Referrals made, with their case numbers (which often arrive later) and any warnings the referrer went past. */
export function ReferralsCard({ d, onChange }: { d: DisclosureOut; onChange: Changed }) {
  const [referring, setReferring] = useState(false);
  const [caseFor, setCaseFor] = useState<{ id: number; recipient: string; value: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function saveCase() {
    if (!caseFor) return;
    try {
      onChange(await call('disclosures.setReferralCase', { reference: d.reference, referral: caseFor.id, caseNumber: caseFor.value }));
      setCaseFor(null);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Referrals</Subtitle1>} action={<Button onClick={() => setReferring(true)}>Refer…</Button>} />
      {d.referrals.length === 0 ? (
        <Caption1>Not referred anywhere yet.</Caption1>
      ) : (
        <Table aria-label="Referrals" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 110 }}>On</TableHeaderCell>
              <TableHeaderCell>To</TableHeaderCell>
              <TableHeaderCell style={{ width: 170 }}>Their case</TableHeaderCell>
              <TableHeaderCell>Identity</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {d.referrals.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.on}</TableCell>
                <TableCell>
                  {r.recipient}
                  {r.recipient !== REFERRAL_RECIPIENT_LABELS[r.recipientKind] && <Caption1> ({REFERRAL_RECIPIENT_LABELS[r.recipientKind]})</Caption1>}
                  {r.note && <Caption1 block>{r.note}</Caption1>}
                </TableCell>
                <TableCell>
                  <Button size="small" appearance="subtle" onClick={() => setCaseFor({ id: r.id, recipient: r.recipient, value: r.caseNumber })} aria-label={`Case number for the referral to ${r.recipient}`}>
                    {r.caseNumber || 'Add…'}
                  </Button>
                </TableCell>
                <TableCell>
                  {r.sharesIdentity ? `Shared${r.consentOnFile ? ', consent on file' : ', no consent on file'}` : 'Not shared'}
                  {r.warnings.length > 0 && (
                    <Caption1 block title={r.warnings.join('\n')}>
                      Went ahead past {r.warnings.length} warning{r.warnings.length === 1 ? '' : 's'}
                    </Caption1>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {caseFor && (
        <GuardedDialog onClose={() => setCaseFor(null)}>
          <SubmitForm onSubmit={saveCase}>
            <DialogBody>
              <DialogTitle>Case number at {caseFor.recipient}</DialogTitle>
              <DialogContent>
                <Field label="Their case number" hint={limitHint(caseFor.value, FIELD_LIMITS.referral.caseNumber)}>
                  <Input value={caseFor.value} onChange={(_, v) => setCaseFor({ ...caseFor, value: v.value })} />
                </Field>
                <ErrorBar title="Not saved" message={error} />
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setCaseFor(null)}>Cancel</Button>
                <Button type="submit" appearance="primary">
                  Save
                </Button>
              </DialogActions>
            </DialogBody>
          </SubmitForm>
        </GuardedDialog>
      )}
      {referring && <ReferDialog d={d} onClose={() => setReferring(false)} onDone={onChange} />}
    </Card>
  );
}

/** Requests this disclosure led to, with a picker to link another. */
export function RequestsCard({ d, onChange }: { d: DisclosureOut; onChange: Changed }) {
  const s = useStyles();
  const requests = useCall('requests.list', { limit: 500 });
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function link(linkIt: boolean, request: string) {
    try {
      onChange(await call(linkIt ? 'disclosures.linkRequest' : 'disclosures.unlinkRequest', { reference: d.reference, request }));
      setPick('');
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  const linked = new Set(d.requests.map((r) => r.reference));
  const choices = (requests.data?.rows ?? []).filter((r) => !linked.has(r.reference));
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Requests</Subtitle1>} />
      {d.requests.length === 0 && <Caption1>No request follows this disclosure up yet.</Caption1>}
      {d.requests.map((r) => (
        <div key={r.reference} className={s.row}>
          <Link href={hrefFor('requests', r.reference)}>{r.reference}</Link>
          <Body1>
            {r.agency}: {r.subject}
          </Body1>
          <Button size="small" onClick={() => void link(false, r.reference)} aria-label={`Unlink ${r.reference}`}>
            Unlink
          </Button>
        </div>
      ))}
      <div className={s.row}>
        <Field label="Link a request">
          <Combobox
            placeholder="Reference or subject"
            value={pick}
            onChange={(e) => setPick(e.target.value)}
            onOptionSelect={(_, v) => setPick(v.optionValue ?? '')}
            style={{ minWidth: 320 }}
          >
            {choices
              .filter((r) => `${r.reference} ${r.subject}`.toLowerCase().includes(pick.toLowerCase()))
              .slice(0, 50)
              .map((r) => (
                <Option key={r.reference} value={r.reference} text={r.reference}>
                  {r.reference} · {r.subject}
                </Option>
              ))}
          </Combobox>
        </Field>
        <Button onClick={() => void link(true, pick.trim())} disabled={!pick.trim()}>
          Link
        </Button>
      </div>
      <ErrorBar title="Not linked" message={error} />
    </Card>
  );
}
