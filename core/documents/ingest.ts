/**
 * Bringing files in: walk the paths (folders recursively), store each file
 * once in the vault, read its text in a helper process, and write the document, its
 * pages and links in one transaction — so a file is either fully in or not at
 * all, and one bad file never stops the batch. Email attachments become child
 * documents of their email (a family).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentImportReport, FileReport } from '../api.ts';
import { AppError } from '../errors.ts';
import type { Progress } from '../contract.ts';
import type { Writer, WorkspaceStore } from '../../db/store.ts';
import { documentByMessageId, documentBySha, insertDocument, linkDocument, recordDuplicate, type DocumentRow } from '../../db/documents.ts';
import { linkDocumentToDisclosure } from '../../db/disclosures.ts';
import { MIME, safeName, sniff, type Kind } from './sniff.ts';
import { openContainer, type Placement } from './containers.ts';
import { rethread } from './threads.ts';
import { m0023 } from '../../db/migrations/0023_file_formats.ts';
import { DEFAULT_MAX_FILE_BYTES, commit, discard, dropBlob, stage, blobPath, scratchDir, type Staged } from './vault.ts';
import { checkTeamFiles } from './team-files.ts';
import { dropUpload, findUpload } from './uploads.ts';
import { DEFAULT_LIMITS, isoDate, type ExtractLimits, type Extracted } from './extract/types.ts';
import type { ExtractPool } from './extract-pool.ts';
import type { WalkGuard } from './import-roots.ts';

export interface IngestContext {
  store: WorkspaceStore;
  dataDir: string;
  actor: string;
  pool: ExtractPool;
  signal: AbortSignal;
  progress(p: Progress): void;
}

export interface IngestOptions {
  paths: string[];
  /** Leaves entries out of folder walks, each with its line in the report (imports from a window: see import-roots.ts). */
  guard?: WalkGuard;
  /** Files a browser sent (see uploads.ts), removed once the import is over. */
  uploads?: string[];
  request?: { id: number; reference: string };
  disclosure?: { id: number; reference: string };
  /** Where the files came from, as the user names it ('' when not named). */
  source?: string;
  maxFileBytes?: number;
  limits?: ExtractLimits;
}

const MAX_FAMILY_DEPTH = 3;

