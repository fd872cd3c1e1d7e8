/**
 * Settings → Protected sources → Change the passphrase: the current one, the
 * new one twice. Every sealed identity is re-sealed in one step, or none is.
 */
import { call } from '../../api/client.ts';
import { PassphraseChangeForm } from './PassphraseChangeForm.tsx';

const TEXT = {
  id: 'change-passphrase',
  heading: 'Change the passphrase',
  intro: 'Every sealed identity is re-sealed with the new passphrase at once; if the current one fails on any of them, nothing changes.',
  currentLabel: 'Current passphrase',
  newLabel: 'New passphrase',
  newHint: 'At least 12 characters. Tell the people who need it in person.',
  button: 'Change passphrase',
  failTitle: 'The passphrase was not changed',
};

async function change(current: string, next: string): Promise<string> {
  const r = await call('identity.changePassphrase', { passphrase: current, newPassphrase: next });
  return `Changed. ${r.resealed} sealed ${r.resealed === 1 ? 'identity was' : 'identities were'} re-sealed with the new passphrase${r.remembered ? ", and this computer's keychain now remembers the new one" : ''}.`;
}

export function ChangePassphrase({ onChanged }: { onChanged(): void }) {
  return <PassphraseChangeForm text={TEXT} change={change} onChanged={onChanged} />;
}
