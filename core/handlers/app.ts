import fs from 'node:fs';
import path from 'node:path';
import { describeBackups, previewRestore, workspaceOf } from '../backups.ts';
import { storeIsVault } from '../backup-files.ts';
import { backupFolderOf, nextDue } from '../backup-schedule.ts';
import type { BackupsOverview } from '../api.ts';
import type { CallContext } from '../context.ts';
import { currentSettings } from './settings.ts';
import { writeSetting } from '../../db/settings.ts';
import type { Reader } from '../../db/engine.ts';
import { chmodAdvice, filesDirIn, privatePartsOf } from '../datadir.ts';
import { mkdirPrivate, readableByOthers } from '../private-files.ts';
import type { VerifyProblem } from '../api.ts';
import { AppError } from '../errors.ts';
import { seesEveryRow } from '../../db/need-to-know.ts';
import { defineHandlers } from '../context.ts';
import { yieldToEventLoop } from '../jobs.ts';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { countAudit, verifyAuditChain } from '../../db/audit.ts';
import { databaseIntegrity } from '../../db/integrity.ts';
import type { Store } from '../../db/store.ts';
import { allDocumentBlobs, countDocuments, countPendingOcr } from '../../db/documents.ts';
import { countRequests } from '../../db/requests.ts';
import { checkBlob } from '../documents/vault.ts';
import { APP_VERSION } from '../version.ts';

/** Make a backup and put it on the record. */
async function backupInto(ctx: CallContext, out: string, keep: number) {
  const r = await ctx.backups.make(out, keep);
  await ctx.store.write(ctx.actor, (w) =>
    w.audit({ action: 'app.backup', entity: 'backup', entityId: r.createdAt, after: { folder: r.folder, auditEntries: r.auditEntries, vaultFiles: r.vaultFiles, removedOld: r.removedOld.length } }),
  );
  return r;
}

async function overview(q: Reader, { dataDir, now, backups }: CallContext): Promise<BackupsOverview> {
  const s = await currentSettings(q);
  const folder = backupFolderOf(s, dataDir);
  const { mine: list, others } = describeBackups(folder, await workspaceOf(q));
  return {
    folder,
    isDefaultFolder: s.backupFolder === '',
    everyHours: s.backupEveryHours,
    keep: s.backupKeep,
    scheduled: backups.scheduled,
    nextDue: backups.scheduled ? (nextDue(list[0]?.createdAt ?? null, s.backupEveryHours, now())?.toISOString() ?? null) : null,
    lastScheduled: backups.lastScheduled(),
    backups: list,
    otherWorkspaces: others,
    // Both engines are backed up and restored here (a team workspace's backups are made of its rows).
    notHere: null,
  };
}

