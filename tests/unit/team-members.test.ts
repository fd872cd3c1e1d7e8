import { describe, expect, it } from 'vitest';
import { pgSkipReason } from './pg-helpers.ts';
import { teamWorkspace } from './team-helpers.ts';

const d = pgSkipReason ? describe.skip : describe;

d('team members', () => {
  it('the login that creates a workspace is its first admin, and an admin grants others a role', async () => {
    const team = await teamWorkspace();
    const users = await team.admin.core.invoke('team.users', {});
    expect(users.ok && users.value.members.map((m) => [m.login, m.role])).toEqual([[team.admin.login, 'admin']]);
    const ana = await team.member('ana', 'reviewer');
    const seen = await ana.core.invoke('team.users', {});
    expect(seen.ok && seen.value.you).toBe(ana.login);
    expect(seen.ok && seen.value.members.find((m) => m.login === ana.login)?.role).toBe('reviewer');
  });

  it('a grant to a login the server does not have is refused, naming it', async () => {
    const team = await teamWorkspace();
    const r = await team.admin.core.invoke('team.grant', { login: 'nobody_here', role: 'viewer' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('nobody_here') } });
  });

  it('the only admin cannot be revoked', async () => {
    const team = await teamWorkspace();
    const r = await team.admin.core.invoke('team.revoke', { login: team.admin.login });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
