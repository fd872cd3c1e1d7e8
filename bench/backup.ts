/**
 * Backups at scale: a workspace of SUNSHINE_BENCH_BACKUP_PAGES pages (200,000
 * by default, in documents of 100 pages, with their full-text index and a
 * stored file each), backed up while
 * the app keeps answering, then restored from inside the running app. Prints
 * the sizes, the times and the longest the app was kept from answering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import { openCore } from '../core/index.ts';
import { blobPath } from '../core/documents/vault.ts';
import { ms, printRows } from './stats.ts';
import { pageText } from './corpus.ts';

const PAGES = Number(process.env.SUNSHINE_BENCH_BACKUP_PAGES ?? 200_000);
const PER_DOC = 100;
const rows: [string, string][] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-backup-'));
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

try {
  // Without the schedule, so no automatic backup runs alongside the one timed.
  const core = openCore({ dataDir: path.join(tmp, 'data') });
  const db = core.store.db;
  core.store.write('bench', (w) => {
    const doc = db.prepare(`INSERT INTO documents (sha256, size, type, mime, name, path, added_at, status, page_count) VALUES (?, ?, 'text', 'text/plain', ?, '', ?, 'ready', ${PER_DOC})`);
    const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
    for (let i = 0; i < PAGES / PER_DOC; i++) {
      // A stored file per document, as the vault keeps them: a restore checks every one is there.
      const bytes = Buffer.from(`document ${i}`);
      const sha = createHash('sha256').update(bytes).digest('hex');
      fs.mkdirSync(path.dirname(blobPath(core.dataDir, sha)), { recursive: true });
      fs.writeFileSync(blobPath(core.dataDir, sha), bytes);
      const id = Number(doc.run(sha, bytes.length, `doc-${i}.txt`, w.at).lastInsertRowid);
      for (let p = 1; p <= PER_DOC; p++) page.run(id, p, pageText(250));
    }
    w.audit({ action: 'bench.documents', entity: 'bench', entityId: '0' });
  });
  core.store.checkpoint();
  rows.push(['database', `${mb(fs.statSync(core.store.file).size)} (${PAGES.toLocaleString()} pages in ${(PAGES / PER_DOC).toLocaleString()} documents)`]);
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
  rows.push(['back up now (copy, SHA-256, manifest)', `${(took / 1000).toFixed(1)} s, ${mb(fs.statSync(path.join(b.folder, 'sunshine.db')).size)} written`]);
  rows.push(['the app meanwhile', `${answered.length} calls answered, slowest ${ms(Math.max(...answered))}; longest event-loop stall ${ms(delay.max / 1e6)}`]);

  const t1 = performance.now();
  await must(core.call('app.restore', { backup: path.basename(b.folder) }) as never);
  rows.push(['restore from inside the app (verify, prepare, swap, reopen)', `${((performance.now() - t1) / 1000).toFixed(1)} s`]);
  core.close();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows('\nSunshine backup bench', rows);
