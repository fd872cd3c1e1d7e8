/**
 * Backups: the database copied with SQLite's online backup (the app may keep
 * working), plus a manifest naming the copy's SHA-256, the schema version, the
 * audit chain's head and every vault file (the vault is content-addressed and
 * never rewritten, so the manifest is what a restore checks it against). The
 * files themselves go into the backup folder's shared store (backup-files.ts),
 * each once across all its backups, so a backup alone gives a workspace back.
 *
 * A backup is built in a hidden folder and renamed into place with its
 * manifest written last, so an interrupted one is never taken for a good one.
 * Restoring verifies the copy first (a Sunshine backup, not from a newer
 * version, intact, its history unbroken, its vault files present) and moves
 * the current database aside rather than deleting it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sha256OfFile } from './sha256.ts';
import type { Database } from 'better-sqlite3';
import { AppError } from './errors.ts';
import { APP_VERSION } from './version.ts';
import { dbPathIn } from './datadir.ts';
import { openRawDb, openStore, type NativeOptions, type Store } from '../db/store.ts';
import { SqliteEngine, type Engine, type Reader } from '../db/engine.ts';
import type { WorkspaceStore } from '../db/audited-write.ts';
import { pgSchemaVersion } from '../db/pg/migrate.ts';
import { rowFilesSource, writeRowFiles, type TableFile } from '../db/row-files.ts';
import { BACKUP_FORMAT, blobsIn, openBackupRows, readManifest, type BackupRows } from './backup-reader.ts';
import { loadRows } from '../db/copy-rows.ts';
import { countAudit, readChainHead, verifyAuditChain } from '../db/audit.ts';
import { readSettings } from '../db/settings.ts';
import { allDocumentBlobs } from '../db/documents.ts';
import { blobsToBringBack, pruneBlobs, restoringFilesDir, stageBlobs, storeBlobs, storeIsVault, type StagedFiles } from './backup-files.ts';
import { forgottenBy, productionsOf, type Forgotten } from './bates-ledger.ts';
import type { ProductionRow } from '../db/productions.ts';
import { describeMarks, holdDataDir, markRestoring, otherHolder, othersUsing } from './instance-lock.ts';
import { BACKUP_NAME } from './api-schemas.ts';
import { HOUR_MS, sweepStale } from './sweep.ts';
import { OWNER_DIR, makePrivate, mkdirPrivate, writePrivate } from './private-files.ts';
import type { BackupListing, BackupReport } from './api.ts';

export type { BackupReport } from './api.ts';

export { BACKUP_FORMAT };
const PREFIX = 'sunshine-backup-';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /**
   * 2: its stored files are in the backup folder's files/ (1: only listed; the vault had to be kept apart).
   * 3: rows, not a file (tables/<table>.jsonl): made of a team workspace, restorable into either engine.
   */
  formatVersion: 1 | 2 | 3;
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
  /** Formats 1 and 2: the SQLite database file. */
  database?: { file: 'sunshine.db'; size: number; sha256: string };
  /** Format 3: the engine it was made from. */
  engine?: 'sqlite' | 'postgres';
  /** Format 3: every table, in load order, with its columns, row count and the SHA-256 of its file. */
  tables?: TableFile[];
  auditHead: { seq: number; hash: string } | null;
  /** The workspace it was made from: a backup folder may be shared by several data folders. */
  workspace: string | null;
  vault: { sha256: string; size: number }[];
}

/** The workspace's own id (kept in its settings), given to every backup of it; null until its first backup. */
export const workspaceOf = async (q: Reader): Promise<string | null> => {
  const v = (await readSettings(q)).workspaceId;
  return typeof v === 'string' && v ? v : null;
};



interface Found {
  folder: string;
  manifest: BackupManifest;
}

/** Finished backups in a folder, oldest first: folders named as backups holding a readable Sunshine manifest. */
function findBackups(dir: string): Found[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // not there (yet), or not a folder: no backups in it
  }
  return names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .flatMap((n) => {
      const folder = path.join(dir, n);
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as BackupManifest;
        return manifest.format === BACKUP_FORMAT ? [{ folder, manifest }] : [];
      } catch {
        return [];
      }
    });
}

