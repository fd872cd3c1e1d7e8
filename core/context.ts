import type { Role } from './shared/roles.ts';
import type { CallName, ParsedInputOf, ResultOf } from './api.ts';
import type { Progress } from './contract.ts';
import type { JobRegistry } from './jobs.ts';
import type { WorkspaceStore } from '../db/store.ts';
import type { ExtractPool } from './documents/extract-pool.ts';
import type { OcrRunner } from './documents/ocr.ts';
import type { PiiRunner } from './pii/runner.ts';
import type { BackupReport, ForgottenProductions, ScheduledRun } from './api.ts';
import type { BackupManifest } from './backups.ts';
import type { KeyHolder } from './disclosures/keychain.ts';
import type { WindowImports } from './documents/import-roots.ts';
import type { PickedPaths } from './documents/picked-paths.ts';

/** Backups as the running shell offers them. */
export interface BackupHost {
  /** Whether this shell makes scheduled backups (the desktop app and browser mode do; the CLI does not). */
  scheduled: boolean;
  lastScheduled(): ScheduledRun | null;
  make(out: string, keep: number): Promise<BackupReport>;
  /**
   * Replace the database with a backup's while running: closed, swapped (the old one kept), opened again.
   * `pick` finds the backup's folder once the restore is under way, so no call slips in while it looks.
   */
  restore(pick: () => Promise<string>, actor: string): Promise<{ folder: string; manifest: BackupManifest; previous: string | null; forgotten: ForgottenProductions }>;
}

/** What a handler gets besides its validated input. */
export interface CallContext {
  store: WorkspaceStore;
  dataDir: string;
  /**
   * Who is acting: written into every audit row this call appends. In a team workspace, the
   * database login (`session_user`); in a data folder, the display name from Settings.
   */
  actor: string;
  /** The database login in a team workspace; null in a data folder. */
  login: string | null;
  /** The caller's role: read from the team's members in a team workspace (null: not a member); 'admin' in a data folder. */
  role(): Promise<Role | null>;
  /** The clock (tests fix it); "today" for deadlines is its local calendar day. */
  now(): Date;
  /** Workers that read untrusted files (started on first use). */
  pool(): ExtractPool;
  ocr: OcrRunner;
  /** The background PII scan (core/pii/runner.ts); nudged when pages arrive or change, in the shells that run OCR in the background. */
  pii: PiiRunner;
  /** Whether this shell lets OCR run in the background (the desktop app and browser mode do; the CLI does not). */
  backgroundOcr: boolean;
  backups: BackupHost;
  /** The OS keychain that may remember the passphrase for protected sources (the desktop app's); a stand-in elsewhere. */
  keychain: KeyHolder;
  /** What a window may import from (browser mode's import folders, the desktop app's picked tokens). */
  imports: WindowImports;
  /** Folders the desktop app's dialog chose to write productions into, under the tokens a window sends as `folderPick`. */
  outputFolders: PickedPaths;
  jobs: JobRegistry;
  /** Aborted when the job is cancelled; plain calls get a signal that never fires. */
  signal: AbortSignal;
  progress(p: Progress): void;
  /** The caller is Sunshine's own process (CLI, desktop main), not a window over IPC or HTTP. */
  trusted: boolean;
}

export type Handler<K extends CallName> = (
  input: ParsedInputOf<K>,
  ctx: CallContext,
) => ResultOf<K> | Promise<ResultOf<K>>;

export type Handlers = { [K in CallName]: Handler<K> };

/** One domain's handlers; joined into the full `Handlers` map in handlers/index.ts. */
export function defineHandlers<K extends CallName>(h: { [P in K]: Handler<P> }): { [P in K]: Handler<P> } {
  return h;
}
