/**
 * Building blocks of the API contract. Kept apart from the table itself (api.ts)
 * so the table reads as a plain list of calls.
 */
import type { z } from 'zod';
import type { Role } from './shared/roles.ts';

export interface CallMeta {
  /** One line for people reading `--help` or the README. */
  summary: string;
  /** Long jobs get a job id, stream progress events and can be cancelled. */
  job?: boolean;
  /** Whether the call changes stored data (every such call is audited). */
  mutates?: boolean;
  /**
   * Only for callers in Sunshine's own process (the CLI, the desktop main
   * process), never from a window over IPC or HTTP: e.g. writing into a folder
   * the caller names.
   */
  localOnly?: boolean;
  /**
   * The least role (core/shared/roles.ts) a member of a team workspace needs to make the call; a
   * call beyond one's role is refused FORBIDDEN and the refusal audited. Unset: a viewer for a
   * call that only reads, counsel for one that changes data.
   */
  role?: Role;
}

export interface CallDef<I extends z.ZodType, R> extends CallMeta {
  input: I;
  /** Phantom field: carries the result type only; never set at run time. */
  readonly result?: R;
}

/**
 * `call<Result>()(inputSchema, meta)`: the result type is named explicitly,
 * the input type is inferred from its schema.
 */
export function call<R>() {
  return <I extends z.ZodType>(input: I, meta: CallMeta): CallDef<I, R> => ({ input, ...meta });
}

/** Progress of a long job, streamed as events while the call runs. */
export interface Progress {
  done: number;
  total: number | null;
  message?: string;
}

/**
 * Someone (another staffer, a `sunshine` command, this app's other window) committed a change:
 * every open window hears it and reloads what shows one of `entities` (audit entity kinds:
 * 'request', 'document', 'documents' for a bulk change, 'disclosure', 'tag', …).
 */
export interface ChangedEvent {
  kind: 'changed';
  entities: string[];
  /** Which records, when the change was small enough to name them (a disclosure's reference is never named). */
  ids?: { entity: string; id: string }[];
  /** Who changed it (the database login in a team workspace); '' when unknown. */
  actor: string;
  /** The last audit seq the change appended. */
  seq: number;
  /** Changes may have been missed (the database connection was lost and is back): reload everything shown. */
  everything?: true;
}

/** Changes may have been missed (a lost connection, a restarted worker): every window reads again all it shows. */
export const everythingEvent = (seq: number): ChangedEvent => ({ kind: 'changed', entities: [], actor: '', seq, everything: true });

/** An event pushed from the core to a shell: a job's progress (tagged with its job), or a change every window hears. */
export type CoreEvent = ProgressEvent | ChangedEvent;

/** A job's progress: sent only to the caller that started it (a call's `emit`). */
export interface ProgressEvent {
  kind: 'progress';
  jobId: string;
  progress: Progress;
}
