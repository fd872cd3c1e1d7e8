/** `sunshine team users | grant | revoke`, run as a team workspace's admin (a real login), and on a data folder. */
import { describe, expect, it } from 'vitest';
import { dataFolder, runSunshine, type CliWorkspace } from './cli-workspace.ts';
import { pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';
import { createLogin, teamWorkspace, type Staffer } from './team-helpers.ts';

const d = pgSkipReason ? describe.skip : describe;

/** The command signed in as `s`, with the password in its environment. */
const asStaffer = (database: string, filesDir: string, s: Pick<Staffer, 'login' | 'password'>): CliWorkspace => ({
  engine: 'postgres',
  dir: filesDir,
  args: ['--database', pgUrl(pgServer!, database, s.login), '--files', filesDir],
  env: { PGPASSWORD: s.password },
  database,
});

describe('sunshine team on a data folder', () => {
  it('says roles are for team workspaces', () => {
    const ws = dataFolder();
    const users = runSunshine(ws, ['team', 'users']);
    expect([users.code, users.out]).toEqual([0, expect.stringContaining('Roles are for a team workspace')]);
    const grant = runSunshine(ws, ['team', 'grant', 'ana', 'viewer']);
    expect(grant.code).not.toBe(0);
    expect(grant.err).toContain('Roles are for a team workspace on PostgreSQL');
  });
});

d('sunshine team on a team workspace', () => {
  it('an admin lists, grants (with a display name), changes and revokes; mistakes are said plainly', async () => {
    const team = await teamWorkspace();
    const ws = asStaffer(team.database, team.filesDir, team.admin);
    const ana = await createLogin('ana');

    const badRole = runSunshine(ws, ['team', 'grant', ana.login, 'boss']);
    expect([badRole.code, badRole.err.trim()]).toEqual([2, 'There is no role "boss": give one of viewer, reviewer, counsel, admin.']);
    const nobody = runSunshine(ws, ['team', 'grant', 'nobody_here', 'viewer']);
    expect(nobody.code).not.toBe(0);
    expect(nobody.err).toContain('The database has no login named "nobody_here"');

    const granted = runSunshine(ws, ['team', 'grant', ana.login, 'reviewer', '--name', 'Ana Ruiz']);
    expect([granted.code, granted.out.trim()]).toEqual([0, `${ana.login} (Ana Ruiz) is now a reviewer in this workspace.`]);
    const table = runSunshine(ws, ['team', 'users']);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split('\n');
    expect(lines[0]).toMatch(/^LOGIN\s+DISPLAY NAME\s+ROLE\s+GRANTED BY\s+GRANTED AT$/);
    expect(lines.find((l) => l.startsWith(ana.login))).toMatch(new RegExp(`^${ana.login}\\s+Ana Ruiz\\s+reviewer\\s+${team.admin.login}\\s+\\d{4}-`));

    expect(runSunshine(ws, ['team', 'grant', ana.login, 'counsel']).code).toBe(0);
    const json = JSON.parse(runSunshine(ws, ['--json', 'team', 'users']).out) as { members: { login: string; displayName: string; role: string }[]; you: string };
    expect(json.you).toBe(team.admin.login);
    expect(json.members.find((m) => m.login === ana.login)).toMatchObject({ displayName: 'Ana Ruiz', role: 'counsel' });

    // Ana, now counsel, may not manage people.
    const asAna = runSunshine(asStaffer(team.database, team.filesDir, ana), ['team', 'revoke', team.admin.login]);
    expect(asAna.code).not.toBe(0);
    expect(asAna.err).toContain('You are counsel in this workspace');

    const lastAdmin = runSunshine(ws, ['team', 'revoke', team.admin.login]);
    expect(lastAdmin.code).not.toBe(0);
    expect(lastAdmin.err).toContain("is the workspace's only admin");
    const revoked = runSunshine(ws, ['team', 'revoke', ana.login]);
    expect([revoked.code, revoked.out.trim()]).toEqual([0, `${ana.login} is no longer a member of this workspace.`]);
    const notMember = runSunshine(ws, ['team', 'revoke', ana.login]);
    expect(notMember.code).not.toBe(0);
    expect(notMember.err).toContain(`${ana.login} is not a member of this workspace`);
  });
});
