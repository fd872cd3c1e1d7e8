/** What only a workspace in a data folder (SQLite) has: its file backups and in-place restore. */
import type { Store, WorkspaceStore } from '../db/store.ts';
import { AppError } from './errors.ts';

/** What to do instead, for a team workspace on PostgreSQL. */
export const TEAM_BACKUPS =
  "For a team workspace on PostgreSQL, use the office's PostgreSQL backups, or copy it into a folder with \"sunshine workspace copy\".";

/** The SQLite store, or a refusal that says what to do with a team workspace on PostgreSQL instead. */
export function sqliteStore(store: WorkspaceStore, what: string): Store {
  if (store.kind === 'sqlite') return store as Store;
  throw new AppError('BAD_INPUT', `${what} works on a workspace in a data folder. ${TEAM_BACKUPS}`);
}
