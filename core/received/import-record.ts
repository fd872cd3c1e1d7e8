/**
 * One checked record in: its page images assembled into one PDF in a helper
 * (the document's stored file, so the viewer, OCR, redaction and productions
 * treat it as any PDF), its native stored beside it and checked against the
 * load file's hashes, its text split into pages, and the document, its pages,
 * their Bates numbers and its request link written in one transaction — so a
 * record is wholly in or not at all, and an import killed half-way resumes at
 * the first record not in.
 */
import fs from 'node:fs';
import { emailIds } from '../shared/message-id.ts';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { WorkspaceStore } from '../../db/store.ts';
import { documentBySha, insertDocument, linkDocument } from '../../db/documents.ts';
import type { ExtractPool } from '../documents/extract-pool.ts';
import { DEFAULT_MAX_FILE_BYTES, commit, discard, dropBlob, scratchFile, stage } from '../documents/vault.ts';
import { safeName, sniff } from '../documents/sniff.ts';
import { decodeText } from './load-files/decode.ts';
import { loadFileDate } from './field-dates.ts';
import { splitBates } from '../shared/bates-number.ts';
import type { CheckedRecord } from './validate.ts';
import type { LoadProblem } from './types.ts';

export interface RecordContext {
  store: WorkspaceStore;
  dataDir: string;
  actor: string;
  pool: ExtractPool;
  signal: AbortSignal;
  receivedId: number;
  /** The producing party, as documents name where they came from. */
  party: string;
  request?: { id: number; reference: string };
}

/** The record's text, page by page: split at form feeds when they match the pages, else all on the first page. */
export function pagesOfText(text: string, pages: number): { pages: string[]; note?: string } {
  const clean = text.replace(/\r\n?/g, '\n');
  const parts = clean.split('\f');
  if (parts.length > 1 && parts.at(-1)!.trim() === '') parts.pop();
  if (parts.length === pages) return { pages: parts.map((p) => p.trim()) };
  const all = [clean.replace(/\f/g, '\n').trim(), ...Array.from({ length: pages - 1 }, () => '')];
  return { pages: all, ...(pages > 1 ? { note: `its text file has no page breaks matching its ${pages} pages; the text is kept with the first page` } : {}) };
}

/** A text's hash with spacing folded, so the same words produced twice are found as the same text. */
export const textHash = (pages: string[]): string | null => {
  const folded = pages.join(' ').replace(/\s+/g, ' ').trim().toLowerCase();
  return folded ? createHash('sha256').update(folded).digest('hex') : null;
};

async function fileHashes(file: string): Promise<{ md5: string; sha1: string }> {
  const md5 = createHash('md5');
  const sha1 = createHash('sha1');
  for await (const chunk of fs.createReadStream(file)) {
    md5.update(chunk as Buffer);
    sha1.update(chunk as Buffer);
  }
  return { md5: md5.digest('hex'), sha1: sha1.digest('hex') };
}

export type RecordResult = { id: number; pages: number; ocrPages: number } | { existing: number } | { failed: string };

export async function importRecord(ctx: RecordContext, rec: CheckedRecord, parentId: number | null, problems: LoadProblem[]): Promise<RecordResult> {
  const where = { file: rec.file, line: rec.line, record: rec.beg };
  const out = scratchFile(ctx.dataDir, '.pdf');
  let staged;
  try {
    await ctx.pool.run({ assemblePages: { pages: rec.images.map((p) => ({ file: p.file, frame: p.frame })), out } });
    staged = await stage(ctx.dataDir, out, DEFAULT_MAX_FILE_BYTES, ctx.signal);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    return { failed: `its pages could not be assembled: ${(e as Error).message}` };
  } finally {
    fs.rmSync(out, { force: true });
  }
  const same = await documentBySha(ctx.store.engine, staged.sha256);
  if (same) {
    discard(staged);
    return { existing: same.id };
  }

  let native: { sha256: string; size: number; name: string; mime: string } | undefined;
  if (rec.native) {
    const n = await stage(ctx.dataDir, rec.native, DEFAULT_MAX_FILE_BYTES, ctx.signal);
    commit(ctx.dataDir, n);
    const name = safeName(path.basename(rec.native));
    native = { sha256: n.sha256, size: n.size, name, mime: sniff(n.head, name)?.mime ?? 'application/octet-stream' };
    const given = { md5: rec.fields.md5?.toLowerCase(), sha1: rec.fields.sha1?.toLowerCase() };
    if (given.md5 || given.sha1) {
      const real = await fileHashes(rec.native);
      for (const kind of ['md5', 'sha1'] as const) {
        const g = given[kind];
        if (g && g !== real[kind]) {
          problems.push({ severity: 'warning', ...where, field: kind === 'md5' ? 'MD5' : 'SHA1', code: 'native-hash', message: `native ${name}: the load file's ${kind.toUpperCase()} is ${g}; the file's is ${real[kind]}` });
        }
      }
    }
  }

  const n = rec.images.length;
  let text: string[] = Array.from({ length: n }, () => '');
  let ocrPages = text.map((_, i) => i);
  if (rec.text) {
    const split = pagesOfText(decodeText(fs.readFileSync(rec.text)).text, n);
    text = split.pages;
    ocrPages = [];
    if (split.note) problems.push({ severity: 'warning', ...where, field: 'text', code: 'text-pages', message: split.note });
  }
  const f = rec.fields;
  const sent = loadFileDate(f.dateSent, f.timeSent);
  const created = loadFileDate(f.dateCreated);
  const name = safeName(f.fileName ? (f.fileExtension && !path.extname(f.fileName) ? `${f.fileName}.${f.fileExtension.replace(/^\./, '')}` : f.fileName) : rec.beg);

  commit(ctx.dataDir, staged);
  try {
    const id = await ctx.store.write(ctx.actor, async (w) => {
      const docId = await insertDocument(w, {
        sha256: staged.sha256,
        size: staged.size,
        type: 'pdf',
        mime: 'application/pdf',
        name,
        // Where it is in the production, never where the production was on this disk.
        path: `${rec.volume.name}/${rec.beg}`,
        source: ctx.party,
        fileDate: null,
        docDate: sent ?? created,
        parentId,
        title: f.title ?? null,
        emailFrom: f.from ?? null,
        emailTo: f.to ?? null,
        emailCc: f.cc ?? null,
        emailDate: sent,
        emailSubject: f.subject ?? null,
        pages: text,
        ocrPages,
        formats: emailIds({ messageId: f.messageId, inReplyTo: f.inReplyTo, references: f.references }),
        received: {
          receivedId: ctx.receivedId,
          batesBegin: rec.beg,
          batesEnd: rec.end,
          custodian: f.custodian ?? null,
          bcc: f.bcc ?? null,
          metadata: Object.keys(rec.metadata).length ? rec.metadata : null,
          ...(native ? { native } : {}),
          textSha256: textHash(text),
          md5: f.md5 ?? null,
          sha1: f.sha1 ?? null,
          pageBates: rec.images.map((p) => ({ bates: p.bates, ...(splitBates(p.bates) ?? { prefix: p.bates, number: 0, width: 0 }) })),
        },
      });
      if (ctx.request) await linkDocument(w, docId, ctx.request.id, ctx.request.reference);
      return docId;
    });
    return { id, pages: n, ocrPages: ocrPages.length };
  } catch (e) {
    // The page PDF is this record's own (no document had its hash): it goes with the failed write.
    dropBlob(ctx.dataDir, staged.sha256);
    throw e;
  }
}
