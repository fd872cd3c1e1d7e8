/**
 * The worker thread that runs the core (see core-host.ts): the real
 * `openCore`, driven by the host's messages. SQLite's synchronous work (an
 * integrity check, a restore's verification, a large import's transaction)
 * stops this thread, never the one serving the window.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { openCore, type Core } from './core.ts';
import type { ProgressEvent } from './contract.ts';
import type { FromWorker, KeychainReply, KeychainRequest, ToWorker, WorkerStart } from './core-protocol.ts';
import type { KeyHolder } from './disclosures/keychain.ts';
import type { Helper, HelperEvents, SpawnHelper } from './documents/helper-process.ts';
import { AppError, isAppError } from './errors.ts';
import { toApiError } from './dispatch.ts';
import { StreamTable } from './port-streams.ts';
import type { OriginalReply } from './documents/originals.ts';

const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const streams = new StreamTable(post);

/** How long the keychain may take to answer (it may ask the user to unlock it). */
const KEYCHAIN_WAIT_MS = 120_000;

/** The OS keychain lives in the host (Electron's safeStorage): asked synchronously, as the core's KeyHolder is. */
function keychainProxy(kc: NonNullable<WorkerStart['keychain']>): KeyHolder {
  const flag = new Int32Array(kc.answered);
  const ask = (req: KeychainRequest): string | boolean | null => {
    Atomics.store(flag, 0, 0);
    kc.port.postMessage(req);
    Atomics.wait(flag, 0, 0, KEYCHAIN_WAIT_MS);
    const got = receiveMessageOnPort(kc.port as MessagePort);
    if (!got) throw new AppError('INTERNAL', 'The system keychain did not answer; try again.');
    const reply = got.message as KeychainReply;
    // As the holder's own error would be in-process: the dispatcher logs it and answers without its details.
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };
  return {
    available: () => ask({ op: 'available' }) === true,
    load: () => {
      const v = ask({ op: 'load' });
      return typeof v === 'string' ? v : null;
    },
    remembered: () => ask({ op: 'remembered' }) === true,
    save: (passphrase) => void ask({ op: 'save', passphrase }),
    forget: () => void ask({ op: 'forget' }),
  };
}

/** Helper processes started by the host (Electron's utilityProcess), spoken to through it. */
const helpers = new Map<number, { on: HelperEvents; pid: number | undefined }>();
let nextHelper = 1;
const spawnProxy: SpawnHelper = (script, memoryMb, on): Helper => {
  const helper = nextHelper++;
  const entry = { on, pid: undefined as number | undefined };
  helpers.set(helper, entry);
  post({ type: 'spawn', helper, script, memoryMb });
  return {
    get pid() {
      return entry.pid;
    },
    send: (job) => post({ type: 'helperSend', helper, job }),
    kill: () => post({ type: 'helperKill', helper }),
  };
};

/** Originals answered but whose bytes are not asked for yet (a HEAD never asks): the newest few are kept. */
const bodies = new Map<number, NonNullable<OriginalReply['body']>>();
const MAX_BODIES = 64;

const refused = (id: number, e: unknown): FromWorker => ({ type: 'refused', id, error: isAppError(e) ? e.toJSON() : toApiError(e) });

function serve(core: Core, m: ToWorker): void {
  switch (m.type) {
    case 'call': {
      const emit = (event: ProgressEvent) => post({ type: 'event', id: m.id, event });
      const opts = { emit, ...(m.jobId === undefined ? {} : { jobId: m.jobId }) };
      const run = m.trusted ? (core.invoke as Core['call'])(m.name, m.input, opts) : core.call(m.name, m.input, opts);
      void run.then((result) => post({ type: 'result', id: m.id, result }));
      return;
    }
    case 'pick':
    case 'pickOutputFolder':
      try {
        post({ type: 'picked', id: m.id, value: m.type === 'pick' ? core.pick(m.paths, m.via) : [core.pickOutputFolder(m.folder)] });
      } catch (e) {
        post(refused(m.id, e));
      }
      return;
    case 'original':
      core.original(m.rawId, m.range).then(
        (reply) => {
          if (reply.body) {
            bodies.set(m.id, reply.body);
            if (bodies.size > MAX_BODIES) bodies.delete(bodies.keys().next().value!);
          }
          post({ type: 'originalHead', id: m.id, head: { status: reply.status, headers: reply.headers, hasBody: reply.body !== null } });
        },
        (e: unknown) => post(refused(m.id, e)),
      );
      return;
    case 'originalBody': {
      const body = bodies.get(m.id);
      bodies.delete(m.id);
      if (!body) return post({ type: 'abort', stream: m.stream, message: 'This original was not asked for.' });
      streams.send(m.stream, body()).catch(() => {});
      return;
    }
    case 'upload': {
      const body = streams.receive(m.stream);
      core
        .receiveUpload(body, m.name, m.modified, m.declared)
        .then(
          (uploadId) => post({ type: 'uploaded', id: m.id, uploadId }),
          (e: unknown) => post(refused(m.id, e)),
        )
        // Refused before its end: the host stops sending the rest.
        .finally(() => body.destroy());
      return;
    }
    case 'helperStarted': {
      const h = helpers.get(m.helper);
      if (h) h.pid = m.pid;
      return;
    }
    case 'helperMessage':
      helpers.get(m.helper)?.on.message(m.reply);
      return;
    case 'helperExit': {
      const h = helpers.get(m.helper);
      helpers.delete(m.helper);
      h?.on.exit(m.how);
      return;
    }
    case 'close':
      core.close();
      post({ type: 'closed' });
      port.close();
      return;
    default:
      streams.route(m);
  }
}

async function start(): Promise<void> {
  const { options, keychain } = workerData as WorkerStart;
  const { proxyKeychain, proxySpawn, ...coreOptions } = options;
  let core: Core;
  try {
    core = openCore({
      ...coreOptions,
      ...(proxyKeychain && keychain ? { keychain: keychainProxy(keychain) } : {}),
      ...(proxySpawn ? { spawnHelper: spawnProxy } : {}),
    });
    // A team workspace's server is reached before the shell is told the core is ready.
    await core.ready;
  } catch (e) {
    post({ type: 'openFailed', error: isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: (e as Error).message } });
    port.close();
    return;
  }
  port.on('message', (m: ToWorker) => serve(core, m));
  // A core in a worker serves windows: each change committed to the workspace goes to the host, which tells them all.
  core.onChange((event) => post({ type: 'changed', event }));
  post({ type: 'ready' });
}

void start();
