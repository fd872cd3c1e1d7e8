/**
 * A mailbox (mbox, PST/OST) read a batch of messages at a time, in the file reader's helper: each
 * message is written as an RFC 822 .eml file into a private folder the app gave, and the app then
 * imports those like any email. The app keeps the cursor, so a mailbox of any size is read in
 * bounded steps, each under the pool's time and memory limits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { emailIds } from '../../shared/message-id.ts';

/**
 * Where a batch starts: in an mbox, the byte offset of a message's separator line and how many
 * messages came before it; in a PST, a folder (its place in depth-first order) and a message's
 * place within that folder.
 */
export type MailboxCursor = { offset: number; index: number } | { folder: number; index: number };

export interface MailboxBatchJob {
  mailboxBatch: {
    file: string;
    kind: 'mbox' | 'pst';
    cursor: MailboxCursor | null;
    /** Messages in one batch. */
    max: number;
    /** The largest message taken; a larger one is reported, not written. */
    maxMessageBytes: number;
    /** A private folder (inside the vault's temporary one) the messages are written into. */
    outDir: string;
  };
}

export interface BatchMessage {
  /** The .eml written into outDir (absent when the message could not be read: see problem). */
  file?: string;
  /** Its folder in the mailbox ("Inbox/ORR placements"); '' for an mbox (the app names it). */
  folder: string;
  /** Its place in the folder, from 1, for reports. */
  index: number;
  /** Its Message-ID as threading compares them (lower case, no brackets), when it has one. */
  messageId?: string;
  /** Why it could not be read. */
  problem?: string;
  /** What was left out of it (an attachment over the size limit). */
  notes?: string[];
}

export interface MailboxBatch {
  messages: BatchMessage[];
  /** Where the next batch starts; null when the mailbox has been read to its end. */
  next: MailboxCursor | null;
}

/** Messages go only into a folder directly under the vault's own temporary one, which the app made. */
export function checkOutDir(outDir: string): void {
  if (path.basename(path.dirname(path.resolve(outDir))) !== 'tmp' || !fs.statSync(outDir).isDirectory()) {
    throw new Error('the mailbox batch was given no private folder to write into');
  }
}

/** A batch stops at this many bytes of messages written, so one job stays well inside its time limit. */
export const BATCH_BYTES = 64 * 1024 * 1024;

/** A message's Message-ID header as threading compares it (the first id when it holds several). */
export const normalMessageId = (raw: string | undefined): string | undefined => emailIds({ messageId: raw }).messageId;
