/**
 * Settings → Team: the members of a team workspace with their display names, logins and roles.
 * An admin grants a login a role, changes a member's role and revokes one (after a confirm);
 * everyone else sees the list. A data folder has one person, who may do everything: it says so.
 */
import { useRef, useState } from 'react';
import {
  Body1,
  Button,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  Select,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ROLES, isRole, type Role } from '../../../../core/shared/roles.ts';
import type { MemberOut } from '../../../../core/api-team.ts';
import { call } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { useCall } from '../../use-call.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
});

/** What each role may do, as the role picker explains it. */
const ROLE_WORDS: Record<Role, string> = {
  viewer: 'Viewer: reads',
  reviewer: 'Reviewer: also codes, tags and redacts documents',
  counsel: 'Counsel: also logs requests and disclosures, makes productions',
  admin: 'Admin: also manages people and the workspace',
};

/** The roles to pick from: explained in the grant form, by name alone in the members' table (where the column is narrow). */
function RoleOptions({ short = false }: { short?: boolean }) {
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {short ? r : ROLE_WORDS[r]}
        </option>
      ))}
    </>
  );
}


function GrantForm({ onGranted }: { onGranted(): void }) {
  const s = useStyles();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('reviewer');
  const [error, setError] = useState<string | null>(null);
  async function grant() {
    try {
      await call('team.grant', { login: login.trim(), role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) });
      setError(null);
      setLogin('');
      setDisplayName('');
      onGranted();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <SubmitForm onSubmit={grant} className={s.row} aria-label="Grant a login a role">
      <Field label="Database login" required>
        <Input value={login} onChange={(_, d) => setLogin(d.value)} maxLength={63} />
      </Field>
      <Field label="Display name" hint="How the history names them; optional">
        <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} maxLength={120} />
      </Field>
      <Field label="Role">
        <Select value={role} onChange={(_, d) => isRole(d.value) && setRole(d.value)}>
          <RoleOptions />
        </Select>
      </Field>
      <SubmitButton label="Grant" busyLabel="Granting…" />
      <ErrorBar title="Not granted" message={error} />
    </SubmitForm>
  );
}

function RevokeDialog({ member, onClose, onRevoked }: { member: MemberOut; onClose(): void; onRevoked(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function revoke() {
    setBusy(true);
    try {
      await call('team.revoke', { login: member.login });
      onRevoked();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <GuardedDialog onClose={() => !busy && onClose()}>
      <DialogBody>
        <DialogTitle>Revoke {member.displayName} ({member.login})?</DialogTitle>
        <DialogContent>
          <Body1 as="p">
            They lose their role ({member.role}) and their login no longer reads anything of this workspace. Their changes stay in the history under their
            login.
          </Body1>
          <ErrorBar title="Not revoked" message={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button appearance="primary" onClick={() => void revoke()} disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke'}
          </Button>
        </DialogActions>
      </DialogBody>
    </GuardedDialog>
  );
}

export function Team({ onChanged }: { onChanged(): void }) {
  const s = useStyles();
  const { data, error: loadError, reload } = useCall('team.users', {});
  const [error, setError] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<MemberOut | null>(null);
  // One role change at a time: a second pick while one is saved is dropped, not queued.
  const changing = useRef(false);
  const [busy, setBusy] = useState(false);
  const changed = () => (reload(), onChanged());

  async function changeRole(m: MemberOut, role: Role) {
    if (changing.current || role === m.role) return;
    changing.current = true;
    setBusy(true);
    try {
      await call('team.grant', { login: m.login, role });
      setError(null);
      changed();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      changing.current = false;
      setBusy(false);
    }
  }

  return (
    <section className={s.section} aria-labelledby="team-heading">
      <Subtitle1 as="h2" id="team-heading">
        Team
      </Subtitle1>
      <ErrorBar message={loadError} />
      {data && data.you === null && (
        <Body1>This data folder has one person, who may do everything. Roles (admin, counsel, reviewer, viewer) are for a team workspace on PostgreSQL.</Body1>
      )}
      {data && data.you !== null && (
        <TeamMembers
          members={data.members}
          you={data.you}
          busy={busy}
          onRole={(m, r) => void changeRole(m, r)}
          onRevoke={setRevoking}
          onGranted={changed}
        />
      )}
      <ErrorBar title="Role not changed" message={error} />
      {revoking && (
        <RevokeDialog
          member={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            changed();
          }}
        />
      )}
    </section>
  );
}

function TeamMembers(p: { members: MemberOut[]; you: string; busy: boolean; onRole(m: MemberOut, r: Role): void; onRevoke(m: MemberOut): void; onGranted(): void }) {
  const mine = p.members.find((m) => m.login === p.you)?.role;
  const admin = mine === 'admin';
  return (
    <>
      <Body1>
        You are signed in as <strong>{p.you}</strong>, {mine ? `with the role ${mine}` : 'not a member'}.
      </Body1>
      <Body1>
        {admin
          ? 'Each member signs in with their own database login; the history names them by it. Grant a login a role, change a role, or revoke one.'
          : 'Each member signs in with their own database login. Only an admin grants, changes or revokes roles.'}
      </Body1>
      <Table aria-label="Members" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Display name</TableHeaderCell>
            <TableHeaderCell>Login</TableHeaderCell>
            <TableHeaderCell>Role</TableHeaderCell>
            {admin && <TableHeaderCell>Actions</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {p.members.map((m) => (
            <TableRow key={m.login}>
              <TableCell>
                {m.displayName}
                {m.login === p.you ? ' (you)' : ''}
              </TableCell>
              <TableCell>{m.login}</TableCell>
              <TableCell>
                {admin ? (
                  <Select aria-label={`Role of ${m.login}`} value={m.role} disabled={p.busy} onChange={(_, d) => isRole(d.value) && p.onRole(m, d.value)}>
                    <RoleOptions short />
                  </Select>
                ) : (
                  m.role
                )}
              </TableCell>
              {admin && (
                <TableCell>
                  <Button size="small" aria-label={`Revoke ${m.login}`} disabled={p.busy} onClick={() => p.onRevoke(m)}>
                    Revoke
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {admin && <GrantForm onGranted={p.onGranted} />}
    </>
  );
}