/** `undefined` = every workspace's. A backup from before workspaces had ids counts as the asker's (it cannot be told apart). */
const ofWorkspace = (found: Found[], workspace: string | null | undefined) =>
  workspace === undefined ? found : found.filter((f) => !f.manifest.workspace || f.manifest.workspace === workspace);

/** Finished backups (of one workspace, if given), oldest first. */
export function listBackups(dir: string, workspace?: string | null): string[] {
  return ofWorkspace(findBackups(dir), workspace).map((f) => f.folder);
}

/** Finished backups of one workspace with what their manifests say, newest first; and how many others share the folder. */
export function describeBackups(dir: string, workspace?: string | null): { mine: BackupListing[]; others: number } {
  const all = findBackups(dir);
  const mine = ofWorkspace(all, workspace)
    .reverse()
    .map(({ folder, manifest: m }) => ({ name: path.basename(folder), createdAt: m.createdAt, appVersion: m.appVersion, schemaVersion: m.schemaVersion, bytes: m.database?.size ?? (m.tables ?? []).reduce((n, t) => n + t.bytes, 0), vaultFiles: m.vault.length }));
  return { mine, others: all.length - mine.length };
}

/** Work folders of backups that were killed: removed once untouched for an hour (a younger one may still be at work). */
const sweepInterrupted = (outDir: string, now: Date) =>
  sweepStale(outDir, { match: (n) => n.startsWith(`.${PREFIX}`) && n.endsWith('.partial'), olderThanMs: HOUR_MS, now: now.getTime() });

/** What a backup holds, for its manifest and report; filled in the hidden work folder by one engine's way of reading itself. */
interface Contents {
  schemaVersion: number;
  auditHead: BackupManifest['auditHead'];
  auditEntries: number;
  vault: BackupManifest['vault'];
  workspace: string | null;
  /** The manifest's own fields of this format. */
  format: Pick<BackupManifest, 'formatVersion' | 'database' | 'engine' | 'tables'>;
}

/**
 * A backup of `store` into a new folder in `outDir`: SQLite makes format 2 (its own file, the
 * fastest), PostgreSQL format 3 (every table's rows as files, from one snapshot). `dataDir` is the
 * folder of its stored files (a team workspace's team folder; a data folder's by default).
 */
export async function backup(store: WorkspaceStore, outDir: string, now: Date, keep = 0, dataDir?: string): Promise<BackupReport> {
  if (store.kind === 'sqlite') return buildBackup(outDir, dataDir ?? path.dirname((store as Store).file), now, keep, (work) => sqliteFileInto(store as Store, work));
  if (!dataDir) throw new Error('A team workspace is backed up with the folder of its stored files.');
  return buildBackup(outDir, dataDir, now, keep, (work) => rowsInto(store.engine, work));
}

/** Format 3 of whatever `q` sees, read in one snapshot (or inside the caller's transaction, whose view it is). */
export const backupRows = (q: Engine, outDir: string, dataDir: string, now: Date): Promise<BackupReport> => buildBackup(outDir, dataDir, now, 0, (work) => rowsInto(q, work));

