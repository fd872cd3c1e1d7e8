/**
 * Records requests at scale: 20,000 requests listed and filtered through the
 * API (target p95 under 30 ms), and the cost of one deadline computation
 * (target under 0.1 ms per clock).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../core/index.ts';
import type { InputOf } from '../core/api.ts';
import { WorkCalendar } from '../core/deadlines/calendar.ts';
import { computeRule } from '../core/deadlines/rules.ts';
import { parseDay } from '../core/deadlines/dates.ts';
import { seedRequests } from './request-seed.ts';
import { ms, printRows, stats, time } from './stats.ts';

const N = 20_000;
const rows: [string, string][] = [];

// Deadline engine alone: a cold calendar year, then warm.
const cal = new WorkCalendar();
const start = parseDay('2021-01-04');
let k = 0;
const rules = ['foia', 'foia-unusual', 'appeal-decision'] as const;
const deadlines = await time(50_000, () => computeRule(cal, rules[k % 3]!, start + (k++ % 5000)));
const d = stats(deadlines);
rows.push(['deadline computation (20–30 working days, 2021–2034)', `p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  p99 ${ms(d.p99)}`]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-requests-'));
const core = openCore({ dataDir: dir, now: () => new Date('2026-11-28T12:00:00') });
try {
  let t = performance.now();
  await seedRequests(core.store, N, new Date('2026-11-28T12:00:00'));
  core.store.checkpoint();
  rows.push([`create ${N.toLocaleString()} requests (one transaction, with audit rows)`, `${((performance.now() - t) / 1000).toFixed(1)} s`]);

  const queries: [string, InputOf<'requests.list'>][] = [
    ['list: first page by due date', {}],
    ['list: overdue', { overdue: true }],
    ['list: status + agency', { statuses: ['submitted'], agencies: ['ICE'] }],
    ['list: assignee, sorted by subject', { assignee: 'ada', sort: 'subject' }],
    ['list: words in subject/notes', { text: 'sponsor children' }],
    ['list: due within 30 days', { dueWithinDays: 30 }],
    ['list: deep page (offset 19,800)', { offset: 19_800 }],
  ];
  for (const [label, q] of queries) {
    const r = await core.invoke('requests.list', q);
    const total = r.ok ? r.value.total : -1;
    const s = stats(await time(200, () => core.invoke('requests.list', q)));
    rows.push([`${label} (${total.toLocaleString()} match, 200 per page)`, `p50 ${ms(s.p50)}  p95 ${ms(s.p95)}`]);
  }
  const dash = stats(await time(50, () => core.invoke('dashboard.summary', {})));
  rows.push(['dashboard.summary', `p50 ${ms(dash.p50)}  p95 ${ms(dash.p95)}`]);
  t = performance.now();
  const csv = await core.invoke('requests.exportCsv', {});
  rows.push([`CSV export of ${N.toLocaleString()} requests`, `${((performance.now() - t) / 1000).toFixed(2)} s, ${csv.ok ? (csv.value.csv.length / 1e6).toFixed(1) : '?'} MB`]);
} finally {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
printRows(`\nSunshine requests bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
