/**
 * `openCore`: the app without a shell. Opens the data folder, the database and
 * the dispatcher; each shell (Electron, HTTP, CLI) wraps one of these.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeSetting } from '../db/settings.ts';
import type { Store, StoreOptions, WorkspaceStore } from '../db/store.ts';
import { StoreError } from '../db/errors.ts';
import { openPgStore, type PgStore } from '../db/pg/store.ts';
import { sqliteStore } from './sqlite-only.ts';
import { isRole, type Role } from './shared/roles.ts';
import { openWorkspaceStore } from './store-open.ts';
import { chmodAdvice, dbPathIn, filesDirIn } from './datadir.ts';
import { createPrivateFile, mkdirPrivate, othersBits } from './private-files.ts';
import { api, type CallName, type InputOf, type ResultOf } from './api.ts';
import type { ChangedEvent } from './contract.ts';
import { LiveChanges } from './live-changes.ts';
import { createDispatcher, type Dispatcher, type DispatchOptions } from './dispatch.ts';
import type { Result } from './result.ts';
import { handlers } from './handlers/index.ts';
import { currentSettings, currentSettingsSync, keepSettings, settingsToKeep } from './handlers/settings.ts';
import { JobRegistry } from './jobs.ts';
import { ExtractPool } from './documents/extract-pool.ts';
import type { SpawnHelper } from './documents/helper-process.ts';
import { clearStaging } from './documents/vault.ts';
import { sweepInterruptedProductions } from './productions/produce.ts';
import { receiveUpload, sweepUploads } from './documents/uploads.ts';
import type { Readable } from 'node:stream';
import { originalReply, type OriginalReply } from './documents/originals.ts';
import { OcrRunner } from './documents/ocr.ts';
import { PiiRunner } from './pii/runner.ts';
import { BackupScheduler } from './backup-schedule.ts';
import { restoreIntoTeam } from './restore-team.ts';
import { workspaceOf, backup, clearUnfinishedRestore, prepareRestore, swapBack, swapIn, type BackupManifest } from './backups.ts';
import type { Forgotten } from './bates-ledger.ts';
import { describeMarks, holdDataDir, markInUse, markRestoring, othersUsing, restoreUnderWay } from './instance-lock.ts';
import { AppError } from './errors.ts';
import { noKeyHolder, type KeyHolder } from './disclosures/keychain.ts';
import { importRoots, judgePicked, type WindowImports } from './documents/import-roots.ts';
import { PickedPaths } from './documents/picked-paths.ts';
import { judgeOutputFolder, outputFolderPicks } from './productions/output-folders.ts';
import type { PickedFile } from './api.ts';

export interface Core {
  readonly dataDir: string;
  /** The open database on either engine (a new one after a restore from inside the app). */
  readonly workspace: WorkspaceStore;
  /** The SQLite database of a data folder, for what only SQLite has; throws for a team workspace on PostgreSQL. */
  readonly store: Store;
  /**
   * Settles once the database is open: at once for a data folder; a team workspace's server is
   * reached in the background, and calls made meanwhile wait for it. Rejects, with the reason in
   * plain words, when it cannot be opened.
   */
  readonly ready: Promise<void>;
  /** Untyped entry for transports: name and input straight off the wire. */
  readonly call: Dispatcher;
  /** Typed entry for in-process callers (CLI, tests, benches). */
  invoke<K extends CallName>(name: K, input: InputOf<K>, opts?: DispatchOptions): Promise<Result<ResultOf<K>>>;
  /**
   * Take a file streamed by a browser (browser mode's drag and drop); its id
   * goes to `documents.import` as `uploads`. Throws an AppError when refused.
   */
  receiveUpload(body: Readable, name: string, modified: number | null, declaredBytes: number | null): Promise<string>;
  /**
   * The desktop app's main process: files and folders its dialog picked or a
   * drop on the window named, as single-use tokens a window sends to
   * `documents.import`. Throws an AppError (nothing handed out) when one may not be imported.
   */
  pick(paths: readonly string[], via: 'dialog' | 'drop'): PickedFile[];
  /**
   * The desktop app's main process: the folder its dialog chose to write a
   * production into, as a single-use token a window sends to `productions.create`
   * as `folderPick`. Throws an AppError (nothing handed out) when it may not be written into.
   */
  pickOutputFolder(folder: string): PickedFile;
  /**
   * A document's original as bytes, for GET /api/original/<id> in either shell
   * (`rawId` straight from the URL). Throws an AppError when refused.
   */
  original(rawId: string, range: string | null | undefined): Promise<OriginalReply>;
  /**
   * Hear every change committed to the workspace, by anyone (core/live-changes.ts): the shells
   * that serve windows pass these to every window. Watching starts with the first listener and
   * stops with the last; returns the way to stop listening.
   */
  onChange(listener: (e: ChangedEvent) => void): () => void;
  close(): void;
}

