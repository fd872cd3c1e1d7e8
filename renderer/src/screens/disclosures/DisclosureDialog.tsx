/** Intake of a new disclosure, or editing one: the same form (the source's identity only at intake). */
import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  Subtitle1,
  Textarea,
} from '@fluentui/react-components';
import type { DisclosureOut } from '../../../../core/api.ts';
import { ALLEGATIONS, CONSENT_LEVELS, DISCLOSURE_CHANNELS, DISCLOSURE_STATUSES, SOURCE_RELATIONS } from '../../../../core/shared/vocabulary.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { StaleSaveBar, useVersionedSave } from '../../components/StaleSave.tsx';
import { useFormStyles } from '../../components/form-styles.ts';
import { call } from '../../api/client.ts';
import { words } from './FollowUp.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { PassphraseAgain } from '../../components/PassphraseAgain.tsx';
import { useCall } from '../../use-call.ts';
import { eachLimitHint, limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const list = (text: string) =>
  text
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);

function Choice<T extends string>({ label, value, options, onChange }: { label: string; value: NoInfer<T>; options: readonly T[]; onChange(v: NoInfer<T>): void }) {
  return (
    <Field label={label}>
      <Dropdown value={words(value)} selectedOptions={[value]} onOptionSelect={(_, d) => d.optionValue && onChange(d.optionValue as T)}>
        {options.map((o) => (
          <Option key={o} value={o}>
            {words(o)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

interface Props {
  existing?: DisclosureOut;
  onClose(): void;
  onSaved(d: DisclosureOut): void;
}

/** The dialog stays while Reload puts a colleague's newer version in the form (a new form, keyed by the version). */
export function DisclosureDialog({ existing, onClose, onSaved }: Props) {
  const [shown, setShown] = useState(existing);
  async function reload(reference: string) {
    const fresh = await call('disclosures.get', { reference });
    setShown(fresh);
    onSaved(fresh);
  }
  return (
    <GuardedDialog onClose={onClose} style={{ maxWidth: '760px' }}>
      <DisclosureForm key={shown?.version ?? 0} existing={shown} onClose={onClose} onSaved={onSaved} onReload={reload} />
    </GuardedDialog>
  );
}

function DisclosureForm({ existing, onClose, onSaved, onReload }: Props & { onReload(reference: string): Promise<void> }) {
  const f = useFormStyles();
  const versioned = useVersionedSave(existing?.version ?? 1, async () => (await call('disclosures.get', { reference: existing!.reference })).version);
  const [received, setReceived] = useState(existing?.receivedOn ?? new Date().toISOString().slice(0, 10));
  const [channel, setChannel] = useState<(typeof DISCLOSURE_CHANNELS)[number]>(existing?.channel ?? 'email');
  const [summary, setSummary] = useState(existing?.summary ?? '');
  const [agencies, setAgencies] = useState(existing?.agencies.map((a) => a.abbreviation).join(', ') ?? '');
  const [allegations, setAllegations] = useState<string[]>(existing?.allegations ?? []);
  const [tags, setTags] = useState(existing?.tags.join(', ') ?? '');
  const [retaliation, setRetaliation] = useState(existing?.retaliation ?? false);
  const [personnelAction, setPersonnelAction] = useState(existing?.personnelAction ?? '');
  const [classified, setClassified] = useState(existing?.classified ?? false);
  const [status, setStatus] = useState<(typeof DISCLOSURE_STATUSES)[number]>(existing?.status ?? 'intake');
  const [assignee, setAssignee] = useState(existing?.assignee ?? '');
  const [pseudonym, setPseudonym] = useState(existing?.pseudonym ?? '');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [relation, setRelation] = useState<(typeof SOURCE_RELATIONS)[number]>('employee');
  const [consent, setConsent] = useState<(typeof CONSENT_LEVELS)[number]>('confidential');
  const [mayShare, setMayShare] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [passphraseAgain, setPassphraseAgain] = useState('');
  // The first sealed source sets the workspace's passphrase: that once, it is typed twice.
  const settingPassphrase = useCall('identity.keychain', {}).data?.passphraseSet === false;
  // A team member with a key of their own seals the source for it, with their own passphrase.
  const ownKey = useCall('keys.mine', {}).data?.hasKey === true;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!existing && !name.trim() && (contact.trim() || mayShare.trim())) {
      return setError("Give the source's name too: their details are sealed only together with it. Or clear them.");
    }
    if (!existing && name.trim() && settingPassphrase && passphraseAgain !== passphrase) {
      return setError('Type the same passphrase twice: this first one seals every source in this workspace and cannot be recovered if mistyped.');
    }
    setBusy(true);
    const fields = {
      received,
      channel,
      summary,
      agencies: list(agencies),
      allegations: allegations as (typeof ALLEGATIONS)[number][],
      tags: list(tags),
      retaliation,
      personnelAction: retaliation ? personnelAction : '',
      classified,
      status,
      assignee,
    };
    try {
      const d = existing
        ? await versioned.save((version) => call('disclosures.update', { reference: existing.reference, patch: { ...fields, pseudonym }, version }))
        : await call('disclosures.create', {
            ...fields,
            ...(pseudonym.trim() ? { pseudonym } : {}),
            ...(name.trim() ? { identity: { name, contact, relation, consent, mayShare }, passphrase } : {}),
          });
      if (!d) return;
      onSaved(d);
      onClose();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      // The passphrase is not kept in the page once used.
      setPassphrase('');
      setPassphraseAgain('');
    }
  }

  return (
    <SubmitForm onSubmit={submit}>
      <DialogBody>
        <DialogTitle>{existing ? `Edit ${existing.reference}` : 'New disclosure'}</DialogTitle>
        <DialogContent className={f.form}>
          <Field label="Received" required>
            <Input type="date" value={received} onChange={(_, d) => setReceived(d.value)} />
          </Field>
          <Choice label="Channel" value={channel} options={DISCLOSURE_CHANNELS} onChange={setChannel} />
          <Field label="Summary" required hint={limitHint(summary, FIELD_LIMITS.disclosure.summary)} className={f.wide}>
            <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} resize="vertical" />
          </Field>
          <Field label="Agencies concerned" hint={eachLimitHint(FIELD_LIMITS.disclosure.agency, 'Abbreviations, separated by commas: ORR, ICE')}>
            <Input value={agencies} onChange={(_, d) => setAgencies(d.value)} />
          </Field>
          <Field label="Tags" hint={eachLimitHint(FIELD_LIMITS.disclosure.tag, 'Separated by commas: child welfare, sponsors')}>
            <Input value={tags} onChange={(_, d) => setTags(d.value)} />
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
          <Checkbox className={f.check} label="Retaliation alleged" checked={retaliation} onChange={(_, d) => setRetaliation(Boolean(d.checked))} />
          <Field label="The personnel action" hint={limitHint(personnelAction, FIELD_LIMITS.disclosure.personnelAction, 'Reassignment, suspension, removal…')}>
            <Input value={personnelAction} onChange={(_, d) => setPersonnelAction(d.value)} disabled={!retaliation} />
          </Field>
          <Checkbox className={f.check} label="Involves classified material" checked={classified} onChange={(_, d) => setClassified(Boolean(d.checked))} />
          <Choice label="Status" value={status} options={DISCLOSURE_STATUSES} onChange={setStatus} />
          <Field label="Assigned to" hint={limitHint(assignee, FIELD_LIMITS.disclosure.assignee)}>
            <Input value={assignee} onChange={(_, d) => setAssignee(d.value)} />
          </Field>
          <Field label="Pseudonym" hint={limitHint(pseudonym, FIELD_LIMITS.disclosure.pseudonym, existing ? 'How the source is shown everywhere' : 'Default: "Source DIS-…"')} required={Boolean(existing)}>
            <Input value={pseudonym} onChange={(_, d) => setPseudonym(d.value)} autoComplete="off" />
          </Field>
          {!existing && (
            <>
              <Subtitle1 as="h3" className={f.wide}>
                The source (sealed)
              </Subtitle1>
              <Caption1 className={f.wide}>
                Kept only in encrypted form, shown everywhere by the pseudonym. Opening it later asks for the passphrase and is written to the history.
              </Caption1>
              <Field label="Name" hint={limitHint(name, FIELD_LIMITS.source.name)}>
                <Input value={name} onChange={(_, d) => setName(d.value)} autoComplete="off" />
              </Field>
              <Field label="Contact details" hint={limitHint(contact, FIELD_LIMITS.source.contact)}>
                <Input value={contact} onChange={(_, d) => setContact(d.value)} autoComplete="off" />
              </Field>
              <Choice label="Relation to the agency" value={relation} options={SOURCE_RELATIONS} onChange={setRelation} />
              <Choice label="Consent" value={consent} options={CONSENT_LEVELS} onChange={setConsent} />
              <Field label="What may be shared" hint={limitHint(mayShare, FIELD_LIMITS.source.mayShare, 'Any limit on who may be told, in their words: once the passphrase is given, it is quoted to whoever refers the disclosure onward')} className={f.wide}>
                <Input value={mayShare} onChange={(_, d) => setMayShare(d.value)} autoComplete="off" />
              </Field>
              {name.trim() && (
                <Field
                  label={ownKey ? "Your key's passphrase" : 'Passphrase for protected sources'}
                  hint={
                    ownKey
                      ? 'The source is sealed under a key of its own, shared with your key and with colleagues granted the disclosure.'
                      : settingPassphrase
                        ? 'At least 12 characters. This first one sets the passphrase for every source in this workspace.'
                        : 'At least 12 characters.'
                  }
                  required
                  className={f.wide}
                >
                  <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="off" />
                </Field>
              )}
              {name.trim() && settingPassphrase && (
                <PassphraseAgain label="Passphrase again" of="passphrase above" first={passphrase} value={passphraseAgain} onChange={setPassphraseAgain} className={f.wide} />
              )}
            </>
          )}
          {existing && <StaleSaveBar className={f.wide} save={versioned} reload={() => onReload(existing.reference)} onReloadFailed={setError} />}
          <ErrorBar title="Not saved" message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" appearance="primary" disabled={busy || !summary.trim()}>
            {existing ? 'Save' : 'Take in'}
          </Button>
        </DialogActions>
      </DialogBody>
    </SubmitForm>
  );
}
