import { backup } from '../backups.ts';
import type { VerifyProblem } from '../api.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import { yieldToEventLoop } from '../jobs.ts';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index.ts';
import { countAudit, verifyAuditChain } from '../../db/audit.ts';
import { sqliteIntegrity } from '../../db/store.ts';
import { allDocumentBlobs, countDocuments, countPendingOcr } from '../../db/documents.ts';
import { countRequests } from '../../db/requests.ts';
import { checkBlob } from '../documents/vault.ts';
import { APP_VERSION } from '../version.ts';

export const appHandlers = defineHandlers({
  'app.backup': async ({ out, keep }, { store, actor, now }) => {
    const r = await backup(store, out, now(), keep ?? 0);
    store.write(actor, (w) => w.audit({ action: 'app.backup', entity: 'backup', entityId: r.createdAt, after: { folder: r.folder, auditEntries: r.auditEntries, vaultFiles: r.vaultFiles } }));
    return r;
  },

  'app.status': (_input, { store, dataDir, actor }) => ({
    version: APP_VERSION,
    dataDir,
    dbPath: store.file,
    schemaVersion: store.schemaVersion(),
    latestSchemaVersion: LATEST_SCHEMA_VERSION,
    actor,
    counts: {
      auditEntries: countAudit(store.db),
      requests: countRequests(store.db),
      documents: countDocuments(store.db),
      ocrPending: countPendingOcr(store.db),
    },
  }),

  'app.verify': async (_input, { store, dataDir, signal, progress }) => {
    const problems: VerifyProblem[] = [];
    progress({ done: 0, total: null, message: 'Checking the database file' });
    const sqlite = sqliteIntegrity(store.db);
    for (const message of sqlite) problems.push({ check: 'sqlite', message });
    const { checked, breaks, head } = await verifyAuditChain(store.db, async (done, total) => {
      progress({ done, total, message: 'Checking the audit log' });
      await yieldToEventLoop();
      if (signal.aborted) throw new AppError('CANCELLED', 'Verification was cancelled; nothing was changed.');
    });
    for (const b of breaks) problems.push({ check: 'audit', seq: b.seq, message: b.message });
    // Every stored file, re-hashed: a file changed or gone from the vault is named.
    const blobs = allDocumentBlobs(store.db);
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
      sqliteIntegrity: sqlite.length === 0 ? 'ok' : 'failed',
      auditEntriesChecked: checked,
      chainHead: head,
      problems,
    };
  },

  'jobs.cancel': ({ jobId }, { jobs }) => ({ cancelled: jobs.cancel(jobId) }),
});