/** Every regular file under the given paths; links and special files are reported, not followed. */
function* walk(paths: string[], skipped: FileReport[], guard: WalkGuard | undefined): Generator<string> {
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      skipped.push({ path: p, status: 'failed', error: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      continue;
    }
    if (st.isSymbolicLink()) skipped.push({ path: p, status: 'skipped', error: 'is a symbolic link; links are not followed' });
    else if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(p).sort();
      } catch (e) {
        skipped.push({ path: p, status: 'failed', error: `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
        continue;
      }
      const kept = entries.flatMap((e) => {
        const file = path.join(p, e);
        const why = guard?.(file, e);
        if (why) skipped.push({ path: file, status: 'skipped', error: why });
        return why ? [] : [file];
      });
      yield* walk(kept, skipped, guard);
    } else if (st.isFile()) yield p;
    else skipped.push({ path: p, status: 'skipped', error: 'is not a regular file' });
  }
}

export async function ingest(ctx: IngestContext, opts: IngestOptions): Promise<DocumentImportReport> {
  await checkTeamFiles(ctx.store, ctx.dataDir);
  const skipped: FileReport[] = [];
  const files: { file: string; label: string; name: string }[] = [...walk(opts.paths.map((p) => path.resolve(p)), skipped, opts.guard)].map((file) => ({
    file,
    label: file,
    name: safeName(path.basename(file)),
  }));
  for (const id of opts.uploads ?? []) {
    try {
      files.push(findUpload(ctx.dataDir, id));
    } catch (e) {
      skipped.push({ path: `upload ${id.slice(0, 40)}`, status: 'failed', error: (e as Error).message });
    }
  }
  try {
    return await ingestFiles(ctx, opts, files, skipped);
  } finally {
    for (const id of opts.uploads ?? []) dropUpload(ctx.dataDir, id);
  }
}

async function ingestFiles(ctx: IngestContext, opts: IngestOptions, files: { file: string; label: string; name: string }[], skipped: FileReport[]): Promise<DocumentImportReport> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // A workspace still being brought up to date (before migration 23) has no columns for email ids
  // and threads: its emails are written without them (as that version wrote them).
  const threads = (await ctx.store.schemaVersion()) >= m0023.version;
  const reports: FileReport[] = [...skipped];
  let pagesDone = 0;
  let cancelled = false;
  const inflight = new Map<string, Promise<void>>();
  const settles = new Map<string, () => void>();
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    const r = turn.then(fn);
    turn = r.catch(() => undefined);
    return r;
  };

  /** The request and disclosure the files answer, linked to a document (new or already here). */
  async function linkAsked(w: Writer, documentId: number): Promise<void> {
    if (opts.request) await linkDocument(w, documentId, opts.request.id, opts.request.reference);
    if (opts.disclosure) await linkDocumentToDisclosure(w, documentId, opts.disclosure.id, opts.disclosure.reference);
  }

  /** The same bytes arrived again: the name they came under and the links asked for go on the document that has them. */
  async function addArrival(w: Writer, existing: DocumentRow, label: string, name: string): Promise<void> {
    await recordDuplicate(w, existing.id, name, label, opts.source ?? '');
    await linkAsked(w, existing.id);
  }

  const duplicateReport = (existing: DocumentRow, label: string, sha256: string): FileReport => ({
    path: label,
    status: 'duplicate',
    documentId: existing.id,
    sha256,
    duplicateOf: existing.name,
    pages: existing.page_count,
  });

  /** A file the reader derived (a spreadsheet's cell grid) into the vault; its hash. */
  async function storeDerived(file: string): Promise<{ sha256: string; size: number } | undefined> {
    // The reader names the file; only one in the vault's own temporary folder is taken (or removed).
    if (path.dirname(path.resolve(file)) !== path.resolve(scratchDir(ctx.dataDir))) return undefined;
    try {
      const staged = await stage(ctx.dataDir, file, Number.MAX_SAFE_INTEGER, ctx.signal);
      commit(ctx.dataDir, staged);
      return { sha256: staged.sha256, size: staged.size };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** One file (or attachment, or a file found in an archive or mailbox) in; returns its report. */
  async function one(source: string | Buffer, label: string, name: string, at: Placement): Promise<FileReport> {
    const report: FileReport = { path: label, status: 'failed' };
    if (typeof source === 'string') {
      const size = fs.statSync(source).size;
      if (size === 0) return { ...report, error: 'is empty (0 bytes)' };
      if (size > maxBytes) return { ...report, error: `is ${Math.round(size / 1024 / 1024)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB limit for one file` };
    } else if (source.length === 0) return { ...report, error: 'is empty (0 bytes)' };
    // The same email from another mailbox (its bytes may differ): a duplicate, not read again.
    const sameEmail = at.messageId ? await documentByMessageId(ctx.store.engine, at.messageId) : undefined;
    if (sameEmail) {
      await ctx.store.write(ctx.actor, (w) => addArrival(w, sameEmail, label, name));
      return duplicateReport(sameEmail, label, sameEmail.sha256);
    }

    // Staging and the duplicate check take turns in file order, so of identical files the
    // first keeps the name; reading text (the slow part) then runs in parallel lanes.
    type Claim = { error: FileReport } | { staged: Staged; owner?: Promise<void> };
    const claim: Claim = await inTurn(async () => {
      let staged: Staged;
      try {
        staged = await stage(ctx.dataDir, source, maxBytes, ctx.signal);
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        return { error: { ...report, error: e instanceof AppError ? `is ${e.message}` : `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` } };
      }
      const owner = inflight.get(staged.sha256);
      if (!owner && !(await documentBySha(ctx.store.engine, staged.sha256))) {
        let settle!: () => void;
        inflight.set(staged.sha256, new Promise<void>((resolve) => (settle = resolve)));
        settles.set(staged.sha256, settle);
        return { staged };
      }
      return { staged, owner: owner ?? Promise.resolve() };
    });
    if ('error' in claim) return claim.error;
    const { staged } = claim;
    if (claim.owner) {
      await claim.owner;
      const existing = await documentBySha(ctx.store.engine, staged.sha256);
      discard(staged);
      if (!existing) return { ...report, sha256: staged.sha256, error: 'could not be read (the same file failed just before)' };
      await ctx.store.write(ctx.actor, (w) => addArrival(w, existing, label, name));
      return duplicateReport(existing, label, staged.sha256);
    }
    try {
      return await store(staged, report, source, label, name, at);
    } finally {
      inflight.delete(staged.sha256);
      settles.get(staged.sha256)?.();
      settles.delete(staged.sha256);
    }
  }

  async function store(
    staged: Staged,
    report: FileReport,
    source: string | Buffer,
    label: string,
    name: string,
    at: Placement,
  ): Promise<FileReport> {
    const { parentId, depth, parentDate } = at;
    const sniffed = sniff(staged.head, name);
    commit(ctx.dataDir, staged);
    let extracted: Extracted;
    if (!sniffed) {
      // Nothing received is dropped: a kind with no reader is kept as it came, found by its name.
      extracted = { pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [], notRead: 'not a kind of file Sunshine reads; stored as received' };
    } else {
      try {
        extracted = await ctx.pool.run({ file: blobPath(ctx.dataDir, staged.sha256), type: sniffed.type, limits, scratchDir: scratchDir(ctx.dataDir) });
      } catch (e) {
        dropBlob(ctx.dataDir, staged.sha256);
        return { ...report, sha256: staged.sha256, error: (e as Error).message };
      }
    }
    // What the reader found inside settles what sniffing guessed (an OLE file read as a .doc).
    const kind: Kind = extracted.kind ?? (sniffed && sniffed.type !== 'ole' ? { type: sniffed.type, mime: sniffed.mime } : { type: 'other', mime: sniffed?.mime ?? MIME.other });
    const grid = extracted.gridFile ? await storeDerived(extracted.gridFile) : undefined;
    const fileDate = typeof source === 'string' ? fs.statSync(source).mtime.toISOString() : null;
    // The document's own date, as a UTC instant (what sorting and date filters use). The file's
    // modified time is not one: a file saved or unpacked on import day would seem written that day.
    // An attachment without a date of its own is as old as the email that carried it.
    const docDate = isoDate(extracted.meta.emailDate) ?? extracted.meta.created ?? parentDate;
    const written = await ctx.store.write(ctx.actor, async (w) => {
      // Checked again here, under the write lock: another import (another window, another
      // Sunshine on this workspace) may have added the same file while this one was being read.
      const existing = (await documentBySha(w, staged.sha256)) ?? (at.messageId ? await documentByMessageId(w, at.messageId) : undefined);
      if (existing) {
        await addArrival(w, existing, label, name);
        return { existing };
      }
      const docId = await insertDocument(w, {
        sha256: staged.sha256,
        size: staged.size,
        type: kind.type,
        mime: kind.mime,
        name,
        path: label,
        source: opts.source ?? '',
        fileDate,
        docDate,
        parentId,
        title: extracted.meta.title ?? null,
        emailFrom: extracted.meta.emailFrom ?? null,
        emailTo: extracted.meta.emailTo ?? null,
        emailCc: extracted.meta.emailCc ?? null,
        emailDate: extracted.meta.emailDate ?? null,
        emailSubject: extracted.meta.emailSubject ?? null,
        pages: extracted.pages,
        ocrPages: extracted.ocrPages,
        formats: {
          ...(threads ? { messageId: extracted.meta.messageId ?? at.messageId, inReplyTo: extracted.meta.inReplyTo, references: extracted.meta.references } : {}),
          containerId: at.containerId,
          folder: at.folder,
          notRead: extracted.notRead,
          gridSha256: grid?.sha256,
          gridSize: grid?.size,
        },
      });
      await linkAsked(w, docId);
      return { id: docId };
    });
    // Its stored file is the same bytes as the document already here: the vault keeps one copy for both.
    // (The same email by Message-ID in other bytes: those bytes are no document's, and go.)
    if (written.existing) {
      if (written.existing.sha256 !== staged.sha256) dropBlob(ctx.dataDir, staged.sha256);
      return duplicateReport(written.existing, label, staged.sha256);
    }
    const id = written.id;
    // A file not read, or a mailbox (its messages are documents of their own), is stored with one
    // empty page to hang its name on: no page of text to count.
    const pages = extracted.notRead || kind.type === 'mailbox' ? 0 : extracted.pages.length;
    pagesDone += pages;
    const done: FileReport = {
      path: label,
      status: 'added',
      documentId: id,
      sha256: staged.sha256,
      type: kind.type,
      pages,
      ocrPages: extracted.ocrPages.length,
      ...(extracted.notes.length ? { notes: extracted.notes } : {}),
      ...(extracted.notRead ? { notRead: extracted.notRead } : {}),
    };
    if (extracted.attachments.length) {
      done.attachments = [];
      for (const a of extracted.attachments) {
        const childName = safeName(a.name);
        done.attachments.push(
          depth >= MAX_FAMILY_DEPTH
            ? { path: `${label} › ${childName}`, status: 'skipped', error: 'attachments nested this deep are not opened' }
            : await one(Buffer.from(a.data), `${label} › ${childName}`, childName, { parentId: id, depth: depth + 1, parentDate: docDate }),
        );
      }
    }
    const opened = await openContainer({ ctx, file: blobPath(ctx.dataDir, staged.sha256), kind, label, documentId: id, depth, docDate, limits, at }, one);
    if (opened.entries) done.attachments = [...(done.attachments ?? []), ...opened.entries];
    if (opened.messages) done.messages = opened.messages;
    if (opened.messageCount !== undefined) done.messageCount = opened.messageCount;
    if (opened.addedInside) done.addedInside = opened.addedInside;
    if (opened.notRead) done.notRead = opened.notRead;
    if (opened.notes?.length) done.notes = [...(done.notes ?? []), ...opened.notes];
    return done;
  }

  // Files are read by the pool's helper processes, the reports kept in file order.
  const results: FileReport[] = new Array(files.length);
  let next = 0;
  let finished = 0;
  async function lane(): Promise<void> {
    while (next < files.length) {
      if (ctx.signal.aborted) {
        cancelled = true;
        return;
      }
      const i = next++;
      const { file, label, name } = files[i]!;
      try {
        results[i] = await one(file, label, name, { parentId: null, depth: 0, parentDate: null });
      } catch (e) {
        if (ctx.signal.aborted) {
          cancelled = true;
          return;
        }
        results[i] = { path: label, status: 'failed', error: (e as Error).message };
      }
      finished++;
      ctx.progress({ done: finished, total: files.length, message: `${name} (${pagesDone} pages so far)` });
    }
  }
  // Two files per reader in flight: while one is read, the other is staged or written,
  // so no reader waits on the main thread. (Memory: at most that many files' text at once.)
  await Promise.all(Array.from({ length: Math.max(1, ctx.pool.size) * 2 }, lane));
  reports.push(...results.filter(Boolean));
  ctx.progress({ done: files.length, total: files.length, message: `${pagesDone} pages` });
  const flat = (list: FileReport[]): FileReport[] => list.flatMap((r) => [r, ...flat(r.attachments ?? []), ...flat(r.messages ?? [])]);
  const all = flat(reports);
  // The threads the new emails joined (or began), with their inclusive emails, in one write.
  const added = all.flatMap((r) => (r.status === 'added' && r.documentId !== undefined ? [r.documentId] : []));
  if (added.length && threads) await ctx.store.write(ctx.actor, (w) => rethread(w, added));
  return {
    files: reports,
    added: all.filter((r) => r.status === 'added').length + all.reduce((n, r) => n + (r.addedInside ?? 0), 0),
    duplicates: all.filter((r) => r.status === 'duplicate').length,
    failed: all.filter((r) => r.status === 'failed').length,
    pages: pagesDone,
    cancelled,
  };
}
