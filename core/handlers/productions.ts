import { defineHandlers } from '../context.ts';
import { targetIds } from '../documents/targets.ts';
import { requireRequest } from './requests.ts';
import { produce } from '../productions/produce.ts';
import { listProductions } from '../../db/productions.ts';

export const productionHandlers = defineHandlers({
  'productions.create': async ({ tag, search, prefix, start, padding, folder, name, request, recipient, natives }, ctx) => {
    const req = request ? requireRequest(ctx.store.db, request) : null;
    // Whole email families go out together, as reviewers expect.
    const { ids } = targetIds(ctx.store.db, { search: tag ? { tag } : search!, family: true });
    const fmt = (n: number) => `${prefix}${String(n).padStart(padding, '0')}`;
    return produce(
      { store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, signal: ctx.signal, progress: ctx.progress },
      {
        name: name ?? `${prefix.replace(/[-_.]+$/, '')} production from ${fmt(start)}`,
        documentIds: ids,
        prefix,
        start,
        padding,
        folder,
        request: req ? { id: req.id, reference: req.reference } : null,
        recipient,
        natives,
      },
    );
  },

  'productions.list': (_input, { store }) => ({
    productions: listProductions(store.db).map((p) => {
      const fmt = (n: number) => `${p.prefix}${String(n).padStart(p.padding, '0')}`;
      return {
        id: p.id,
        name: p.name,
        request: p.reference,
        recipient: p.recipient,
        firstBates: fmt(p.first_number),
        lastBates: fmt(p.last_number),
        documents: p.documents,
        pages: p.pages,
        folder: p.folder,
        producedAt: p.produced_at,
      };
    }),
  }),
});