export interface CoreOptions extends StoreOptions {
  /** The data folder; for a team workspace (`database`), the team folder that keeps its stored files. */
  dataDir: string;
  /**
   * A team workspace: the PostgreSQL database's address (never with a password in it), or how to
   * get it when the core opens (the test suite makes a fresh database for each core).
   */
  database?: string | (() => Promise<string>);
  /** Its password, when the shell asked the person for it; else PGPASSWORD or the password file. */
  password?: string;
  /** Read pages waiting for OCR in the background (the desktop app and browser mode). */
  backgroundOcr?: boolean;
  /**
   * A shell that stays open (the desktop app, browser mode): holds the data
   * folder's lock, so a restore from the command line waits for it to close,
   * and makes the scheduled backups.
   */
  staysOpen?: boolean;
  /** The OS keychain (the desktop app passes one built on Electron's safeStorage). */
  keychain?: KeyHolder;
  /** Folders a window's typed paths may import from (browser mode's --import-from); default the home folder. */
  importFrom?: readonly string[];
  /** The desktop app: a window imports only what `pick` handed out, never a typed path. */
  importPickedOnly?: boolean;
  /**
   * How helper processes that read untrusted files are started: the desktop
   * app passes one built on Electron's utilityProcess; elsewhere child_process.fork.
   */
  spawnHelper?: SpawnHelper;
}

const warnedOpen = new Set<string>();
/**
 * An existing data folder other accounts can enter is said once per process,
 * on stderr, with the command that closes it (its mode is the user's: it may
 * be shared on purpose). `sunshine status` lists every part that is open.
 */
function warnIfOpenToOthers(dataDir: string): void {
  if (!othersBits(dataDir) || warnedOpen.has(dataDir)) return;
  warnedOpen.add(dataDir);
  console.error(`[sunshine] warning: other accounts on this machine can read the data folder ${dataDir}. To make it owner-only, run: ${chmodAdvice([dataDir])}`);
}

export function openCore(opts: CoreOptions): Core {
  const { dataDir, database, password, staysOpen = false, importFrom = [], importPickedOnly = false } = opts;
  const storeOpts = storeOptionsOf(opts);
  // Checked before anything is opened: a mistyped --import-from stops the start with its message.
  const imports: WindowImports = { typedRoots: importPickedOnly ? null : importRoots(importFrom), picked: new PickedPaths() };
  warnIfOpenToOthers(dataDir);
  if (database) {
    // A new team folder is made where its parent folder is; a parent that is not there (a network drive not connected)
    // is not made here, where nobody else would find it: imports say so instead (core/documents/team-files.ts).
    if (fs.existsSync(path.dirname(dataDir))) mkdirPrivate(filesDirIn(dataDir));
    return coreOn(openTeamStore(database, password, storeOpts.now), opts, imports, () => {});
  }
  mkdirPrivate(filesDirIn(dataDir));
  createPrivateFile(dbPathIn(dataDir));
  const unmark = markInUse(dataDir);
  const restorer = restoreUnderWay(dataDir);
  if (restorer) {
    unmark();
    throw new AppError('CONFLICT', `A backup is being restored into this data folder (process ${restorer.pid}); try again in a moment. If no restore is running, delete ${restorer.file}.`);
  }
  let holding: () => void;
  try {
    holding = staysOpen ? holdDataDir(dataDir) : () => {};
  } catch (e) {
    unmark();
    throw e;
  }
  const release = () => {
    unmark();
    holding();
  };
  // Only this process may clear what a stopped restore left: none other has the folder open.
  if (othersUsing(dataDir).length === 0) clearUnfinishedRestore(dataDir);
  let opened: Store;
  try {
    opened = openWorkspaceStore(dbPathIn(dataDir), storeOpts);
  } catch (e) {
    release();
    throw e;
  }
  return coreOn(opened, opts, imports, release);
}

const loginOf = (s: WorkspaceStore): string | null => (s.kind === 'postgres' ? (s as PgStore).login : null);

