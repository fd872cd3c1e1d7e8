/**
 * How long one `sunshine` command takes from start to exit: `status` run ten
 * times through `node bin/sunshine.mjs` and through `npx sunshine`, on a fresh
 * owner-only data folder. Prints the median (p50) and the slowest; figures are
 * printed, never asserted.
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

function run(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const took = performance.now() - t;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${r.stderr.toString()}`);
  return took;
}

function bench(cmd: string, args: string[]): string {
  run(cmd, args); // the first run creates the data folder and fills any transpile cache
  const samples = Array.from({ length: RUNS }, () => run(cmd, args));
  const { p50 } = stats(samples);
  return `p50 ${(p50 / 1000).toFixed(2)} s, slowest ${(Math.max(...samples) / 1000).toFixed(2)} s`;
}

try {
  printRows(`CLI start (${RUNS} runs of "status")`, [
    ['node bin/sunshine.mjs status', bench(process.execPath, ['bin/sunshine.mjs', 'status'])],
    ['npx sunshine status', bench('npx', ['sunshine', 'status'])],
  ]);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
