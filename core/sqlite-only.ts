/** What only a workspace in a data folder (SQLite) has: its database file, for the callers that open it directly. */
import type { Store, WorkspaceStore } from '../db/store.ts';
import { AppError } from './errors.ts';

/** The SQLite store, or a refusal that says a team workspace on PostgreSQL has no such file. */
export function sqliteStore(store: WorkspaceStore, what: string): Store {
  if (store.kind === 'sqlite') return store as Store;
  throw new AppError('BAD_INPUT', `${what} works on a workspace in a data folder: a team workspace on PostgreSQL has no database file of its own.`);
}
