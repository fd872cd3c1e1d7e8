/** A ZIP archive's entries as documents of the archive's family (issue 17, part 1). */
import type { AddFile, ContainerJob, Opened } from './containers.ts';

export async function openArchive(_job: ContainerJob, _add: AddFile): Promise<Opened> {
  return { notes: ['the archive was stored; its entries are not opened yet'] };
}
