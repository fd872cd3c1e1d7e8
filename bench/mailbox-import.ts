/**
 * Mailbox import: an mbox of N messages (100,000 by default, one in ten with an attachment of
 * about 60 KB, the rest a few KB: about 1 GB at 100,000), imported into a fresh workspace. Prints
 * messages per second and, over time, the resident memory of the app process and of the file
 * reader's helpers: neither may grow with the mailbox (messages stream through in batches).
 *
 *   npx tsx bench/mailbox-import.ts [--messages 100000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openCore } from '../core/index.ts';
import { printRows } from './stats.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' } } });
const total = Number(values.messages);
if (!Number.isInteger(total) || total < 1) throw new Error(`--messages takes a whole number, not "${values.messages}"`);

const WORDS = 'sponsor placement vetting shelter transfer custody release case file review agency office hearing record intake report'.split(' ');
let seed = 17;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const words = (n: number) => Array.from({ length: n }, () => WORDS[rand(WORDS.length)]).join(' ');
const paragraph = () => (words(120).match(/.{1,72}(\s|$)/g) ?? []).join('\n');

function writeMbox(file: string): number {
  const fd = fs.openSync(file, 'w');
  const attachmentText = Array.from({ length: 45 }, paragraph).join('\n\n');
  // Each attachment differs (a case line of its own), as real ones do: identical bytes would be stored once.
  const attachment = (i: number) => Buffer.from(`Case ${i}\n\n${attachmentText}`).toString('base64').replace(/.{76}/g, '$&\n');
  try {
    for (let i = 1; i <= total; i++) {
      const day = 1 + (i % 28);
      const head = [
        `From custodian${i % 40}@agency.example.gov Mon Mar  ${day < 10 ? ' ' : ''}${day} 09:15:00 2025`.replace('  ', ' '),
        `From: Custodian ${i % 40} <custodian${i % 40}@agency.example.gov>`,
        'To: Oversight <oversight@hsgac.example.gov>',
        `Subject: Case ${i}: ${words(4)}`,
        `Date: Mon, ${day} Mar 2025 09:15:00 -0500`,
        `Message-ID: <bench-${i}@agency.example.gov>`,
      ];
      const body = `${paragraph()}\n\n${paragraph()}\n\n${paragraph()}\n\nFrom the desk of case ${i}: ${words(30)}`;
      const message =
        i % 10 === 0
          ? [...head, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain', '', body, '--b', `Content-Type: text/plain; name="case-${i}.txt"`, `Content-Disposition: attachment; filename="case-${i}.txt"`, 'Content-Transfer-Encoding: base64', '', attachment(i), '--b--', '']
          : [...head, 'Content-Type: text/plain', '', body, ''];
      fs.writeSync(fd, `${message.join('\n')}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** Resident memory (bytes) of this process's child processes: the file reader's helpers. */
function helperRss(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (rss) out.push(Number(rss) * 1024);
    } catch {
      // The helper ended between the listing and the read.
    }
  }
  return out;
}

const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-mailbox-'));
try {
  const file = path.join(tmp, 'custodians.mbox');
  const t0 = performance.now();
  const bytes = writeMbox(file);
  const made = (performance.now() - t0) / 1000;
  const core = openCore({ dataDir: path.join(tmp, 'data') });
  await core.ready;
  const samples: [string, string][] = [];
  let peakApp = process.memoryUsage().rss;
  let peakHelper = 0;
  const t = performance.now();
  let last = 0;
  const sampler = setInterval(() => {
    const app = process.memoryUsage().rss;
    const helpers = helperRss();
    peakApp = Math.max(peakApp, app);
    peakHelper = Math.max(peakHelper, ...helpers);
    const secs = (performance.now() - t) / 1000;
    if (secs - last >= Math.max(10, total / 2000)) {
      last = secs;
      void core.workspace.engine.get<{ n: number }>('SELECT count(*) AS n FROM documents WHERE container_id IS NOT NULL').then((r) => {
        samples.push([`${secs.toFixed(0)} s`, `${Number(r?.n ?? 0).toLocaleString()} messages; app ${mb(app)}, helpers ${helpers.map(mb).join(' + ') || '—'}`]);
      });
    }
  }, 250);
  const r = await core.invoke('documents.import', { paths: [file] });
  const secs = (performance.now() - t) / 1000;
  clearInterval(sampler);
  if (!r.ok) throw new Error(r.error.message);
  const box = r.value.files[0]!;
  await core.close();
  printRows(`\nMailbox import: an mbox of ${total.toLocaleString()} messages, ${mb(bytes)} (made in ${made.toFixed(0)} s)`, [
    ['messages read', `${(box.messageCount ?? 0).toLocaleString()} (${r.value.added.toLocaleString()} documents added, ${r.value.failed} failed, ${r.value.duplicates} duplicates)`],
    ['time', `${secs.toFixed(0)} s, ${Math.round((box.messageCount ?? 0) / secs)} messages/s, ${(bytes / 1024 / 1024 / secs).toFixed(1)} MB/s`],
    ['peak RSS', `app ${mb(peakApp)}, largest helper ${mb(peakHelper)}`],
  ]);
  printRows('Over time', samples);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
