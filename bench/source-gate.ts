/**
 * The source gate's text check: 100,000 generated documents of about two pages each checked
 * against 50 sealed identities with one combined matcher (core/disclosures/source-match.ts).
 * Prints the time to build the matcher, the time to check every page, and the hits found.
 */
import { performance } from 'node:perf_hooks';
import { sourceMatcher } from '../core/disclosures/source-match.ts';
import type { IdentityOut } from '../core/api-disclosures.ts';
import { printRows } from './stats.ts';

const DOCUMENTS = Number(process.env.SUNSHINE_BENCH_GATE_DOCS ?? 100_000);
const SOURCES = 50;
const WORDS_PER_PAGE = 350;

const FIRST = ['Maria', 'James', 'Aisha', 'Dmitri', 'Rose', 'Will', 'Grant', 'Lucía', 'Chen', 'Olu'];
const LAST = ['Ramírez-López', 'Okonkwo', 'Price', 'Van der Berg', 'Nguyen', 'Haddad', 'Kowalczyk', "O'Brien", 'Lindqvist', 'Abernathy'];
const identities = Array.from({ length: SOURCES }, (_, i) => ({
  reference: `D-2026-${String(i + 1).padStart(4, '0')}`,
  identity: {
    name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / 5) % LAST.length]}`,
    contact: `source${i}@example.org, (202) 555-${String(1000 + i)}, badge ${4400 + i}-B`,
    relation: 'employee',
    consent: 'confidential',
    mayShare: '',
  } satisfies IdentityOut,
}));

// Ordinary memo text with numbers, dates and addresses; one page in 500 names a source.
const VOCABULARY = (
  'the office of inspector general requested records on placement files for fiscal year 2024 case managers ' +
  'did not complete the home study before release was approved sponsor address warehouse follow-up calls ' +
  'price list rose garden will grant review meeting agenda budget 12 March 2025 room 212 phone extension 4471 ' +
  'email memo contract vendor invoice payment 30,000 agency director deputy counsel staff committee'
).split(' ');
let seed = 1;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
function page(k: number): string {
  const words: string[] = [];
  for (let i = 0; i < WORDS_PER_PAGE; i++) words.push(VOCABULARY[rand(VOCABULARY.length)]!, i % 14 === 13 ? '.\n' : ' ');
  if (k % 500 === 0) words.push(` cc: ${identities[k % SOURCES]!.identity.name} `);
  if (k % 777 === 0) words.push(` call 202.555.${1000 + (k % SOURCES)} `);
  return words.join('');
}

// Pages are generated up front (a pool reused across documents), so only the check is timed.
const POOL = 2_000;
const pages = Array.from({ length: POOL }, (_, k) => page(k));

const t0 = performance.now();
const matcher = sourceMatcher(identities);
const built = performance.now() - t0;

let hits = 0;
let chars = 0;
const t1 = performance.now();
for (let d = 0; d < DOCUMENTS; d++) {
  for (let p = 0; p < 2; p++) {
    const text = pages[(d * 2 + p) % POOL]!;
    chars += text.length;
    hits += matcher.find(text).length;
  }
}
const secs = (performance.now() - t1) / 1000;

printRows(`Source gate: ${DOCUMENTS.toLocaleString('en-US')} documents × 2 pages against ${SOURCES} sealed identities`, [
  ['matcher built', `${built.toFixed(1)} ms (${matcher.notes.length} notes)`],
  ['check, all pages', `${secs.toFixed(2)} s (${Math.round((DOCUMENTS * 2) / secs).toLocaleString('en-US')} pages/s, ${(chars / 1e6 / secs).toFixed(0)} MB/s)`],
  ['hits', hits.toLocaleString('en-US')],
]);
