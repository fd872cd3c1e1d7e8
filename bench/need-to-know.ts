/**
 * What need-to-know (row-level security, migration 25) costs a search on PostgreSQL: a team
 * workspace of BENCH_NTK_DOCS one-page documents (5,000), a tenth of them linked to 20 disclosures
 * of which a member is granted 5. Prints, for the admin and for the member: documents.search and
 * documents.list p50/p95, and the plan of the page match the search runs as the member's own login
 * (whether the GIN index is still used, and the hidden set read once as a hashed subplan).
 * Printed, never asserted.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openCore, type Core } from '../core/index.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../tests/unit/pg-cluster.ts';
import { VOCAB, pageText } from './corpus.ts';
import { must, ms, printRows, stats, time } from './stats.ts';

const DOCS = Number(process.env.BENCH_NTK_DOCS ?? 5_000);
const DISCLOSURES = 20;
const GRANTED = 5;
const RUNS = 30;

interface Login {
  login: string;
  password: string;
}

async function sql<T>(c: PgCluster, database: string, user: Login | null, fn: (q: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: c.host, port: c.port, user: user?.login ?? c.user, password: user?.password ?? c.password, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function newLogin(c: PgCluster, name: string): Promise<Login> {
  const l = { login: `${name}_${randomBytes(4).toString('hex')}`, password: randomBytes(12).toString('hex') };
  await sql(c, 'postgres', null, (q) => q.query(`CREATE ROLE "${l.login}" LOGIN PASSWORD '${l.password}'`));
  return l;
}

async function main(): Promise<void> {
  const reason = pgUnavailableReason();
  if (reason) {
    console.log(`need-to-know bench skipped: ${reason}`);
    return;
  }
  const cluster = await startPgCluster();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-ntk-'));
  const cores: Core[] = [];
  try {
    const database = `bench_ntk_${randomBytes(6).toString('hex')}`;
    // The workspace's creator is a plain login (its first admin, owner of the tables), never the superuser.
    const admin = await newLogin(cluster, 'admin');
    await sql(cluster, 'postgres', null, (q) => q.query(`CREATE DATABASE ${database} OWNER "${admin.login}"`));
    await sql(cluster, database, null, (q) => q.query(`ALTER SCHEMA public OWNER TO "${admin.login}"`));
    const open = async (l: Login) => {
      const core = openCore({ dataDir: dir, database: `postgres://${l.login}@${cluster.host}:${cluster.port}/${database}`, password: l.password });
      cores.push(core);
      await core.ready;
      return core;
    };
    const adminCore = await open(admin);
    const ana = await newLogin(cluster, 'ana');
    await must(adminCore.invoke('team.grant', { login: ana.login, role: 'reviewer' }));
    const anaCore = await open(ana);

    const refs: string[] = [];
    for (let i = 0; i < DISCLOSURES; i++) refs.push((await must(adminCore.invoke('disclosures.create', { received: '2026-11-20', channel: 'email', summary: `Bench disclosure ${i}` }))).reference);
    for (const ref of refs.slice(0, GRANTED)) await must(adminCore.invoke('disclosures.grant', { reference: ref, login: ana.login }));
    // Documents and pages in bulk, as the admin's login; every tenth linked to one of the disclosures.
    await adminCore.workspace.write(admin.login, async (w) => {
      for (let from = 0; from < DOCS; from += 500) {
        const n = Math.min(500, DOCS - from);
        const docs: unknown[] = [];
        for (let i = from; i < from + n; i++) docs.push(`ntk${String(i).padStart(61, '0')}`, `ntk-${i}.txt`, w.at);
        const made = await w.run(`INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES ${Array(n).fill("(?, 0, 'text', 'text/plain', ?, ?, 'ready', 1)").join(', ')} RETURNING id`, docs);
        const first = made.lastId! - n + 1;
        const pages: unknown[] = [];
        for (let k = 0; k < n; k++) pages.push(first + k, `placement ${pageText(150)}`);
        await w.run(`INSERT INTO pages (document_id, page_no, text) VALUES ${Array(n).fill('(?, 1, ?)').join(', ')}`, pages);
        for (let k = 0; k < n; k += 10) {
          await w.run('INSERT INTO document_disclosures (document_id, disclosure_id) SELECT ?, id FROM disclosures WHERE reference = ?', [first + k, refs[(from + k) % DISCLOSURES]]);
        }
      }
      await w.audit({ action: 'bench.documents', entity: 'bench', entityId: String(DOCS) });
    });
    await sql(cluster, database, null, (q) => q.query('VACUUM ANALYZE'));

    const rare = VOCAB[12_000]!;
    const rows: [string, string][] = [];
    for (const [who, core] of [
      ['admin', adminCore],
      ['member granted 5 of 20', anaCore],
    ] as const) {
      const every = stats(await time(RUNS, () => must(core.invoke('documents.search', { query: 'placement' }))));
      const few = stats(await time(RUNS, () => must(core.invoke('documents.search', { query: rare }))));
      const list = stats(await time(RUNS, () => must(core.invoke('documents.list', {}))));
      rows.push([`${who}: documents seen`, String((await must(core.invoke('documents.list', {}))).total)]);
      rows.push([`${who}: documents.search a word on every page, p50 / p95`, `${ms(every.p50)} / ${ms(every.p95)}`]);
      rows.push([`${who}: documents.search a rare word, p50 / p95`, `${ms(few.p50)} / ${ms(few.p95)}`]);
      rows.push([`${who}: documents.list first page, p50 / p95`, `${ms(list.p50)} / ${ms(list.p95)}`]);
    }
    printRows(`Need-to-know on PostgreSQL, ${DOCS.toLocaleString()} documents (${(DOCS / 10).toLocaleString()} linked to ${DISCLOSURES} disclosures)`, rows);

    // The page match the search makes (db/documents.ts pgCandidates), as the member's own login;
    // then the plan inside the function, which EXPLAIN does not show: a query such as the
    // function runs, as the tables' owner (who is not bound by the policy on pages), is.
    for (const word of ['placement', rare]) {
      const plan = await sql(cluster, database, ana, async (q) =>
        (await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) SELECT p.id FROM sunshine_page_matches(to_tsquery('sunshine_exact', '${word}')) p ORDER BY p.id DESC LIMIT 5001`)).rows.map(
          (r) => r['QUERY PLAN'],
        ),
      );
      console.log(`\nThe member's page match for "${word}" (EXPLAIN ANALYZE):\n${plan.map((l) => `  ${l}`).join('\n')}`);
      const inner = await sql(cluster, database, admin, async (q) =>
        (await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) SELECT p.id, p.document_id FROM pages p WHERE p.tsv @@ to_tsquery('sunshine_exact', '${word}') AND ((SELECT sunshine_is_admin()) OR p.document_id NOT IN (SELECT sunshine_hidden_documents()))`)).rows.map((r) => r['QUERY PLAN']),
      );
      console.log(`Inside sunshine_page_matches (as the owner):\n${inner.map((l) => `  ${l}`).join('\n')}`);
    }
  } finally {
    for (const core of cores) core.close();
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
