/** The team part of the contract: who may do what in a team workspace. Spread into the table in api.ts. */
import { z } from 'zod';
import { call } from './contract.ts';
import { ROLES, type Role } from './shared/roles.ts';

export interface MemberOut {
  login: string;
  displayName: string;
  role: Role;
  grantedBy: string;
  grantedAt: string;
}

/** A PostgreSQL login as the server spells it: letters, digits, `_`, `.`, `-`, `@`, at most 63 bytes. */
export const loginName = z
  .string()
  .trim()
  .min(1, 'Give the database login.')
  .max(63, 'A database login has at most 63 characters.')
  .regex(/^[A-Za-z_][A-Za-z0-9_.@-]*$/, 'A database login holds letters, digits and _ . @ - only, and starts with a letter or _.');

export const teamCalls = {
  'team.users': call<{ members: MemberOut[]; you: string | null }>()(z.object({}).strict(), {
    summary: "The team's members: login, display name, role.",
  }),
  'team.grant': call<MemberOut>()(
    z
      .object({
        login: loginName,
        role: z.enum(ROLES),
        displayName: z.string().trim().max(120).optional(),
      })
      .strict(),
    { summary: 'Give a database login a role in this team workspace (or change it).', mutates: true, role: 'admin' },
  ),
  'team.revoke': call<{ login: string }>()(z.object({ login: loginName }).strict(), {
    summary: "Take a login's role away: it sees nothing of this workspace any more.",
    mutates: true,
    role: 'admin',
  }),
};