async function rowsInto(q: Engine, work: string): Promise<Contents> {
  const files = await writeRowFiles(q, work);
  return {
    schemaVersion: q.kind === 'postgres' ? await pgSchemaVersion(q) : ((await q.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0),
    auditHead: files.head,
    auditEntries: files.tables.find((t) => t.name === 'audit_log')?.rows ?? 0,
    // The files the written rows name (not a second read, which could see a document added since).
    vault: await blobsIn(rowFilesSource(work, files)),
    // Given once and never changed: the same in any view.
    workspace: await workspaceOf(q),
    format: { formatVersion: 3, engine: q.kind, tables: files.tables.map(({ name, columns, rows, bytes, sha256 }) => ({ name, columns, rows, bytes, sha256 })) },
  };
}

async function sqliteFileInto(store: Store, work: string): Promise<Contents> {
  const file = path.join(work, 'sunshine.db');
  await store.db.backup(file);
  // SQLite creates it with its default mode; the folder is owner-only meanwhile, so no one else could open it.
  makePrivate(file);
  // One self-contained file: the copy keeps the source's WAL mode, which would leave -wal/-shm beside it.
  const copy = openRawDb(file, store.native);
  copy.pragma('journal_mode = DELETE');
  try {
    const reader = new SqliteEngine(copy);
    return {
      workspace: await workspaceOf(reader),
      schemaVersion: copy.pragma('user_version', { simple: true }) as number,
      auditHead: await readChainHead(reader),
      auditEntries: await countAudit(reader),
      vault: (await allDocumentBlobs(reader)).map((b) => ({ sha256: b.sha256, size: b.size })),
      format: { formatVersion: 2, database: { file: 'sunshine.db', size: fs.statSync(file).size, sha256: await sha256OfFile(file) } },
    };
  } finally {
    copy.close();
  }
}

async function buildBackup(outDir: string, dataDir: string, now: Date, keep: number, fill: (work: string) => Promise<Contents>): Promise<BackupReport> {
  try {
    mkdirPrivate(outDir);
    if (!fs.statSync(outDir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    // Most often a removable or network drive that is not there right now.
    throw new AppError('BAD_INPUT', `out: backups cannot go to ${outDir.slice(0, 300)} (${(e as NodeJS.ErrnoException).code ?? 'not writable'}); is the drive connected? Pick another folder if it is gone.`);
  }
  if (storeIsVault(outDir, dataDir)) {
    throw new AppError('BAD_INPUT', "out: not the data folder itself (a backup folder's files/ would be the store of files); use its backups/ folder, or better a folder on another disk.");
  }
  sweepInterrupted(outDir, now);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const name = `${PREFIX}${stamp}`;
  const final = path.join(outDir, name);
  if (fs.existsSync(final)) throw new AppError('CONFLICT', `out: ${final} already exists; try again in a moment.`);
  const work = path.join(outDir, `.${name}.partial`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { mode: OWNER_DIR });
  try {
    const { schemaVersion, auditHead, auditEntries, vault, workspace, format } = await fill(work);
    // The database's files into the folder's store before the manifest that names them: a backup killed meanwhile left only files a later one will use.
    const stored = await storeBlobs(outDir, dataDir, vault);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      ...format,
      appVersion: APP_VERSION,
      schemaVersion,
      createdAt: now.toISOString(),
      auditHead,
      workspace,
      vault,
    };
    // Written last: a folder without it is not a backup.
    writePrivate(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    fs.renameSync(work, final);
    // Only this workspace's backups count towards keeping N: another's in the same folder are not ours to remove.
    // Never the one just made, whatever the clock says of the others' names.
    const older = listBackups(outDir, workspace).filter((f) => f !== final);
    const removedOld: string[] = [];
    for (const old of keep > 0 ? older.slice(0, Math.max(0, older.length - (keep - 1))) : []) {
      try {
        fs.rmSync(old, { recursive: true, force: true });
        removedOld.push(old);
      } catch {
        // Left for the next backup to try again: this one is made and good.
      }
    }
    // Files only the removed backups named go too; every workspace's backups in the folder count (they share the store).
    if (removedOld.length) {
      const referenced = new Set(findBackups(outDir).flatMap((f) => (f.manifest.vault ?? []).map((v) => v.sha256)));
      const underWay = fs.readdirSync(outDir).some((n) => n.startsWith(`.${PREFIX}`) && n.endsWith('.partial'));
      pruneBlobs(outDir, referenced, underWay, Date.now());
    }
    return { folder: final, createdAt: manifest.createdAt, schemaVersion, auditEntries, vaultFiles: vault.length, removedOld, ...stored };
  } catch (e) {
    fs.rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

interface Checked {
  manifest: BackupManifest;
  /** Stored files the data folder's vault lacks, to be brought back from the backup folder's store. */
  needed: { sha256: string; size: number }[];
  /** The productions the backup's database knows (to tell what a restore would forget). */
  productions: ProductionRow[];
}

/** A backup's history must verify where it is loaded, before that is kept. */
export async function refuseBrokenChain(q: Reader): Promise<void> {
  const chain = await verifyAuditChain(q);
  if (chain.breaks.length) throw new AppError('INTEGRITY', `from: the backup's history is broken (${chain.breaks[0]!.message}); nothing was changed.`);
}

/** Each stored file a backup names is in the vault already, or in the backup folder's store (hashed as it is copied back); else refused, naming how many. */
export function filesToBringBack(folder: string, dataDir: string, vault: readonly { sha256: string; size: number }[]): { sha256: string; size: number }[] {
  const { needed, missing } = blobsToBringBack(path.dirname(folder), dataDir, vault);
  if (missing.length) {
    throw new AppError(
      'INTEGRITY',
      `from: ${missing.length} stored file${missing.length === 1 ? ' the backup names is' : 's the backup names are'} missing from both the backup folder's files/ and this data folder's vault (first: ${missing[0]!.sha256.slice(0, 12)}…); restore from another backup, or put the files/ folder back. Nothing was changed.`,
    );
  }
  return needed;
}

/** Check a backup folder before anything is restored from it. */
async function checkBackup(folder: string, dataDir: string, native: NativeOptions): Promise<Checked> {
  const manifest = readManifest(folder);
  if (manifest.formatVersion === 3) {
    const rows = await openBackupRows(folder, native);
    try {
      return { manifest, needed: filesToBringBack(folder, dataDir, rows.vault), productions: rows.productions };
    } finally {
      rows.close();
    }
  }
  const file = path.join(folder, 'sunshine.db');
  if (!fs.existsSync(file) || fs.statSync(file).size !== manifest.database!.size || (await sha256OfFile(file)) !== manifest.database!.sha256) {
    throw new AppError('INTEGRITY', `from: the backup's database is missing or changed since the backup was made; nothing was changed.`);
  }
  const db = openRawDb(file, native, true);
  let vault: { sha256: string; size: number }[];
  let productions: ProductionRow[];
  try {
    const ok = db.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new AppError('INTEGRITY', `from: the backup's database is damaged (${String(ok)}); nothing was changed.`);
    if ((db.pragma('user_version', { simple: true }) as number) !== manifest.schemaVersion) {
      throw new AppError('BAD_INPUT', `from: ${folder.slice(0, 300)} is not a Sunshine backup (its database and manifest disagree); nothing was changed.`);
    }
    const copy = new SqliteEngine(db);
    await refuseBrokenChain(copy);
    // The stored files the verified database names (not the manifest's list, which only its SHA-256 vouches for).
    vault = await allDocumentBlobs(copy);
    productions = await productionsOf(copy);
  } finally {
    db.close();
  }
  return { manifest, needed: filesToBringBack(folder, dataDir, vault), productions };
}

/** Check a backup folder before anything is restored from it; returns its manifest. */
export async function verifyBackup(folder: string, dataDir: string, native: NativeOptions = {}): Promise<BackupManifest> {
  return (await checkBackup(folder, dataDir, native)).manifest;
}

/** What restoring `folder` would forget: the productions made here since it was made (their numbers stay used). Reads the backup, changes nothing but the ledger's completeness. */
export async function previewRestore(folder: string, dataDir: string, current: Reader | null, native: NativeOptions = {}): Promise<Forgotten> {
  if (readManifest(folder).formatVersion === 3) {
    const rows = await openBackupRows(folder, native);
    try {
      return await forgottenBy(dataDir, current, rows.productions);
    } finally {
      rows.close();
    }
  }
  // A SQLite file is read where it is, read-only: no copy of a large database just to look.
  let db: Database;
  try {
    db = openRawDb(path.join(folder, 'sunshine.db'), native, true);
  } catch {
    throw new AppError('INTEGRITY', `from: the backup's database cannot be read; restore from another backup.`);
  }
  try {
    return await forgottenBy(dataDir, current, await productionsOf(new SqliteEngine(db)));
  } finally {
    db.close();
  }
}

export interface PreparedRestore {
  manifest: BackupManifest;
  incoming: string;
  files: StagedFiles;
  forgotten: Forgotten;
}

/**
 * Steps 1 and 2 of a restore, nothing in place touched: the backup verified,
 * its database copied beside the current one and opened, the stored files the
 * vault lacks copied beside it and hashed, and what it would forget worked out
 * (the ledger is completed from `current` first, so nothing the database in
 * use knows is forgotten unsaid). Undo with `abandonRestore`.
 */
export async function prepareRestore(folder: string, dataDir: string, current: Reader | null, open: (file: string) => { close(): void }, native: NativeOptions = {}): Promise<PreparedRestore> {
  if (readManifest(folder).formatVersion === 3) return prepareFromRows(folder, dataDir, current, open, native);
  const { manifest, needed, productions } = await checkBackup(folder, dataDir, native);
  const incoming = prepareIncoming(folder, dataDir, open, native);
  try {
    const files = await stageBlobs(path.dirname(folder), dataDir, needed);
    return { manifest, incoming, files, forgotten: await forgottenBy(dataDir, current, productions) };
  } catch (e) {
    clearUnfinishedRestore(dataDir);
    throw e;
  }
}

const stampOf = (d: Date) => d.toISOString().replace(/[:.]/g, '-');
const incomingPath = (dataDir: string) => `${dbPathIn(dataDir)}.restoring`;

/** A restore that stopped before its swap leaves only its incoming copy (and SQLite's files beside it): the database in place was never touched. */
export function clearUnfinishedRestore(dataDir: string): void {
  for (const side of ['', '-wal', '-shm', '-journal']) fs.rmSync(incomingPath(dataDir) + side, { force: true });
  fs.rmSync(restoringFilesDir(dataDir), { recursive: true, force: true });
}

/**
 * Step 1 of a restore, nothing in place touched: copy the verified backup's
 * database beside the current one, open it once (migrating a backup from an
 * older Sunshine) and check it, so what is swapped in is known to open.
 */
export function prepareIncoming(folder: string, dataDir: string, open: (file: string) => { close(): void }, native: NativeOptions = {}): string {
  const incoming = incomingPath(dataDir);
  // A stale WAL beside the copy would be replayed onto it.
  clearUnfinishedRestore(dataDir);
  try {
    fs.copyFileSync(path.join(folder, 'sunshine.db'), incoming);
    openedWhole(incoming, open, native);
  } catch (e) {
    clearUnfinishedRestore(dataDir);
    throw e;
  }
  return incoming;
}

/** The incoming database, opened once as the app will (migrating), then one self-contained, owner-only file checked whole. */
function openedWhole(incoming: string, open: (file: string) => { close(): void }, native: NativeOptions): void {
  // A copy takes the backup's mode (a backup made before backups were owner-only is world-readable).
  makePrivate(incoming);
  open(incoming).close();
  const db = openRawDb(incoming, native);
  try {
    // One self-contained file again (the store left it in WAL mode), so nothing of it stays behind under this name.
    db.pragma('journal_mode = DELETE');
    const ok = db.pragma('quick_check', { simple: true });
    if (ok !== 'ok') throw new AppError('INTEGRITY', `from: the backup's database did not come through whole (${String(ok)}); nothing was changed.`);
  } finally {
    db.close();
  }
}

/** Steps 1 and 2 for a backup made of rows (format 3, from either engine): the incoming database is built from them, its history verified before it is kept. */
async function prepareFromRows(folder: string, dataDir: string, current: Reader | null, open: (file: string) => { close(): void }, native: NativeOptions): Promise<PreparedRestore> {
  const rows: BackupRows = await openBackupRows(folder, native);
  try {
    const needed = filesToBringBack(folder, dataDir, rows.vault);
    const incoming = incomingPath(dataDir);
    clearUnfinishedRestore(dataDir);
    try {
      const target = openStore(incoming, native);
      try {
        await loadRows(rows.source, target.engine, { beforeCommit: (dst) => refuseBrokenChain(dst) });
      } finally {
        target.close();
      }
      openedWhole(incoming, open, native);
      const files = await stageBlobs(path.dirname(folder), dataDir, needed);
      return { manifest: rows.manifest, incoming, files, forgotten: await forgottenBy(dataDir, current, rows.productions) };
    } catch (e) {
      clearUnfinishedRestore(dataDir);
      throw e;
    }
  } finally {
    rows.close();
  }
}

/**
 * Step 2, with the database closed: keep the current one under a new name
 * (a hard link, else a copy) and rename the incoming copy over it — one
 * atomic step, so at no moment is there no database or a half one.
 */
export function swapIn(dataDir: string, incoming: string, now: Date, native: NativeOptions = {}): string | null {
  const target = dbPathIn(dataDir);
  if (!fs.existsSync(target)) {
    fs.renameSync(incoming, target);
    return null;
  }
  // Fold a WAL left by a crash into the file first: the kept copy must be whole. Busy = someone still has it open.
  if (fs.existsSync(`${target}-wal`)) {
    const db = openRawDb(target, native);
    try {
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (r?.busy) throw new AppError('CONFLICT', 'Another program still has the database open: close it, then restore. Nothing was changed.');
    } finally {
      db.close();
    }
  }
  let previous = `${target}.before-restore-${stampOf(now)}`;
  for (let n = 2; fs.existsSync(previous); n++) previous = `${target}.before-restore-${stampOf(now)}-${n}`;
  try {
    fs.linkSync(target, previous);
  } catch {
    // File systems without hard links: a copy, never left half-written.
    try {
      fs.copyFileSync(target, previous, fs.constants.COPYFILE_EXCL);
    } catch (e) {
      fs.rmSync(previous, { force: true });
      throw e;
    }
  }
  for (const side of ['-wal', '-shm']) fs.rmSync(target + side, { force: true });
  fs.renameSync(incoming, target);
  clearUnfinishedRestore(dataDir);
  return previous;
}

/** Undo a swap whose database would not open: the kept one goes back in place, in one step. */
export function swapBack(dataDir: string, previous: string): void {
  fs.renameSync(previous, dbPathIn(dataDir));
}

/** The database in place, read-only, to learn what it knows; null when there is none or it will not open (what a restore is for). */
function openIfReadable(file: string, native: NativeOptions): Database | null {
  if (!fs.existsSync(file)) return null;
  try {
    return openRawDb(file, native, true);
  } catch {
    return null;
  }
}

/**
 * Restore from the command line: no Sunshine may hold the data folder open
 * (a running app restores through its own core, which closes the database
 * first). Verified, prepared, swapped; the current database is kept beside it.
 */
export async function restore(
  folder: string,
  dataDir: string,
  now: Date,
  open: (file: string) => Store,
  native: NativeOptions = {},
  /** Recorded in the restored database while the folder is still held: the history entry, the kept settings. */
  record: (restored: Store, r: { manifest: BackupManifest; previous: string | null }) => Promise<unknown> | void = () => {},
  /** Told what the restore will forget, once everything is checked and before anything is swapped. */
  before: (forgotten: Forgotten) => void = () => {},
): Promise<{ manifest: BackupManifest; previous: string | null; recorded: boolean; forgotten: Forgotten }> {
  const holder = otherHolder(dataDir);
  if (holder) {
    throw new AppError(
      'CONFLICT',
      `Sunshine is running on this data folder (process ${holder.pid}, since ${holder.since || 'unknown'}): restore from inside it (Settings → Backups), or close it first. If it is not running, delete ${holder.file}. Nothing was changed.`,
    );
  }
  // Held and marked while it works: a desktop app, browser mode or sunshine command starting meanwhile is refused.
  const release = holdDataDir(dataDir);
  const unmark = markRestoring(dataDir);
  try {
    const current = openIfReadable(dbPathIn(dataDir), native);
    let prepared: PreparedRestore;
    try {
      prepared = await prepareRestore(folder, dataDir, current && new SqliteEngine(current), open, native);
    } finally {
      current?.close();
    }
    const { manifest, incoming, files, forgotten } = prepared;
    // The last look, with the restore marked: a command that opened the folder before the mark is seen here.
    const users = othersUsing(dataDir);
    if (users.length) {
      clearUnfinishedRestore(dataDir);
      throw new AppError('CONFLICT', `Another sunshine command has this data folder open (${describeMarks(users)}): wait for it to finish, then restore. Nothing was changed.`);
    }
    before(forgotten);
    // The files first: a vault holding files no database names yet is harmless, a database naming files not there is not.
    try {
      files.commit();
    } catch (e) {
      clearUnfinishedRestore(dataDir);
      throw e;
    }
    const previous = swapIn(dataDir, incoming, now, native);
    let recorded = true;
    try {
      const restored = open(dbPathIn(dataDir));
      try {
        await record(restored, { manifest, previous });
      } finally {
        restored.close();
      }
    } catch (e) {
      // The restore itself is done: say so, rather than report it failed.
      recorded = false;
      console.error(`[sunshine] the restore of ${folder} is done but could not be written to the history: ${(e as Error).message}`);
    }
    return { manifest, previous, recorded, forgotten };
  } finally {
    unmark();
    release();
  }
}
