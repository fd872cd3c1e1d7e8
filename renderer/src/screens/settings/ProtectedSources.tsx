/**
 * Settings → Protected sources: whether the passphrase is set, and (in the
 * desktop app, where the system has a keychain) remembering it on this computer;
 * changing it. In a team workspace each person has a key of their own instead (YourKey.tsx),
 * and the keychain remembers its passphrase; the office passphrase is shown only while
 * something sealed with it is there to open.
 */
import { useState } from 'react';
import { Body1, Button, Caption1, Field, Input, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { ChangePassphrase } from './ChangePassphrase.tsx';
import { YourKey } from './YourKey.tsx';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

export function ProtectedSources({ onChanged }: { onChanged(): void }) {
  const s = useStyles();
  const { data: k, reload } = useCall('identity.keychain', {});
  const { data: mine, reload: reloadMine } = useCall('keys.mine', {});
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function act(remember: boolean) {
    try {
      await (remember ? call('identity.remember', { passphrase }) : call('identity.forget', {}));
      setError(null);
      reload();
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
    }
  }
  if (!k || !mine) return null;
  const team = mine.team;
  // The office passphrase seals sources until someone in a team has a key of their own; after that,
  // whatever was sealed with it (taken in before, or copied from a data folder without keys) still opens with it.
  const office = !k.ownKeys || k.officePassphraseSet;
  // What the keychain remembers: one's own key's passphrase where sources are sealed with keys of one's own.
  const what = k.ownKeys ? "your key's passphrase" : 'the passphrase';
  return (
    <section className={s.section} aria-labelledby="sources-heading">
      <Subtitle1 as="h2" id="sources-heading">
        Protected sources
      </Subtitle1>
      {team && (
        <>
          <Body1>
            In this team workspace each person has a key of their own, sealed by their own passphrase: a source is revealed with yours, and no passphrase is passed around the office.
          </Body1>
          <YourKey mine={mine} onChanged={() => (reloadMine(), reload(), onChanged())} />
        </>
      )}
      {office && (
        <Body1>
          {k.ownKeys
            ? 'Sources taken in before keys of one\'s own, or copied from a data folder, are sealed with the office passphrase and open with it.'
            : k.officePassphraseSet
              ? "Sources' identities are sealed with this workspace's passphrase. Without it they cannot be opened: keep it where your office keeps such secrets."
              : 'The first disclosure taken in with a source sets the passphrase that seals every source in this workspace: it is typed twice there, since it cannot be recovered.'}
        </Body1>
      )}
      {k.passphraseSet && !k.available && <Caption1>The desktop app can remember {what} in this computer&apos;s keychain.</Caption1>}
      {k.passphraseSet && k.available && k.remembered && (
        <div className={s.row}>
          <Body1>{k.ownKeys ? "Your key's passphrase is remembered" : 'Remembered'} in this computer&apos;s keychain; opening a source still asks who is looking and why.</Body1>
          <Button onClick={() => void act(false)}>Forget it here</Button>
        </div>
      )}
      {k.passphraseSet && k.available && !k.remembered && (
        <SubmitForm onSubmit={() => act(true)} className={s.row} aria-label="Remember the passphrase">
          <Field label={`Remember ${what} on this computer`} hint="Kept by the system's keychain, never in Sunshine's database or backups.">
            <Input type="password" value={passphrase} onChange={(_, d) => setPassphrase(d.value)} autoComplete="off" />
          </Field>
          <Button type="submit" disabled={!passphrase}>
            Remember
          </Button>
        </SubmitForm>
      )}
      <ErrorBar message={error} />
      {k.officePassphraseSet && <ChangePassphrase onChanged={() => (reload(), onChanged())} />}
    </section>
  );
}
