/**
 * Roles in a team workspace, with real logins (never the superuser, who bypasses the server's own
 * rules): each staffer's app is a core of its own, signed in as their login.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../core/index.ts';
import { pgAdmin, pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';
import { createLogin, teamWorkspace, type Staffer } from './team-helpers.ts';
import { tempDir } from './helpers.ts';

const d = pgSkipReason ? describe.skip : describe;

async function ok<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** SQL as a staffer's own login, as psql would run it. */
async function asLogin<T>(s: Pick<Staffer, 'login' | 'password'>, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: pgServer!.host, port: pgServer!.port, user: s.login, password: s.password, database });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** One document in the workspace, imported by the admin. */
async function aDocument(core: Core): Promise<number> {
  const src = tempDir('sunshine-roles-src-');
  fs.writeFileSync(path.join(src, 'memo.txt'), 'The quillwort memo about sponsor vetting.');
  const report = await ok(core.invoke('documents.import', { paths: [src] }));
  return report.files[0]!.documentId!;
}

d('roles in a team workspace', () => {
  it('a viewer trying to code is refused FORBIDDEN, and the refusal is in the history under their login', async () => {
    const team = await teamWorkspace();
    const doc = await aDocument(team.admin.core);
    const vic = await team.member('vic', 'viewer');
    expect((await ok(vic.core.invoke('documents.list', {}))).total).toBe(1);
    const r = await vic.core.invoke('review.set', { ids: [doc], status: 'responsive' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('You are a viewer in this workspace') } });
    expect(!r.ok && r.error.message).toContain('Ask an admin to change your role.');
    const history = await ok(team.admin.core.invoke('audit.list', { entity: 'call', entityId: 'review.set' }));
    expect(history.entries.map((e) => [e.actor, e.action, e.after])).toEqual([[vic.login, 'team.forbidden', { role: 'viewer', needed: 'reviewer' }]]);
    // Nothing was coded.
    expect((await ok(team.admin.core.invoke('review.get', { id: doc }))).status).toBe('unreviewed');
  });

  it('a reviewer codes and tags but cannot log a request; counsel can', async () => {
    const team = await teamWorkspace();
    const doc = await aDocument(team.admin.core);
    const rita = await team.member('rita', 'reviewer');
    await ok(rita.core.invoke('review.set', { ids: [doc], status: 'responsive' }));
    await ok(rita.core.invoke('tags.create', { name: 'Hot' }));
    await ok(rita.core.invoke('tags.apply', { tag: 'Hot', ids: [doc] }));
    const coded = await ok(team.admin.core.invoke('review.get', { id: doc }));
    expect([coded.status, coded.tags.map((t) => t.path)]).toEqual(['responsive', ['Hot']]);
    const refused = await rita.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Detention contracts' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'You are a reviewer in this workspace; “Log a request, letter or subpoena” (requests.create) needs counsel or an admin. Ask an admin to change your role.' },
    });
    const cole = await team.member('cole', 'counsel');
    const req = await ok(cole.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Detention contracts' }));
    expect((await ok(rita.core.invoke('requests.list', {}))).rows.map((x) => x.reference)).toEqual([req.reference]);
    // Counsel manages no people.
    expect(await cole.core.invoke('team.grant', { login: rita.login, role: 'counsel' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('needs an admin') } });
  });

  it('a login that is not a member is refused, told how to become one', async () => {
    const team = await teamWorkspace();
    const zed = await createLogin('zed');
    const told = `Your login ${zed.login} is not a member of this workspace: ask an admin to run \`sunshine team grant ${zed.login} <role>\`.`;
    // With no rights on the workspace's tables, the app cannot even open it.
    const core = openCore({ dataDir: team.filesDir, database: pgUrl(pgServer!, team.database, zed.login), password: zed.password });
    try {
      await expect(core.ready).rejects.toMatchObject({ code: 'FORBIDDEN', message: told });
      expect(await core.invoke('requests.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: told } });
    } finally {
      core.close();
    }
    // Given the tables' rights some other way (by hand) but no role, every call is still refused.
    await pgAdmin(pgServer!, team.database, (c) => c.query(`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO "${zed.login}"`));
    const reading = await team.reopen(zed);
    expect(await reading.invoke('requests.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: told } });
    expect(await reading.invoke('team.users', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('an admin grants and revokes: a revoked member is refused and their login no longer reads the tables', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await ok(ana.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Body cameras' }));
    expect(await asLogin(ana, team.database, async (c) => (await c.query('SELECT count(*)::int AS n FROM requests')).rows[0].n)).toBe(1);
    // A role changed is in force at once in the admin's own core, and on ana's next look.
    await ok(team.admin.core.invoke('team.grant', { login: ana.login, role: 'viewer' }));
    const after = await team.reopen(ana);
    expect(await after.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'More' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(team.admin.core.invoke('team.revoke', { login: ana.login }));
    const members = await ok(team.admin.core.invoke('team.users', {}));
    expect(members.members.map((m) => m.login)).toEqual([team.admin.login]);
    expect(await after.invoke('requests.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('is not a member of this workspace') } });
    await expect(team.reopen(ana)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asLogin(ana, team.database, (c) => c.query('SELECT count(*) FROM requests'))).rejects.toMatchObject({ code: '42501' });
    const history = await ok(team.admin.core.invoke('audit.list', { entity: 'member', entityId: ana.login }));
    expect(history.entries.map((e) => [e.action, e.actor])).toEqual([
      ['team.revoke', team.admin.login],
      ['team.grant', team.admin.login],
      ['team.grant', team.admin.login],
    ]);
  });

  it('the history names the login as the actor, with the display name the member gave themselves beside it', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    const req = await ok(ana.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Body cameras' }));
    expect((await ok(ana.core.invoke('settings.update', { userName: 'Ana Ruiz' }))).userName).toBe('Ana Ruiz');
    expect((await ok(ana.core.invoke('settings.get', {}))).userName).toBe('Ana Ruiz');
    // Each member's own: the admin's name is not changed by ana's.
    expect((await ok(team.admin.core.invoke('settings.get', {}))).userName).toBe(team.admin.login);
    await ok(ana.core.invoke('requests.update', { reference: req.reference, patch: { subject: 'Body cameras, 2025' } }));
    const entries = (await ok(team.admin.core.invoke('audit.list', { entity: 'request', entityId: req.reference }))).entries;
    expect(entries.map((e) => [e.actor, e.actorName])).toEqual([
      [ana.login, 'Ana Ruiz'],
      [ana.login, 'Ana Ruiz'],
    ]);
    const renamed = (await ok(team.admin.core.invoke('audit.list', { entity: 'member', entityId: ana.login }))).entries[0]!;
    expect([renamed.action, renamed.actor, renamed.after]).toEqual(['team.displayName', ana.login, { displayName: 'Ana Ruiz' }]);
    expect((await ok(team.admin.core.invoke('team.users', {}))).members.find((m) => m.login === ana.login)?.displayName).toBe('Ana Ruiz');
    // The workspace's own settings are an admin's.
    expect(await ana.core.invoke('settings.update', { officeName: 'Oversight' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(team.admin.core.invoke('settings.update', { officeName: 'Oversight' }));
    const status = await ok(ana.core.invoke('app.status', {}));
    expect([status.actor, status.team]).toEqual([ana.login, { login: ana.login, role: 'counsel' }]);
  });

  it('a member writing a history entry in someone else\'s name is refused by the database, setting or not', async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'counsel');
    await ok(ana.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Body cameras' }));
    const forge = (c: pg.Client, actor: string) =>
      c.query(
        `INSERT INTO audit_log (seq, at, actor, os_user, action, entity, entity_id, before, after, prev_hash, hash)
         SELECT seq + 1, at, $1, os_user, 'requests.update', entity, entity_id, NULL, NULL, hash, md5(random()::text) FROM audit_log ORDER BY seq DESC LIMIT 1`,
        [actor],
      );
    await asLogin(ana, team.database, async (c) => {
      await expect(forge(c, team.admin.login)).rejects.toThrow(/may not write an entry in the name of/);
      await c.query('BEGIN');
      await c.query("SET LOCAL sunshine.copying_history = 'on'");
      await expect(forge(c, team.admin.login)).rejects.toThrow(/may not write an entry in the name of/);
      await c.query('ROLLBACK');
    });
    // An admin copying history whole may: inside a transaction that says so (rolled back here).
    await asLogin(team.admin, team.database, async (c) => {
      await c.query('BEGIN');
      await c.query("SET LOCAL sunshine.copying_history = 'on'");
      await expect(forge(c, 'someone from long ago')).resolves.toMatchObject({ rowCount: 1 });
      await c.query('ROLLBACK');
    });
    const verify = await ok(team.admin.core.invoke('app.verify', {}));
    expect(verify.ok).toBe(true);
  });
});
