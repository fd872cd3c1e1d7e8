/**
 * 20 staff on one team workspace at once: each a login of its own with a core of its own over
 * 127.0.0.1 (as each staffer's app), reading (lists, search, a request, a document's coding),
 * coding (review.set), tagging (tags.apply) and logging request events, for
 * SUNSHINE_BENCH_STAFF_SECONDS (default 300; e.g. 20 for a smoke run). Prints calls per second,
 * p50/p95 per kind of call, refusals by code, and the lost-update check: what each staffer was
 * told it saved (events logged, tags added) must be exactly what the database holds at the end.
 *
 * A throw-away PostgreSQL (tests/unit/pg-cluster.ts); the creator owns the database, so it is the
 * workspace's first admin and grants the others their roles through the core (team.grant):
 * reviewers and counsel, half each.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openCore, type Core } from '../core/index.ts';
import type { Role } from '../core/shared/roles.ts';
import type { WorkspaceStore } from '../db/store.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../tests/unit/pg-cluster.ts';
import { must, stats } from './stats.ts';

const STAFF = 20;
const SECONDS = Number(process.env.SUNSHINE_BENCH_STAFF_SECONDS ?? 300);
const REQUESTS = 60;
const DOCS = 1000;

const began = Date.now();
const progress = (what: string) => process.stderr.write(`  ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s  ${what}\n`);

interface Staffer {
  n: number;
  login: string;
  password: string;
  role: Role;
  core?: Core;
  /** What this staffer was told it saved. */
  eventsLogged: number;
  tagsAdded: number;
}

const samples = new Map<string, number[]>();
const refused = new Map<string, number>();
let calls = 0;

