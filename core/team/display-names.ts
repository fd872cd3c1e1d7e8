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
