/**
 * The start screen: which workspace to open — a folder on this computer, or a team workspace
 * (a PostgreSQL database and the team folder for its stored files) — and the ones opened before.
 * Paths shown are only those the person typed or chose; the default folder is named as such.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Body1, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Subtitle1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { LauncherStatus, PlaceChoice, PlaceView } from '../../../core/shared/launcher.ts';
import { launcher } from '../api/client.ts';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { SubmitButton, SubmitForm } from '../components/SubmitForm.tsx';
import { folderName } from '../format.ts';

const useStyles = makeStyles({
  page: { minHeight: '100vh', boxSizing: 'border-box', padding: tokens.spacingHorizontalXXXL, backgroundColor: tokens.colorNeutralBackground2 },
  inner: { maxWidth: '1000px', margin: '0 auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL },
  intro: { color: tokens.colorNeutralForeground2 },
  choices: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(340px, 1fr))', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalXL,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    boxShadow: tokens.shadow4,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  folderRow: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  grow: { flexGrow: 1 },
  recent: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  recentButton: { justifyContent: 'start', textAlign: 'start', wordBreak: 'break-all', maxWidth: '100%' },
});

const describe = (p: PlaceView) => (p.kind === 'team' ? `Team workspace ${p.url} (stored files in ${folderName(p.files)})` : p.dir === null ? 'The default folder on this computer' : `Folder ${folderName(p.dir)}`);


interface CardProps {
  id: string;
  title: string;
  intro: string;
  /** A recent entry was picked for this card: send its form once mounted. */
  picked: boolean;
  /** What the filled-in form asks the launcher to open. */
  choice(): PlaceChoice;
  onOpened(): void;
  /** The title over the engine's words when opening fails. */
  failed: string;
  submit: { idle: string; busy: string };
  children: ReactNode;
}

/**
 * One way in: its heading, its form (through SubmitForm, so a second submit is dropped while one
 * is in flight) and the reason beside it when the workspace would not open. A recent entry
 * remounts its card filled in (keyed by the pick) and sends the form itself once mounted.
 */
function ChoiceCard({ id, title, intro, picked, choice, onOpened, failed, submit, children }: CardProps) {
  const s = useStyles();
  const [error, setError] = useState<string | null>(null);
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (picked) holder.current?.querySelector('form')?.requestSubmit();
  }, [picked]);
  async function open() {
    setError(null);
    try {
      await launcher!.open(choice());
      onOpened();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <section className={s.card} aria-labelledby={id}>
      <Subtitle1 as="h2" id={id}>
        {title}
      </Subtitle1>
      <Body1 className={s.intro}>{intro}</Body1>
      <div ref={holder}>
        <SubmitForm className={s.form} onSubmit={open} aria-labelledby={id}>
          {children}
          <ErrorBar title={failed} message={error} />
          <div>
            <SubmitButton label={submit.idle} busyLabel={submit.busy} />
          </div>
        </SubmitForm>
      </div>
    </section>
  );
}

function FolderChoice({ onOpened, pick }: { onOpened: () => void; pick: (PlaceView & { kind: 'folder' }) | null }) {
  const s = useStyles();
  const [which, setWhich] = useState<'default' | 'other'>(pick?.dir ? 'other' : 'default');
  const [dir, setDir] = useState(pick?.dir ?? '');
  const [dialogError, setDialogError] = useState<string | null>(null);
  const chooseFolder = launcher?.chooseFolder;

  async function browse() {
    setDialogError(null);
    try {
      const chosen = await chooseFolder!();
      if (chosen === null) return;
      setDir(chosen);
      setWhich('other');
    } catch (e) {
      setDialogError((e as Error).message);
    }
  }

  return (
    <ChoiceCard
      id="start-folder"
      title="Open a folder on this computer"
      intro="Everything is kept on this computer, in one folder: the database and the stored files."
      picked={pick !== null}
      choice={() => (which === 'default' ? { kind: 'default' } : { kind: 'folder', dir })}
      onOpened={onOpened}
      failed="The folder could not be opened"
      submit={{ idle: 'Open folder', busy: 'Opening…' }}
    >
      <RadioGroup value={which} onChange={(_, d) => setWhich(d.value as 'default' | 'other')} aria-label="Which folder">
        <Radio value="default" label="The default folder" />
        <Radio value="other" label="Another folder" />
      </RadioGroup>
      {which === 'other' && (
        <div className={s.folderRow}>
          <Field className={s.grow} label="Folder" hint={chooseFolder ? undefined : 'The full path of the folder; a new one is set up if it is empty.'}>
            <Input value={dir} onChange={(_, d) => setDir(d.value)} />
          </Field>
          {chooseFolder && <Button onClick={() => void browse()}>Choose…</Button>}
        </div>
      )}
      <ErrorBar title="The folder dialog did not open" message={dialogError} />
    </ChoiceCard>
  );
}

