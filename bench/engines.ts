/**
 * The two engines side by side in one run: the same calls on a data folder (SQLite) and on a team
 * workspace (a throw-away PostgreSQL, tests/unit/pg-cluster.ts), one table with each engine's
 * p50/p95 and PostgreSQL's p95 over SQLite's. The goal: within 2× on every row, search under
 * 100 ms p95. Then 10 writer processes at once on each, counting what they were told was saved
 * against the database and verifying the audit chain. Printed, never asserted.
 *
 * Sizes (environment): BENCH_ENGINES_DOCS one-page documents to tag and search (100,000),
 * BENCH_ENGINES_REQUESTS requests to list (20,000), BENCH_ENGINES_WRITES single writes timed (300),
 * BENCH_WRITERS_SECONDS how long the 10 writers run (60).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openCore, type Core } from '../core/index.ts';
import type { InputOf } from '../core/api.ts';
import type { WorkspaceStore } from '../db/store.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../tests/unit/pg-cluster.ts';
import { VOCAB, pageText } from './corpus.ts';
import { seedRequests } from './request-seed.ts';
import { fetchForReview } from './review-fetch.ts';
import { must, stats, time } from './stats.ts';
import { writerNote, writerSubjects, type WriterJob, type WriterReport } from './engines-writer.ts';

const size = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCS = size('BENCH_ENGINES_DOCS', 100_000);
const REQUESTS = size('BENCH_ENGINES_REQUESTS', 20_000);
const WRITES = size('BENCH_ENGINES_WRITES', 300);
const WRITER_SECONDS = size('BENCH_WRITERS_SECONDS', 60);
const WRITERS = 10;
const SEARCH_RUNS = 20;
const PAGE_WORDS = 150;

type EngineName = 'SQLite' | 'PostgreSQL';
/** Where a workspace is: a data folder, or a team folder with its database. */
type Workspace = Pick<WriterJob, 'dataDir' | 'database' | 'password'>;
/** Samples per operation, in the order first measured. */
type Samples = Map<string, number[]>;

/** A fresh, empty workspace on each engine; folders made here are removed at the end. */
function workspaces(cluster: PgCluster, made: string[]): Record<EngineName, () => Promise<Workspace>> {
  const folder = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return {
    SQLite: async () => ({ dataDir: folder('sunshine-bench-engines-') }),
    PostgreSQL: async () => {
      const name = `bench_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: 'postgres' });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return { dataDir: folder('sunshine-bench-team-'), database: `postgres://${cluster.user}@${cluster.host}:${cluster.port}/${name}`, password: cluster.password };
    },
  };
}

async function openOn(ws: Workspace): Promise<Core> {
  const core = openCore({ dataDir: ws.dataDir, ...(ws.database ? { database: ws.database, password: ws.password } : {}) });
  await core.ready;
  return core;
}

const began = Date.now();
const progress = (what: string) => process.stderr.write(`  ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s  ${what}\n`);

/**
 * One-page documents in bulk: many rows per statement, a write per 10,000 documents. Each page
 * starts with "placement" (so one search finds them all) and goes on with generated words.
 */
async function seedDocuments(store: WorkspaceStore, n: number): Promise<void> {
  const ROWS = 500;
  const PER_WRITE = 10_000;
  for (let start = 0; start < n; start += PER_WRITE) {
    await store.write('bench', async (w) => {
      for (let from = start; from < Math.min(n, start + PER_WRITE); from += ROWS) {
        const count = Math.min(ROWS, n - from);
        const docs: unknown[] = [];
        for (let i = from; i < from + count; i++) docs.push(String(i).padStart(64, '0'), `engines-${i}.txt`, w.at);
        const made = await w.run(
          `INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES ${Array(count).fill("(?, 0, 'text', 'text/plain', ?, ?, 'ready', 1)").join(', ')} RETURNING id`,
          docs,
        );
        // One statement in one write: its rows' ids are consecutive on both engines.
        const first = made.lastId! - count + 1;
        const pages: unknown[] = [];
        for (let k = 0; k < count; k++) pages.push(first + k, `placement ${pageText(PAGE_WORDS)}`);
        await w.run(`INSERT INTO pages (document_id, page_no, text) VALUES ${Array(count).fill('(?, 1, ?)').join(', ')}`, pages);
      }
      await w.audit({ action: 'bench.documents', entity: 'bench', entityId: String(start) });
    });
  }
  // What each engine does after a large import, so searches meet a settled index.
  if (store.kind === 'sqlite') await store.engine.exec("INSERT INTO pages_fts(pages_fts) VALUES ('optimize')");
  else await store.engine.exec('VACUUM ANALYZE');
}

