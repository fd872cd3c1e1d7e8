/**
 * The password file libpq reads (PGPASSFILE, else ~/.pgpass): lines of
 * `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped. Like libpq we
 * trust it only when no one but its owner can read it; unlike libpq we say so rather than
 * silently ignoring it. (pg reads the file too, but that path is deprecated; one reader here.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreError } from '../errors.ts';

export interface PgpassTarget {
  /** A host name, or a socket folder (which the file calls `localhost`, as libpq does). */
  host: string;
  port: number;
  database: string;
  user: string;
}

export const pgpassFile = (env: NodeJS.ProcessEnv): string => env.PGPASSFILE || path.join(os.homedir(), '.pgpass');

function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) cur += line[++i];
    else if (c === ':' && out.length < 4) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The password the file holds for this connection, if any. */
export function pgpassPassword(target: PgpassTarget, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = pgpassFile(env);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new StoreError('BAD_INPUT', 'The PostgreSQL password file can be read by other users of this computer; make it owner-only (chmod 600) and try again.');
  }
  const host = target.host.startsWith('/') ? 'localhost' : target.host;
  const want = [host, String(target.port), target.database, target.user];
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const f = fields(raw);
    if (f.length === 5 && want.every((w, i) => f[i] === '*' || f[i] === w)) return f[4];
  }
  return undefined;
}