function TeamChoice({ onOpened, keychain, pick }: { onOpened: () => void; keychain: boolean; pick: (PlaceView & { kind: 'team' }) | null }) {
  const [url, setUrl] = useState(pick?.url ?? '');
  const [files, setFiles] = useState(pick?.files ?? '');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  return (
    <ChoiceCard
      id="start-team"
      title="Connect to a team workspace"
      intro="The team's records are in a PostgreSQL database; its stored files in a folder every member reaches."
      picked={pick !== null}
      choice={() => ({ kind: 'team', url, files, ...(password ? { password } : {}), ...(remember ? { remember } : {}) })}
      onOpened={onOpened}
      failed="The team workspace could not be opened"
      submit={{ idle: 'Connect', busy: 'Connecting…' }}
    >
      <Field label="Database address" hint="postgres://you@server:5432/database — a server not on this computer needs ?sslmode=verify-full&sslrootcert=<CA file>.">
        <Input value={url} onChange={(_, d) => setUrl(d.value)} />
      </Field>
      <Field label="Folder for stored files" hint="The full path of the team folder.">
        <Input value={files} onChange={(_, d) => setFiles(d.value)} />
      </Field>
      <Field label="Password" hint="Leave empty to use PGPASSWORD or the password file (~/.pgpass).">
        <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} />
      </Field>
      <Field
        validationState="none"
        hint={keychain ? 'Kept sealed by the system; asked for again if the server refuses it.' : 'Only the desktop app keeps passwords, and only where the system has a real keychain.'}
      >
        <Checkbox label="Remember in this computer's keychain" checked={remember} disabled={!keychain} onChange={(_, d) => setRemember(Boolean(d.checked))} />
      </Field>
    </ChoiceCard>
  );
}

export function StartScreen({ status, onOpened }: { status: LauncherStatus; onOpened: () => void }) {
  const s = useStyles();
  // Each pick gets its own number: the form it fills is mounted afresh under it.
  const [pick, setPick] = useState<{ n: number; place: PlaceView } | null>(null);
  const folderPick = pick?.place.kind === 'folder' ? pick.place : null;
  const teamPick = pick?.place.kind === 'team' ? pick.place : null;
  useEffect(() => {
    document.title = 'Choose a workspace · Sunshine';
  }, []);
  return (
    <main className={s.page}>
      <div className={s.inner}>
        <Title2 as="h1">Choose a workspace</Title2>
        <Body1 className={s.intro}>The one you open is opened again the next time Sunshine starts; Settings → Switch workspace… comes back here.</Body1>
        {status.problem && (
          <MessageBar intent="warning" role="alert">
            <MessageBarBody>
              <MessageBarTitle>Not opened again</MessageBarTitle>
              {status.problem}
            </MessageBarBody>
          </MessageBar>
        )}
        {status.recent.length > 0 && (
          <section className={s.card} aria-labelledby="start-recent">
            <Subtitle1 as="h2" id="start-recent">
              Recent workspaces
            </Subtitle1>
            <ul className={s.recent}>
              {status.recent.map((p) => (
                <li key={JSON.stringify(p)}>
                  <Button appearance="subtle" className={s.recentButton} onClick={() => setPick({ n: (pick?.n ?? 0) + 1, place: p })}>
                    {describe(p)}
                  </Button>
                </li>
              ))}
            </ul>
            <Caption1 className={s.intro}>A team workspace asks for its password here unless the keychain keeps it.</Caption1>
          </section>
        )}
        <div className={s.choices}>
          <FolderChoice key={folderPick ? pick!.n : 'folder'} onOpened={onOpened} pick={folderPick} />
          <TeamChoice key={teamPick ? pick!.n : 'team'} onOpened={onOpened} keychain={status.keychain} pick={teamPick} />
        </div>
      </div>
    </main>
  );
}
