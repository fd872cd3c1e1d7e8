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
 *
 * Who acts is the server's to say: an audit row naming anyone but `session_user` is refused, so
 * no member (in the app or with psql) writes history in someone else's name. The one exception is
 * history copied whole (a restore, a workspace copy, db/copy-rows.ts), whose rows keep their
 * original actors: that transaction says so with `SET LOCAL sunshine.copying_history = 'on'`,
 * which anyone may set but which counts only for an admin.
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
      CREATE FUNCTION audit_log_actor_is_login() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        IF NEW.actor IS DISTINCT FROM session_user::text
           AND NOT (coalesce(current_setting('sunshine.copying_history', true), '') = 'on' AND sunshine_is_admin()) THEN
          RAISE EXCEPTION 'The history records who acts as their own login: % may not write an entry in the name of %.', session_user, NEW.actor
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER audit_log_actor_is_login BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_actor_is_login();
      INSERT INTO team_members (login, display_name, role, granted_by, granted_at)
        VALUES (session_user, session_user, 'admin', session_user, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
    `),
};