/** One call, timed under its kind; a refusal counted by code (CONFLICT is the expected one: a stale version). */
async function timed<T>(kind: string, run: () => Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T | null> {
  const t = performance.now();
  const r = await run();
  const took = performance.now() - t;
  calls++;
  if (!samples.has(kind)) samples.set(kind, []);
  samples.get(kind)!.push(took);
  if (r.ok) return r.value;
  const key = `${r.error.code} (${kind})`;
  refused.set(key, (refused.get(key) ?? 0) + 1);
  if (r.error.code !== 'CONFLICT' && (refused.get(key) ?? 0) <= 3) console.error(`  refused: ${kind}: ${r.error.code} ${r.error.message}`);
  return null;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const eventNote = (n: number) => `bench staffer ${n}`;
const tagName = (n: number) => `Staff ${String(n).padStart(2, '0')}`;

async function superuser<T>(c: PgCluster, database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Documents of one page each, in one write: what staff search, code and tag. */
async function seedDocuments(store: WorkspaceStore): Promise<void> {
  await store.write('bench', async (w) => {
    const rows: unknown[] = [];
    for (let i = 0; i < DOCS; i++) rows.push(randomBytes(32).toString('hex'), `staff-${i}.txt`, w.at);
    const made = await w.run(
      `INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES ${Array(DOCS).fill("(?, 0, 'text', 'text/plain', ?, ?, 'ready', 1)").join(', ')} RETURNING id`,
      rows,
    );
    const first = made.lastId! - DOCS + 1;
    const pages: unknown[] = [];
    for (let k = 0; k < DOCS; k++) pages.push(first + k, `placement memo number ${k} about sponsors and shelters`);
    await w.run(`INSERT INTO pages (document_id, page_no, text) VALUES ${Array(DOCS).fill('(?, 1, ?)').join(', ')}`, pages);
    await w.audit({ action: 'bench.documents', entity: 'bench', entityId: 'staff' });
  });
}

async function staffer(s: Staffer, until: number, references: readonly string[], docIds: readonly number[]): Promise<void> {
  const core = s.core!;
  const mayLog = s.role === 'counsel';
  while (Date.now() < until) {
    const roll = Math.random();
    if (roll < 0.12) await timed('requests.list', () => core.invoke('requests.list', {}));
    else if (roll < 0.24) await timed('documents.search', () => core.invoke('documents.search', { query: pick(['placement', 'sponsors', 'shelters memo']) }));
    else if (roll < 0.34) await timed('requests.get', () => core.invoke('requests.get', { reference: pick(references) }));
    else if (roll < 0.46) await timed('review.get', () => core.invoke('review.get', { id: pick(docIds) }));
    else if (roll < 0.52) await timed('documents.list', () => core.invoke('documents.list', { limit: 50 }));
    else if (roll < 0.7) {
      const id = pick(docIds);
      // As a reviewer's window does: take the document's lease, read its coding (and so its version),
      // save over that version, give the lease back. Held by a colleague, or changed since it was read:
      // refused CONFLICT, counted as expected.
      const lease = await timed('review.lease', () => core.invoke('review.lease', { id }));
      if (lease?.yours) {
        const review = await timed('review.get', () => core.invoke('review.get', { id }));
        if (review) {
          await timed('review.set', () =>
            core.invoke('review.set', { ids: [id], version: review.version, notes: `${s.login} at ${Date.now()}`, status: pick(['responsive', 'non-responsive', 'unreviewed'] as const) }),
          );
        }
        await timed('review.release', () => core.invoke('review.release', { id }));
      }
    } else if (roll < 0.85) {
      const r = await timed('tags.apply', () => core.invoke('tags.apply', { tag: tagName(s.n), ids: [pick(docIds)] }));
      if (r) s.tagsAdded += r.changed;
    } else if (mayLog) {
      const r = await timed('requests.addEvent', () =>
        core.invoke('requests.addEvent', { reference: pick(references), type: 'interim-production', date: '2026-11-10', note: eventNote(s.n) }),
      );
      if (r) s.eventsLogged++;
    } else await timed('requests.list', () => core.invoke('requests.list', { text: 'bench' }));
  }
}

async function main(): Promise<void> {
  const why = pgUnavailableReason();
  if (why) {
    console.log(`team-staff: skipped (${why})`);
    return;
  }
  progress('starting a throw-away PostgreSQL');
  const cluster = await startPgCluster();
  const cores: Core[] = [];
  try {
    const database = `staff_${randomBytes(4).toString('hex')}`;
    const creator = { login: `bench_admin_${randomBytes(3).toString('hex')}`, password: randomBytes(12).toString('base64url') };
    const staff: Staffer[] = Array.from({ length: STAFF }, (_, i) => ({
      n: i + 1,
      login: `bench_staff${i + 1}_${randomBytes(3).toString('hex')}`,
      password: randomBytes(12).toString('base64url'),
      role: i % 2 ? 'reviewer' : 'counsel',
      eventsLogged: 0,
      tagsAdded: 0,
    }));
    await superuser(cluster, 'postgres', async (c) => {
      for (const l of [creator, ...staff]) await c.query(`CREATE ROLE "${l.login}" LOGIN PASSWORD '${l.password}'`);
      await c.query(`CREATE DATABASE ${database} OWNER "${creator.login}"`);
    });
    await superuser(cluster, database, (c) => c.query(`ALTER SCHEMA public OWNER TO "${creator.login}"`));
    const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-staff-'));
    const url = (login: string) => `postgres://${login}@127.0.0.1:${cluster.port}/${database}`;
    const open = async (login: string, password: string) => {
      const core = openCore({ dataDir: filesDir, database: url(login), password });
      cores.push(core);
      await core.ready;
      return core;
    };

    progress('the creator opens the workspace, grants 20 staff their roles, seeds requests, documents and tags');
    const admin = await open(creator.login, creator.password);
    for (const s of staff) await must(admin.invoke('team.grant', { login: s.login, role: s.role }));
    const references: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      references.push((await must(admin.invoke('requests.create', { kind: 'foia', agency: pick(['ICE', 'CBP', 'EPA', 'FBI']), subject: `Bench request ${i}`, received: '2026-11-02' }))).reference);
    }
    await seedDocuments(admin.workspace);
    for (const s of staff) await must(admin.invoke('tags.create', { name: tagName(s.n) }));
    const docIds = (await admin.workspace.engine.all<{ id: number }>('SELECT id FROM documents ORDER BY id')).map((r) => r.id);

    progress('20 staff open their own apps');
    for (const s of staff) s.core = await open(s.login, s.password);

    progress(`20 staff at work for ${SECONDS} s`);
    const t0 = performance.now();
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(staff.map((s) => staffer(s, until, references, docIds)));
    const elapsed = (performance.now() - t0) / 1000;

    // The lost-update check: the database holds exactly what each staffer was told it saved.
    const engine = admin.workspace.engine;
    const lost: string[] = [];
    for (const s of staff) {
      const events = (await engine.get<{ n: number }>('SELECT count(*) AS n FROM request_events WHERE note = ?', [eventNote(s.n)]))!.n;
      const tags = (await engine.get<{ n: number }>('SELECT count(*) AS n FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?', [tagName(s.n)]))!.n;
      if (events !== s.eventsLogged) lost.push(`${s.login}: told ${s.eventsLogged} events logged, the database holds ${events}`);
      if (tags !== s.tagsAdded) lost.push(`${s.login}: told ${s.tagsAdded} tags added, the database holds ${tags}`);
    }
    const verify = await must(admin.invoke('app.verify', {}));

    console.log(`\n## 20 staff on one team workspace (PostgreSQL on 127.0.0.1, ${os.cpus().length} cores), ${elapsed.toFixed(0)} s`);
    console.log(`\n${calls.toLocaleString()} calls, ${(calls / elapsed).toFixed(1)} calls/s\n`);
    console.log('| call | count | p50 | p95 |');
    console.log('|---|--:|--:|--:|');
    for (const [kind, xs] of [...samples].sort(([a], [b]) => a.localeCompare(b))) {
      const st = stats(xs);
      console.log(`| ${kind} | ${xs.length} | ${st.p50.toFixed(1)} ms | ${st.p95.toFixed(1)} ms |`);
    }
    const conflicts = [...refused].filter(([k]) => k.startsWith('CONFLICT')).reduce((a, [, n]) => a + n, 0);
    const errors = [...refused].filter(([k]) => !k.startsWith('CONFLICT'));
    console.log(`\nexpected version conflicts: ${conflicts}`);
    console.log(`other errors: ${errors.length ? errors.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}`);
    console.log(`events logged: ${staff.reduce((a, s) => a + s.eventsLogged, 0)}, tags added: ${staff.reduce((a, s) => a + s.tagsAdded, 0)}`);
    console.log(`lost updates: ${lost.length ? lost.join('; ') : 'none (the database holds exactly what each staffer was told it saved)'}`);
    // The seeded documents have no stored files (they are rows only): only the chain and the database are judged here.
    const chainProblems = verify.problems.filter((p) => p.check !== 'vault');
    console.log(`audit chain: ${verify.auditEntriesChecked} entries checked, database ${verify.databaseIntegrity}, ${chainProblems.length ? `problems: ${chainProblems.map((p) => `${p.check}: ${p.message}`).join('; ')}` : 'no problems'} (${verify.problems.length - chainProblems.length} seeded documents without stored files, as seeded)`);
  } finally {
    for (const c of cores) c.close();
    // The pools close in the background; the server goes once they have.
    await new Promise((r) => setTimeout(r, 500));
    cluster.stop();
  }
}

await main();
