/**
 * The API contract: every call the UI, the CLI and the tests can make, with its
 * input schema and result type. Dispatchers (IPC, HTTP, in-process), the preload
 * bridge and the renderer's typed client are all derived from this one table.
 *
 * This module must stay free of Node imports: the renderer imports its types.
 */
import { z } from 'zod';
import { call } from './contract.ts';
import type { Result } from './result.ts';
import type { CoreEvent } from './contract.ts';

export type { Progress, CoreEvent } from './contract.ts';
export type { Result } from './result.ts';
export type { ApiError, ErrorCode } from './errors.ts';

// ---- shared value types -------------------------------------------------------

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  /** Name written as the actor of every change in the audit log. */
  userName: string;
  /** Office or committee the workspace belongs to; shown in the title bar. */
  officeName: string;
  theme: Theme;
}

export interface AppStatus {
  version: string;
  dataDir: string;
  dbPath: string;
  schemaVersion: number;
  latestSchemaVersion: number;
  actor: string;
  /** Rows per kind of record; grows as kinds are added. */
  counts: { auditEntries: number };
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface VerifyProblem {
  /** What failed: the SQLite integrity check, or the audit chain. */
  check: 'sqlite' | 'audit';
  /** The audit row concerned, when there is one. */
  seq?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  sqliteIntegrity: 'ok' | 'failed';
  auditEntriesChecked: number;
  /** The chain's last row and hash: note it outside the database to detect a rewrite later. */
  chainHead: { seq: number; hash: string } | null;
  problems: VerifyProblem[];
}

// ---- input schemas ------------------------------------------------------------

const settingsPatch = z
  .object({
    userName: z.string().trim().min(1, 'Your name cannot be empty.').max(200),
    officeName: z.string().trim().max(200),
    theme: z.enum(THEMES),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'Give at least one setting to change.');

const empty = z.object({}).strict();

// ---- the table ----------------------------------------------------------------

export const api = {
  'app.status': call<AppStatus>()(empty, {
    summary: 'Data folder, schema version and counts.',
  }),
  'app.verify': call<VerifyReport>()(empty, {
    summary: 'SQLite integrity check and audit-chain verification.',
    job: true,
  }),
  'settings.get': call<Settings>()(empty, { summary: 'Current settings.' }),
  'settings.update': call<Settings>()(settingsPatch, {
    summary: 'Change one or more settings.',
    mutates: true,
  }),
  'audit.list': call<{ entries: AuditEntry[]; total: number }>()(
    z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        beforeSeq: z.number().int().positive().optional(),
        entity: z.string().max(100).optional(),
        entityId: z.string().max(200).optional(),
      })
      .strict(),
    { summary: 'Audit log entries, newest first.' },
  ),
  'jobs.cancel': call<{ cancelled: boolean }>()(
    z.object({ jobId: z.string().min(1).max(100) }).strict(),
    { summary: 'Cancel a running job.' },
  ),
} as const;

// ---- derived types ------------------------------------------------------------

export type Api = typeof api;
export type CallName = keyof Api;
export type InputOf<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInputOf<K extends CallName> = z.output<Api[K]['input']>;
export type ResultOf<K extends CallName> = NonNullable<Api[K]['result']>;

/** Optional third argument of a call: a job id to follow its progress. */
export interface InvokeOptions {
  jobId?: string;
}

/**
 * What the preload script exposes as `window.sunshine` and what the HTTP
 * transport implements in browser mode. Every call goes through `invoke`.
 */
export interface Bridge {
  invoke(name: string, input: unknown, options?: InvokeOptions): Promise<Result<unknown>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  openExternal(url: string): Promise<Result<null>>;
}
