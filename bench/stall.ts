/**
 * The longest the serving thread is kept from answering (its event loop
 * stalled) during the long jobs, with the core in that thread (as the command
 * line runs it) and in a worker thread (as browser mode and the desktop app
 * run it): `app.verify`, `app.restore` from inside the app, a full-text index
 * rebuild, and an import of SUNSHINE_BENCH_STALL_IMPORT_MB of files (1024 by
 * default). The workspace holds SUNSHINE_BENCH_STALL_PAGES pages (100,000 by
 * default). Stalls are measured by a 2 ms timer on the serving thread: the
 * longest gap past its due time. Figures are printed, never asserted.
 *
 * The index rebuild has no call of its own: it is the statement the migration
 * runs (`INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')`), on the serving
 * thread in-process and on a worker thread of its own otherwise.
 *
 * Then the same jobs on a team workspace: the seed copied into a throw-away
 * PostgreSQL (tests/unit/pg-cluster.ts) with `sunshine workspace copy`'s code,
 * its core in a worker as browser mode runs it; there the index rebuild is
 * `REINDEX TABLE pages` (the GIN index over the generated tsvector), which the
 * server does while the serving thread only waits. Skipped, saying why, where
 * PostgreSQL cannot run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { blobPath } from '../core/documents/vault.ts';
import { inProcessHandle, openCore, openCoreInWorker, type CoreHandle } from '../core/index.ts';
import { copyWorkspace } from '../core/workspace-copy.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../tests/unit/pg-cluster.ts';
import { printRows } from './stats.ts';
import { pageText } from './corpus.ts';

const PAGES = Number(process.env.SUNSHINE_BENCH_STALL_PAGES ?? 100_000);
const PER_DOC = 100;
const IMPORT_MB = Number(process.env.SUNSHINE_BENCH_STALL_IMPORT_MB ?? 1024);
const FILE_MB = 4;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-stall-'));
const rows: [string, string][] = [];
const secs = (t: number) => `${(t / 1000).toFixed(1)} s`;
const GOAL_MS = 50;
const stallText = (r: { stall: number; over: number }) => `longest stall ${r.stall.toFixed(0)} ms, ${r.over} over ${GOAL_MS} ms`;

/** The serving thread's longest stall while `job` runs: a 2 ms timer's worst lateness. */
async function stallDuring<T>(job: () => Promise<T>): Promise<{ stall: number; over: number; took: number; value: T }> {
  let worst = 0;
  /** How many times the goal was missed: one spike and a steady stutter differ. */
  let over = 0;
  let running = true;
  let due = performance.now() + 2;
  const tick = () => {
    const now = performance.now();
    worst = Math.max(worst, now - due);
    if (now - due > GOAL_MS) over++;
    due = now + 2;
    if (running) setTimeout(tick, 2);
  };
  setTimeout(tick, 2);
  const t0 = performance.now();
  try {
    const value = await job();
    const took = performance.now() - t0;
    // A job that held the thread to its end is seen by the next tick, not by one before it.
    await new Promise((r) => setTimeout(r, 4));
    return { stall: worst, over, took, value };
  } finally {
    running = false;
  }
}

async function must<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The workspace every run starts from: pages with their index, one backup of it, and the files to import. */
async function prepare(): Promise<{ seed: string; importDir: string }> {
  const seed = path.join(tmp, 'seed');
  const core = openCore({ dataDir: seed });
  const db = core.store.db;
  const docs = Math.ceil(PAGES / PER_DOC);
  await core.store.write('bench', async (w) => {
    const doc = db.prepare(`INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, ?, 'text', 'text/plain', ?, '', ?, 'ready', ${PER_DOC})`);
    const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
    for (let i = 0; i < docs; i++) {
      // Each document's stored file, as the vault keeps it: verify and restore check every one.
      const bytes = Buffer.from(`document ${i}`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.dirname(blobPath(seed, sha)), { recursive: true });
      fs.writeFileSync(blobPath(seed, sha), bytes);
      const id = Number(doc.run(sha, bytes.length, `doc-${i}.txt`, w.at).lastInsertRowid);
      for (let p = 1; p <= PER_DOC; p++) page.run(id, p, pageText(250));
    }
    await w.audit({ action: 'bench.documents', entity: 'bench', entityId: '0' });
  });
  core.store.checkpoint();
  rows.push(['workspace', `${(fs.statSync(core.store.file).size / 1048576).toFixed(0)} MB database, ${(docs * PER_DOC).toLocaleString()} pages`]);
  core.close();

  // Files to import: text, each different (its own first line), FILE_MB each.
  const importDir = path.join(tmp, 'incoming');
  fs.mkdirSync(importDir);
  const block = Buffer.from(Array.from({ length: 2000 }, () => pageText(300)).join('\n'));
  const files = Math.max(1, Math.round(IMPORT_MB / FILE_MB));
  for (let i = 0; i < files; i++) {
    const fd = fs.openSync(path.join(importDir, `letter-${i}.txt`), 'w');
    fs.writeSync(fd, `incoming letter ${i}\n`);
    for (let left = FILE_MB * 1048576; left > 0; left -= block.length) fs.writeSync(fd, block, 0, Math.min(left, block.length));
    fs.closeSync(fd);
  }
  rows.push(['files to import', `${files} text files of ${FILE_MB} MB (${(files * FILE_MB).toLocaleString()} MB)`]);
  return { seed, importDir };
}

