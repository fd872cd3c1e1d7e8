/**
 * The renderer's typed client, derived from the contract's types (types only:
 * the renderer never loads core code). Failed calls throw `CallError`.
 */
import type { ApiError, CallName, ChangedEvent, InputOf, PickedFile, Progress, Result, ResultOf } from '../../../core/api.ts';
import type { LauncherStatus, PlaceChoice } from '../../../core/shared/launcher.ts';
import { apiHeaders, bridge } from './bridge.ts';

export class CallError extends Error {
  readonly code: ApiError['code'];
  constructor(e: ApiError) {
    super(e.message);
    this.code = e.code;
  }
}

export interface CallOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting cancels the job in the core (jobs.cancel). */
  signal?: AbortSignal;
}

export async function call<K extends CallName>(name: K, input: InputOf<K>, opts: CallOptions = {}): Promise<ResultOf<K>> {
  let unsubscribe = () => {};
  let onAbort = () => {};
  let jobId: string | undefined;
  if (opts.onProgress || opts.signal) {
    jobId = crypto.randomUUID();
    const id = jobId;
    unsubscribe = bridge.onEvent((e) => {
      if (e.kind === 'progress' && e.jobId === id) opts.onProgress?.(e.progress);
    });
    onAbort = () => void bridge.invoke('jobs.cancel', { jobId: id });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  }
  try {
    const r = await bridge.invoke(name, input, jobId ? { jobId } : undefined);
    if (!r.ok) throw new CallError(r.error);
    return r.value as ResultOf<K>;
  } finally {
    unsubscribe();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

export const openExternal = (url: string) => bridge.openExternal(url);

/** The desktop file dialog, when there is one (not in browser mode): what was picked, as tokens for `documents.import`. */
export const choosePaths = bridge.choosePaths
  ? async (what: 'files' | 'folder'): Promise<PickedFile[]> => {
      const r = await bridge.choosePaths!(what);
      if (!r.ok) throw new CallError(r.error);
      return r.value;
    }
  : undefined;

/** Desktop: files and folders dropped on the window, as tokens (the page never learns their paths). */
export const pickDropped = bridge.pickDropped
  ? async (files: File[]): Promise<PickedFile[]> => {
      const r = await bridge.pickDropped!(files);
      if (!r.ok) throw new CallError(r.error);
      return r.value;
    }
  : undefined;

/** Desktop: open a read-only copy of the original in the system's app. */
export const openOriginal = bridge.openOriginal
  ? async (id: number) => {
      const r = await bridge.openOriginal!(id);
      if (!r.ok) throw new CallError(r.error);
    }
  : undefined;

/** Browser mode: send one file's bytes; returns the id `documents.import` takes in `uploads`. */
export async function upload(file: Blob, name: string, modified: number): Promise<string> {
  if (!bridge.upload) throw new CallError({ code: 'BAD_INPUT', message: 'Files are sent this way only in browser mode.' });
  const r = await bridge.upload(file, name, modified);
  if (!r.ok) throw new CallError(r.error);
  return r.value.id;
}

export const canUpload = Boolean(bridge.upload);

/** Desktop: pick the backup folder in the system's dialog; null when cancelled. */
export const chooseBackupFolder = bridge.chooseBackupFolder
  ? async () => {
      const r = await bridge.chooseBackupFolder!();
      if (r && !r.ok) throw new CallError(r.error);
      return r ? r.value : null;
    }
  : undefined;

/** Desktop: the folder to write a production into, chosen in the system's dialog: a token for `folderPick` and its name; null when cancelled. */
export const chooseProductionFolder = bridge.chooseProductionFolder
  ? async (): Promise<PickedFile | null> => {
      const r = await bridge.chooseProductionFolder!();
      if (!r.ok) throw new CallError(r.error);
      return r.value;
    }
  : undefined;

export interface OriginalBytes {
  bytes: ArrayBuffer;
  /** The name to save it under (from Content-Disposition). */
  name: string;
  mime: string;
}

/** The file name of `attachment; filename="…"; filename*=UTF-8''…`, preferring the exact UTF-8 one. */
function fileNameOf(disposition: string | null): string | null {
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (exact) {
    try {
      return decodeURIComponent(exact[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] ?? null;
}

/**
 * A document's original as bytes, streamed from /api/original/<id> (browser
 * mode's server, or the desktop app's own app:// scheme) — never base64 in JSON.
 */
export async function fetchOriginal(id: number, signal?: AbortSignal): Promise<OriginalBytes> {
  let res: Response;
  try {
    res = await fetch(`/api/original/${id}`, { headers: apiHeaders(), cache: 'no-store', ...(signal ? { signal } : {}) });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new CallError({ code: 'INTERNAL', message: 'The original could not be fetched: Sunshine is not reachable.' });
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Result<unknown> | null;
    throw new CallError(body && !body.ok ? body.error : { code: 'INTERNAL', message: `The original could not be fetched (HTTP ${res.status}).` });
  }
  return { bytes: await res.arrayBuffer(), name: fileNameOf(res.headers.get('content-disposition')) ?? `document-${id}`, mime: res.headers.get('content-type') ?? 'application/octet-stream' };
}

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new CallError(r.error);
  return r.value;
};

/**
 * The start screen's way to the shell. Null where there is none (a server started on one
 * workspace by an older shell): the app is then open from the start.
 */
export const launcher = bridge.launcher
  ? {
      status: async (): Promise<LauncherStatus | null> => {
        const r = await bridge.launcher!.status();
        return !r.ok && r.error.code === 'NOT_FOUND' ? null : value(r);
      },
      open: async (choice: PlaceChoice) => void value(await bridge.launcher!.open(choice)),
      switchWorkspace: async () => void value(await bridge.launcher!.switchWorkspace()),
      /** Desktop: the system's folder dialog; null when cancelled. */
      chooseFolder: bridge.launcher.chooseFolder ? async () => value(await bridge.launcher!.chooseFolder!()) : undefined,
    }
  : null;

/** Every change committed to the workspace, by anyone (another staffer, a `sunshine` command, another window); returns the way to stop listening. */
export const onChange = (listener: (e: ChangedEvent) => void): (() => void) =>
  bridge.onEvent((e) => {
    if (e.kind === 'changed') listener(e);
  });
