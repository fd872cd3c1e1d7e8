/**
 * Connecting to PostgreSQL: the address rules (no password in it, TLS off this computer) and, on a
 * real server, each way a connection fails, in words a person can act on.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../db/errors.ts';
import { databaseUrlFrom, isLoopback, pgConnection } from '../../db/pg/connect.ts';
import { PgEngine } from '../../db/pg/engine.ts';
import { freshPgDatabase, pgAdmin, pgServer, pgUrl } from './pg-helpers.ts';
import { tempDir } from './helpers.ts';

/** The StoreError a promise or call fails with (the test fails if it does not). */
async function storeError(p: Promise<unknown> | (() => unknown)): Promise<StoreError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return e as StoreError;
  }
  throw new Error('expected a StoreError, but it succeeded');
}

describe('the database address', () => {
  it('comes from --database, else SUNSHINE_DATABASE', () => {
    expect(databaseUrlFrom('postgres://a/flag', { SUNSHINE_DATABASE: 'postgres://a/env' })).toBe('postgres://a/flag');
    expect(databaseUrlFrom(undefined, { SUNSHINE_DATABASE: 'postgres://a/env' })).toBe('postgres://a/env');
    expect(databaseUrlFrom('  ', {})).toBeUndefined();
  });

  it('refuses a password written into it, and says where a password goes instead', async () => {
    const e = await storeError(() => pgConnection('postgres://clerk:hunter2@localhost/sunshine'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/never stores one in clear.*PGPASSWORD.*password file/);
    expect(e.message).not.toContain('hunter2');
  });

  it('counts only this computer as loopback', () => {
    for (const h of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '/var/run/postgresql']) expect(isLoopback(h)).toBe(true);
    for (const h of ['db.office.example', '10.0.0.5', '128.0.0.1', '::2']) expect(isLoopback(h)).toBe(false);
  });

  it('refuses a server elsewhere without verified TLS, saying what to add', async () => {
    for (const address of ['postgres://clerk@db.office.example/sunshine', 'postgres://clerk@db.office.example/sunshine?sslmode=require', 'postgres://clerk@10.0.0.5/sunshine?sslmode=verify-full']) {
      const e = await storeError(() => pgConnection(address));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toContain('sslmode=verify-full&sslrootcert=');
    }
    const unreadable = await storeError(() => pgConnection('postgres://clerk@db.office.example/sunshine?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem'));
    expect(unreadable.message).toMatch(/CA certificate file named by sslrootcert cannot be read/);
    expect(unreadable.message).not.toContain('/nonexistent');
  });

  it('checks the certificate and its host name when TLS is on', () => {
    const ca = path.join(tempDir(), 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const { config } = pgConnection(`postgres://clerk@db.office.example:6543/sunshine?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`);
    expect(config).toMatchObject({ host: 'db.office.example', port: 6543, database: 'sunshine', user: 'clerk', ssl: { rejectUnauthorized: true, servername: 'db.office.example' } });
  });

  it('refuses other mistakes with what to fix', async () => {
    expect((await storeError(() => pgConnection('not a url'))).message).toMatch(/postgres:\/\/user@host:5432\/database/);
    expect((await storeError(() => pgConnection('mysql://localhost/x'))).message).toMatch(/must start with postgres:\/\//);
    expect((await storeError(() => pgConnection('postgres://localhost'))).message).toMatch(/does not name a database/);
    expect((await storeError(() => pgConnection('postgres://localhost/x?password=y'))).message).toMatch(/does not know: "password"/);
    expect((await storeError(() => pgConnection('postgres://localhost/x?port=99999'))).message).toMatch(/not a port number/);
  });
});

describe.skipIf(!pgServer)('connecting to a real PostgreSQL', () => {
  const s = pgServer!;
  let database: string;
  beforeAll(async () => {
    database = await freshPgDatabase(s, 'connect');
  });
  const noEnv = { HOME: os.tmpdir() } as NodeJS.ProcessEnv; // no PGPASSWORD, no password file

  it('logs in with a password given by the caller, from PGPASSWORD, or from the password file', async () => {
    for (const [opts, label] of [
      [{ password: s.password, env: noEnv }, 'given'],
      [{ env: { ...noEnv, PGPASSWORD: s.password } }, 'PGPASSWORD'],
    ] as const) {
      const e = await PgEngine.open(pgUrl(s, database), opts);
      expect(await e.get('SELECT current_user AS who'), label).toEqual({ who: s.user });
      await e.close();
    }
    const file = path.join(tempDir(), 'pgpass');
    fs.writeFileSync(file, `# the office server\nelsewhere:5432:*:*:nope\n${s.host}:${s.port}:*:${s.user}:${s.password.replace(/[:\\]/g, '\\$&')}\n`, { mode: 0o600 });
    const viaFile = await PgEngine.open(pgUrl(s, database), { env: { ...noEnv, PGPASSFILE: file } });
    expect(await viaFile.get('SELECT 1 AS one')).toEqual({ one: 1 });
    await viaFile.close();
  });

  it('refuses a password file others can read', async () => {
    const file = path.join(tempDir(), 'pgpass');
    fs.writeFileSync(file, `*:*:*:*:${s.password}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const e = await storeError(PgEngine.open(pgUrl(s, database), { env: { ...noEnv, PGPASSFILE: file } }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/can be read by other users.*chmod 600/);
  });

  it('says a password is needed when none is anywhere', async () => {
    const e = await storeError(PgEngine.open(pgUrl(s, database), { env: noEnv }));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/wants a password for user "postgres": set PGPASSWORD/);
  });

  it('says plainly when the password is wrong', async () => {
    const e = await storeError(PgEngine.open(pgUrl(s, database), { password: 'not-the-password', env: noEnv }));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toBe('The database server refused the password for user "postgres". Check PGPASSWORD or the password file (~/.pgpass).');
  });

  it('says plainly when the database does not exist', async () => {
    const e = await storeError(PgEngine.open(pgUrl(s, 'no_such_sunshine_db'), { password: s.password, env: noEnv }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/There is no database "no_such_sunshine_db" on 127\.0\.0\.1:\d+/);
  });

  it('says plainly when no server answers (refused, or silent until the time limit)', async () => {
    // A port just freed: nothing listens there.
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const refused = await storeError(PgEngine.open(`postgres://${s.user}@127.0.0.1:${closed}/x`, { password: s.password, env: noEnv }));
    expect(refused.code).toBe('DB_BUSY');
    expect(refused.message).toMatch(/^Cannot reach the database server at 127\.0\.0\.1:\d+: is it running/);

    // A server that takes the connection and never says a word.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((sock) => void sockets.push(sock));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const timedOut = await storeError(PgEngine.open(`postgres://${s.user}@127.0.0.1:${port}/x`, { password: s.password, env: noEnv, connectTimeoutMs: 300 }));
      expect(timedOut.message).toMatch(/^Cannot reach the database server/);
    } finally {
      for (const sock of sockets) sock.destroy();
      silent.close();
    }
  });

  it('connects through the unix socket folder', async () => {
    // Both ways libpq writes it: the folder as the (percent-encoded) host, or as ?host=.
    for (const address of [`postgres://${s.user}@${encodeURIComponent(s.socketDir)}:${s.port}/${database}`, `postgres:///${database}?host=${encodeURIComponent(s.socketDir)}&port=${s.port}`]) {
      const e = await PgEngine.open(address, { password: s.password, env: { ...noEnv, PGUSER: s.user } });
      expect(await e.get('SELECT 1 AS one'), address).toEqual({ one: 1 });
      await e.close();
    }
  });

  it('refuses a server without TLS when the address asks for verify-full', async () => {
    const ca = path.join(tempDir(), 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
    const e = await storeError(PgEngine.open(`${pgUrl(s, database)}?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`, { password: s.password, env: noEnv }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/secure connection .* could not be checked/);
  });

  it('carries on when the server ends a connection that was waiting in the pool', async () => {
    const e = await PgEngine.open(pgUrl(s, database), { password: s.password, env: noEnv });
    try {
      const { pid } = (await e.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
      await pgAdmin(s, 'postgres', (c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
      // The pool notices and drops it (an unhandled error here would end the process) …
      await expect.poll(() => e.pool.idleCount).toBe(0);
      // … and the next call opens another.
      expect(await e.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')).not.toEqual({ pid });
    } finally {
      await e.close();
    }
  });

  describe('when the server goes away mid-transaction', () => {
    let engine: PgEngine;
    beforeAll(async () => {
      engine = await PgEngine.open(pgUrl(s, database), { password: s.password, env: noEnv });
      await engine.exec('CREATE TABLE IF NOT EXISTS midway (word text NOT NULL)');
    });
    afterAll(() => engine?.close());

    it('says the change was not saved, keeps nothing of it, and works again afterwards', async () => {
      const e = await storeError(
        engine.transaction(async (tx) => {
          await tx.run('INSERT INTO midway (word) VALUES (?)', ['midway-quince']);
          const { pid } = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
          // An administrator (or a restart) ends this connection from the server's side.
          await pgAdmin(s, 'postgres', (c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
          await tx.run('INSERT INTO midway (word) VALUES (?)', ['midway-after']);
        }),
      );
      expect(e.code).toBe('DB_BUSY');
      expect(e.message).toMatch(/connection to the database server at 127\.0\.0\.1:\d+ was lost; the change in progress was not saved/);
      expect(await engine.all('SELECT word FROM midway')).toEqual([]);
    });
  });
});
