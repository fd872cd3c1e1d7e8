import { describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Core } from '../../core/index.ts';
import { pgServer, pgSkipReason, pgUrl } from './pg-helpers.ts';
import { dataFolder, runSunshine, type CliWorkspace } from './cli-workspace.ts';
import { createLogin, teamWorkspace, type Staffer } from './team-helpers.ts';
import { write } from './fixtures.ts';
import { claimOcrItem } from '../../db/documents.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';

const d = pgSkipReason ? describe.skip : describe;

/** Everything a member can find of a disclosure and its one document, through the app. */
async function whatIsSeen(core: Core, reference: string, documentId: number) {
  const list = await ok(core.invoke('disclosures.list', {}));
  const get = await core.invoke('disclosures.get', { reference });
  const docs = await ok(core.invoke('documents.list', {}));
  const search = await ok(core.invoke('documents.search', { query: 'zephyrine' }));
  // A fielded query matches through the fields index, not the pages.
  const byName = await ok(core.invoke('documents.search', { query: 'filename:zephyrine' }));
  const doc = await core.invoke('documents.get', { id: documentId });
  const original = await core.invoke('documents.original', { id: documentId });
  const history = await ok(core.invoke('audit.list', { entity: 'disclosure', entityId: reference }));
  const docHistory = await ok(core.invoke('audit.list', { entity: 'document', entityId: String(documentId) }));
  const status = await ok(core.invoke('app.status', {}));
  return {
    listed: list.disclosures.some((x) => x.reference === reference),
    got: get.ok ? 'seen' : get.error.code,
    documentNames: docs.rows.map((r) => r.name).sort(),
    documentsTotal: docs.total,
    searchTotal: search.total,
    hitNames: search.hits.map((h) => h.name).sort(),
    typeFacet: search.facets.types.reduce((n, f) => n + f.count, 0),
    byFileName: byName.total,
    document: doc.ok ? 'seen' : doc.error.code,
    original: original.ok ? 'seen' : original.error.code,
    historyRows: history.total,
    documentHistoryRows: docHistory.total,
    documentsCounted: status.counts.documents,
  };
}

const HIDDEN = {
  listed: false,
  got: 'NOT_FOUND',
  documentNames: ['zephyrine-public.txt'],
  documentsTotal: 1,
  searchTotal: 1,
  hitNames: ['zephyrine-public.txt'],
  typeFacet: 1,
  byFileName: 1,
  document: 'NOT_FOUND',
  original: 'NOT_FOUND',
  historyRows: 0,
  documentHistoryRows: 0,
  documentsCounted: 1,
};

const SEEN = {
  listed: true,
  got: 'seen',
  documentNames: ['zephyrine-memo.txt', 'zephyrine-public.txt'],
  documentsTotal: 2,
  searchTotal: 2,
  hitNames: ['zephyrine-memo.txt', 'zephyrine-public.txt'],
  typeFacet: 2,
  byFileName: 2,
  document: 'seen',
  original: 'seen',
  documentsCounted: 2,
};

/** Plain SQL as a member's own login: what the server itself lets them read. */
async function asLogin<T>(database: string, s: Pick<Staffer, 'login' | 'password'>, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ host: pgServer!.host, port: pgServer!.port, user: s.login, password: s.password, database });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

