/**
 * The PII scan's speed on this machine: pages per second of the detectors alone (in memory), and
 * of the background scan end to end on a data folder (read pages, find, write hits and marks, one
 * audit row a batch). Pages are generated: 300 words of prose with the numbers real records hold
 * (dates, amounts, order and case numbers, ZIP codes), and on one page in ten some personal data
 * (an SSN, a phone number, an e-mail, an address, a date of birth, a card number).
 * SUNSHINE_BENCH_PII_PAGES sets the end-to-end count (default 100,000: see README for why).
 * Printed, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import { findPii } from '../core/pii/find.ts';
import { checkPattern } from '../core/pii/custom.ts';
import { PiiRunner } from '../core/pii/runner.ts';
import { pageText } from './corpus.ts';

const N = Number(process.env.SUNSHINE_BENCH_PII_PAGES ?? 100_000);
const PER_DOC = 100;

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};
const digits = (n: number) => Array.from({ length: n }, () => rand(10)).join('');
const PERSONAL = [
  () => `SSN ${100 + rand(600)}-${10 + rand(80)}-${1000 + rand(8000)}`,
  () => `call (${200 + rand(700)}) ${200 + rand(700)}-${1000 + rand(8000)}`,
  () => `write to j.doe${rand(999)}@example.org`,
  () => `lives at ${1 + rand(9000)} Elm Street, Apt ${1 + rand(30)}`,
  () => `DOB: ${1 + rand(12)}/${1 + rand(28)}/19${50 + rand(50)}`,
  () => `card 4111 1111 1111 1111`,
  () => `A-Number A${digits(9)}`,
];
const ORDINARY = [
  () => `order ${digits(10)}`,
  () => `on ${1 + rand(12)}/${1 + rand(28)}/2024`,
  () => `Washington, DC 20${digits(3)}-${digits(4)}`,
  () => `$${rand(90_000)}.${digits(2)}`,
  () => `case no. ${digits(7)}`,
  () => `Section ${rand(500)} of the Act`,
];

/** A page: generated words with ordinary numbers through it, and on one page in ten a few pieces of personal data. */
function page(i: number): string {
  const words = pageText(300).split(' ');
  for (let k = 0; k < 8; k++) words.splice(rand(words.length), 0, ORDINARY[rand(ORDINARY.length)]!());
  if (i % 10 === 0) for (let k = 0; k < 3; k++) words.splice(rand(words.length), 0, PERSONAL[rand(PERSONAL.length)]!());
  return words.join(' ');
}

function detectorsAlone(): [string, string] {
  const pages = Array.from({ length: 20_000 }, (_, i) => page(i));
  findPii(pages[0]!);
  const t = performance.now();
  let hits = 0;
  for (const p of pages) hits += findPii(p).length;
  const s = (performance.now() - t) / 1000;
  return [`detectors alone, ${pages.length.toLocaleString()} pages in memory`, `${Math.round(pages.length / s).toLocaleString()} pages/s (${hits.toLocaleString()} hits)`];
}

async function endToEnd(): Promise<[string, string][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-pii-'));
  const core = openCore({ dataDir: dir });
  try {
    const db = core.store.db;
    const doc = db.prepare("INSERT INTO documents (sha256, size, type, mime, name, added_at, status, page_count) VALUES (?, 0, 'text', 'text/plain', ?, ?, 'ready', ?)");
    const insert = db.prepare('INSERT INTO pages (document_id, page_no, text) VALUES (?, ?, ?)');
    const tb = performance.now();
    for (let start = 0; start < N; start += 20_000) {
      await core.store.write('bench', async (w) => {
        let docId = 0;
        for (let i = start; i < Math.min(N, start + 20_000); i++) {
          if (i % PER_DOC === 0) docId = Number(doc.run(String(i).padStart(64, '0'), `bench-${i / PER_DOC}.txt`, w.at, PER_DOC).lastInsertRowid);
          insert.run(docId, (i % PER_DOC) + 1, page(i));
        }
        await w.audit({ action: 'bench.pages', entity: 'bench', entityId: String(start) });
      });
      process.stderr.write(`\r  storing ${Math.min(N, start + 20_000).toLocaleString()} / ${N.toLocaleString()} pages`);
    }
    process.stderr.write('\n');
    const built = (performance.now() - tb) / 1000;
    const runner = new PiiRunner({
      store: core.workspace,
      onProgress: (p) => {
        if (p.done % 20_000 === 0) process.stderr.write(`\r  scanning ${p.done.toLocaleString()} / ${N.toLocaleString()} pages`);
      },
    });
    const t = performance.now();
    const scanned = await runner.kick();
    const s = (performance.now() - t) / 1000;
    process.stderr.write('\n');
    const hits = db.prepare('SELECT count(*) FROM pii_hits').pluck().get() as number;
    const documents = db.prepare("SELECT count(DISTINCT document_id) FROM pii_hits WHERE kind = 'ssn'").pluck().get() as number;
    return [
      [`stored ${N.toLocaleString()} generated pages (SQLite, page index included)`, `${built.toFixed(0)} s`],
      [`background scan end to end, ${scanned.toLocaleString()} pages (SQLite)`, `${s.toFixed(1)} s, ${Math.round(scanned / s).toLocaleString()} pages/s; ${hits.toLocaleString()} hits, ${documents} documents with an SSN`],
    ];
  } finally {
    core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A pattern that backtracks catastrophically elsewhere ((a+)+$ on "aaa…a!"), on RE2: time against page length should grow in step. */
function hostilePattern(): [string, string] {
  const p = checkPattern({ name: 'Hostile', pattern: '(a+)+$', exemption: 'b6' });
  const at = (n: number) => {
    const text = `${'a'.repeat(n)}!`;
    const t = performance.now();
    findPii(text, [p]);
    return performance.now() - t;
  };
  at(2000);
  return ['custom (a+)+$ on a page of 20,000 / 200,000 "a"s', `${at(20_000).toFixed(1)} ms / ${at(200_000).toFixed(1)} ms`];
}

const rows = [detectorsAlone(), hostilePattern(), ...(await endToEnd())];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
