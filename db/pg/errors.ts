/**
 * PostgreSQL and network failures in plain words: who could not connect where, and what to do.
 * Errors of the SQL itself (a constraint, a syntax error) pass through unchanged for the caller.
 */
import { StoreError } from '../errors.ts';

export interface PgTarget {
  /** host:port, or the socket folder, as the person typed it. */
  server: string;
  database: string;
  user: string;
  /** Whether the server asked for a password and none was given (PGPASSWORD, the password file, a prompt). */
  noPassword?: () => boolean;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOENT']);
const LOST = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);
const TLS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A StoreError for a failure to reach or stay connected to the server; anything else unchanged. */
export function describePgError(e: unknown, t: PgTarget): unknown {
  if (e instanceof StoreError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : '';
  // SCRAM: pg refuses to answer the server's challenge without a password, before the server can refuse it.
  if ((code === '28P01' && t.noPassword?.()) || /client password must be a (non-empty )?string/i.test(message)) {
    return new StoreError('UNAUTHORIZED', `The database server wants a password for user "${t.user}": set PGPASSWORD, or add a line for it to the password file (~/.pgpass, owner-only).`);
  }
  if (code === '28P01') {
    return new StoreError('UNAUTHORIZED', `The database server refused the password for user "${t.user}". Check PGPASSWORD or the password file (~/.pgpass).`);
  }
  if (code === '28000') {
    return new StoreError('UNAUTHORIZED', `The database server does not let user "${t.user}" connect to database "${t.database}" from here. Ask its administrator to allow it (pg_hba.conf).`);
  }
  if (code === '3D000') {
    return new StoreError('NOT_FOUND', `There is no database "${t.database}" on ${t.server}. Check the name in --database, or create it (createdb ${t.database}).`);
  }
  if ((typeof code === 'string' && UNREACHABLE.has(code)) || /connection timeout|timeout expired/i.test(message)) {
    return new StoreError('DB_BUSY', `Cannot reach the database server at ${t.server}: is it running, and is the address right? Nothing was changed.`);
  }
  if ((typeof code === 'string' && LOST.has(code)) || /Connection terminated|terminating connection|not queryable/i.test(message)) {
    return new StoreError('DB_BUSY', `The connection to the database server at ${t.server} was lost; the change in progress was not saved. Try again once the server is back.`);
  }
  if ((typeof code === 'string' && TLS.has(code)) || /does not support SSL/i.test(message)) {
    return new StoreError('BAD_INPUT', `The secure connection to ${t.server} could not be checked: the server needs TLS with a certificate the CA file (sslrootcert) vouches for, under the name in the address.`);
  }
  return e;
}
