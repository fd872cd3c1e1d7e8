/**
 * How long one `sunshine` command takes from start to exit: `status` run ten
 * times through `node bin/sunshine.mjs` and through `npx sunshine`, on a fresh
 * owner-only data folder. Prints the median (p50) and the slowest wall time,
 * and, where /usr/bin/time exists, the median CPU time (user + system), which
 * a busy machine disturbs less. Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printRows, stats } from './stats.ts';

const RUNS = Number(process.env.SUNSHINE_BENCH_CLI_RUNS ?? 10);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-cli-'));
const env = { ...process.env, SUNSHINE_DATA: path.join(tmp, 'data') };

const TIME = '/usr/bin/time';
const cpuTimed = fs.existsSync(TIME);

/** Wall time and, when it can be had, CPU time of one run, in ms. */
function run(cmd: string, args: string[]): { wall: number; cpu: number } {
  const t = performance.now();
  const r = cpuTimed ? spawnSync(TIME, ['-f', 'cpu %U %S', cmd, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] }) : spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr.toString()}`);
  const m = /^cpu ([\d.]+) ([\d.]+)$/m.exec(r.stderr.toString());
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

const s = (n: number) => `${(n / 1000).toFixed(2)} s`;

function bench(cmd: string, args: string[]): string {
  run(cmd, args); // the first run creates the data folder and fills any transpile cache
  const samples = Array.from({ length: RUNS }, () => run(cmd, args));
  const wall = samples.map((x) => x.wall);
  const cpu = cpuTimed ? `, CPU p50 ${s(stats(samples.map((x) => x.cpu)).p50)}` : '';
  return `p50 ${s(stats(wall).p50)}, slowest ${s(Math.max(...wall))}${cpu}`;
}

try {
  printRows(`CLI start (${RUNS} runs of "status")`, [
    ['node bin/sunshine.mjs status', bench(process.execPath, ['bin/sunshine.mjs', 'status'])],
    ['npx sunshine status', bench('npx', ['sunshine', 'status'])],
  ]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
