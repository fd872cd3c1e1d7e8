/** The members of a team workspace (migration 24): a database login, a display name, a role. */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

export interface MemberRow {
  login: string;
  display_name: string;
  /** One of core/shared/roles.ts ROLES (the table's CHECK keeps it so). */
  role: string;
  granted_by: string;
  granted_at: string;
}

export async function memberOf(q: Reader, login: string): Promise<MemberRow | undefined> {
  const row = await q.get<MemberRow>('SELECT login, display_name, role, granted_by, granted_at FROM team_members WHERE login = ?', [login]);
  return row;
}

export const listMembers = (q: Reader) =>
  q.all<MemberRow>('SELECT login, display_name, role, granted_by, granted_at FROM team_members ORDER BY login');

/** Display names by login, for naming people in the history ("Ana Ruiz (aruiz)"). */
export async function displayNames(q: Reader): Promise<Map<string, string>> {
  const rows = await q.all<{ login: string; display_name: string }>('SELECT login, display_name FROM team_members');
  return new Map(rows.map((r) => [r.login, r.display_name]));
}

/** Add a member or change their role; the caller audits. */
export const putMember = (w: Writer, login: string, role: string, displayName: string) =>
  w.run(
    `INSERT INTO team_members (login, display_name, role, granted_by, granted_at) VALUES (@login, @displayName, @role, @by, @at)
     ON CONFLICT (login) DO UPDATE SET role = excluded.role, granted_by = excluded.granted_by, granted_at = excluded.granted_at`,
    { login, displayName, role, by: w.actor, at: w.at },
  );

export const removeMember = (w: Writer, login: string) => w.run('DELETE FROM team_members WHERE login = ?', [login]);

export const setDisplayName = (w: Writer, login: string, displayName: string) =>
  w.run('UPDATE team_members SET display_name = ? WHERE login = ?', [displayName, login]);

/** Whether the server has a login of this name (a role that may log in). */
export async function loginExists(q: Reader, login: string): Promise<boolean> {
  return (await q.get<{ n: number }>('SELECT count(*) AS n FROM pg_roles WHERE rolname = ? AND rolcanlogin', [login]))!.n > 0;
}

/** A login as an SQL identifier: always quoted, any quote in it doubled. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * PostgreSQL: let a member's login reach the workspace's tables (the tables belong to whoever
 * created them, and a login has no rights on another's tables until granted). The audit log takes
 * rows but is never changed or emptied. An admin may pass the rights on (`WITH GRANT OPTION`), so
 * an admin other than the workspace's creator can grant others. What each member may see of the
 * rows is the tables' row-level security's to say.
 */
export async function grantTablesTo(w: Writer, login: string, admin: boolean): Promise<void> {
  const who = quoteIdent(login);
  const option = admin ? ' WITH GRANT OPTION' : '';
  const schema = quoteIdent((await w.get<{ s: string }>('SELECT current_schema() AS s'))!.s);
  await w.run(`GRANT USAGE ON SCHEMA ${schema} TO ${who}`);
  await w.run(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${who}${option}`);
  await w.run(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${who}${option}`);
  await w.run(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${who}`);
}

export async function revokeTablesFrom(w: Writer, login: string): Promise<void> {
  const who = quoteIdent(login);
  const schema = quoteIdent((await w.get<{ s: string }>('SELECT current_schema() AS s'))!.s);
  await w.run(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${who}`);
  await w.run(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${who}`);
}
