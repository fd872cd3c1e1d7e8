/**
 * Email threads at scale: SUNSHINE_BENCH_THREAD_EMAILS emails (100,000 by default) in threads of
 * four (a question, two replies to it, a reply to the first reply, each quoting what it answers,
 * linked by Message-ID / In-Reply-To / References), one in ten with no ids at all (threaded by
 * subject and participants). Times: threading every email at once (`sunshine documents rethread`),
 * the end of an import that added ten emails to old threads, one thread's view, and a search
 * with whole threads and inclusive emails only. SQLite data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { rethread } from '../core/documents/threads.ts';
import { ms, must, printRows } from './stats.ts';

const EMAILS = Number(process.env.SUNSHINE_BENCH_THREAD_EMAILS ?? 100_000);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-threads-'));
const rows: [string, string][] = [];
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

try {
  const core = openCore({ dataDir: path.join(tmp, 'data') });
  const db = core.store.db;
  const insert = db.prepare(
    `INSERT INTO documents (sha256, size, type, mime, name, path, added_at, doc_date, status, page_count, email_from, email_to, email_subject, message_id, in_reply_to, email_refs)
       VALUES (?, 1, 'eml', 'message/rfc822', ?, '', ?, ?, 'ready', 1, ?, ?, ?, ?, ?, ?)`,
  );
  const page = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, 1, ?)');
  const quote = (t: string) => t.split('\n').map((l) => `> ${l}`).join('\n');
  let n = 0;
  const add = (t: number, k: number, body: string, ids: boolean, parent?: number, refs?: number[]) => {
    const date = new Date(Date.UTC(2025, 0, 1) + t * 3_600_000 + k * 60_000).toISOString();
    const withIds = ids ? [`m${t}.${k}@agency.example`, parent === undefined ? null : `m${t}.${parent}@agency.example`, refs ? refs.map((r) => `m${t}.${r}@agency.example`).join(' ') : null] : [null, null, null];
    const id = Number(insert.run(`${'0'.repeat(40)}${String(n++).padStart(24, '0')}`, `t${t}-${k}.eml`, date, date, `person${t}@agency.example`, `staff${t % 50}@house.example`, `${k ? 'RE: ' : ''}Placement review ${t}`, ...withIds).lastInsertRowid);
    page.run(id, body);
  };
  let t0 = performance.now();
  await core.store.write('bench', async (w) => {
    for (let t = 0; n < EMAILS; t++) {
      const ids = t % 10 !== 0;
      const a = `Question ${t} about the sponsor files of shelter ${t % 97}.\nPlease answer by Friday.`;
      const b = `Answer ${t}: the files are complete.\n\n${quote(a)}`;
      add(t, 0, a, ids);
      add(t, 1, b, ids, 0, [0]);
      add(t, 2, `Also: who signed them?\n\n${quote(a)}`, ids, 0, [0]);
      add(t, 3, `Thank you ${t}.\n\n${quote(b)}`, ids, 1, [0, 1]);
    }
    await w.audit({ action: 'bench.emails', entity: 'bench', entityId: '0' });
  });
  rows.push(['emails written', `${n.toLocaleString()} in ${(performance.now() - t0).toFixed(0)} ms`]);

  const rss0 = process.memoryUsage().rss;
  t0 = performance.now();
  const all = await must(core.invoke('documents.rethread', {}));
  rows.push(['rethread every email', `${(performance.now() - t0).toFixed(0)} ms (${all.threads.toLocaleString()} threads, ${all.emails.toLocaleString()} emails set); RSS +${mb(process.memoryUsage().rss - rss0)}`]);

  // An import's end: ten new emails, each a reply in an old thread.
  const before = Number((db.prepare('SELECT max(id) AS m FROM documents').get() as { m: number }).m);
  await core.store.write('bench', async (w) => {
    for (let i = 0; i < 10; i++) add(i * 37 + 1, 4, `Late reply ${i}.`, true, 3, [0, 1, 3]);
    await w.audit({ action: 'bench.emails', entity: 'bench', entityId: '1' });
  });
  const added = Array.from({ length: 10 }, (_, i) => before + 1 + i);
  t0 = performance.now();
  const some = await core.store.write('bench', (w) => rethread(w, added));
  rows.push(['end of an import of 10 emails', `${(performance.now() - t0).toFixed(0)} ms (${some.threads} threads recomputed, ${some.emails} emails changed)`]);

  t0 = performance.now();
  const view = await must(core.invoke('documents.thread', { id: added[0]! }));
  rows.push(["one thread's view", `${ms(performance.now() - t0)} (${view.entries.length} emails)`]);
  t0 = performance.now();
  const found = await must(core.invoke('documents.search', { query: 'shelter', wholeThreads: true, inclusiveOnly: true, group: 'documents' }));
  rows.push(['search "shelter", whole threads, inclusive only', `${ms(performance.now() - t0)} (${found.total.toLocaleString()} documents)`]);
  await core.close();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
printRows(`Email threads (${EMAILS.toLocaleString()} emails, SQLite)`, rows);
