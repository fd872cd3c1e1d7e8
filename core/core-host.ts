/**
 * The core in a worker thread, for the shells that serve a window (browser
 * mode's HTTP server, the desktop app's main process): better-sqlite3 is
 * synchronous, so an integrity check, a restore's verification or a large
 * import's transaction run there, and the serving thread keeps answering.
 *
 * The handle has the surface the shells used in-process (`call`, `invoke`,
 * `receiveUpload`, `pick`, `pickOutputFolder`, `original`) over the messages of core-protocol.ts;
 * results and errors cross as the same Result/ApiError shapes. What only the
 * host can do (Electron's keychain and utilityProcess) is lent to the worker.
 * A worker that dies fails its pending calls with a clear message and is
 * started again: at once while windows listen for changes (telling them to
 * read everything again), else for the next call.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { PickedFile } from './api.ts';
import type { Core, CoreOptions } from './core.ts';
import { WORKER_STOPPED, type FromWorker, type KeychainReply, type KeychainRequest, type OriginalHead, type ToWorker, type WorkerStart } from './core-protocol.ts';
import type { KeyHolder } from './disclosures/keychain.ts';
import type { Helper } from './documents/helper-process.ts';
import type { OriginalReply } from './documents/originals.ts';
import type { Dispatcher } from './dispatch.ts';
import { AppError } from './errors.ts';
import { everythingEvent, type ChangedEvent, type ProgressEvent } from './contract.ts';
import { StreamTable } from './port-streams.ts';
import { fail } from './result.ts';

/** A worker that stopped is started again at once if it had run a minute; else after 1 s, 2 s, … up to 30 s. */
const REVIVE_RESET_MS = 60_000;
const REVIVE_FIRST_MS = 1000;
const REVIVE_MAX_MS = 30_000;

/** What a shell serving a window uses of the core; an in-process `Core` offers the same. */
export interface CoreHandle {
  readonly dataDir: string;
  readonly call: Dispatcher;
  invoke: Core['invoke'];
  receiveUpload: Core['receiveUpload'];
  pick(paths: readonly string[], via: 'dialog' | 'drop'): Promise<PickedFile[]>;
  pickOutputFolder(folder: string): Promise<PickedFile>;
  original: Core['original'];
  /** Every change committed to the workspace, by anyone (core/live-changes.ts); returns the way to stop listening. */
  onChange: Core['onChange'];
  close(): Promise<void>;
}

/** What browser mode's server and the desktop app's protocol handler use: a worker's handle or an in-process core alike. */
export type ServedCore = Pick<CoreHandle, 'dataDir' | 'call' | 'receiveUpload' | 'original' | 'onChange'>;

/** The in-process core behind the same handle (the command line's one-shot commands, tests). */
export function inProcessHandle(core: Core): CoreHandle {
  return {
    dataDir: core.dataDir,
    call: core.call,
    invoke: core.invoke,
    receiveUpload: core.receiveUpload,
    pick: async (paths, via) => core.pick(paths, via),
    pickOutputFolder: async (folder) => core.pickOutputFolder(folder),
    original: core.original,
    onChange: core.onChange,
    close: async () => core.close(),
  };
}

/** Options that cannot cross a thread (a clock, a migration list) stay with in-process cores. */
export type WorkerCoreOptions = Omit<CoreOptions, 'now' | 'migrations'>;

export interface HostWatch {
  /** Each worker as it starts (benches and tests watch or stop it). */
  onWorker?(worker: Worker): void;
}

/** The worker's script: the sources through tsx, or the bundled file beside the app. */
function workerScript(): string {
  if (import.meta.url.endsWith('.ts')) return fileURLToPath(new URL('./core-worker-boot.mjs', import.meta.url));
  const here = fileURLToPath(new URL('.', import.meta.url));
  const found = [`${here}core-worker.js`, `${here}../core-worker.js`].find((c) => fs.existsSync(c));
  if (!found) throw new AppError('INTERNAL', 'The workspace runner (core-worker.js) is missing from the app; reinstall Sunshine.');
  return found;
}

