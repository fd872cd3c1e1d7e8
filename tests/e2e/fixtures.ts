/**
 * Each test file gets Sunshine in browser mode on its own temporary data
 * folder, started exactly as a user would: `sunshine --data DIR web`. With
 * SUNSHINE_TEST_ENGINE=postgres (the second pass of `npm test`) it is a team
 * workspace instead: a fresh database on a throw-away PostgreSQL of the worker's
 * own, `sunshine --database URL --files DIR web`, the password in its environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { startPgCluster, type PgCluster } from '../unit/pg-cluster.ts';

const ON_POSTGRES = process.env.SUNSHINE_TEST_ENGINE === 'postgres';
let cluster: Promise<PgCluster> | null = null;
/** The worker's PostgreSQL, started on first use and stopped when the worker ends. */
function workerCluster(): Promise<PgCluster> {
  cluster ??= startPgCluster().then((c) => {
    process.once('exit', c.stop);
    return c;
  });
  return cluster;
}

/** How `sunshine` reaches a fresh workspace with its files in `dataDir`: the options and the environment. */
async function freshPlace(dataDir: string): Promise<{ globals: string[]; env: NodeJS.ProcessEnv }> {
  if (!ON_POSTGRES) return { globals: ['--data', dataDir], env: process.env };
  const c = await workerCluster();
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  return { globals: ['--database', `postgres://${c.user}@${c.host}:${c.port}/${name}`, '--files', dataDir], env: { ...process.env, PGPASSWORD: c.password } };
}

/**
 * A new login on the worker's PostgreSQL (team workspaces only), for a spec that grants it a role:
 * its name gets a random suffix, as logins are the whole server's.
 */
export async function createPgLogin(name: string): Promise<string> {
  if (!ON_POSTGRES) throw new Error('createPgLogin is for the PostgreSQL pass (SUNSHINE_TEST_ENGINE=postgres)');
  const c = await workerCluster();
  const login = `${name}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ host: c.host, port: c.port, user: c.user, password: c.password, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE "${login}" LOGIN`).finally(() => admin.end());
  return login;
}

export interface Sunshine {
  url: string;
  port: number;
  /** The data folder, or on PostgreSQL the team folder of its stored files. */
  dataDir: string;
  engine: 'sqlite' | 'postgres';
  /** How a `sunshine` command reaches the same workspace as the window (--data, or --database and --files) and its environment. */
  place: { globals: string[]; env: NodeJS.ProcessEnv };
}

/**
 * `sunshine <globals…> --json web --port 0 … <web…>` started as a user would; resolves once it printed
 * its address. `env` replaces the environment (the start screen's tests give it a settings folder of its own).
 */
export async function startBrowserMode(
  globals: readonly string[],
  { web = [], env = process.env }: { web?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ url: string; port: number; proc: ChildProcess }> {
  // The tests import from folders they make under the system's temp folder, not the home folder.
  const proc = spawn(process.execPath, ['bin/sunshine.mjs', ...globals, '--json', 'web', '--port', '0', '--import-from', os.tmpdir(), ...web], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sunshine web did not start in time: ${stderr}`)), 30_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, nl));
    });
    proc.on('exit', (code) => reject(new Error(`sunshine web exited with ${code}: ${stderr}`)));
  });
  const { url, port } = JSON.parse(line) as { url: string; port: number };
  return { url, port, proc };
}

async function startSunshine(dataDir: string): Promise<{ app: Sunshine; proc: ChildProcess }> {
  const { globals, env } = await freshPlace(dataDir);
  const { url, port, proc } = await startBrowserMode(globals, { env });
  return { app: { url, port, dataDir, engine: ON_POSTGRES ? 'postgres' : 'sqlite', place: { globals, env } }, proc };
}

export const test = base.extend<object, { sunshine: Sunshine }>({
  sunshine: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-'));
      const { app, proc } = await startSunshine(dataDir);
      await use(app);
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** A Sunshine of a test's own on a fresh data folder, for what only happens once in a workspace (the first passphrase). */
export async function freshSunshine(): Promise<{ app: Sunshine; close(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-'));
  const { app, proc } = await startSunshine(dataDir);
  return {
    app,
    close: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The sources' passphrase, set through the API if no sealed source in this
 * worker's shared workspace has set it yet, so a test typing it once into the
 * intake form does not depend on which test ran first.
 */
export async function withSourcesPassphrase(app: Sunshine, passphrase = 'correct horse battery staple'): Promise<void> {
  if ((await api<{ passphraseSet: boolean }>(app, 'identity.keychain', {})).passphraseSet) return;
  await api(app, 'disclosures.create', { received: '2026-11-02', channel: 'phone', summary: 'Sets the passphrase for the tests', identity: { name: 'Ottoline Brisk' }, passphrase });
}

/** A `sunshine --json …` command on the window's workspace, as a person would run one beside it; its JSON output. */
export async function sunshineCommand<T = unknown>(app: Sunshine, args: readonly string[]): Promise<T> {
  const proc = spawn(process.execPath, ['bin/sunshine.mjs', ...app.place.globals, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: app.place.env });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (code !== 0) throw new Error(`sunshine ${args.join(' ')} exited with ${code}: ${err}`);
  return JSON.parse(out) as T;
}

/** Call the API directly, as the page does, with this run's token. */
export async function api<T = unknown>(app: Sunshine, name: string, input: unknown): Promise<T> {
  const url = new URL(app.url);
  const res = await fetch(new URL('/api/call', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
    body: JSON.stringify({ name, input }),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error!.message}`);
  return body.value as T;
}

/** Zero serious or critical accessibility violations on what is on screen now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    // Fluent's focus manager (Tabster) puts 1-pixel aria-hidden sentinels at the edges of
    // arrow-key groups; they hand focus on at once and are never read. axe flags them by design.
    .exclude('[data-tabster-dummy]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `${what}:\n${report}`).toEqual([]);
}
