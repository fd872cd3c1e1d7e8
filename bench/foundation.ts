/**
 * Figures for the foundation, printed, never asserted.
 * Every call in the app goes through the dispatcher and (for changes) the audit
 * chain, so these set the floor for every feature built on top.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ms, printRows, stats, time } from './stats.ts';
import { openCore } from '../core/index.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { startWebServer } from '../web/server.ts';

function post(port: number, token: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/call', agent: keepAlive, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-bench-'));
const core = openCore({ dataDir: dir });
const rows: [string, string][] = [];
try {
  const read = stats(await time(5000, () => core.invoke('settings.get', {})));
  rows.push(['dispatch settings.get (in-process)', `p50 ${ms(read.p50)}  p95 ${ms(read.p95)}  p99 ${ms(read.p99)}`]);

  let i = 0;
  const write = stats(await time(2000, () => core.invoke('settings.update', { officeName: `Office ${i++}` })));
  rows.push(['dispatch settings.update (write + audit row, own transaction)', `p50 ${ms(write.p50)}  p95 ${ms(write.p95)}  p99 ${ms(write.p99)}`]);

  const N = 200_000;
  let t = performance.now();
  await core.store.write('bench', async (w) => {
    for (let k = 0; k < N; k++) await w.audit({ action: 'bench.bulk', entity: 'x', entityId: String(k), after: { k } });
  });
  const appendSecs = (performance.now() - t) / 1000;
  rows.push([`audit append, ${N.toLocaleString()} rows in one transaction`, `${Math.round(N / appendSecs).toLocaleString()} rows/s`]);
  core.store.checkpoint();

  t = performance.now();
  const { checked, breaks } = await verifyAuditChain(core.store.engine);
  const verifySecs = (performance.now() - t) / 1000;
  rows.push([`audit chain verify, ${checked.toLocaleString()} rows (${breaks.length} breaks)`, `${Math.round(checked / verifySecs).toLocaleString()} rows/s`]);

  const server = await startWebServer({ core, rendererDir: dir, port: 0 });
  const body = JSON.stringify({ name: 'settings.get', input: {} });
  const viaHttp = stats(await time(3000, () => post(server.port, server.token, body)));
  rows.push(['browser mode POST /api/call settings.get (keep-alive)', `p50 ${ms(viaHttp.p50)}  p95 ${ms(viaHttp.p95)}  p99 ${ms(viaHttp.p99)}`]);
  await server.close();
  keepAlive.destroy();
} finally {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

printRows(`Sunshine foundation bench — ${os.cpus().length} cores, Node ${process.version}`, rows);
