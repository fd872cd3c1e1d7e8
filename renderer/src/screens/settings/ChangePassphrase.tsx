/**
 * Settings → Protected sources → Change the passphrase: the current one, the
 * new one twice. Every sealed identity is re-sealed in one step, or none is.
 */
import { useState } from 'react';
import { Body1, Button, Field, Input, Spinner, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm, useSubmitting } from '../../components/SubmitForm.tsx';
import { call } from '../../api/client.ts';
import { PassphraseAgain, passphrasesDiffer } from '../../components/PassphraseAgain.tsx';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '420px' },
});

export function ChangePassphrase({ onChanged }: { onChanged(): void }) {
  const s = useStyles();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const mismatch = passphrasesDiffer(next, again);

  async function submit() {
    if (mismatch) return;
    setDone(null);
    setError(null);
    try {
      const r = await call('identity.changePassphrase', { passphrase: current, newPassphrase: next });
      setError(null);
      setDone(`Changed. ${r.resealed} sealed ${r.resealed === 1 ? 'identity was' : 'identities were'} re-sealed with the new passphrase${r.remembered ? ", and this computer's keychain now remembers the new one" : ''}.`);
      setNext('');
      setAgain('');
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      // Passphrases stay on screen no longer than needed.
      setCurrent('');
    }
  }

  return (
    <SubmitForm className={s.form} onSubmit={submit} aria-labelledby="change-passphrase-heading">
      <Subtitle2 as="h3" id="change-passphrase-heading">
        Change the passphrase
      </Subtitle2>
      <Body1>Every sealed identity is re-sealed with the new passphrase at once; if the current one fails on any of them, nothing changes.</Body1>
      <Field label="Current passphrase">
        <Input type="password" value={current} onChange={(_, d) => setCurrent(d.value)} autoComplete="off" />
      </Field>
      <Field label="New passphrase" hint="At least 12 characters. Tell the people who need it in person.">
        <Input type="password" value={next} onChange={(_, d) => setNext(d.value)} autoComplete="new-password" />
      </Field>
      <PassphraseAgain label="New passphrase again" of="new passphrase" first={next} value={again} onChange={setAgain} />
      <div>
        <ChangeButton ready={current !== '' && next !== '' && again === next} />
      </div>
      {done && <Body1 role="status">{done}</Body1>}
      <ErrorBar title="The passphrase was not changed" message={error} />
    </SubmitForm>
  );
}

/** Disabled until the form is complete; says what it is doing while every identity is re-sealed. */
function ChangeButton({ ready }: { ready: boolean }) {
  const busy = useSubmitting();
  return (
    <Button type="submit" appearance="primary" disabled={!ready} icon={busy ? <Spinner size="tiny" /> : undefined}>
      {busy ? 'Re-sealing…' : 'Change passphrase'}
    </Button>
  );
}