d('need-to-know disclosures (team workspace)', () => {
  it('a member not granted a disclosure sees nothing of it, its documents or its history until granted, and nothing again once revoked', async () => {
    const team = await teamWorkspace();
    const cara = await team.member('cara', 'counsel');
    const ana = await team.member('ana', 'reviewer');
    const src = tempDir('sunshine-src-');
    // Cara logs a disclosure assigned to herself, with the source's own file; another file and a request are not part of it.
    const dis = await ok(cara.core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'Sponsor addresses at a warehouse', assignee: cara.login }));
    expect(dis.access.map((a) => a.login).sort()).toEqual([cara.login]);
    await ok(cara.core.invoke('documents.import', { paths: [write(src, 'zephyrine-memo.txt', 'zephyrine warehouse memo')], disclosure: dis.reference }));
    await ok(cara.core.invoke('documents.import', { paths: [write(src, 'zephyrine-public.txt', 'zephyrine public notice')] }));
    const request = await ok(cara.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Records of zephyrine' }));
    const memo = (await ok(cara.core.invoke('documents.list', { name: 'zephyrine-memo' }))).rows[0]!;

    expect(await whatIsSeen(ana.core, dis.reference, memo.id)).toEqual(HIDDEN);
    expect((await ok(ana.core.invoke('requests.get', { reference: request.reference }))).subject).toBe('Records of zephyrine');
    // Not through the history as a whole either.
    const all = await ok(ana.core.invoke('audit.list', { limit: 1000 }));
    expect(all.entries.filter((e) => e.entityId === dis.reference || (e.entity === 'document' && e.entityId === String(memo.id)))).toEqual([]);

    // Ana cannot grant herself what she cannot see; Bob, granted but neither admin nor assignee, cannot grant her.
    expect(await fails(ana.core.invoke('disclosures.grant', { reference: dis.reference, login: ana.login }))).toMatchObject({ code: 'NOT_FOUND' });
    const bob = await team.member('bob', 'counsel');
    await ok(team.admin.core.invoke('disclosures.grant', { reference: dis.reference, login: bob.login }));
    expect(await fails(bob.core.invoke('disclosures.grant', { reference: dis.reference, login: ana.login }))).toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining(`assignee (${cara.login})`),
    });
    // A login that is not a member is refused, naming it.
    const zed = await createLogin('zed');
    expect(await fails(cara.core.invoke('disclosures.grant', { reference: dis.reference, login: zed.login }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(zed.login) });

    // The assignee grants Ana: she sees all of it, and who is granted.
    const granted = await ok(cara.core.invoke('disclosures.grant', { reference: dis.reference, login: ana.login }));
    expect(granted.access.map((a) => a.login).sort()).toEqual([ana.login, bob.login, cara.login].sort());
    const seen = await whatIsSeen(ana.core, dis.reference, memo.id);
    expect(seen).toMatchObject(SEEN);
    expect(seen.historyRows).toBeGreaterThan(0);
    expect(seen.documentHistoryRows).toBeGreaterThan(0);
    const access = (await ok(ana.core.invoke('disclosures.get', { reference: dis.reference }))).access.find((a) => a.login === ana.login);
    expect(access).toMatchObject({ login: ana.login, displayName: ana.login, grantedBy: cara.login });

    // Revoked, she sees none of it again; the grant and the revoke are in the disclosure's history.
    await ok(cara.core.invoke('disclosures.revokeGrant', { reference: dis.reference, login: ana.login }));
    expect(await whatIsSeen(ana.core, dis.reference, memo.id)).toEqual(HIDDEN);
    const history = await ok(team.admin.core.invoke('audit.list', { entity: 'disclosure', entityId: dis.reference }));
    const rows = history.entries.map((e) => [e.action, e.actor, e.after ?? e.before]);
    expect(rows).toContainEqual(['disclosure.grant', cara.login, { login: ana.login }]);
    expect(rows).toContainEqual(['disclosure.revokeGrant', cara.login, { login: ana.login }]);

    // The admin sees everything throughout.
    expect(await whatIsSeen(team.admin.core, dis.reference, memo.id)).toMatchObject(SEEN);

    // The rule is the server's: plain SQL as Ana's login reads nothing of it, and cannot grant herself.
    const direct = await asLogin(team.database, ana, async (c) => {
      const count = async (sql: string, params: unknown[] = []) => Number((await c.query<{ n: string }>(sql, params)).rows[0]!.n);
      return {
        disclosures: await count('SELECT count(*) AS n FROM disclosures'),
        documents: await count('SELECT count(*) AS n FROM documents'),
        pages: await count("SELECT count(*) AS n FROM pages WHERE text LIKE '%warehouse%'"),
        links: await count('SELECT count(*) AS n FROM document_disclosures'),
        grants: await count('SELECT count(*) AS n FROM disclosure_grants'),
        history: await count('SELECT count(*) AS n FROM audit_log WHERE entity_id = $1 OR entity_id = $2', [dis.reference, String(memo.id)]),
        selfGrant: await c
          // Every id there might be: she does not know which is the disclosure's.
          .query('INSERT INTO disclosure_grants (disclosure_id, login, granted_by, granted_at) SELECT id, session_user, session_user, now()::text FROM generate_series(1, 5) id')
          .then(() => 'granted', (e: Error) => e.message),
      };
    });
    expect(direct).toMatchObject({ disclosures: 0, documents: 1, pages: 0, links: 0, grants: 0, history: 0 });
    expect(direct.selfGrant).toMatch(/row-level security/);
  });

  it("a member the disclosure is assigned to at intake is granted it with whoever logs it, and the history's chain still verifies for the admin", async () => {
    const team = await teamWorkspace();
    const cara = await team.member('cara', 'counsel');
    const ana = await team.member('ana', 'reviewer');
    const dis = await ok(cara.core.invoke('disclosures.create', { received: '2026-11-21', channel: 'phone', summary: 'Overtime records altered', assignee: ana.login }));
    expect(dis.access.map((a) => a.login).sort()).toEqual([ana.login, cara.login].sort());
    expect((await ok(ana.core.invoke('disclosures.get', { reference: dis.reference }))).reference).toBe(dis.reference);
    // Ana, as assignee, may now revoke Cara: Cara's next write goes on after rows she cannot see.
    await ok(ana.core.invoke('disclosures.revokeGrant', { reference: dis.reference, login: cara.login }));
    expect(await fails(cara.core.invoke('disclosures.get', { reference: dis.reference }))).toMatchObject({ code: 'NOT_FOUND' });
    await ok(cara.core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Records of overtime' }));
    // Verifying needs every row: an admin's call.
    expect(await fails(cara.core.invoke('app.verify', {}))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('admin') });
    const report = await ok(team.admin.core.invoke('app.verify', {}));
    expect(report.problems.filter((p) => p.check === 'audit')).toEqual([]);
  });
});

