/**
 * Files that hold other files: a ZIP archive (its entries become documents in the archive's
 * family) and a mailbox, PST/OST or mbox (its messages become documents of their own, each with the
 * mailbox and folder it came from). Import (ingest.ts) stores the container like any file, then
 * opens it here; every file found inside goes through the same `add` as a file picked by the user.
 */
import type { FileReport } from '../api.ts';
import type { Kind } from './sniff.ts';
import type { ExtractLimits } from './extract/types.ts';
import type { IngestContext } from './ingest.ts';
import { openArchive } from './archive-import.ts';
import { openMailbox } from './mailbox-import.ts';

/** Where a file found inside another goes. */
export interface Placement {
  /** Its family parent: the email that carried it, the archive that held it. */
  parentId: number | null;
  /** How deep in families and archives it was found (0: picked by the user). */
  depth: number;
  /** The date it takes when it has none of its own (an attachment is as old as its email). */
  parentDate: string | null;
  /** A message's mailbox document, and the folder it was filed in. */
  containerId?: number;
  folder?: string;
  /** A mailbox message's Message-ID (normalized): the same email from another mailbox is a duplicate of it. */
  messageId?: string;
  /** What the outermost archive it came from may still unpack, shared by the archives inside it. */
  archiveBudget?: ArchiveBudget;
}

/** Bytes left to unpack, and the archive unpacking now: archives sharing a budget unpack one at a time. */
export interface ArchiveBudget {
  left: number;
  turn: Promise<unknown>;
}

/** Bring one file in (from a path, or bytes) and report on it, as import does for every file. */
export type AddFile = (source: string | Buffer, label: string, name: string, at: Placement) => Promise<FileReport>;

export interface ContainerJob {
  ctx: IngestContext;
  /** The container, as stored in the vault. */
  file: string;
  kind: Kind;
  /** As shown in reports and paths: "release3.zip", "mail.eml › release3.zip". */
  label: string;
  documentId: number;
  depth: number;
  docDate: string | null;
  limits: ExtractLimits;
  /** Where the container itself was placed. */
  at: Placement;
}

export interface Opened {
  /** Entries of an archive (FileReport.attachments). */
  entries?: FileReport[];
  /** Messages of a mailbox that failed or were already here (FileReport.messages). */
  messages?: FileReport[];
  /** How many messages were read from a mailbox (FileReport.messageCount). */
  messageCount?: number;
  /** Documents added from inside that are not listed: messages and their attachments. */
  addedInside?: number;
  /** Nothing inside could be read: why (the container is then stored, not read: FileReport.notRead). */
  notRead?: string;
  notes?: string[];
}

/** Open a stored container and bring in what it holds; nothing for any other kind. */
export async function openContainer(job: ContainerJob, add: AddFile): Promise<Opened> {
  if (job.kind.type === 'archive') return openArchive(job, add);
  if (job.kind.type === 'mailbox') return openMailbox(job, add);
  return {};
}