/** The caller's role: a team workspace's members say; the one person of a data folder may do everything. */
async function roleOf(s: WorkspaceStore): Promise<Role | null> {
  if (s.kind !== 'postgres') return 'admin';
  try {
    // sunshine_role() (migration 24) reads the members whatever the login may read itself.
    const row = await s.engine.get<{ role: string | null }>('SELECT sunshine_role() AS role');
    return isRole(row?.role) ? row.role : null;
  } catch (e) {
    // A login with no rights on the workspace at all (never granted, or revoked) is no member.
    if ((e as { code?: unknown }).code === '42501') return null;
    throw e;
  }
}

/** A role is read once per call otherwise (a round trip): kept this long, and dropped when this core grants or revokes. */
const ROLE_KEPT_MS = 2000;

const storeOptionsOf = (o: CoreOptions): StoreOptions => ({
  ...(o.nativeBinding ? { nativeBinding: o.nativeBinding } : {}),
  ...(o.now ? { now: o.now } : {}),
  ...(o.migrations ? { migrations: o.migrations } : {}),
});

/** A team workspace's database, its errors in the core's words. */
async function openTeamStore(database: string | (() => Promise<string>), password: string | undefined, now: (() => Date) | undefined): Promise<PgStore> {
  const address = typeof database === 'string' ? database : await database();
  return openPgStore(address, { ...(password === undefined ? {} : { password }), ...(now ? { now } : {}) }).catch((e: unknown) => {
    throw e instanceof StoreError ? new AppError(e.code, e.message) : e;
  });
}

