/** A mailbox's messages (PST/OST, mbox) as documents of their own (issue 17, part 5). */
import type { AddFile, ContainerJob, Opened } from './containers.ts';

export async function openMailbox(_job: ContainerJob, _add: AddFile): Promise<Opened> {
  return { notes: ['the mailbox was stored; its messages are not read yet'] };
}
