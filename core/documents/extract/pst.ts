/**
 * A PST/OST, read with pst-extractor: it reads through a file descriptor at the offsets its
 * B-trees name (fs.readSync in PSTFile.readSync), never the whole file into memory. Folders are
 * walked depth-first; each batch opens the file again and goes to its cursor (folder, index).
 */
import fs from 'node:fs';
import path from 'node:path';
import { FileProblem } from './types.ts';
import { BATCH_BYTES, checkOutDir, normalMessageId, type BatchMessage, type MailboxBatch, type MailboxBatchJob } from './mailbox-batch.ts';
import { pstMessageEml, type PstMessageLike } from './pst-eml.ts';

interface FolderLike {
  displayName: string;
  contentCount: number;
  hasSubfolders: boolean;
  getSubFolders(): FolderLike[];
  moveChildCursorTo(i: number): void;
  getNextChild(): unknown;
}

/** Every folder, depth-first, with its path below the root ("Inbox/ORR placements"). */
function* folders(root: FolderLike): Generator<{ folder: FolderLike; path: string }> {
  function* under(f: FolderLike, at: string[]): Generator<{ folder: FolderLike; path: string }> {
    if (!f.hasSubfolders) return;
    for (const sub of f.getSubFolders()) {
      // The store's own top folder ("Top of Personal Folders", "Top of Outlook data file") is no folder to a user.
      const named = at.length === 0 && /^Top of /i.test(sub.displayName) ? at : [...at, sub.displayName.replace(/\//g, '∕') || '(no name)'];
      yield { folder: sub, path: named.join('/') };
      yield* under(sub, named);
    }
  }
  yield { folder: root, path: '' };
  yield* under(root, []);
}

const isMessage = (o: unknown): o is PstMessageLike => typeof o === 'object' && o !== null && 'transportMessageHeaders' in o && 'numberOfAttachments' in o;

export async function readPstBatch(job: MailboxBatchJob['mailboxBatch']): Promise<MailboxBatch> {
  checkOutDir(job.outDir);
  const start = job.cursor && 'folder' in job.cursor ? job.cursor : { folder: 0, index: 0 };
  type Pst = { getRootFolder(): FolderLike; close(): void };
  // pst-extractor is CommonJS: under Node's ESM loader its exports may come as the default export.
  const mod = (await import('pst-extractor')) as unknown as { PSTFile?: new (file: string) => Pst; default?: { PSTFile: new (file: string) => Pst } };
  const PSTFile = (mod.PSTFile ?? mod.default?.PSTFile)!;
  let pst: Pst;
  try {
    pst = new PSTFile(job.file);
  } catch (e) {
    throw new FileProblem(`the Outlook data file (PST/OST) could not be opened: it may be damaged or truncated (${(e as Error).message.slice(0, 120)})`);
  }
  const messages: BatchMessage[] = [];
  let written = 0;
  try {
    let ordinal = -1;
    for (const { folder, path: folderPath } of folders(pst.getRootFolder())) {
      ordinal++;
      if (ordinal < start.folder || folder.contentCount <= 0) continue;
      let index = ordinal === start.folder ? start.index : 0;
      folder.moveChildCursorTo(index);
      for (;;) {
        if (messages.length >= job.max || written >= BATCH_BYTES) return { messages, next: { folder: ordinal, index } };
        let child: unknown;
        try {
          child = folder.getNextChild();
        } catch (e) {
          messages.push({ folder: folderPath, index: index + 1, problem: `could not be read (${(e as Error).message.slice(0, 120)})` });
          folder.moveChildCursorTo(++index);
          continue;
        }
        if (child === null || child === undefined) break;
        // pst-extractor skips items it cannot load (logging them only); its own cursor says where it now is,
        // and the places it passed over are reported as messages that could not be read.
        const at = (folder as { currentEmailIndex?: unknown }).currentEmailIndex;
        const now = typeof at === 'number' && at > index ? at : index + 1;
        for (let skipped = index + 1; skipped < now; skipped++) messages.push({ folder: folderPath, index: skipped, problem: 'could not be read (the PST item is damaged)' });
        index = now;
        if (!isMessage(child)) continue;
        try {
          const notes: string[] = [];
          const eml = pstMessageEml(child, job.maxMessageBytes, notes);
          if (eml.length > job.maxMessageBytes) {
            messages.push({ folder: folderPath, index, problem: `is over the ${Math.round(job.maxMessageBytes / 1024 / 1024)} MB limit for one message` });
            continue;
          }
          const file = path.join(job.outDir, `${messages.length + 1}-${ordinal}-${index}.eml`);
          fs.writeFileSync(file, eml, { mode: 0o600, flag: 'wx' });
          written += eml.length;
          const messageId = normalMessageId(child.internetMessageId || /^message-id:[ \t]*(.*)$/im.exec(child.transportMessageHeaders ?? '')?.[1]);
          messages.push({ folder: folderPath, index, file, ...(messageId ? { messageId } : {}), ...(notes.length ? { notes } : {}) });
        } catch (e) {
          messages.push({ folder: folderPath, index, problem: `could not be read (${(e as Error).message.slice(0, 120)})` });
        }
      }
    }
    return { messages, next: null };
  } catch (e) {
    for (const m of messages) if (m.file) fs.rmSync(m.file, { force: true });
    throw new FileProblem(`the Outlook data file (PST/OST) could not be read further: it may be damaged (${(e as Error)?.message?.slice(0, 120) ?? String(e)})`);
  } finally {
    pst.close();
  }
}
