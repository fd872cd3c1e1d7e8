import type { Reader } from '../../db/engine.ts';
import type { DocumentDetail, DocumentSummary, FamilyMember } from '../api.ts';
import { batesOfPage, duplicatesOf, receivedProductionById } from '../../db/received.ts';
import { findByBates } from '../received/bates-lookup.ts';
import { receivedRange } from '../documents/received-range.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import fs from 'node:fs';
import { ingest } from '../documents/ingest.ts';
import { pathsToImport } from '../documents/import-roots.ts';
import { search } from '../documents/search.ts';
import { sheetGrid, sheetRows, withCells } from '../documents/sheet-hits.ts';
import { exportResults } from '../documents/export-results.ts';
import { requireDisclosure } from '../disclosures/lookup.ts';
import { disclosuresOfDocument, linkDocumentToDisclosure, unlinkDocumentFromDisclosure } from '../../db/disclosures.ts';
import { dropUpload } from '../documents/uploads.ts';
import { exportName } from '../documents/sniff.ts';
import { filtersOf } from '../documents/filters.ts';
import { pageImage, wordBoxes } from '../documents/page-image.ts';
import { blobPath, checkBlob, copyOriginal } from '../documents/vault.ts';
import { requireRequest } from '../requests/service.ts';
import { rethread, threadOf } from '../documents/threads.ts';
import {
  childrenOf,
  countPendingOcr,
  documentById,
  mailboxFolders,
  linkDocument,
  linksOf,
  listDocuments,
  namesOf,
  pageText,
  pageWords,
  requeueWithoutWords,
  unlinkDocument,
  type DocumentRow,
} from '../../db/documents.ts';

/** Refuses a page number past the document's last page, saying how many it has. */
export function requirePage(d: DocumentRow, page: number): void {
  if (page > d.page_count) throw new AppError('NOT_FOUND', `page: document ${d.id} has ${d.page_count} page${d.page_count === 1 ? '' : 's'}.`);
}

/** Originals travel through the API as base64; past this size they are too heavy for it. */
const MAX_ORIGINAL_BYTES = 200 * 1024 * 1024;


const summary = (d: DocumentRow): DocumentSummary => ({
  id: d.id,
  name: d.name,
  type: d.type,
  mime: d.mime,
  size: d.size,
  sha256: d.sha256,
  pages: d.page_count,
  status: d.status,
  addedAt: d.added_at,
  parentId: d.parent_id,
  emailSubject: d.email_subject,
  emailFrom: d.email_from,
  emailDate: d.email_date,
  source: d.source,
  date: d.doc_date,
  bates: receivedRange(d),
  notRead: d.not_read,
});

export async function requireDocument(q: Reader, id: number): Promise<DocumentRow> {
  const d = await documentById(q, id);
  if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
  return d;
}

async function detail(q: Reader, d: DocumentRow): Promise<DocumentDetail> {
  // Independent reads, asked at once: on a team workspace each is a round trip to the server, on a connection of its own.
  const [parent, names, requests, disclosures, children, production, duplicates, mailbox, folders] = await Promise.all([
    d.parent_id === null ? null : documentById(q, d.parent_id),
    namesOf(q, d.id),
    linksOf(q, d.id),
    disclosuresOfDocument(q, d.id),
    childrenOf(q, d.id),
    d.received_id === null ? undefined : receivedProductionById(q, d.received_id),
    d.native_sha256 === null && d.text_sha256 === null ? [] : duplicatesOf(q, d.id),
    d.container_id === null ? undefined : documentById(q, d.container_id),
    d.type === 'mailbox' ? mailboxFolders(q, d.id) : null,
  ]);
  return {
    ...summary(d),
    path: d.path,
    fileDate: d.file_date,
    title: d.title,
    emailTo: d.email_to,
    emailCc: d.email_cc,
    names: names.map((n) => ({ name: n.name, path: n.path, source: n.source, addedAt: n.added_at })),
    requests,
    disclosures,
    parent: parent ? summary(parent) : null,
    children: children.map(summary),
    custodian: d.custodian,
    emailBcc: d.email_bcc,
    metadata: d.metadata === null ? null : (JSON.parse(d.metadata) as Record<string, string>),
    production: production ? { id: Number(production.id), party: production.party, volume: production.volume } : null,
    native: d.native_sha256 === null ? null : { name: d.native_name ?? '', sha256: d.native_sha256, size: Number(d.native_size), mime: d.native_mime ?? 'application/octet-stream' },
    family: { parent: parent ? familyMember(parent) : null, children: children.map(familyMember) },
    duplicates: duplicates.map((o) => ({ id: Number(o.id), name: o.name, bates: receivedRange(o), why: o.why })),
    mailbox: mailbox ? { id: mailbox.id, name: mailbox.name, folder: d.folder ?? '' } : null,
    mailboxFolders: folders,
  };
}

