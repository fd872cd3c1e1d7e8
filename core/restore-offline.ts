/**
 * `sunshine restore`: a restore with no app running (into a data folder), or from the command line
 * into a team workspace (one transaction on its server, whoever else has it open). Everything a restore from the app keeps —
 * this machine's own settings, the history entry — is kept here too; the command line only
 * names the backup and the data folder.
 */
import fs from 'node:fs';
import { openRawDb } from '../db/store.ts';
import { SqliteEngine } from '../db/engine.ts';
import { restore, type BackupManifest } from './backups.ts';
import type { Forgotten } from './bates-ledger.ts';
import { currentSettings, keepSettings, settingsToKeep } from './handlers/settings.ts';
import { dbPathIn } from './datadir.ts';
import { openWorkspaceStore } from './store-open.ts';
import { restoreIntoTeam } from './restore-team.ts';
import type { Core } from './core.ts';

/** This machine's own settings in the database about to be replaced: none when there is none yet, or it is too damaged to read (what a restore is for). */
async function keptFrom(file: string): Promise<Record<string, unknown>> {
  if (!fs.existsSync(file)) return {};
  try {
    const db = openRawDb(file, {}, true);
    try {
      return await settingsToKeep(new SqliteEngine(db));
    } finally {
      db.close();
    }
  } catch {
    return {};
  }
}

export async function restoreClosedWorkspace(
  from: string,
  dataDir: string,
  /** Told what the restore will forget (productions made since the backup), once all is checked and before the swap. */
  before: (forgotten: Forgotten) => void = () => {},
): Promise<{ manifest: BackupManifest; previous: string | null; recorded: boolean; forgotten: Forgotten }> {
  const kept = await keptFrom(dbPathIn(dataDir));
  return restore(
    from,
    dataDir,
    new Date(),
    (f) => openWorkspaceStore(f),
    {},
    async (restored, { manifest, previous }) =>
      restored.write(String(kept.userName ?? (await currentSettings(restored.engine)).userName), async (w) => {
        await w.audit({ action: 'app.restore', entity: 'backup', entityId: manifest.createdAt, after: { from, previous } });
        await keepSettings(w, kept);
      }),
    before,
  );
}

/** `sunshine --database URL --files DIR restore FROM`: into the team workspace `core` has open; the workspace as it was is kept as a backup in its backup folder. */
export async function restoreTeamWorkspace(
  from: string,
  core: Core,
  before: (forgotten: Forgotten) => void = () => {},
): Promise<{ manifest: BackupManifest; previous: string; recorded: boolean; forgotten: Forgotten }> {
  const store = core.workspace;
  const actor = (await currentSettings(store.engine)).userName;
  return { ...(await restoreIntoTeam(from, store, core.dataDir, { now: new Date(), actor, before })), recorded: true };
}
