/**
 * Who may make which call in a team workspace: the one place that says it. The contract's `role`
 * (core/contract.ts) names the least role a call needs; unset, a call that only reads needs a
 * viewer and one that changes data needs counsel. The dispatcher asks `refusal` before a handler
 * runs; a data folder on SQLite has one person, who may do everything, and is never asked.
 */
import type { CallMeta } from '../contract.ts';
import { roleAtLeast, withArticle, type Role } from '../shared/roles.ts';

export const neededRole = (def: CallMeta): Role => def.role ?? (def.mutates ? 'counsel' : 'viewer');

/** What a call does, in the words of its summary's first clause: “Log a request, letter or subpoena”. */
function doing(name: string, def: CallMeta): string {
  const s = def.summary.replace(/[.:;(].*$/s, '').trim();
  return s ? `“${s}” (${name})` : name;
}

/** How a role is named after "needs": "counsel or an admin", "an admin". */
const needsWords = (r: Role): string =>
  r === 'admin' ? 'an admin' : r === 'counsel' ? 'counsel or an admin' : `${withArticle(r)} or above`;

/** Why `have` may not make the call (null: it may); the words tell the person what to do. */
export function refusal(name: string, def: CallMeta, have: Role | null, login: string | null): string | null {
  const need = neededRole(def);
  if (have === null) {
    const who = login ?? 'this login';
    return `Your login ${who} is not a member of this workspace: ask an admin to run \`sunshine team grant ${who} <role>\`.`;
  }
  if (roleAtLeast(have, need)) return null;
  return `You are ${withArticle(have)} in this workspace; ${doing(name, def)} needs ${needsWords(need)}. Ask an admin to change your role.`;
}
