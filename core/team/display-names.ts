/**
 * People in the history by name: in a team workspace an audit row's actor is a login, and the
 * members' display names (team_members) say who that is ("Ana Ruiz (aruiz)"). Rows written before
 * logins were the actor (a typed display name) and a data folder's rows name no member: they show
 * as they are (`actorName` null).
 */
import type { Reader } from '../../db/engine.ts';
import { displayNames } from '../../db/team.ts';

export async function withDisplayNames<T extends { actor: string }>(q: Reader, rows: T[]): Promise<(T & { actorName: string | null })[]> {
  const names = q.kind === 'postgres' && rows.length > 0 ? await displayNames(q) : new Map<string, string>();
  return rows.map((r) => ({ ...r, actorName: names.get(r.actor) || null }));
}

/**
 * How to name a person by login where a screen shows one (who drew a box, who holds a document):
 * "Ana Ruiz (aruiz)" for a member with a name of their own, the login alone otherwise and always
 * in a data folder. The members are read once, for every name asked after.
 */
export async function peopleNamer(q: Reader): Promise<(login: string) => string> {
  const names = q.kind === 'postgres' ? await displayNames(q) : new Map<string, string>();
  return (login) => {
    const name = names.get(login);
    return name && name !== login ? `${name} (${login})` : login;
  };
}