/** A folder backups can go to: absolute, writable, and not inside the vault. */
function checkBackupFolder(folder: string, dataDir: string): void {
  if (!path.isAbsolute(folder)) throw new AppError('BAD_INPUT', `folder: give a full path (${folder.slice(0, 200)} is relative).`);
  const rel = path.relative(filesDirIn(dataDir), folder);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) throw new AppError('BAD_INPUT', "folder: not inside Sunshine's store of files; pick another folder, ideally on another disk.");
  if (storeIsVault(folder, dataDir)) throw new AppError('BAD_INPUT', "folder: not the data folder itself (backups keep their own files/ beside them); pick its backups/ folder, or better a folder on another disk.");
  try {
    mkdirPrivate(folder);
    const probe = path.join(folder, `.sunshine-write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (e) {
    throw new AppError('BAD_INPUT', `folder: Sunshine cannot write to ${folder.slice(0, 300)} (${(e as NodeJS.ErrnoException).code ?? 'error'}); pick a folder you can write to. Nothing was changed.`);
  }
}

/** A backup of this workspace in its backup folder, by name. Only its own are offered here; another's (or one moved in by hand) goes through `sunshine restore FROM`. */
async function ownBackup(ctx: CallContext, backup: string): Promise<{ folder: string; createdAt: string }> {
  const dir = backupFolderOf(await currentSettings(ctx.store.engine), ctx.dataDir);
  const found = describeBackups(dir, await workspaceOf(ctx.store.engine)).mine.find((b) => b.name === backup);
  if (!found) throw new AppError('NOT_FOUND', `backup: there is no backup ${backup} of this workspace in the backup folder.`);
  return { folder: path.join(dir, backup), createdAt: found.createdAt };
}

export const appHandlers = defineHandlers({
  'app.backup': ({ out, keep }, ctx) => backupInto(ctx, out, keep ?? 0),

  'app.backups': (_input, ctx) => overview(ctx.store.engine, ctx),

  'app.backupNow': async (_input, ctx) => {
    const s = await currentSettings(ctx.store.engine);
    return backupInto(ctx, backupFolderOf(s, ctx.dataDir), s.backupKeep);
  },

  'app.setBackupFolder': async ({ folder }, ctx) => {
    const chosen = folder === '' ? '' : path.resolve(folder);
    if (chosen) checkBackupFolder(chosen, ctx.dataDir);
    await ctx.store.write(ctx.actor, async (w) => {
      // Read inside the write: another change of the folder may land while this one awaits.
      const current = (await currentSettings(w)).backupFolder;
      if (chosen !== current) await writeSetting(w, 'backupFolder', chosen, current);
    });
    return overview(ctx.store.engine, ctx);
  },

  'app.restorePreview': async ({ backup }, ctx) => {
    const { folder, createdAt } = await ownBackup(ctx, backup);
    return { backup, createdAt, forgotten: await previewRestore(folder, ctx.dataDir, ctx.store.engine, ctx.store.kind === 'sqlite' ? (ctx.store as Store).native : {}) };
  },

  'app.restore': async ({ backup }, ctx) => {
    // ctx.store is closed after this: the host opens the restored database and records the restore in it.
    const { folder, manifest, previous, forgotten } = await ctx.backups.restore(async () => (await ownBackup(ctx, backup)).folder, ctx.actor);
    return { restoredFrom: folder, createdAt: manifest.createdAt, schemaVersion: manifest.schemaVersion, previous, forgotten };
  },

  'app.status': async (_input, { store, dataDir, actor, login, role }) => {
    const open = readableByOthers(privatePartsOf(dataDir, backupFolderOf(await currentSettings(store.engine), dataDir)));
    return {
      version: APP_VERSION,
      dataDir,
      dbPath: store.where,
      schemaVersion: await store.schemaVersion(),
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      actor,
      team: login === null ? null : { login, role: await role() },
      counts: {
        auditEntries: await countAudit(store.engine),
        requests: await countRequests(store.engine),
        documents: await countDocuments(store.engine),
        ocrPending: await countPendingOcr(store.engine),
      },
      permissions: { ownerOnly: open.length === 0, readableByOthers: open, fix: open.length ? chmodAdvice(open.map((o) => o.path)) : null },
    };
  },

  'app.verify': async (_input, { store, dataDir, signal, progress }) => {
    // The chain is checked row by row; row-level security hides from a member the rows about
    // disclosures they are not granted (migration 25), so only an admin can check all of it.
    if (!(await seesEveryRow(store.engine))) {
      throw new AppError('FORBIDDEN', 'Verifying the workspace checks every row of the history, and only an admin sees every row: ask an admin of this team workspace to run it.');
    }
    const problems: VerifyProblem[] = [];
    progress({ done: 0, total: null, message: 'Checking the database' });
    const integrity = await databaseIntegrity(store.engine);
    for (const message of integrity.problems) problems.push({ check: 'database', message });
    const { checked, breaks, head } = await verifyAuditChain(store.engine, async (done, total) => {
      progress({ done, total, message: 'Checking the audit log' });
      await yieldToEventLoop();
      if (signal.aborted) throw new AppError('CANCELLED', 'Verification was cancelled; nothing was changed.');
    });
    for (const b of breaks) problems.push({ check: 'audit', seq: b.seq, message: b.message });
    // Every stored file, re-hashed: a file changed or gone from the vault is named.
    const blobs = await allDocumentBlobs(store.engine);
    for (const [i, b] of blobs.entries()) {
      const problem = await checkBlob(dataDir, b.sha256, b.size);
      if (problem) problems.push({ check: 'vault', documentId: b.id, message: `Document ${b.id} (${b.name}) ${problem}.` });
      if (i % 20 === 19 || i === blobs.length - 1) {
        progress({ done: i + 1, total: blobs.length, message: 'Checking stored files' });
        if (signal.aborted) throw new AppError('CANCELLED', 'Verification was cancelled; nothing was changed.');
      }
    }
    return {
      filesChecked: blobs.length,
      ok: problems.length === 0,
      databaseIntegrity: integrity.problems.length === 0 ? 'ok' : 'failed',
      databaseChecked: integrity.checked,
      auditEntriesChecked: checked,
      chainHead: head,
      problems,
    };
  },

  'jobs.cancel': ({ jobId }, { jobs }) => ({ cancelled: jobs.cancel(jobId) }),
});
