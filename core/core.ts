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
import { receiveUpload, sweepUploads } from './documents/uploads.ts';
import type { Readable } from 'node:stream';
import { OcrRunner } from './documents/ocr.ts';

export interface Core {
  readonly dataDir: string;
  readonly store: Store;
  /** Untyped entry for transports: name and input straight off the wire. */
  readonly call: Dispatcher;
  /** Typed entry for in-process callers (CLI, tests, benches). */
  invoke<K extends CallName>(name: K, input: InputOf<K>, opts?: DispatchOptions): Promise<Result<ResultOf<K>>>;
  /**
   * Take a file streamed by a browser (browser mode's drag and drop); its id
   * goes to `documents.import` as `uploads`. Throws an AppError when refused.
   */
  receiveUpload(body: Readable, name: string, modified: number | null, declaredBytes: number | null): Promise<string>;
  close(): void;
}

export interface CoreOptions extends StoreOptions {
  dataDir: string;
  /** Read pages waiting for OCR in the background (the desktop app and browser mode). */
  backgroundOcr?: boolean;
}

export function openCore(opts: CoreOptions): Core {
  const { dataDir, backgroundOcr = false, ...storeOpts } = opts;
  fs.mkdirSync(filesDirIn(dataDir), { recursive: true });
  const store = openStore(dbPathIn(dataDir), storeOpts);
  const now = storeOpts.now ?? (() => new Date());
  let pool: ExtractPool | undefined;
  const getPool = () => (pool ??= new ExtractPool());
  clearStaging(dataDir);
  sweepUploads(dataDir);
  // Browser mode may run for weeks: files sent but never imported go after a day.
  const sweeper = setInterval(() => sweepUploads(dataDir), 3600_000);
  sweeper.unref();
  const ocr = new OcrRunner({ store, dataDir, pool: getPool, enabled: () => currentSettings(store.db).ocrEnabled });
  // The queue survives restarts: pick it up where it was left.
  if (backgroundOcr) void ocr.kick();
  const jobs = new JobRegistry();
  const call = createDispatcher(
    handlers,
    () => ({ store, dataDir, actor: currentSettings(store.db).userName, now, pool: getPool, ocr, backgroundOcr }),
    jobs,
  );
  // In-process callers may make local-only calls; transports go through `call`, which may not.
  const invoke = (name: CallName, input: unknown, o?: DispatchOptions) => call(name, input, { ...o, trusted: true });
  const transportCall: Dispatcher = (name, input, o) => call(name, input, { ...o, trusted: false });
  return {
    dataDir,
    store,
    call: transportCall,
    invoke: invoke as Core['invoke'],
    receiveUpload: (body, name, modified, declared) => receiveUpload(dataDir, body, name, modified, declared),
    close: () => {
      clearInterval(sweeper);
      void ocr.close();
      void pool?.close();
      store.close();
    },
  };
}
