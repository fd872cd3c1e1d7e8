/**
 * A ZIP archive's entries as documents of the archive's family (issue 17, part 1). The file reader's
 * helper unpacks the stored archive into a private folder under the vault's temporary one
 * (extract/unpack-archive.ts); each file is then brought in like any other, its path inside kept in
 * its label ("release3.zip › Sponsors › 2021 › list.xlsx"), and the folder removed whatever happens.
 * A ZIP inside is opened in turn, to MAX_ARCHIVE_DEPTH, all of them within one budget of unpacked
 * bytes: that of the outermost archive.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileReport } from '../api.ts';
import type { AddFile, ArchiveBudget, ContainerJob, Opened } from './containers.ts';
import { scratchDir } from './vault.ts';
import { DEFAULT_ZIP_LIMITS } from './zip-entries.ts';
import type { Unpacked } from './extract/unpack-archive.ts';

/** Archives inside archives (or attachments) deeper than this are stored, not opened. */
export const MAX_ARCHIVE_DEPTH = 5;

export async function openArchive(job: ContainerJob, add: AddFile): Promise<Opened> {
  if (job.depth >= MAX_ARCHIVE_DEPTH) {
    return { notes: [`archives nested more than ${MAX_ARCHIVE_DEPTH} levels deep are stored, not opened (a likely ZIP bomb); unpack it yourself to read it`] };
  }
  const limits = { ...DEFAULT_ZIP_LIMITS, ...job.limits.archive };
  const budget: ArchiveBudget = job.at.archiveBudget ?? { left: limits.maxTotalBytes, turn: Promise.resolve() };
  const outDir = fs.mkdtempSync(path.join(scratchDir(job.ctx.dataDir), 'archive-'));
  try {
    fs.chmodSync(outDir, 0o700);
    let unpacked: Unpacked;
    try {
      // One at a time within the budget, so that two archives inside never both count on the same bytes.
      const run = budget.turn.then(async () => {
        const done = await job.ctx.pool.run({ unpackArchive: { file: job.file, outDir, limits, budget: budget.left } });
        budget.left -= done.bytes;
        return done;
      });
      budget.turn = run.catch(() => undefined);
      unpacked = await run;
    } catch (e) {
      // The helper stopped (out of time or memory): the archive stays stored, as received.
      if (job.ctx.signal.aborted) throw e;
      return { notes: [`its entries could not be unpacked: ${(e as Error).message}`] };
    }
    const labelOf = (parts: string[]) => [job.label, ...parts].join(' › ');
    const entries: FileReport[] = unpacked.refused.map((r) => ({ path: labelOf(r.parts), status: r.status, error: r.error }));
    const at = { parentId: job.documentId, depth: job.depth + 1, parentDate: job.docDate, archiveBudget: budget };
    // Entries come in as a folder's files do: two per reader in flight, so no reader waits.
    let next = 0;
    const lane = async () => {
      while (next < unpacked.entries.length) {
        const entry = unpacked.entries[next++]!;
        try {
          entries.push(await add(entry.file, labelOf(entry.parts), entry.parts.at(-1)!, at));
        } finally {
          // Each entry's copy goes once it is in the vault: the folder never holds the whole archive twice over.
          fs.rmSync(entry.file, { force: true });
        }
      }
    };
    // Every lane stopped before the folder goes (a cancel stops them all), then the first error, if any.
    const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, job.ctx.pool.size) * 2 }, lane));
    const failed = lanes.find((l) => l.status === 'rejected');
    if (failed) throw failed.reason;
    // By their path inside, refused ones among the others.
    entries.sort((a, b) => a.path.localeCompare(b.path));
    return { entries, notes: unpacked.notes };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
