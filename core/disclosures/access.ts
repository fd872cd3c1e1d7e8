/**
 * Need-to-know: who may see a disclosure (migration 25). In a team workspace the server's
 * row-level security shows a disclosure, its documents and its history only to admins and the
 * logins granted it; here are the app's side of it: who is granted when, and who may grant.
 */
import type { AccessOut } from '../api-disclosures.ts';
import type { CallContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { grantsOf, putGrant, type DisclosureRow } from '../../db/disclosures.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { displayNames, memberOf } from '../../db/team.ts';
import { afterAccessGranted } from './key-access.ts';

export const TEAM_ONLY = 'Access is for team workspaces: a data folder has one person, who sees every disclosure.';

export async function accessOf(q: Reader, disclosureId: number): Promise<AccessOut[]> {
  const grants = await grantsOf(q, disclosureId);
  if (grants.length === 0) return [];
  const names = await displayNames(q);
  return grants.map((g) => ({ login: g.login, displayName: names.get(g.login) ?? '', grantedBy: g.granted_by, grantedAt: g.granted_at }));
}

/**
 * Who is granted a disclosure as it is logged: whoever logs it, and its assignee when that names a
 * member's login. None in a data folder.
 */
export async function granteesAtIntake(q: Reader, ctx: Pick<CallContext, 'login'>, assignee: string): Promise<string[]> {
  if (ctx.login === null) return [];
  const out = [ctx.login];
  if (assignee && assignee !== ctx.login && (await memberOf(q, assignee))) out.push(assignee);
  return out;
}

/** Grant a login in a write, with its history row and what keys follow; false when it was granted already. */
export async function grantInWrite(w: Writer, d: Pick<DisclosureRow, 'id' | 'reference'>, login: string): Promise<boolean> {
  if (!(await putGrant(w, d.id, login))) return false;
  await w.audit({ action: 'disclosure.grant', entity: 'disclosure', entityId: d.reference, after: { login } });
  await afterAccessGranted(w, d.id, login);
  return true;
}

/** Granting and revoking: a team workspace's admin, or the disclosure's assignee. */
export async function requireMayGrant(ctx: CallContext, d: DisclosureRow): Promise<void> {
  if (ctx.store.kind !== 'postgres' || ctx.login === null) throw new AppError('BAD_INPUT', TEAM_ONLY);
  if ((await ctx.role()) === 'admin' || d.assignee === ctx.login) return;
  throw new AppError('FORBIDDEN', `Only an admin or the disclosure's assignee${d.assignee ? ` (${d.assignee})` : ''} may change who sees ${d.reference}.`);
}

/** The login granted must be a member: access is to a workspace's people, not any login on the server. */
export async function requireMember(q: Reader, login: string): Promise<void> {
  if (!(await memberOf(q, login))) {
    throw new AppError('BAD_INPUT', `login: ${login} is not a member of this workspace; an admin gives them a role first (sunshine team grant ${login} ROLE).`);
  }
}
