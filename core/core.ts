/**
 * `openCore`: the app without a shell. Opens the data folder, the database and
 * the dispatcher; each shell (Electron, HTTP, CLI) wraps one of these.
 */
import fs from 'node:fs';
import { openStore, type Store, type StoreOptions } from '../db/store.ts';
import { dbPathIn, filesDirIn } from './datadir.ts';
import type { CallName, InputOf, ResultOf } from './api.ts';
import { createDispatcher, type Dispatcher, type DispatchOptions } from './dispatch.ts';
import type { Result } from './result.ts';
import { handlers } from './handlers/index.ts';
import { currentSettings } from './handlers/settings.ts';
import { JobRegistry } from './jobs.ts';
import { ExtractPool } from './documents/extract-pool.ts';
import { clearStaging } from './documents/vault.ts';

export interface Core {
  readonly dataDir: string;
  readonly store: Store;
  /** Untyped entry for transports: name and input straight off the wire. */
  readonly call: Dispatcher;
  /** Typed entry for in-process callers (CLI, tests, benches). */
  invoke<K extends CallName>(name: K, input: InputOf<K>, opts?: DispatchOptions): Promise<Result<ResultOf<K>>>;
  close(): void;
}

export interface CoreOptions extends StoreOptions {
  dataDir: string;
}

export function openCore(opts: CoreOptions): Core {
  const { dataDir, ...storeOpts } = opts;
  fs.mkdirSync(filesDirIn(dataDir), { recursive: true });
  const store = openStore(dbPathIn(dataDir), storeOpts);
  const now = storeOpts.now ?? (() => new Date());
  let pool: ExtractPool | undefined;
  clearStaging(dataDir);
  const jobs = new JobRegistry();
  const call = createDispatcher(
    handlers,
    () => ({ store, dataDir, actor: currentSettings(store.db).userName, now, pool: () => (pool ??= new ExtractPool()) }),
    jobs,
  );
  const invoke = (name: CallName, input: unknown, o?: DispatchOptions) => call(name, input, o);
  return {
    dataDir,
    store,
    call,
    invoke: invoke as Core['invoke'],
    close: () => {
      void pool?.close();
      store.close();
    },
  };
}
