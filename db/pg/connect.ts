/**
 * How Sunshine reaches a PostgreSQL workspace: `--database postgres://user@host:port/db`, else
 * SUNSHINE_DATABASE. The rules:
 * - no password in the address (it would sit in shell history and process lists): the password
 *   comes from the caller (a no-echo prompt or keychain, the shell's job), else PGPASSWORD, else
 *   the password file (PGPASSFILE or ~/.pgpass);
 * - a server that is not on this computer (loopback or a unix socket) is reached only over TLS
 *   that checks its certificate: `sslmode=verify-full` and `sslrootcert=` a CA file.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { PoolConfig } from 'pg';
import { StoreError } from '../errors.ts';
import { pgpassPassword } from './pgpass.ts';
import type { PgTarget } from './errors.ts';

export interface PgConnectOptions {
  /** A password the shell got from the person (prompt, keychain); wins over the environment. */
  password?: string;
  env?: NodeJS.ProcessEnv;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
}

export interface PgConnection {
  config: PoolConfig;
  target: PgTarget;
}

const KNOWN_PARAMS = new Set(['host', 'port', 'sslmode', 'sslrootcert', 'application_name']);

/** The address from `--database`, else SUNSHINE_DATABASE; undefined when neither names one. */
export function databaseUrlFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = flag?.trim() || env.SUNSHINE_DATABASE?.trim();
  return url || undefined;
}

/** True for this computer's own server: a socket folder, localhost, 127.0.0.0/8 or ::1. */
export function isLoopback(host: string): boolean {
  return host.startsWith('/') || host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === '[::1]';
}

const bad = (message: string) => new StoreError('BAD_INPUT', message);

/** The pool settings for an address, or a BAD_INPUT error saying what to change in it. */
export function pgConnection(address: string, opts: PgConnectOptions = {}): PgConnection {
  const env = opts.env ?? process.env;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw bad('The database address is not a URL; write it as postgres://user@host:5432/database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw bad('The database address must start with postgres:// (for example postgres://user@host:5432/database).');
  }
  if (url.password !== '') {
    throw bad('The database address holds a password; Sunshine never stores one in clear. Remove it from the address and set PGPASSWORD, or put it in the password file (~/.pgpass, owner-only).');
  }
  for (const key of url.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key)) throw bad(`The database address has an option Sunshine does not know: "${key}". Known options: ${[...KNOWN_PARAMS].join(', ')}.`);
  }
  const host = url.searchParams.get('host') || decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') || '/var/run/postgresql';
  const portText = url.searchParams.get('port') || url.port || '5432';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw bad(`The database port "${portText}" is not a port number (1–65535).`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) throw bad('The database address does not name a database: end it with /name (for example postgres://host/sunshine).');
  const user = decodeURIComponent(url.username) || env.PGUSER || os.userInfo().username;

  const sslmode = url.searchParams.get('sslmode');
  const sslrootcert = url.searchParams.get('sslrootcert');
  const local = isLoopback(host);
  if (!local && (sslmode !== 'verify-full' || !sslrootcert)) {
    throw bad(`The database server ${host} is not on this computer, so the connection must be encrypted and the server checked: add ?sslmode=verify-full&sslrootcert=<your CA certificate file> to the address.`);
  }
  if (sslmode !== null && sslmode !== 'disable' && sslmode !== 'verify-full') {
    throw bad(`sslmode=${sslmode} is not accepted: use sslmode=verify-full with sslrootcert=<CA file> (or leave sslmode out for a server on this computer).`);
  }
  if (sslmode === 'verify-full' && !sslrootcert) throw bad('sslmode=verify-full needs the CA certificate that signed the server\'s: add &sslrootcert=<CA file> to the address.');
  let ssl: PoolConfig['ssl'] = false;
  if (sslmode === 'verify-full') {
    let ca: string;
    try {
      ca = fs.readFileSync(sslrootcert!, 'utf8');
    } catch {
      throw bad('The CA certificate file named by sslrootcert cannot be read; check the path in the database address.');
    }
    // Node checks the certificate chain and that it names this host: what libpq calls verify-full.
    ssl = { ca, rejectUnauthorized: true, servername: host };
  }

  const server = host.startsWith('/') ? host : `${host}:${port}`;
  // Set when the server asked for a password and none was to be had: its refusal then says where to put one.
  let noPassword = false;
  const target: PgTarget = { server, database, user, noPassword: () => noPassword };
  // An empty PGPASSWORD is no password: the password file (or the prompt) decides.
  const given = opts.password ?? (env.PGPASSWORD || undefined);
  const config: PoolConfig = {
    host,
    port,
    database,
    user,
    // Asked for only when the server wants one; read then, so a changed password file is seen.
    password: async () => {
      const password = given ?? pgpassPassword({ host, port, database, user }, env);
      // Not thrown here: pg would leave the half-made connection open and the process waiting on it.
      // An empty password is refused by the server like a wrong one, and the refusal is worded for this.
      if (password === undefined) noPassword = true;
      return password ?? '';
    },
    ssl,
    application_name: url.searchParams.get('application_name') || 'sunshine',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    max: opts.maxConnections ?? 10,
  };
  return { config, target };
}
