import type { Migration } from './types.ts';

/**
 * The people of a team workspace and what each may do (core/shared/roles.ts). On PostgreSQL a member
 * is a database login: who is acting is the server's `session_user`, never a name a window typed.
 * The login that applies this step (the one that creates the workspace, or brings an older one up
 * to it) is its first admin. A data folder on SQLite has one person, who may do everything, and
 * keeps this table empty.
 *
 * `sunshine_role()` and `sunshine_is_admin()` are what the server's own rules (row-level security,
 * triggers) ask; SECURITY DEFINER so they read the members whatever the caller may read.
 */
export const m0024: Migration = {
  version: 24,
  name: 'team members',
  up(db) {
    db.exec(`
      CREATE TABLE team_members (
        login        TEXT PRIMARY KEY,
        display_name TEXT NOT NULL DEFAULT '',
        role         TEXT NOT NULL CHECK (role IN ('admin', 'counsel', 'reviewer', 'viewer')),
        granted_by   TEXT NOT NULL,
        granted_at   TEXT NOT NULL
      ) STRICT;
    `);
  },
  pg: (tx) =>
    tx.exec(`
      CREATE TABLE team_members (
        login        text PRIMARY KEY,
        display_name text NOT NULL DEFAULT '',
        role         text NOT NULL CHECK (role IN ('admin', 'counsel', 'reviewer', 'viewer')),
        granted_by   text NOT NULL,
        granted_at   text NOT NULL
      );
      CREATE FUNCTION sunshine_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
        AS $$ SELECT role FROM team_members WHERE login = session_user $$;
      CREATE FUNCTION sunshine_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
        AS $$ SELECT coalesce((SELECT role = 'admin' FROM team_members WHERE login = session_user), false) $$;
      INSERT INTO team_members (login, display_name, role, granted_by, granted_at)
        VALUES (session_user, session_user, 'admin', session_user, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
    `),
};
