/**
 * A team workspace keeps its stored files in a shared folder (--files) that is not always there:
 * a network drive that is not connected leaves its mount point as an empty local folder, or none
 * at all. Writing there would put the team's files on this computer only, where nobody else finds
 * them, so an import first checks that the folder is the workspace's own: it is reachable and
 * writable, and it holds the stored file of the document added last (a workspace with no
 * documents yet takes any folder). A data folder needs no such check: its database is in it.
 */
import fs from 'node:fs';
import type { WorkspaceStore } from '../../db/audited-write.ts';
import { newestDocumentBlob } from '../../db/documents.ts';
import { filesDirIn } from '../datadir.ts';
import { AppError } from '../errors.ts';
import { blobPath } from './vault.ts';

export async function checkTeamFiles(store: WorkspaceStore, dataDir: string): Promise<void> {
  if (store.kind !== 'postgres') return;
  const unreachable = (why: string) =>
    new AppError('BAD_INPUT', `The team folder for stored files, ${dataDir.slice(0, 300)}, ${why}: is the shared drive connected, and is it the folder this team workspace was opened with (--files)? Nothing was imported.`);
  try {
    fs.accessSync(filesDirIn(dataDir), fs.constants.W_OK);
  } catch (e) {
    throw unreachable(`cannot be written to (${(e as NodeJS.ErrnoException).code ?? 'not reachable'})`);
  }
  const newest = await newestDocumentBlob(store.engine);
  if (newest && !fs.existsSync(blobPath(dataDir, newest.sha256))) {
    throw unreachable(`does not hold the team's stored files (the file of ${newest.name.slice(0, 120)} is not there)`);
  }
}