/** Answers the worker's synchronous keychain questions from the host's holder. */
function lendKeychain(holder: KeyHolder): { start: NonNullable<WorkerStart['keychain']>; transfer: MessagePort; stop(): void } {
  const { port1, port2 } = new MessageChannel();
  const answered = new SharedArrayBuffer(4);
  const flag = new Int32Array(answered);
  const answer = (req: KeychainRequest): string | boolean | null => {
    switch (req.op) {
      case 'available':
        return holder.available();
      case 'load':
        return holder.load();
      case 'remembered':
        return holder.remembered();
      case 'save':
        holder.save(req.passphrase);
        return null;
      case 'forget':
        holder.forget();
        return null;
    }
  };
  port2.on('message', (req: KeychainRequest) => {
    let reply: KeychainReply;
    try {
      reply = { ok: true, value: answer(req) };
    } catch (e) {
      reply = { ok: false, message: (e as Error).message };
    }
    port2.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  port2.unref();
  return { start: { port: port1, answered }, transfer: port1, stop: () => port2.close() };
}

interface Pending {
  settle(m: FromWorker): void;
  stopped(): void;
  emit?: (e: ProgressEvent) => void;
}

interface Live {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  streams: StreamTable;
  helpers: Map<number, Helper>;
  post(m: ToWorker): void;
}

export async function openCoreInWorker(options: WorkerCoreOptions, watch: HostWatch = {}): Promise<CoreHandle> {
  const { keychain, spawnHelper, ...rest } = options;
  let nextId = 1;
  let live: Live | null = null;
  const changeListeners = new Set<(e: ChangedEvent) => void>();
  let closing = false;

  function start(): Live {
    const lent = keychain ? lendKeychain(keychain) : null;
    const data: WorkerStart = { options: { ...rest, proxyKeychain: lent !== null, proxySpawn: spawnHelper !== undefined }, ...(lent ? { keychain: lent.start } : {}) };
    const worker = new Worker(workerScript(), { workerData: data, transferList: lent ? [lent.transfer] : [] });
    watch.onWorker?.(worker);
    const post = (m: ToWorker) => worker.postMessage(m);
    const me: Live = { worker, ready: Promise.resolve(), pending: new Map(), streams: new StreamTable(post), helpers: new Map(), post };
    let opened: { resolve(): void; reject(e: AppError): void } | null = null;
    let up = false;
    const startedAt = Date.now();
    me.ready = new Promise<void>((resolve, reject) => (opened = { resolve, reject }));

    worker.on('message', (m: FromWorker) => {
      if (me.streams.route(m)) return;
      switch (m.type) {
        case 'ready':
          up = true;
          opened?.resolve();
          return;
        case 'openFailed':
          opened?.reject(new AppError(m.error.code, m.error.message));
          return;
        case 'event':
          me.pending.get(m.id)?.emit?.(m.event);
          return;
        case 'changed':
          for (const l of changeListeners) l(m.event);
          return;
        case 'spawn': {
          const helper = spawnHelper!(m.script, m.memoryMb, {
            message: (reply) => post({ type: 'helperMessage', helper: m.helper, reply }),
            exit: (how) => {
              me.helpers.delete(m.helper);
              if (live === me) post({ type: 'helperExit', helper: m.helper, how });
            },
          });
          me.helpers.set(m.helper, helper);
          post({ type: 'helperStarted', helper: m.helper, pid: helper.pid });
          return;
        }
        case 'helperSend':
          me.helpers.get(m.helper)?.send(m.job);
          return;
        case 'helperKill':
          me.helpers.get(m.helper)?.kill();
          return;
        case 'closed':
          // Its core is closed; nothing it still holds (a timer, a helper's pipe) may keep it running.
          void worker.terminate();
          return;
        default: {
          const p = me.pending.get(m.id);
          me.pending.delete(m.id);
          p?.settle(m);
        }
      }
    });
    let gone = false;
    const ended = (why: string) => {
      // 'error' is followed by 'exit': one ending.
      if (gone) return;
      gone = true;
      if (live === me) live = null;
      lent?.stop();
      opened?.reject(new AppError('INTERNAL', `The workspace could not be opened: ${why}.`));
      for (const p of me.pending.values()) p.stopped();
      me.pending.clear();
      me.streams.stopAll(WORKER_STOPPED);
      for (const h of me.helpers.values()) h.kill();
      me.helpers.clear();
      // A worker that could not open has said why (openFailed); one closed on purpose is no news.
      if (up && !closing) {
        console.error(`[sunshine] the workspace's worker stopped (${why}); it is opened again.`);
        reviveSoon(startedAt);
      }
    };
    worker.on('error', (e) => ended(e.message));
    worker.on('exit', (code) => ended(`exit code ${code}`));
    return me;
  }

  let reviveDelay = 0;
  /**
   * A worker that stopped while windows listen for changes: they would hear none until the next call
   * started another, and what was committed meanwhile went untold. Start one now and tell them to read
   * everything again. A worker that keeps dying soon after starting is started less and less often.
   */
  function reviveSoon(startedAt: number): void {
    if (changeListeners.size === 0) return;
    reviveDelay = Date.now() - startedAt > REVIVE_RESET_MS ? 0 : Math.min(REVIVE_MAX_MS, Math.max(REVIVE_FIRST_MS, reviveDelay * 2));
    setTimeout(() => {
      if (closing || changeListeners.size === 0) return;
      // A call may have started one meanwhile: the windows missed changes all the same.
      const w = (live ??= start());
      w.ready.then(
        () => {
          if (live === w) for (const l of changeListeners) l(everythingEvent(0));
        },
        // It could not open: said by the next call, which starts another.
        () => undefined,
      );
    }, reviveDelay).unref();
  }

  /** The running worker, started again if the last one stopped. */
  async function worker(): Promise<Live> {
    if (closing) throw new AppError('CONFLICT', 'The workspace is closing.');
    const w = (live ??= start());
    await w.ready;
    return w;
  }

  /** Sends one request and waits for its answer; `stopped` is what it gets if the worker dies first. */
  async function request<T>(make: (id: number) => ToWorker, settle: (m: FromWorker) => T, emit?: (e: ProgressEvent) => void): Promise<T> {
    const w = await worker();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      w.pending.set(id, {
        settle: (m) => {
          try {
            resolve(settle(m));
          } catch (e) {
            reject(e as Error);
          }
        },
        stopped: () => reject(new AppError('INTERNAL', WORKER_STOPPED)),
        ...(emit ? { emit } : {}),
      });
      w.post(make(id));
    });
  }

  const refusal = (m: FromWorker) => (m.type === 'refused' ? new AppError(m.error.code, m.error.message) : new AppError('INTERNAL', `Unexpected answer from the workspace (${m.type}).`));

  const callVia =
    (trusted: boolean): Dispatcher =>
    async (name, input, opts = {}) => {
      try {
        return await request(
          (id) => ({ type: 'call', id, name, input, trusted, ...(opts.jobId === undefined ? {} : { jobId: opts.jobId }) }),
          (m) => {
            if (m.type !== 'result') throw refusal(m);
            return m.result;
          },
          opts.emit,
        );
      } catch (e) {
        if (e instanceof AppError) return fail(e.toJSON());
        throw e;
      }
    };

  function originalFrom(w: Live, id: number, head: OriginalHead): OriginalReply {
    return {
      status: head.status,
      headers: head.headers,
      body: head.hasBody
        ? () => {
            const stream = nextId++;
            const readable = w.streams.receive(stream);
            w.post({ type: 'originalBody', id, stream });
            return readable;
          }
        : null,
    };
  }

  live = start();
  await live.ready;

  return {
    dataDir: options.dataDir,
    call: callVia(false),
    invoke: callVia(true) as Core['invoke'],
    pick: (paths, via) =>
      request(
        (id) => ({ type: 'pick', id, paths: [...paths], via }),
        (m) => {
          if (m.type !== 'picked') throw refusal(m);
          return m.value;
        },
      ),
    pickOutputFolder: (folder) =>
      request(
        (id) => ({ type: 'pickOutputFolder', id, folder }),
        (m) => {
          if (m.type !== 'picked' || m.value.length !== 1) throw refusal(m);
          return m.value[0]!;
        },
      ),
    original: async (rawId, range) => {
      const w = await worker();
      return request(
        (id) => ({ type: 'original', id, rawId, range: range ?? null }),
        (m) => {
          if (m.type !== 'originalHead') throw refusal(m);
          return originalFrom(w, m.id, m.head);
        },
      );
    },
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => void changeListeners.delete(listener);
    },
    receiveUpload: async (body: Readable, name, modified, declared) => {
      const w = await worker();
      const stream = nextId++;
      const sent = request(
        (id) => ({ type: 'upload', id, stream, name, modified, declared }),
        (m) => {
          if (m.type !== 'uploaded') throw refusal(m);
          return m.uploadId;
        },
      );
      // A refusal mid-file cancels the sending; the answer says why.
      const sending = w.streams.send(stream, body);
      const [answer] = await Promise.allSettled([sent, sending]);
      if (answer.status === 'rejected') throw answer.reason;
      return answer.value;
    },
    close: async () => {
      closing = true;
      const w = live;
      if (!w) return;
      const exited = new Promise<void>((resolve) => w.worker.once('exit', () => resolve()));
      w.post({ type: 'close' });
      await exited;
    },
  };
}