/**
 * The file "save a copy of the original" gives: a received document's native when it came with one
 * (its pages are a PDF assembled from the production's images), else the stored file itself.
 */
const originalOf = (d: DocumentRow): { sha256: string; size: number; name: string; mime: string } =>
  d.native_sha256 === null ? d : { sha256: d.native_sha256, size: Number(d.native_size), name: d.native_name ?? d.name, mime: d.native_mime ?? 'application/octet-stream' };

const familyMember = (d: DocumentRow): FamilyMember => ({ id: d.id, name: d.name, bates: receivedRange(d) });

export const documentHandlers = defineHandlers({
  'documents.import': async ({ paths, picked, uploads, request, disclosure, source }, ctx) => {
    try {
      const req = request ? await requireRequest(ctx.store.engine, request) : undefined;
      const dis = disclosure ? await requireDisclosure(ctx.store.engine, disclosure) : undefined;
      // Last of the checks: picked tokens are used up here, so a mistyped request leaves them for the next try.
      const allowed = pathsToImport({ paths, picked }, ctx);
      const report = await ingest(
        { store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, pool: ctx.pool(), signal: ctx.signal, progress: ctx.progress },
        {
          ...allowed,
          uploads,
          // Files that answer a request came from its agency unless the user says otherwise.
          source: source ?? req?.agency_name ?? '',
          ...(req ? { request: { id: req.id, reference: req.reference } } : {}),
          ...(dis ? { disclosure: { id: dis.id, reference: dis.reference } } : {}),
        },
      );
      if (ctx.backgroundOcr) {
        void ctx.ocr.kick();
        ctx.pii.nudge();
      }
      return report;
    } finally {
      // Sent files are taken once, imported or not (an unknown request refuses them too).
      for (const id of uploads) dropUpload(ctx.dataDir, id);
    }
  },

  'documents.runOcr': async ({ limit }, ctx) => {
    const done = await ctx.ocr.kick(limit ?? Infinity, ctx.progress);
    return { done, pending: await countPendingOcr(ctx.store.engine) };
  },

  'documents.list': async ({ sort, offset, limit, name, ...filters }, { store }) => {
    const { rows, total } = await listDocuments(store.engine, { ...(await filtersOf(store.engine, filters)), ...(name ? { name } : {}), sort, offset, limit });
    return { rows: rows.map(summary), total };
  },

  'documents.get': async ({ id }, { store }) => detail(store.engine, await requireDocument(store.engine, id)),
  'documents.thread': async ({ id }, { store }) => ({ entries: await threadOf(store.engine, (await requireDocument(store.engine, id)).id) }),
  'documents.rethread': async (_input, ctx) => ctx.store.write(ctx.actor, (w) => rethread(w)),
  'documents.byBates': async ({ bates }, { store }) => findByBates(store.engine, bates),

  'documents.page': async ({ id, page }, { store }) => {
    const d = await requireDocument(store.engine, id);
    requirePage(d, page);
    const [text, bates] = await Promise.all([pageText(store.engine, id, page), batesOfPage(store.engine, id, page)]);
    return { page, pages: d.page_count, text: text ?? '', bates };
  },

  'documents.grid': async ({ id, page, query }, { store, dataDir }) => sheetGrid(store.engine, dataDir, await requireDocument(store.engine, id), page, query),
  'documents.sheet': async ({ id, sheet, from, count }, { store, dataDir }) => sheetRows(dataDir, await requireDocument(store.engine, id), sheet, from, count),

  'documents.pageImage': async ({ id, page }, { store, dataDir, pool }) => pageImage(store.engine, dataDir, pool(), await requireDocument(store.engine, id), page),

  'documents.pageWords': async ({ id, page }, { store }) => {
    const d = await requireDocument(store.engine, id);
    requirePage(d, page);
    return { words: wordBoxes(await pageWords(store.engine, id, page)) };
  },

  'documents.readAgain': async ({ id }, ctx) => {
    const d = await requireDocument(ctx.store.engine, id);
    if (d.type !== 'image') throw new AppError('BAD_INPUT', `id: document ${id} is a ${d.type} file; only pictures are read again for word positions.`);
    const queued = await ctx.store.write(ctx.actor, (w) => requeueWithoutWords(w, id));
    if (queued && ctx.backgroundOcr) void ctx.ocr.kick();
    return { queued };
  },

  'documents.original': async ({ id }, { store, dataDir }) => {
    const d = originalOf(await requireDocument(store.engine, id));
    if (d.size > MAX_ORIGINAL_BYTES) throw new AppError('BAD_INPUT', `id: document ${id} is ${Math.round(d.size / 1024 / 1024)} MB; copies over ${MAX_ORIGINAL_BYTES / 1024 / 1024} MB are made with the sunshine command instead.`);
    const problem = await checkBlob(dataDir, d.sha256, d.size);
    if (problem) throw new AppError('INTEGRITY', `The stored file of document ${id} ${problem}; run "sunshine verify".`);
    return { name: exportName(d.name, d.mime), mime: d.mime, base64: fs.readFileSync(blobPath(dataDir, d.sha256)).toString('base64') };
  },

  'documents.saveCopy': async ({ id, folder }, { store, dataDir }) => {
    const d = originalOf(await requireDocument(store.engine, id));
    const file = await copyOriginal(dataDir, d.sha256, d.size, exportName(d.name, d.mime), folder).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'INTEGRITY') throw new AppError('INTEGRITY', `The stored file of document ${id} ${e.message}; run "sunshine verify".`);
      throw e;
    });
    return { file };
  },

  'documents.link': async ({ id, request, disclosure }, { store, actor }) => {
    const d = await requireDocument(store.engine, id);
    await store.write(actor, async (w) => {
      if (request) {
        const r = await requireRequest(w, request);
        await linkDocument(w, d.id, r.id, r.reference);
      } else {
        const s = await requireDisclosure(w, disclosure!);
        await linkDocumentToDisclosure(w, d.id, s.id, s.reference);
      }
    });
    return detail(store.engine, d);
  },

  'documents.unlink': async ({ id, request, disclosure }, { store, actor }) => {
    const d = await requireDocument(store.engine, id);
    await store.write(actor, async (w) => {
      const done = request
        ? await (async () => {
            const r = await requireRequest(w, request);
            return await unlinkDocument(w, d.id, r.id, r.reference);
          })()
        : await (async () => {
            const s = await requireDisclosure(w, disclosure!);
            return unlinkDocumentFromDisclosure(w, d.id, s.id, s.reference);
          })();
      if (!done) throw new AppError('NOT_FOUND', `${request ? 'request' : 'disclosure'}: document ${id} is not linked to ${(request ?? disclosure)!.slice(0, 40)}.`);
    });
    return detail(store.engine, d);
  },

  'documents.exportResults': async ({ query, ...filters }, { store }) => exportResults(store.engine, query, await filtersOf(store.engine, filters)),
  'documents.search': async ({ query, document, offset, limit, group, sort, ...filters }, { store, dataDir }) => {
    const found = await search(store.engine, query, { ...(await filtersOf(store.engine, filters)), ...(document === undefined ? {} : { documentId: document }) }, offset, limit, { group, sort });
    return { ...found, hits: await withCells(store.engine, dataDir, found.hits) };
  },
});
