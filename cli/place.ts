/** Where the command's workspace is, from the global options. */
import path from 'node:path';
import { AppError, resolveDataDir } from '../core/index.ts';

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