/** The core on a database that is open (a data folder's) or being opened (a team workspace's). */
function coreOn(opening: Store | Promise<PgStore>, opts: CoreOptions, imports: WindowImports, release: () => void): Core {
  const { dataDir, backgroundOcr = false, staysOpen = false, keychain = noKeyHolder, spawnHelper } = opts;
  const storeOpts = storeOptionsOf(opts);
  let store: WorkspaceStore | undefined = opening instanceof Promise ? undefined : opening;
  const now = storeOpts.now ?? (() => new Date());
  let pool: ExtractPool | undefined;
  const outputFolders = outputFolderPicks();
  const getPool = () => (pool ??= new ExtractPool(spawnHelper ? { spawn: spawnHelper } : {}));
  const sweepLeftovers = () => {
    clearStaging(dataDir);
    sweepUploads(dataDir);
    sweepInterruptedProductions(dataDir);
  };
  sweepLeftovers();
  // Browser mode may run for weeks: files sent but never imported go after a day, a killed production's folder after an hour.
  const sweeper = setInterval(sweepLeftovers, 3600_000);
  sweeper.unref();
  let pii: PiiRunner | undefined;
  /** The background work on the open store: OCR, and the PII scan, which takes up each page OCR fills. */
  const startOcr = () => {
    const open = store!;
    const scan = (pii = new PiiRunner({ store: open }));
    const runner = new OcrRunner({
      store: open,
      dataDir,
      pool: getPool,
      enabled: async () => (await currentSettings(open.engine)).ocrEnabled,
      afterPage: () => {
        if (backgroundOcr) scan.nudge();
      },
    });
    // The queue survives restarts: pick it up where it was left; so do the pages waiting to be scanned.
    if (backgroundOcr) {
      void runner.kick();
      scan.nudge();
    }
    return runner;
  };
  const stopBackground = () => Promise.all([ocr?.close(), pii?.close()]);
  let ocr = store ? startOcr() : undefined;
  const jobs = new JobRegistry();
  const settings = () => currentSettings(store!.engine);
  /**
   * Who every call acts as, kept rather than read for each call: the call's context is made at
   * once, so a call made after a restore began is refused (an awaited read would let it slip in
   * first). Only this app changes the display name; it is read again after it may have changed
   * (settings.update, a restore). Read synchronously at open until opening the store awaits.
   */
  let actorName = store ? currentSettingsSync(sqliteStore(store, 'Opening').db).userName : '';
  const refreshActor = async () => {
    // A team workspace's actor is the database login, which no setting changes.
    actorName = store!.kind === 'postgres' ? (store as PgStore).login : (await settings()).userName;
  };
  const ready: Promise<void> =
    opening instanceof Promise
      ? opening.then(async (s) => {
          store = s;
          ocr = startOcr();
          await refreshActor();
        })
      : Promise.resolve();
  // Said to whoever awaits `ready` or makes a call; never an unhandled rejection.
  ready.catch(() => undefined);

  let restoring = false;
  let backupsRunning = 0;
  // Scheduled backups are a data folder's: on a team workspace every member's app would make them. A team's are made on demand (Settings → Backups, sunshine backup).
  const scheduler = staysOpen && !opts.database
    ? new BackupScheduler({
        settings,
        dataDir,
        now,
        paused: () => restoring,
        workspace: () => workspaceOf(store!.engine),
        run: async () => {
          const r = await (invoke as Core['invoke'])('app.backupNow', {});
          if (!r.ok) throw new AppError(r.error.code, r.error.message);
          return r.value.folder;
        },
      })
    : null;
  scheduler?.start();

  async function makeBackup(out: string, keep: number) {
    backupsRunning++;
    try {
      // Its first backup gives the workspace an id, so a backup folder shared with another data folder keeps them apart.
      const open = store!;
      if (!(await workspaceOf(open.engine))) {
        await open.write(actorName, async (w) => {
          // Looked at again inside the write: two backups starting at once must not give the workspace two ids.
          if (!(await workspaceOf(w))) await writeSetting(w, 'workspaceId', randomUUID());
        });
      }
      return await backup(open, out, now(), keep, dataDir);
    } finally {
      backupsRunning--;
    }
  }

  const busyMessage = 'Something is still running (an import, OCR run, verification or backup): wait for it to finish, then restore. Nothing was changed.';
  /**
   * Swap in a backup while the app runs. Other calls are refused from the
   * start (the dispatcher answers CONFLICT), the backup is verified and its
   * database prepared with the current one still open, and only then is the
   * current one closed, swapped in one step (kept under another name) and
   * the restored one opened; if that fails the kept one goes back.
   */
  async function restoreInPlace(pick: () => Promise<string>, actor: string): Promise<{ folder: string; manifest: BackupManifest; previous: string | null; forgotten: Forgotten }> {
    if (restoring) throw new AppError('CONFLICT', 'A restore is already under way.');
    if (jobs.size > 0 || backupsRunning > 0) throw new AppError('CONFLICT', busyMessage);
    if (store!.kind === 'postgres') return restoreTeamInPlace(pick, actor);
    const current = store as Store;
    const users = othersUsing(dataDir);
    if (users.length) throw new AppError('CONFLICT', `A sunshine command has this data folder open (${describeMarks(users)}): wait for it to finish, then restore. Nothing was changed.`);
    restoring = true;
    const unmarkRestoring = markRestoring(dataDir);
    try {
      const folder = await pick();
      const native = current.native;
      const { manifest, incoming, files, forgotten } = await prepareRestore(folder, dataDir, current.engine, (f) => openWorkspaceStore(f, storeOpts), native);
      await stopBackground();
      // The last look, with the restore marked: a command that opened the folder meanwhile is seen here, a later one refuses to start.
      const late = othersUsing(dataDir);
      if (jobs.size > 0 || backupsRunning > 0 || late.length) {
        clearUnfinishedRestore(dataDir);
        ocr = startOcr();
        throw new AppError('CONFLICT', late.length ? `A sunshine command opened this data folder meanwhile (${describeMarks(late)}): wait for it to finish, then restore. Nothing was changed.` : busyMessage);
      }
      const kept = await settingsToKeep(current.engine);
      current.close();
      let previous: string | null;
      try {
        // The files first: a vault holding files no database names yet is harmless, a database naming files not there is not.
        files.commit();
        previous = swapIn(dataDir, incoming, now(), native);
      } catch (e) {
        clearUnfinishedRestore(dataDir);
        store = openWorkspaceStore(dbPathIn(dataDir), storeOpts);
        ocr = startOcr();
        throw e;
      }
      try {
        store = openWorkspaceStore(dbPathIn(dataDir), storeOpts);
      } catch (e) {
        if (previous) swapBack(dataDir, previous);
        store = openWorkspaceStore(dbPathIn(dataDir), storeOpts);
        ocr = startOcr();
        throw new AppError('INTEGRITY', `The restored database would not open (${(e as Error).message}); the one in use before is back in place. Nothing was changed.`);
      }
      ocr = startOcr();
      try {
        // The restored history goes on from the backup's head: the restore is its next entry.
        await store.write(actor, async (w) => {
          await w.audit({ action: 'app.restore', entity: 'backup', entityId: manifest.createdAt, after: { from: folder, previous } });
          await keepSettings(w, kept);
        });
        await refreshActor();
      } catch (e) {
        // The restore itself is done; say so rather than report it failed.
        console.error(`[sunshine] the restore of ${folder} is done but could not be written to the history: ${(e as Error).message}`);
      }
      return { folder, manifest, previous, forgotten };
    } finally {
      unmarkRestoring();
      restoring = false;
    }
  }

  /** A team workspace's restore is one transaction on its server (restore-team.ts): the store stays open, and sees the restored rows once it commits. */
  async function restoreTeamInPlace(pick: () => Promise<string>, actor: string) {
    restoring = true;
    try {
      const folder = await pick();
      await stopBackground();
      try {
        const r = await restoreIntoTeam(folder, store!, dataDir, { now: now(), actor });
        await refreshActor().catch(() => undefined);
        return { folder, ...r };
      } finally {
        ocr = startOcr();
      }
    } finally {
      restoring = false;
    }
  }

  let knownRole: { store: WorkspaceStore; role: Role | null; at: number } | undefined;
  const role = async (): Promise<Role | null> => {
    const open = store!;
    if (knownRole && knownRole.store === open && Date.now() - knownRole.at < ROLE_KEPT_MS) return knownRole.role;
    const r = await roleOf(open);
    knownRole = { store: open, role: r, at: Date.now() };
    return r;
  };

  const context = () => {
    // Refused while a restore swaps the database: no call may see it half-way.
    if (restoring) throw new AppError('CONFLICT', 'A restore is under way; try again in a moment.');
    return {
        store: store!,
        dataDir,
        actor: actorName,
        login: loginOf(store!),
        role,
        now,
        pool: getPool,
        ocr: ocr!,
        pii: pii!,
        backgroundOcr,
        keychain,
        imports,
        outputFolders,
        backups: { lastScheduled: () => scheduler?.last ?? null, scheduled: scheduler !== null, restore: restoreInPlace, make: makeBackup },
      };
  };
  // A team workspace still being opened: calls wait for it (or fail with why it could not be opened).
  const dispatch = createDispatcher(handlers, () => (store ? context() : ready.then(context)), jobs);
  const live = new LiveChanges(() => store, ready, now);
  const call: Dispatcher = async (name, input, o) => {
    const r = await dispatch(name, input, o);
    // A data folder's own writes are told at once (another window of browser mode shows them too).
    if (typeof name === 'string' && Object.hasOwn(api, name) && api[name as CallName].mutates) live.poke();
    // The call answers with the settings as saved: who acts next is read from that, not asked again.
    if (name === 'settings.update' && r.ok && store?.kind === 'sqlite') actorName = (r.value as ResultOf<'settings.update'>).userName;
    // Who may do what changed (perhaps this login's own role): asked again on the next call.
    if (name === 'team.grant' || name === 'team.revoke' || name === 'app.restore' || (!r.ok && r.error.code === 'FORBIDDEN')) knownRole = undefined;
    return r;
  };
  // In-process callers may make local-only calls; transports go through `call`, which may not.
  const invoke = (name: CallName, input: unknown, o?: DispatchOptions) => call(name, input, { ...o, trusted: true });
  const transportCall: Dispatcher = (name, input, o) => call(name, input, { ...o, trusted: false });
  return {
    dataDir,
    ready,
    get workspace() {
      if (!store) throw new AppError('DB_BUSY', 'The team workspace is still being opened.');
      return store;
    },
    get store() {
      return sqliteStore(this.workspace, 'This');
    },
    call: transportCall,
    invoke: invoke as Core['invoke'],
    receiveUpload: (body, name, modified, declared) => receiveUpload(dataDir, body, name, modified, declared),
    pick: (paths, via) => imports.picked.issue(judgePicked(paths, via, dataDir)),
    pickOutputFolder: (folder) => outputFolders.issue([judgeOutputFolder(folder, dataDir)])[0]!,
    original: async (rawId, range) => {
      if (restoring) throw new AppError('CONFLICT', 'A restore is under way; try again in a moment.');
      if (!store) await ready;
      // Not a call, so not the dispatcher's: a team workspace's originals are its members' only (any role reads).
      if (store!.kind === 'postgres' && (await role()) === null) {
        throw new AppError('FORBIDDEN', `Your login ${loginOf(store!)} is not a member of this workspace: ask an admin to run \`sunshine team grant ${loginOf(store!)} <role>\`.`);
      }
      return originalReply(store!.engine, dataDir, rawId, range);
    },
    onChange: (listener) => live.subscribe(listener),
    close: () => {
      live.close();
      clearInterval(sweeper);
      scheduler?.stop();
      void stopBackground();
      void pool?.close();
      if (store) void store.close();
      // Closed once open; a workspace that never opened has nothing to close (its refusal was said to whoever awaited it).
      else void ready.then(() => store?.close(), () => undefined);
      release();
    },
  };
}
