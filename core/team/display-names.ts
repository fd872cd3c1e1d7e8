/**
 * People in the history by name: in a team workspace an audit row's actor is a login, and the
 * members' display names (team_members) say who that is ("Ana Ruiz (aruiz)"). Rows written before
 * logins were the actor (a typed display name) and a data folder's rows name no member: they show
 * as they are (`actorName` null).
 */
import type { Reader } from '../../db/engine.ts';
import { displayNames } from '../../db/team.ts';

/** The members' names, read once, for every person a screen names after. */
export interface People {
  /** "Ana Ruiz (aruiz)" for a member with a name of their own; the login alone otherwise, and always in a data folder. */
  name(login: string): string;
  /** History rows with the actor's display name (`actorName`, null when there is none). */
  named<T extends { actor: string }>(rows: T[]): (T & { actorName: string | null })[];
}

export async function readPeople(q: Reader): Promise<People> {
  const names = q.kind === 'postgres' ? await displayNames(q) : new Map<string, string>();
  return {
    name: (login) => {
      const name = names.get(login);
      return name && name !== login ? `${name} (${login})` : login;
    },
    named: (rows) => rows.map((r) => ({ ...r, actorName: names.get(r.actor) || null })),
  };
}

export async function withDisplayNames<T extends { actor: string }>(q: Reader, rows: T[]): Promise<(T & { actorName: string | null })[]> {
  return rows.length === 0 ? [] : (await readPeople(q)).named(rows);
}

/** How to name a person by login where a screen shows one (who drew a box, who holds a document). */
export async function peopleNamer(q: Reader): Promise<(login: string) => string> {
  return (await readPeople(q)).name;
}