async function measure(engine: EngineName, core: Core): Promise<Samples> {
  const out: Samples = new Map();
  const store = core.workspace;
  const add = (label: string, samples: number[]) => out.set(label, [...(out.get(label) ?? []), ...samples]);

  progress(`${engine}: single writes`);
  let i = 0;
  add('settings.update (a write with its audit row)', await time(WRITES, () => must(core.invoke('settings.update', { officeName: `Office ${i++}` }))));
  add('requests.create (a write with its audit row)', await time(WRITES, () => must(core.invoke('requests.create', { kind: 'foia', agency: 'EPA', subject: `Engines single write ${i++}`, received: '2026-11-02' }))));

  progress(`${engine}: ${REQUESTS.toLocaleString()} requests`);
  await seedRequests(store, REQUESTS, new Date('2026-11-28T12:00:00'));
  const lists: [string, InputOf<'requests.list'>][] = [
    ['first page, default sort', {}],
    ['words in subject/notes', { text: 'sponsor children' }],
    ['one agency', { agencies: ['ICE'] }],
  ];
  for (const [label, q] of lists) add(`requests.list at ${REQUESTS.toLocaleString()}: ${label}`, await time(100, () => must(core.invoke('requests.list', q))));

  progress(`${engine}: ${DOCS.toLocaleString()} documents`);
  await seedDocuments(store, DOCS);
  await must(core.invoke('tags.create', { name: 'Engines' }));
  for (let round = 0; round < 3; round++) {
    add(`tags.apply on ${DOCS.toLocaleString()} documents (a search; tag, untag)`, [
      ...(await time(1, () => must(core.invoke('tags.apply', { tag: 'Engines', search: { query: 'placement' } })))),
      ...(await time(1, () => must(core.invoke('tags.apply', { tag: 'Engines', remove: true, search: { query: 'placement' } })))),
    ]);
  }

  progress(`${engine}: keyboard review`);
  let k = 0;
  // Spread over the documents, as a reviewer moving through a large set. Measured after the bulk
  // tagging above, as in an office: review.get reads each document's history past those bulk
  // entries (on SQLite 0.1 ms before them, about 6 ms after one tag and untag of 100,000).
  add('keyboard review: next document (facts, page, coding)', await time(200, () => fetchForReview(core, 1 + ((k++ * 7919) % DOCS))));

  progress(`${engine}: search`);
  // Cold each time: a different query, and the cached results dropped by a write in between (untimed).
  const forget = () => store.write('bench', (w) => w.audit({ action: 'bench.tick', entity: 'bench', entityId: '0' }));
  const searches: [string, (n: number) => string][] = [
    ['rare word', (n) => VOCAB[15_000 + n]!],
    ['two terms', (n) => `${VOCAB[300 + n]} ${VOCAB[900 + n]}`],
    ['phrase', (n) => `"${VOCAB[300 + 2 * n]} ${VOCAB[301 + 2 * n]}"`],
    ['prefix', (n) => `${VOCAB[5000 + 37 * n]!.slice(0, 3)}*`],
    ['w/5', (n) => `${VOCAB[200 + n]} w/5 ${VOCAB[700 + n]}`],
  ];
  for (const [label, query] of searches) {
    const cold: number[] = [];
    for (let n = 0; n < SEARCH_RUNS; n++) {
      await forget();
      cold.push(...(await time(1, () => must(core.invoke('documents.search', { query: query(n), limit: 50 })))));
    }
    add(`search ${DOCS.toLocaleString()} pages, top 50: ${label}`, cold);
  }
  return out;
}

const WRITER_SCRIPT = fileURLToPath(new URL('./engines-writer.ts', import.meta.url));

function runWriter(job: WriterJob): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = fork(WRITER_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: WriterReport | undefined;
    child.on('message', (m: WriterReport) => (report = m));
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`writer ${job.id} ended (code ${code}) without a report`))));
    child.send(job);
  });
}

interface WritersResult {
  acknowledged: number;
  perSecond: number;
  lost: number;
  refused: Record<string, number>;
  chainOk: boolean;
  chainEntries: number;
  expectedEntries: number;
}

