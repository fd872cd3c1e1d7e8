/** The core's one way to open a workspace database: the store's own errors become the core's. */
import { openStore, type Store, type StoreOptions } from '../db/store.ts';
import { StoreError } from '../db/errors.ts';
import { AppError } from './errors.ts';

export function openWorkspaceStore(file: string, opts: StoreOptions = {}): Store {
  try {
    return openStore(file, opts);
  } catch (e) {
    throw e instanceof StoreError ? new AppError(e.code, e.message) : e;
  }
}
