import { defineHandlers, type CallContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { grantTablesTo, listMembers, loginExists, memberOf, putMember, removeMember, revokeTablesFrom, type MemberRow } from '../../db/team.ts';
import { isRole } from '../shared/roles.ts';
import type { MemberOut } from '../api-team.ts';

const memberOut = (m: MemberRow): MemberOut => ({ login: m.login, displayName: m.display_name, role: isRole(m.role) ? m.role : 'viewer', grantedBy: m.granted_by, grantedAt: m.granted_at });

function teamOnly(ctx: CallContext): void {
  if (ctx.store.kind !== 'postgres') {
    throw new AppError('BAD_INPUT', 'Roles are for a team workspace on PostgreSQL; a data folder has one person, who may do everything.');
  }
}

export const teamHandlers = defineHandlers({
  'team.users': async (_input, ctx) => ({ members: (await listMembers(ctx.store.engine)).map(memberOut), you: ctx.login }),
  'team.grant': async ({ login, role, displayName }, ctx) => {
    teamOnly(ctx);
    if (!(await loginExists(ctx.store.engine, login))) {
      throw new AppError('NOT_FOUND', `The database has no login named "${login}". Ask whoever runs the database server to create it (CREATE ROLE … LOGIN), then grant it a role here.`);
    }
    return ctx.store.write(ctx.actor, async (w) => {
      const before = await memberOf(w, login);
      if (before?.role === 'admin' && role !== 'admin') await refuseLastAdmin(w, login);
      await putMember(w, login, role, displayName ?? before?.display_name ?? login);
      await grantTablesTo(w, login, role === 'admin');
      await w.audit({ action: 'team.grant', entity: 'member', entityId: login, before: before ? { role: before.role } : undefined, after: { role } });
      return memberOut((await memberOf(w, login))!);
    });
  },
  'team.revoke': async ({ login }, ctx) => {
    teamOnly(ctx);
    return ctx.store.write(ctx.actor, async (w) => {
      const before = await memberOf(w, login);
      if (!before) throw new AppError('NOT_FOUND', `${login} is not a member of this workspace.`);
      if (before.role === 'admin') await refuseLastAdmin(w, login);
      await removeMember(w, login);
      await revokeTablesFrom(w, login);
      await w.audit({ action: 'team.revoke', entity: 'member', entityId: login, before: { role: before.role } });
      return { login };
    });
  },
});

/** A workspace always keeps an admin: nobody else could grant anything again. */
async function refuseLastAdmin(q: Parameters<typeof listMembers>[0], login: string): Promise<void> {
  const admins = (await listMembers(q)).filter((m) => m.role === 'admin' && m.login !== login);
  if (admins.length === 0) throw new AppError('CONFLICT', `${login} is the workspace's only admin: make someone else an admin first.`);
}