/** 10 processes writing at once on one fresh workspace, then everything they were told was saved counted back. */
async function concurrentWriters(ws: Workspace): Promise<WritersResult> {
  const core = await openOn(ws);
  try {
    const countOf = async (sql: string, params: unknown[] = []) => (await core.workspace.engine.get<{ n: number }>(sql, params))!.n;
    // How many chain entries each kind of write adds (a new request's own event has its entry too),
    // from one of each made here first: these and the workspace's own are the setup entries.
    const entries = () => countOf('SELECT count(*) AS n FROM audit_log');
    const before = await entries();
    const { reference } = await must(core.invoke('requests.create', { kind: 'foia', agency: 'EPA', subject: 'Engines setup request', received: '2026-11-02' }));
    const perRequest = (await entries()) - before;
    await must(core.invoke('requests.addEvent', { reference, type: 'acknowledged', date: '2026-11-09' }));
    const setup = await entries();
    const perEvent = setup - before - perRequest;
    const reports = await Promise.all(Array.from({ length: WRITERS }, (_, id) => runWriter({ id, ...ws, seconds: WRITER_SECONDS })));
    let acknowledged = 0;
    let perSecond = 0;
    let expectedEntries = setup;
    let lost = 0;
    const refused: Record<string, number> = {};
    for (const r of reports) {
      acknowledged += r.requests + r.events;
      perSecond += (r.requests + r.events) / r.seconds;
      expectedEntries += r.requests * perRequest + r.events * perEvent;
      const requests = await countOf('SELECT count(*) AS n FROM requests WHERE subject LIKE ?', [`${writerSubjects(r.id)} %`]);
      const events = await countOf('SELECT count(*) AS n FROM request_events WHERE note = ?', [writerNote(r.id)]);
      lost += Math.max(0, r.requests - requests) + Math.max(0, r.events - events);
      for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
    }
    const verified = await must(core.invoke('app.verify', {}));
    return {
      acknowledged,
      perSecond,
      lost,
      refused,
      chainOk: verified.ok,
      chainEntries: verified.auditEntriesChecked,
      expectedEntries,
    };
  } finally {
    core.close();
  }
}

const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

function table(results: Record<EngineName, Samples>): string[] {
  const lines = ['| operation | SQLite p50 | SQLite p95 | PostgreSQL p50 | PostgreSQL p95 | PostgreSQL ÷ SQLite (p95) |', '|---|--:|--:|--:|--:|--:|'];
  for (const [label, lite] of results.SQLite) {
    const a = stats(lite);
    const b = stats(results.PostgreSQL.get(label) ?? []);
    const ratio = b.p95 / a.p95;
    const slowSearch = label.startsWith('search') && Math.max(a.p95, b.p95) > 100 ? ', search over 100 ms' : '';
    lines.push(`| ${label} | ${fmt(a.p50)} ms | ${fmt(a.p95)} ms | ${fmt(b.p50)} ms | ${fmt(b.p95)} ms | ${ratio.toFixed(2)}×${ratio > 2 ? ' (over 2×)' : ''}${slowSearch} |`);
  }
  return lines;
}

function writersTable(results: Record<EngineName, WritersResult>): string[] {
  const lines = [
    `| ${WRITERS} writer processes, ${WRITER_SECONDS} s | acknowledged writes | writes/s | lost | refused | audit chain |`,
    '|---|--:|--:|--:|---|---|',
  ];
  for (const [engine, r] of Object.entries(results)) {
    const refused = Object.entries(r.refused).map(([code, n]) => `${n} ${code}`).join(', ') || 'none';
    const chain = `${r.chainOk ? 'verifies' : 'BROKEN'}, ${r.chainEntries.toLocaleString()} entries${r.chainEntries === r.expectedEntries ? ' = setup + acknowledged writes’ entries' : ` (expected ${r.expectedEntries.toLocaleString()})`}`;
    lines.push(`| ${engine} | ${r.acknowledged.toLocaleString()} | ${r.perSecond.toFixed(0)} | ${r.lost} | ${refused} | ${chain} |`);
  }
  return lines;
}

async function main(): Promise<void> {
  const made: string[] = [];
  const cluster = await startPgCluster();
  try {
    const fresh = workspaces(cluster, made);
    const samples = {} as Record<EngineName, Samples>;
    const writers = {} as Record<EngineName, WritersResult>;
    for (const engine of ['SQLite', 'PostgreSQL'] as const) {
      const core = await openOn(await fresh[engine]());
      try {
        samples[engine] = await measure(engine, core);
      } finally {
        core.close();
      }
      progress(`${engine}: ${WRITERS} writer processes for ${WRITER_SECONDS} s`);
      writers[engine] = await concurrentWriters(await fresh[engine]());
    }
    console.log(`\nSunshine engines bench — ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
    console.log(table(samples).join('\n'));
    console.log(`\n${writersTable(writers).join('\n')}`);
  } finally {
    cluster.stop();
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Without PostgreSQL here, the other benches in `npm run bench` still run: this one says why it did not.
const unavailable = pgUnavailableReason();
if (unavailable) console.log(`\nSunshine engines bench skipped: ${unavailable}`);
else await main();
