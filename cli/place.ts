/** Where the command's workspace is, from the global options. */
import path from 'node:path';
import { AppError, resolveDataDir } from '../core/index.ts';
import { withHiddenPrompt } from './prompt.ts';

export interface Globals {
  data?: string;
  database?: string;
  files?: string;
  json?: boolean;
}

/**
 * Where the workspace is: a team database (--database, else SUNSHINE_DATABASE) with its team
 * folder (--files), or a data folder (--data, else SUNSHINE_DATA, else the platform's).
 */
export function placeOf(g: Globals): { dataDir: string; database?: string } {
  const database = g.database?.trim() || process.env.SUNSHINE_DATABASE?.trim();
  if (!database) {
    if (g.files) throw new AppError('BAD_INPUT', '--files: the team folder goes with --database; a data folder (--data) keeps its own files.');
    return { dataDir: resolveDataDir({ flag: g.data }) };
  }
  if (g.data) throw new AppError('BAD_INPUT', '--data: give either a data folder or a team database (--database), not both.');
  if (!g.files) throw new AppError('BAD_INPUT', '--files: say which team folder keeps the stored files of the database (a folder every team member reaches).');
  return { dataDir: path.resolve(g.files), database };
}


export type Place = ReturnType<typeof placeOf> & { password?: string };

/** A team database named as the prompt names it: who, where, which; never a password (the address has none). */
function describeDatabase(address: string): string {
  try {
    const u = new URL(address);
    return `${decodeURIComponent(u.username) || 'you'}@${u.host || 'this computer'}${u.pathname}`;
  } catch {
    return 'the team database';
  }
}

/**
 * Open the workspace with `open`; a team database that refuses for want of the right password is
 * asked for it once at the terminal, without echo (never on the command line or in the history).
 * Without a terminal (a script, cron) the refusal stands, saying to set PGPASSWORD or ~/.pgpass.
 */
export async function openAsking<T>(place: Place, open: (p: Place) => Promise<T>): Promise<T> {
  try {
    return await open(place);
  } catch (e) {
    if (!place.database || place.password !== undefined || !(e instanceof AppError) || e.code !== 'UNAUTHORIZED') throw e;
    const password = await withHiddenPrompt((ask) => ask(`Password for ${describeDatabase(place.database!)}: `));
    if (password === null) throw e;
    return open({ ...place, password });
  }
}
