/**
 * Team workspaces in tests: one database on the test server (tests/unit/pg-cluster.ts) and several
 * staff, each a real login of their own (never the superuser), each with a core of their own, as
 * each staffer's app would be. The first core is opened by the workspace's creator, who is its
 * first admin. Logins get random suffixes: test files share one server, where logins are global.
 */
import { randomBytes } from 'node:crypto';
import { openCore, type Core, type CoreOptions } from '../../core/index.ts';
import type { Role } from '../../core/shared/roles.ts';
import { afterEach } from 'vitest';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';
import { tempDir } from './helpers.ts';

const opened: Core[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

export interface Staffer {
  login: string;
  password: string;
  core: Core;
}

export interface TeamWorkspace {
  database: string;
  /** The team folder every core shares (the stored files). */
  filesDir: string;
  /** The creator: a login (not the superuser) that opened the workspace first, so its admin. */
  admin: Staffer;
  /** A new login on the server, not yet a member, with a core of its own. */
  newLogin(name: string, opts?: Partial<CoreOptions>): Promise<Staffer>;
  /** A new login granted `role` by the admin, with a core of its own. */
  member(name: string, role: Role, opts?: Partial<CoreOptions>): Promise<Staffer>;
  /** Another core for a login that has one (a second window, a restart). */
  reopen(s: Pick<Staffer, 'login' | 'password'>, opts?: Partial<CoreOptions>): Promise<Core>;
}

/** Create a login on the test server; its name gets a random suffix (`ana_3f2a…`). */
export async function createLogin(name: string): Promise<{ login: string; password: string }> {
  const server = pgServer!;
  const login = `${name}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await pgAdmin(server, 'postgres', (c) => c.query(`CREATE ROLE "${login}" LOGIN PASSWORD '${password}'`));
  return { login, password };
}

export async function teamWorkspace(opts: Partial<CoreOptions> = {}): Promise<TeamWorkspace> {
  const server = pgServer!;
  const database = await freshPgDatabase(server, 'sunshine_team');
  const filesDir = tempDir('sunshine-team-');
  const open = async (login: string, password: string, more: Partial<CoreOptions> = {}) => {
    const core = openCore({ dataDir: filesDir, database: pgUrl(server, database, login), password, ...opts, ...more });
    opened.push(core);
    await core.ready;
    return core;
  };
  // The creator needs to be able to create tables in the new database: it owns it.
  const creator = await createLogin('admin');
  await pgAdmin(server, 'postgres', (c) => c.query(`ALTER DATABASE ${database} OWNER TO "${creator.login}"`));
  await pgAdmin(server, database, (c) => c.query(`ALTER SCHEMA public OWNER TO "${creator.login}"`));
  const admin: Staffer = { ...creator, core: await open(creator.login, creator.password) };
  const newLogin = async (name: string, more?: Partial<CoreOptions>) => {
    const l = await createLogin(name);
    return { ...l, core: await open(l.login, l.password, more) };
  };
  return {
    database,
    filesDir,
    admin,
    newLogin,
    async member(name, role, more) {
      const l = await createLogin(name);
      const r = await admin.core.invoke('team.grant', { login: l.login, role });
      if (!r.ok) throw new Error(`team.grant failed: ${r.error.message}`);
      return { ...l, core: await open(l.login, l.password, more) };
    },
    reopen: (s, more) => open(s.login, s.password, more),
  };
}