/** The rebuild on a thread of its own, as the worker would run it. */
function rebuildInWorker(dbFile: string): Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const code = `const Database = require(${JSON.stringify(driver)}); const db = new Database(${JSON.stringify(dbFile)}); db.pragma('busy_timeout = 60000'); db.exec("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')"); db.close();`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.on('error', reject);
    w.on('exit', (c) => (c === 0 ? resolve() : reject(new Error(`rebuild worker exit ${c}`))));
  });
}

/**
 * The floor on this machine: the serving thread's longest stall while threads
 * that only spin keep every core busy (as a worker and two file readers do),
 * with no Sunshine code running. Stalls near it are the machine, not the app.
 */
async function control(): Promise<void> {
  const spinners = os.availableParallelism() + 1;
  const r = await stallDuring(
    () =>
      new Promise<void>((resolve) => {
        let left = spinners;
        for (let i = 0; i < spinners; i++) {
          new Worker('const end = Date.now() + 10000; while (Date.now() < end) {}', { eval: true }).on('exit', () => --left === 0 && resolve());
        }
      }),
  );
  rows.push([`control: ${spinners} threads spinning, no Sunshine`, `${stallText(r)} (for ${secs(r.took)})`]);
}

/** Where the jobs run: how to open it, how its full-text index is rebuilt, what to remove after. */
interface Place {
  label: string;
  open(): Promise<CoreHandle>;
  rebuild(): Promise<void>;
  cleanup(): void;
}

async function run(place: Place, importDir: string): Promise<void> {
  const core = await place.open();
  try {
    await must(core.invoke('app.setBackupFolder', { folder: path.join(tmp, `backups-${place.label.replace(/\W+/g, '-')}`) }));
    const backup = await must(core.invoke('app.backupNow', {}));
    const row = (job: string, r: { stall: number; over: number; took: number }) => rows.push([`${place.label}: ${job}`, `${stallText(r)} (job ${secs(r.took)})`]);

    row('app.verify', await stallDuring(() => must(core.invoke('app.verify', {}))));
    row('app.restore', await stallDuring(() => must(core.invoke('app.restore', { backup: path.basename(backup.folder) }))));
    row('full-text index rebuild', await stallDuring(() => place.rebuild()));
    const imported = await stallDuring(() => must(core.invoke('documents.import', { paths: [importDir] })));
    row(`import of ${IMPORT_MB} MB`, imported);
    if (imported.value.added === 0) throw new Error('the import added nothing');
  } finally {
    await core.close();
    place.cleanup();
  }
}

/** A data folder copied from the seed, its core in this thread or in a worker. */
function dataFolderPlace(mode: 'in-process' | 'worker', seed: string): Place {
  const dataDir = path.join(tmp, mode);
  fs.cpSync(seed, dataDir, { recursive: true });
  let inProcess: ReturnType<typeof openCore> | null = null;
  return {
    label: mode,
    open: async () => {
      if (mode === 'worker') return openCoreInWorker({ dataDir });
      inProcess = openCore({ dataDir });
      return inProcessHandle(inProcess);
    },
    rebuild: async () => {
      if (inProcess) inProcess.store.db.exec("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')");
      else await rebuildInWorker(path.join(dataDir, 'sunshine.db'));
    },
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The seed copied into a fresh database on the cluster, its core in a worker as browser mode runs it. */
async function teamPlace(cluster: PgCluster, seed: string): Promise<Place> {
  const name = `stall_${randomBytes(6).toString('hex')}`;
  const admin = () => new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: 'postgres' });
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`).finally(() => c.end());
  const url = `postgres://${cluster.user}@${cluster.host}:${cluster.port}/${name}`;
  const files = path.join(tmp, 'team');
  fs.mkdirSync(files, { mode: 0o700 });
  const t0 = performance.now();
  await copyWorkspace({ from: seed, to: url, files }, { password: { to: cluster.password } });
  rows.push(['team workspace', `the seed copied into PostgreSQL in ${secs(performance.now() - t0)}`]);
  return {
    label: 'worker on PostgreSQL',
    open: () => openCoreInWorker({ dataDir: files, database: url, password: cluster.password }),
    rebuild: async () => {
      const db = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: name });
      await db.connect();
      await db.query('REINDEX TABLE pages').finally(() => db.end());
    },
    cleanup: () => fs.rmSync(files, { recursive: true, force: true }),
  };
}

try {
  const { seed, importDir } = await prepare();
  await control();
  await run(dataFolderPlace('in-process', seed), importDir);
  await run(dataFolderPlace('worker', seed), importDir);
  const unavailable = pgUnavailableReason();
  if (unavailable) rows.push(['worker on PostgreSQL', `not measured: ${unavailable}`]);
  else {
    const cluster = await startPgCluster();
    try {
      await run(await teamPlace(cluster, seed), importDir);
    } finally {
      cluster.stop();
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`\nSunshine event-loop stalls of the serving thread (goal: under ${GOAL_MS} ms)`, rows);
