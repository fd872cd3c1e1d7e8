/**
 * A throw-away PostgreSQL server for tests: Debian's own binaries, a fresh data folder under the
 * system's temp folder, a free port on 127.0.0.1 and a socket folder of its own, stopped and
 * removed afterwards. Never a mock.
 *
 * initdb and postgres refuse to run as root, so as root the binaries run as the `postgres` user
 * (runuser) in a folder that user owns. The superuser's password is random per run and reaches
 * initdb through a file, never a command line; logins need it (scram-sha-256), so a wrong
 * password is refused as it would be in an office.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { alive } from '../../core/instance-lock.ts';

/** Debian's server binaries, the newest version installed (15 on bookworm), unless SUNSHINE_PG_BIN names others. */
function debianPgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0] ?? '15', 'bin');
}
export const PG_BIN = process.env.SUNSHINE_PG_BIN ?? debianPgBin();

/** How tests reach the server; handed from the global setup to each test file. */
export interface PgServer {
  host: string;
  port: number;
  /** Folder holding the server's unix socket. */
  socketDir: string;
  user: string;
  password: string;
}

export interface PgCluster extends PgServer {
  stop(): void;
  /** Shut the server down, keeping its data (a server restarting, a network outage). */
  pause(): void;
  /** Start it again on the same port, as it was. */
  resume(): void;
}

/** Why no server can be had here, or null when the binaries are present. */
export function pgUnavailableReason(): string | null {
  for (const b of ['initdb', 'pg_ctl', 'postgres']) {
    if (!fs.existsSync(path.join(PG_BIN, b))) return `PostgreSQL binaries not found in ${PG_BIN} (apt-get install postgresql)`;
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root but there is no postgres user to run the server as';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = () => process.getuid?.() === 0;

function runPg(bin: string, args: string[]): string {
  const exe = path.join(PG_BIN, bin);
  return execFileSync(asRoot() ? 'runuser' : exe, asRoot() ? ['-u', 'postgres', '--', exe, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

const CLUSTER_PREFIX = 'sunshine-pg-';
const OWNER_FILE = 'owner.pid';


/**
 * A run killed outright (no exit handlers) leaves its server running: stop and remove any whose
 * test run is gone. Servers of runs still going (other worktrees) are left alone.
 */
function sweepOrphans(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(CLUSTER_PREFIX)) continue;
    const root = path.join(os.tmpdir(), name);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(root, OWNER_FILE), 'utf8'));
    } catch {
      continue; // a run starting right now has not written it yet
    }
    if (!Number.isInteger(owner) || alive(owner)) continue;
    try {
      runPg('pg_ctl', ['-D', path.join(root, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running: only the folder is left.
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const reason = pgUnavailableReason();
  if (reason) throw new Error(reason);
  sweepOrphans();
  const owner = asRoot() ? { uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })) } : null;
  const run = runPg;

  const root = fs.mkdtempSync(path.join(os.tmpdir(), CLUSTER_PREFIX));
  fs.writeFileSync(path.join(root, OWNER_FILE), String(process.pid));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'sock');
  const pwFile = path.join(root, 'pw');
  const password = randomBytes(18).toString('base64url');
  fs.mkdirSync(socketDir, { mode: 0o700 });
  fs.writeFileSync(pwFile, password, { mode: 0o600 });
  if (owner) for (const p of [root, socketDir, pwFile]) fs.chownSync(p, owner.uid, owner.gid);

  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing left to stop.
      }
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', dataDir, '--username=postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
    fs.rmSync(pwFile);
    const port = await freePort();
    const opts = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    const start = () => {
      run('pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
      started = true;
    };
    start();
    const pause = () => {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      started = false;
    };
    return { host: '127.0.0.1', port, socketDir, user: 'postgres', password, stop, pause, resume: start };
  } catch (e) {
    const log = fs.existsSync(path.join(root, 'server.log')) ? fs.readFileSync(path.join(root, 'server.log'), 'utf8').slice(-2000) : '';
    const stderr = (e as { stderr?: string }).stderr ?? '';
    stop();
    throw new Error(`Could not start a test PostgreSQL: ${(e as Error).message}\n${stderr}\n${log}`);
  }
}
