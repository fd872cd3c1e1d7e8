/**
 * A mailbox's messages (PST/OST, mbox) as documents of their own (issue 17, part 5): the file
 * reader's helper writes a batch of messages as .eml files into a private scratch folder, and each
 * is brought in by import's own `add` — so it is read as any email (dates, participants, body,
 * attachments as its family), filed with its mailbox and folder, and not in the mailbox's family
 * (a mailbox's 100,000 messages must not become one family). The report lists only the messages
 * that failed or were already here, with counts: not a line per message.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileReport } from '../api.ts';
import { MIME } from './sniff.ts';
import { scratchDir } from './vault.ts';
import { markNotRead } from '../../db/documents.ts';
import type { AddFile, ContainerJob, Opened } from './containers.ts';
import type { MailboxCursor } from './extract/mailbox-batch.ts';

/** Messages per helper job: enough to keep the helper busy, few enough to cancel soon. */
const BATCH = 200;
/** Progress is told this often (in messages), not for every one. */
const TELL_EVERY = 25;

/** A message's report is listed when it, or something it carried, did not simply go in. */
const worthListing = (r: FileReport): boolean => r.status !== 'added' || (r.attachments ?? []).some(worthListing);
/** Documents a report stands for that were added: the message and what it carried. */
const addedIn = (r: FileReport): number => (r.status === 'added' ? 1 : 0) + (r.attachments ?? []).reduce((n, a) => n + addedIn(a), 0);

export async function openMailbox(job: ContainerJob, add: AddFile): Promise<Opened> {
  const { ctx } = job;
  const kind: 'pst' | 'mbox' = job.kind.mime === MIME.pst ? 'pst' : 'mbox';
  const name = path.basename(job.label.split(' › ').at(-1) ?? job.label);
  // An mbox is one folder: it takes the mailbox file's own name ("ORR placements.mbox" → "ORR placements").
  const mboxFolder = name.replace(/\.(mbox|mbx|mbs)$/i, '') || name;
  const listed: FileReport[] = [];
  const notes: string[] = [];
  let read = 0;
  let added = 0;
  let notRead: string | undefined;
  // Owner-only, inside the vault's temporary folder (swept after a day should the app die mid-import).
  const outDir = fs.mkdtempSync(path.join(scratchDir(ctx.dataDir), 'mailbox-'));
  fs.chmodSync(outDir, 0o700);

  /** One message's .eml in, as an email of its own filed with its mailbox and folder; its file then goes. */
  async function bringIn(file: string, label: string, folder: string, index: number, messageId: string | undefined): Promise<FileReport> {
    try {
      return await add(fs.readFileSync(file), label, `${folder ? `${folder.split('/').at(-1)} ` : ''}message ${index}.eml`, {
        parentId: null,
        depth: job.depth + 1,
        parentDate: null,
        containerId: job.documentId,
        folder,
        messageId,
      });
    } catch (e) {
      return { path: label, status: 'failed', error: (e as Error).message };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
  try {
    let cursor: MailboxCursor | null = null;
    do {
      if (ctx.signal.aborted) break;
      let batch;
      try {
        batch = await ctx.pool.run({
          mailboxBatch: { file: job.file, kind, cursor, max: BATCH, maxMessageBytes: job.limits.maxAttachmentBytes, outDir },
        });
      } catch (e) {
        if (ctx.signal.aborted) break;
        if (read) notes.push(`the mailbox could not be read past message ${read}: ${(e as Error).message}`);
        else {
          // Nothing in it could be read: the mailbox stays stored, listed as not read, with why.
          notRead = `its messages could not be read: ${(e as Error).message}`;
          notes.push(`the mailbox's messages could not be read: ${(e as Error).message}`);
          await ctx.store.write(ctx.actor, (w) => markNotRead(w, job.documentId, notRead!));
        }
        break;
      }
      // Messages are brought in two per reader at once, as import does files: while one is read, another is written.
      const messages = batch.messages;
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < messages.length && !ctx.signal.aborted) {
          // Cancelled between messages: the ones not yet brought in go with the scratch folder.
          const m = messages[next++]!;
          const folder = m.folder || (kind === 'mbox' ? mboxFolder : '');
          const label = `${job.label} › ${folder ? `${folder} › ` : ''}message ${m.index}`;
          const report = m.file ? await bringIn(m.file, label, folder, m.index, m.messageId) : { path: label, status: 'failed' as const, error: m.problem ?? 'could not be read' };
          // One cut short by a cancel is neither read nor reported.
          if (ctx.signal.aborted && report.status === 'failed') return;
          read++;
          if (m.notes?.length) report.notes = [...(report.notes ?? []), ...m.notes];
          added += addedIn(report);
          if (worthListing(report)) listed.push(report);
          if (read % TELL_EVERY === 0) ctx.progress({ done: read, total: null, message: `${name}: ${read} messages` });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, ctx.pool.size) * 2 }, lane));
      cursor = batch.next;
    } while (cursor);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  ctx.progress({ done: read, total: null, message: `${name}: ${read} messages` });
  if (ctx.signal.aborted) notes.push(`the import was cancelled after ${read} messages`);
  else if (!read && !notes.length) notes.push(kind === 'mbox' ? 'no messages were found in it (no line like "From sender Mon Mar  3 09:15:00 2025" starts one)' : 'no messages were found in it');
  return { messages: listed, messageCount: read, addedInside: added, notes, ...(notRead ? { notRead } : {}) };
}
