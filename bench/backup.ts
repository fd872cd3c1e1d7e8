/**
 * Backups at scale: a workspace of SUNSHINE_BENCH_BACKUP_PAGES pages (200,000
 * by default, in documents of 100 pages, with their full-text index) and
 * SUNSHINE_BENCH_BACKUP_FILES_MB of stored files (600 by default, random
 * bytes in files of 2 MB), backed up while the app keeps answering, backed up
 * again (nothing new: no file copied), restored from inside the running app,
 * and restored by `sunshine restore` into an empty data folder. Prints the
 * sizes, the times and the longest the app was kept from answering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createHash, randomBytes } from 'node:crypto';
import { openCore, restoreClosedWorkspace } from '../core/index.ts';
import { blobPath } from '../core/documents/vault.ts';
import { ms, printRows } from './stats.ts';
import { pageText } from './corpus.ts';

const PAGES = Number(process.env.SUNSHINE_BENCH_BACKUP_PAGES ?? 200_000);
const PER_DOC = 100;
const FILES_MB = Number(process.env.SUNSHINE_BENCH_BACKUP_FILES_MB ?? 600);
const FILE_MB = 2;
const BIG = Math.round(FILES_MB / FILE_MB);
/** Enough documents to carry the stored files, whatever the pages asked for. */
const DOCS = Math.max(PAGES / PER_DOC, BIG);
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-backup-'));
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

try {
  // Without the schedule, so no automatic backup runs alongside the one timed.
  const core = openCore({ dataDir: path.join(tmp, 'data') });
  const db = core.store.db;
  await core.store.write('bench', async (w) => {
    const doc = db.prepare(`INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, ?, 'text', 'text/plain', ?, '', ?, 'ready', ${PER_DOC})`);
    const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
    for (let i = 0; i < DOCS; i++) {
      // A stored file per document, as the vault keeps them: a restore checks every one is there. The first ones
      // carry the bulk: random bytes, as scans and attachments are to a copy (nothing to gain from their likeness).
      const bytes = i < BIG ? randomBytes(FILE_MB * 1048576) : Buffer.from(`document ${i}`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.dirname(blobPath(core.dataDir, sha)), { recursive: true });
      fs.writeFileSync(blobPath(core.dataDir, sha), bytes);
      const id = Number(doc.run(sha, bytes.length, `doc-${i}.txt`, w.at).lastInsertRowid);
      for (let p = 1; p <= PER_DOC; p++) page.run(id, p, pageText(250));
    }
    await w.audit({ action: 'bench.documents', entity: 'bench', entityId: '0' });
  });
  core.store.checkpoint();
  rows.push(['database', `${mb(fs.statSync(core.store.file).size)} (${(DOCS * PER_DOC).toLocaleString()} pages in ${DOCS.toLocaleString()} documents)`]);
  rows.push(['stored files', `${mb(BIG * FILE_MB * 1048576)} in ${BIG} files of ${FILE_MB} MB, and ${(DOCS - BIG).toLocaleString()} small ones`]);
  const must = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>) => {
    const r = await p;
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  await must(core.invoke('app.setBackupFolder', { folder: path.join(tmp, 'backups') }));

  // The app answering meanwhile: a cheap call every 20 ms, and the event loop's longest delay.
  const answered: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let busy = true;
  const ticker = (async () => {
    while (busy) {
      const t = performance.now();
      await core.invoke('app.status', {});
      answered.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  const b = await must(core.invoke('app.backupNow', {}));
  const took = performance.now() - t0;
  busy = false;
  await ticker;
  delay.disable();
  rows.push(['back up now, the first (database, every stored file)', `${(took / 1000).toFixed(1)} s, ${mb(fs.statSync(path.join(b.folder, 'sunshine.db')).size)} database + ${b.filesCopied.toLocaleString()} files, ${mb(b.bytesCopied)} copied`]);
  rows.push(['the app meanwhile', `${answered.length} calls answered, slowest ${ms(Math.max(...answered))}; longest event-loop stall ${ms(delay.max / 1e6)}`]);

  // A second backup, nothing new: the database again, no stored file copied. A second apart, so its name differs.
  await new Promise((r) => setTimeout(r, 1000));
  const t2 = performance.now();
  const again = await must(core.invoke('app.backupNow', {}));
  rows.push(['back up now, the second (incremental)', `${((performance.now() - t2) / 1000).toFixed(1)} s, ${again.filesCopied} files copied`]);

  const t1 = performance.now();
  await must(core.call('app.restore', { backup: path.basename(b.folder) }) as never);
  rows.push(['restore from inside the app (verify, prepare, swap, reopen)', `${((performance.now() - t1) / 1000).toFixed(1)} s`]);
  core.close();

  // A lost laptop: only the backup folder is left. `sunshine restore` into an empty data folder, every stored file copied back and hashed.
  const fresh = path.join(tmp, 'new-laptop');
  const t3 = performance.now();
  await restoreClosedWorkspace(again.folder, fresh);
  const took3 = performance.now() - t3;
  const back = openCore({ dataDir: fresh });
  const verified = await must(back.invoke('app.verify', {}));
  back.close();
  rows.push(['sunshine restore into an empty data folder', `${(took3 / 1000).toFixed(1)} s; then sunshine verify: ${verified.ok ? 'ok' : 'PROBLEMS'}`]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('\nSunshine backup bench', rows);
