/**
 * Restore into a team workspace on PostgreSQL, from a backup of either engine (docs/engines.md
 * §5.2). Everything is checked before anything changes (manifest, each table file's SHA-256, the
 * schema, every stored file); then one transaction: the restore lock (a second restore is refused),
 * the writer lock (other sessions' writes wait, and land on the restored workspace after it), the
 * workspace as it is kept as a format-3 backup in its backup folder (the "previous" the report
 * names), every row replaced, the history verified whole, `app.restore` appended, this office's
 * own settings kept. PostgreSQL's DDL and deletes are transactional, so a restore stopped anywhere
 * leaves the old workspace as it was, the audit log's append-only triggers included.
 */
import path from 'node:path';
import { backupFolderOf } from './backup-schedule.ts';
import { stageBlobs } from './backup-files.ts';
import { openBackupRows } from './backup-reader.ts';
import { backupRows, filesToBringBack, refuseBrokenChain, type BackupManifest } from './backups.ts';
import { forgottenBy, type Forgotten } from './bates-ledger.ts';
import { AppError } from './errors.ts';
import { currentSettings, keepSettings, settingsToKeep } from './handlers/settings.ts';
import { osAccount } from '../db/audit.ts';
import { writerOn, type WorkspaceStore } from '../db/audited-write.ts';
import { loadRows, type CopiedTable } from '../db/copy-rows.ts';
import type { Engine } from '../db/engine.ts';
import { StoreError } from '../db/errors.ts';
import { LOCK_SPACE, RESTORE_LOCK, WRITER_LOCK } from '../db/pg/locks.ts';
import { copiedTables } from '../db/tables.ts';

export interface TeamRestore {
  manifest: BackupManifest;
  /** The backup of the workspace as it was just before, in its backup folder. */
  previous: string;
  forgotten: Forgotten;
}

export interface TeamRestoreOptions {
  now: Date;
  /** Who the history entry names. */
  actor: string;
  /** Told what the restore will forget, once everything is checked and before anything changes. */
  before?: (forgotten: Forgotten) => void;
  /** Told after each table is loaded (a progress line; tests stop a restore there). */
  onTable?: (t: CopiedTable) => void;
}

/** Held for the whole transaction; tried, so a second restore is told at once rather than kept waiting. */
async function takeRestoreLocks(tx: Engine): Promise<void> {
  const got = await tx.get<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(?, ?) AS ok', [LOCK_SPACE, RESTORE_LOCK]);
  if (!got?.ok) throw new AppError('CONFLICT', 'Another restore is under way on this team workspace: wait for it to finish, then look again. Nothing was changed.');
  await tx.get('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_SPACE, WRITER_LOCK]);
}

/** Every row goes; the audit log's guard against deletes is lifted for this transaction only (put back before it commits, or undone with it). */
async function clearRows(tx: Engine): Promise<void> {
  await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete');
  // The workspace keeps its people (team_members): the backup's rows are loaded without them (db/copy-rows.ts).
  for (const t of [...copiedTables()].reverse()) await tx.run(`DELETE FROM "${t.name}"`);
  await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_delete');
}

export async function restoreIntoTeam(folder: string, store: WorkspaceStore, dataDir: string, opts: TeamRestoreOptions): Promise<TeamRestore> {
  if (store.kind !== 'postgres') throw new Error('restoreIntoTeam restores into PostgreSQL; a data folder has its own restore.');
  const rows = await openBackupRows(folder);
  try {
    const { manifest } = rows;
    const needed = filesToBringBack(folder, dataDir, rows.vault);
    const files = await stageBlobs(path.dirname(folder), dataDir, needed);
    let backupDir: string, forgotten: Forgotten, kept: Record<string, unknown>;
    try {
      backupDir = backupFolderOf(await currentSettings(store.engine), dataDir);
      // The ledger is completed from the database in use first: nothing it knows is forgotten unsaid.
      forgotten = await forgottenBy(dataDir, store.engine, rows.productions);
      kept = await settingsToKeep(store.engine);
      opts.before?.(forgotten);
    } catch (e) {
      files.discard();
      throw e;
    }
    // The files first: a vault holding files no database names yet is harmless, a database naming files not there is not.
    files.commit();
    let previous = '';
    try {
      await loadRows(rows.source, store.engine, {
        async prepareTarget(tx) {
          await takeRestoreLocks(tx);
          // Read inside this transaction, after the writer lock: exactly what is replaced.
          previous = (await backupRows(tx, backupDir, dataDir, opts.now)).folder;
          await clearRows(tx);
        },
        onTable: opts.onTable,
        async beforeCommit(tx) {
          await refuseBrokenChain(tx);
          // The restored history goes on from the backup's head: the restore is its next entry.
          const w = writerOn(tx, opts.actor, opts.now.toISOString(), osAccount(), { audited: 0, changed: 0 });
          await w.audit({ action: 'app.restore', entity: 'backup', entityId: manifest.createdAt, after: { from: folder, previous } });
          await keepSettings(w, kept);
        },
      });
    } catch (e) {
      throw e instanceof StoreError ? new AppError(e.code, e.message) : e;
    }
    return { manifest, previous, forgotten };
  } finally {
    rows.close();
  }
}
