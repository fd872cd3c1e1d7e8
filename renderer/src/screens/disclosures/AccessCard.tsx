/**
 * Who may see a disclosure in a team workspace: only they (and the admins) find it, its documents
 * and its history. An admin or the disclosure's assignee grants members and revokes them; everyone
 * else sees the list only. A data folder has one person, who sees everything.
 */
import { useState } from 'react';
import {
  Button,
  Caption1,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
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
import type { AccessOut, DisclosureOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap', marginTop: tokens.spacingVerticalS },
});

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const person = (a: AccessOut) => a.displayName || a.login;

export function AccessCard({ d, onChange }: { d: DisclosureOut; onChange: (access: AccessOut[]) => void }) {
  const s = useStyles();
  const team = useCall('team.users', {});
  const [login, setLogin] = useState('');
  const [revoking, setRevoking] = useState<AccessOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!team.data) return null;
  const you = team.data.you;
  if (you === null) {
    return (
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Access</Subtitle1>} />
        <Caption1>Access is for team workspaces: in this data folder one person sees every disclosure.</Caption1>
      </Card>
    );
  }
  const mayGrant = d.assignee === you || team.data.members.some((m) => m.login === you && m.role === 'admin');
  const grantable = team.data.members.filter((m) => !d.access.some((a) => a.login === m.login));
  async function change(name: 'disclosures.grant' | 'disclosures.revokeGrant', who: string) {
    try {
      onChange((await call(name, { reference: d.reference, login: who })).access);
      setError(null);
      setLogin('');
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <Card>
      <CardHeader
        header={<Subtitle1 as="h2">Access</Subtitle1>}
        description={<Caption1>Only the people granted it and the workspace’s admins see this disclosure, its documents and its history.</Caption1>}
      />
      {d.access.length === 0 ? (
        <Caption1>No one is granted it: only admins see it.</Caption1>
      ) : (
        <Table aria-label="People granted this disclosure" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Person</TableHeaderCell>
              <TableHeaderCell>Login</TableHeaderCell>
              <TableHeaderCell>Granted by</TableHeaderCell>
              <TableHeaderCell>When (UTC)</TableHeaderCell>
              {mayGrant && <TableHeaderCell style={{ width: 110 }}>Revoke</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {d.access.map((a) => (
              <TableRow key={a.login}>
                <TableCell>{person(a)}</TableCell>
                <TableCell>{a.login}</TableCell>
                <TableCell>{a.grantedBy}</TableCell>
                <TableCell>{when(a.grantedAt)}</TableCell>
                {mayGrant && (
                  <TableCell>
                    <Button size="small" aria-label={`Revoke ${a.login}`} onClick={() => setRevoking(a)}>
                      Revoke…
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {mayGrant && (
        <SubmitForm onSubmit={() => change('disclosures.grant', login)} className={s.row} aria-label="Grant access">
          <Field label="Member">
            <Dropdown
              placeholder={grantable.length ? 'Choose a member' : 'Every member is granted'}
              value={login}
              selectedOptions={login ? [login] : []}
              onOptionSelect={(_, v) => setLogin(v.optionValue ?? '')}
              disabled={grantable.length === 0}
              style={{ minWidth: 260 }}
            >
              {grantable.map((m) => (
                <Option key={m.login} value={m.login} text={m.login}>
                  {m.displayName && m.displayName !== m.login ? `${m.displayName} (${m.login})` : m.login}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Button type="submit" disabled={!login}>
            Grant access
          </Button>
        </SubmitForm>
      )}
      <ErrorBar title="Access not changed" message={error} />
      <Dialog open={revoking !== null} onOpenChange={(_, v) => !v.open && setRevoking(null)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Revoke {revoking ? person(revoking) : ''}?</DialogTitle>
            <DialogContent>
              {revoking?.login} will no longer see {d.reference}, its documents or its history. The revoke is written to the history.
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={() => setRevoking(null)}>
                Cancel
              </Button>
              <Button
                appearance="primary"
                onClick={() => {
                  const who = revoking!.login;
                  setRevoking(null);
                  void change('disclosures.revokeGrant', who);
                }}
              >
                Revoke access
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}
