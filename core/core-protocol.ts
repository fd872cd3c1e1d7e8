/**
 * The messages between a shell's thread and the worker thread that runs the
 * core (core-host.ts ↔ core-worker.ts). One list, typed both ways, so the two
 * sides cannot drift apart; nothing here is a function or a class instance,
 * only what structured cloning carries.
 */
import type { PickedFile } from './api.ts';
import type { ChangedEvent, ProgressEvent } from './contract.ts';
import type { CoreOptions } from './core.ts';
import type { HelperExit } from './documents/helper-process.ts';
import type { ApiError } from './errors.ts';
import type { Result } from './result.ts';
import type { MessagePort } from 'node:worker_threads';

/** What the worker opens the core with: the options that cross a thread, and which Electron-only parts the host lends it. */
export interface WorkerOpenOptions extends Omit<CoreOptions, 'keychain' | 'spawnHelper' | 'now' | 'migrations'> {
  /** The host holds the OS keychain; the worker asks it through `keychainPort`. */
  proxyKeychain: boolean;
  /** The host starts helper processes (Electron's utilityProcess); the worker asks it with `spawn`. */
  proxySpawn: boolean;
}

/** A byte stream over the port, either way: at most a few chunks unacknowledged, so neither side buffers a whole file. */
export type StreamMessage =
  | { type: 'chunk'; stream: number; data: Uint8Array }
  | { type: 'end'; stream: number }
  | { type: 'abort'; stream: number; message: string }
  /** The receiver took one chunk: one more may be sent. */
  | { type: 'ack'; stream: number }
  /** The receiver wants no more (its reader went away). */
  | { type: 'cancel'; stream: number };

export type ToWorker =
  | { type: 'call'; id: number; name: unknown; input: unknown; jobId?: string; trusted: boolean }
  | { type: 'pick'; id: number; paths: string[]; via: 'dialog' | 'drop' }
  | { type: 'pickOutputFolder'; id: number; folder: string }
  | { type: 'original'; id: number; rawId: string; range: string | null }
  /** Send the bytes of the original answered to call `id` as `stream`. */
  | { type: 'originalBody'; id: number; stream: number }
  | { type: 'upload'; id: number; stream: number; name: string; modified: number | null; declared: number | null }
  | { type: 'helperStarted'; helper: number; pid: number | undefined }
  | { type: 'helperMessage'; helper: number; reply: unknown }
  | { type: 'helperExit'; helper: number; how: HelperExit }
  | { type: 'close' }
  | StreamMessage;

/** The head of a document's original; its bytes follow on request (`originalBody`). */
export interface OriginalHead {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  hasBody: boolean;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'openFailed'; error: ApiError }
  | { type: 'result'; id: number; result: Result<unknown> }
  /** The answer to `pick`, and to `pickOutputFolder` (its one folder). */
  | { type: 'picked'; id: number; value: PickedFile[] }
  | { type: 'originalHead'; id: number; head: OriginalHead }
  | { type: 'uploaded'; id: number; uploadId: string }
  /** `pick`, `pickOutputFolder`, `original` or `upload` refused (an AppError, as thrown in-process). */
  | { type: 'refused'; id: number; error: ApiError }
  | { type: 'event'; id: number; event: ProgressEvent }
  /** A change committed to the workspace (core/live-changes.ts): for every window, not one call. */
  | { type: 'changed'; event: ChangedEvent }
  | { type: 'spawn'; helper: number; script: string; memoryMb: number }
  | { type: 'helperSend'; helper: number; job: unknown }
  | { type: 'helperKill'; helper: number }
  | { type: 'closed' }
  | StreamMessage;

/** The keychain is asked synchronously (the core's KeyHolder is synchronous): one request, one reply, on a port of its own. */
export type KeychainRequest = { op: 'available' | 'load' | 'remembered' | 'forget' } | { op: 'save'; passphrase: string };
export type KeychainReply = { ok: true; value: string | boolean | null } | { ok: false; message: string };

/** What the worker thread is started with (its workerData). */
export interface WorkerStart {
  options: WorkerOpenOptions;
  /** Present when `options.proxyKeychain`: the port to ask on and the flag the host raises when it has answered. */
  keychain?: { port: MessagePort; answered: SharedArrayBuffer };
}

/** What a pending call is told when the worker stops under it. */
export const WORKER_STOPPED = 'The workspace stopped unexpectedly while this was being done; Sunshine opens it again for the next step. Check whether this change was saved, then try again.';
