import { defineHandlers } from '../context.ts';
import { hitPages, pageHits, countPagesToScan } from '../../db/pii.ts';
import { piiKindLabel } from '../shared/pii-kinds.ts';
import { piiFilterOf, savePatterns, scanVersion, storedPatterns } from '../pii/patterns.ts';
import { requireDocument, requirePage } from './documents.ts';

export const piiHandlers = defineHandlers({
  'pii.patterns': async (_input, { store }) => ({ patterns: await storedPatterns(store.engine) }),

  'pii.setPatterns': async ({ patterns }, ctx) => {
    const saved = await ctx.store.write(ctx.actor, (w) => savePatterns(w, patterns));
    // The set changed: every page is scanned again under it.
    if (ctx.backgroundOcr) ctx.pii.nudge();
    return { patterns: saved };
  },

  'pii.scan': async (_input, ctx) => {
    const scanned = await ctx.pii.kick(ctx.progress);
    return { scanned, pending: await countPagesToScan(ctx.store.engine, scanVersion(await storedPatterns(ctx.store.engine))) };
  },

  'pii.list': async ({ kind }, { store }) => {
    const filter = kind === undefined ? null : (await piiFilterOf(store.engine, kind)).kind;
    const rows = await hitPages(store.engine, filter ?? undefined);
    return {
      rows: rows.map((r) => ({ kind: r.kind, label: piiKindLabel(r.kind), document: { id: r.document_id, name: r.name }, pages: String(r.pages).split(',').map(Number) })),
      pending: await countPagesToScan(store.engine, scanVersion(await storedPatterns(store.engine))),
    };
  },

  'documents.piiHits': async ({ id, page }, { store }) => {
    requirePage(await requireDocument(store.engine, id), page);
    return pageHits(store.engine, id, page);
  },
});
