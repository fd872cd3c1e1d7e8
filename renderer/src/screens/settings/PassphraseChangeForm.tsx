/**
 * The one form for changing a passphrase: the current one, the new one twice. Used for the
 * office passphrase of a workspace's sealed sources and for a team member's own key; what is
 * re-sealed, and what the form says, is the caller's.
 */
import { useState, type ReactNode } from 'react';
import { Body1, Caption1, Field, Input, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { PassphraseAgain, passphrasesDiffer } from '../../components/PassphraseAgain.tsx';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '420px' },
});

export interface PassphraseChangeText {
  /** Unique on the page: it names the form for screen readers. */
  id: string;
  heading: ReactNode;
  intro?: ReactNode;
  currentLabel: string;
  newLabel: string;
  newHint: string;
  button: string;
  afterwards?: string;
  failTitle: string;
}

/** `change` does the work and returns what to tell the person; the form clears the passphrases it held, whatever happens. */
export function PassphraseChangeForm({ text, change, onChanged }: { text: PassphraseChangeText; change(current: string, next: string): Promise<string>; onChanged(): void }) {
  const s = useStyles();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    if (passphrasesDiffer(next, again)) return;
    setDone(null);
    try {
      const said = await change(current, next);
      setError(null);
      setDone(said);
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
    <SubmitForm className={s.form} onSubmit={submit} aria-labelledby={`${text.id}-heading`}>
      <Subtitle2 as="h3" id={`${text.id}-heading`}>
        {text.heading}
      </Subtitle2>
      {text.intro && <Body1>{text.intro}</Body1>}
      <Field label={text.currentLabel}>
        <Input type="password" value={current} onChange={(_, d) => setCurrent(d.value)} autoComplete="off" />
      </Field>
      <Field label={text.newLabel} hint={text.newHint}>
        <Input type="password" value={next} onChange={(_, d) => setNext(d.value)} autoComplete="new-password" />
      </Field>
      <PassphraseAgain label={`${text.newLabel} again`} of="new passphrase" first={next} value={again} onChange={setAgain} />
      <div>
        <SubmitButton ready={current !== '' && next !== '' && again === next} label={text.button} busyLabel="Re-sealing…" />
      </div>
      {done && <Body1 role="status">{done}</Body1>}
      {text.afterwards && <Caption1>{text.afterwards}</Caption1>}
      <ErrorBar title={text.failTitle} message={error} />
    </SubmitForm>
  );
}