d('need-to-know for what hangs off a page (team workspace)', () => {
  it("a member's OCR reader claims only pages they may see, and the queue and the personal-data scans of hidden pages are not theirs to read", async () => {
    const team = await teamWorkspace();
    const cara = await team.member('cara', 'counsel');
    const ana = await team.member('ana', 'reviewer');
    const src = tempDir('sunshine-src-');
    const dis = await ok(cara.core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'Scans of sponsor files' }));
    await ok(cara.core.invoke('documents.import', { paths: [write(src, 'quernlatch-hidden.txt', 'quernlatch scanned memo')], disclosure: dis.reference }));
    await ok(cara.core.invoke('documents.import', { paths: [write(src, 'quernlatch-public.txt', 'quernlatch public scan')] }));
    const idOf = async (name: string) => (await ok(cara.core.invoke('documents.list', { name }))).rows[0]!.id;
    const [hidden, visible] = [await idOf('quernlatch-hidden'), await idOf('quernlatch-public')];
    // Both wait for OCR, the hidden one longest; both have been scanned for personal data.
    await asLogin(team.database, team.admin, async (c) => {
      await c.query("INSERT INTO ocr_queue (page_id, queued_at) SELECT id, CASE WHEN document_id = $1 THEN '2000-01-01' ELSE '2000-01-02' END FROM pages WHERE document_id IN ($1, $2)", [hidden, visible]);
      await c.query("INSERT INTO pii_scans (page_id, scan) SELECT id, 'test' FROM pages WHERE document_id IN ($1, $2) ON CONFLICT (page_id) DO UPDATE SET scan = 'test'", [hidden, visible]);
    });

    const claim = (s: Staffer, owner: string) => claimOcrItem(s.core.workspace.engine, 3, owner, '2026-11-20T10:00:00.000Z', '2026-11-20T09:30:00.000Z');
    // Ana's reader takes the page she may see, then finds nothing more: the hidden page is not hers to claim (nor to stall on).
    expect((await claim(ana, 'ana-reader'))?.document_id).toBe(visible);
    expect(await claim(ana, 'ana-reader')).toBeUndefined();
    // The admin's reader takes the hidden one.
    expect((await claim(team.admin, 'admin-reader'))?.document_id).toBe(hidden);

    const direct = await asLogin(team.database, ana, async (c) => ({
      queue: Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM ocr_queue')).rows[0]!.n),
      scans: Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM pii_scans')).rows[0]!.n),
    }));
    expect(direct).toEqual({ queue: 1, scans: 1 });
    const all = await asLogin(team.database, team.admin, async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM ocr_queue')).rows[0]!.n));
    expect(all).toBe(2);
  });
});

d('sunshine team grant-disclosure / revoke-disclosure', { timeout: 120_000 }, () => {
  it("grants and revokes a member's access to a disclosure, as the admin's login", async () => {
    const team = await teamWorkspace();
    const ana = await team.member('ana', 'reviewer');
    const dis = await ok(team.admin.core.invoke('disclosures.create', { received: '2026-11-22', channel: 'email', summary: 'Contract steering' }));
    const ws: CliWorkspace = {
      engine: 'postgres',
      dir: team.filesDir,
      args: ['--database', pgUrl(pgServer!, team.database, team.admin.login), '--files', team.filesDir],
      env: { PGPASSWORD: team.admin.password },
      database: team.database,
    };
    const granted = runSunshine(ws, ['team', 'grant-disclosure', ana.login, dis.reference]);
    expect(granted).toMatchObject({ code: 0, out: expect.stringContaining(`${ana.login} may now see ${dis.reference}.`) });
    expect((await ok(ana.core.invoke('disclosures.get', { reference: dis.reference }))).reference).toBe(dis.reference);
    const revoked = runSunshine(ws, ['--json', 'team', 'revoke-disclosure', ana.login, dis.reference]);
    expect(revoked.code).toBe(0);
    expect((JSON.parse(revoked.out) as { access: { login: string }[] }).access.map((a) => a.login)).toEqual([team.admin.login]);
    expect(await fails(ana.core.invoke('disclosures.get', { reference: dis.reference }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('need-to-know disclosures (data folder)', () => {
  it('the command says access is for team workspaces', { timeout: 120_000 }, () => {
    const ws = dataFolder();
    expect(runSunshine(ws, ['disclosures', 'add', '--received', '2026-11-20', '--channel', 'phone', '--summary', 'Sponsor vetting skipped']).code).toBe(0);
    const r = runSunshine(ws, ['team', 'grant-disclosure', 'ana', 'DIS-2026-0001']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('Access is for team workspaces');
  });

  it('one person sees everything: access is not granted in a data folder', async () => {
    const core = await testCore({ engine: 'sqlite' });
    const dis = await ok(core.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: 'A data folder disclosure' }));
    expect(dis.access).toEqual([]);
    expect(await fails(core.invoke('disclosures.grant', { reference: dis.reference, login: 'ana' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('Access is for team workspaces') });
  });
});
