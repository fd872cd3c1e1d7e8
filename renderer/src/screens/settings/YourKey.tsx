/**
 * Settings → Protected sources in a team workspace: your own key (made with a passphrase of your
 * own, typed twice; its fingerprint; changing its passphrase) and sharing the keys colleagues wait
 * for. No passphrase is shared around the office: each person's own opens what they were granted.
 */
import { useState } from 'react';
import { Body1, Field, Input, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { MyKeyOut } from '../../../../core/api.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { PassphraseChangeForm } from './PassphraseChangeForm.tsx';
import { PassphraseAgain, passphrasesDiffer } from '../../components/PassphraseAgain.tsx';
import { call } from '../../api/client.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '420px' },
});

export function YourKey({ mine, onChanged }: { mine: MyKeyOut; onChanged(): void }) {
  return mine.hasKey ? (
    <>
      <Subtitle2 as="h3">Your key</Subtitle2>
      <Body1>
        Your key&apos;s fingerprint: <code aria-label="Your key's fingerprint">{mine.fingerprint}</code>
      </Body1>
      <ShareWaiting waiting={mine.waiting} onChanged={onChanged} />
      <PassphraseChangeForm text={CHANGE_KEY_TEXT} change={changeKeyPassphrase} onChanged={onChanged} />
    </>
  ) : (
    <CreateKey onChanged={onChanged} />
  );
}

function CreateKey({ onChanged }: { onChanged(): void }) {
  const s = useStyles();
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (passphrasesDiffer(pass, again)) return;
    try {
      await call('keys.create', { passphrase: pass });
      setError(null);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPass('');
      setAgain('');
    }
  }
  return (
    <SubmitForm className={s.form} onSubmit={submit} aria-labelledby="create-key-heading">
      <Subtitle2 as="h3" id="create-key-heading">
        Your key
      </Subtitle2>
      <Body1>
        You have no key yet. Sources you take in are sealed for your key, and colleagues share with it the sources you are granted. Its passphrase is yours alone and cannot be recovered.
      </Body1>
      <Field label="Passphrase for your key" hint="At least 12 characters; never tell it to anyone.">
        <Input type="password" value={pass} onChange={(_, d) => setPass(d.value)} autoComplete="new-password" />
      </Field>
      <PassphraseAgain label="Passphrase for your key again" of="passphrase for your key" first={pass} value={again} onChange={setAgain} />
      <div>
        <SubmitButton ready={pass !== '' && again === pass} label="Create my key" busyLabel="Creating…" />
      </div>
      <ErrorBar title="No key was made" message={error} />
    </SubmitForm>
  );
}

function ShareWaiting({ waiting, onChanged }: { waiting: number; onChanged(): void }) {
  const s = useStyles();
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function submit() {
    setDone(null);
    try {
      const r = await call('keys.share', { passphrase: pass });
      setError(null);
      setDone(
        `Shared ${r.shared} key${r.shared === 1 ? '' : 's'} with colleagues who were waiting${r.rotated ? `; replaced ${r.rotated} key${r.rotated === 1 ? '' : 's'} held by someone no longer granted` : ''}.`,
      );
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPass('');
    }
  }
  return (
    <SubmitForm className={s.form} onSubmit={submit} aria-labelledby="share-keys-heading">
      <Subtitle2 as="h3" id="share-keys-heading">
        Share keys waiting for colleagues
      </Subtitle2>
      <Body1>
        {waiting === 0
          ? 'No colleague waits for a key you hold.'
          : `${waiting} colleague${waiting === 1 ? ' waits' : 's wait'} for a key you hold (granted a disclosure since you sealed it).`}{' '}
        Revealing a source shares them too.
      </Body1>
      <Field label="Your key's passphrase">
        <Input type="password" value={pass} onChange={(_, d) => setPass(d.value)} autoComplete="off" />
      </Field>
      <div>
        <SubmitButton ready={pass !== ''} label="Share waiting keys" busyLabel="Sharing…" />
      </div>
      {done && <Body1 role="status">{done}</Body1>}
      <ErrorBar title="Nothing was shared" message={error} />
    </SubmitForm>
  );
}

const CHANGE_KEY_TEXT = {
  id: 'change-key',
  heading: <>Change your key&apos;s passphrase</>,
  currentLabel: "Your key's current passphrase",
  newLabel: 'New passphrase for your key',
  newHint: 'At least 12 characters.',
  button: "Change my key's passphrase",
  afterwards: 'Only your own key is re-sealed.',
  failTitle: "Your key's passphrase was not changed",
};

async function changeKeyPassphrase(current: string, next: string): Promise<string> {
  await call('keys.changePassphrase', { passphrase: current, newPassphrase: next });
  return "Changed. Your key now opens with the new passphrase only; colleagues' keys are untouched.";
}
