import { defineHandlers } from '../context.ts';
import { targetIds } from '../documents/targets.ts';
import { requireRequest } from '../requests/service.ts';
import { produce } from '../productions/produce.ts';
import { formatBates } from '../productions/bates.ts';
import { listProductions } from '../../db/productions.ts';
import { nextBatesNumbers, paddingFor } from '../bates-ledger.ts';
import { withFamilies } from '../../db/review.ts';
import { AppError } from '../errors.ts';
import { safeStem } from '../documents/sniff.ts';
import path from 'node:path';

export const productionHandlers = defineHandlers({
  'productions.create': async ({ tag, search, prefix, start, padding, folder, folderPick, name, request, recipient, natives, images }, ctx) => {
    // A window may not name a folder to write into: its productions go under the data folder.
    if (folder !== undefined && !ctx.trusted) {
      throw new AppError('FORBIDDEN', 'folder: from a window, productions are written to the data folder\'s productions/ folder; leave folder out and give the production a name.');
    }
    const req = request ? await requireRequest(ctx.store.engine, request) : null;
    const digits = await paddingFor(ctx.store.engine, ctx.dataDir, prefix, padding);
    // Whole email families go out together, as reviewers expect; the report says how many joined that way.
    const chosen = (await targetIds(ctx.store.engine, { search: tag ? { tag } : search!, family: false })).ids;
    const ids = await withFamilies(ctx.store.engine, chosen);
    const title = name ?? `${prefix.replace(/[-_.]+$/, '')} production from ${formatBates(prefix, start, digits)}`;
    const produceInto = (into: string, folderShown?: string) =>
      produce(
        { store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, pool: ctx.pool(), signal: ctx.signal, progress: ctx.progress },
        {
          name: title,
          documentIds: ids,
          prefix,
          start,
          padding: digits,
          folder: into,
          ...(folderShown ? { folderShown } : {}),
          request: req ? { id: req.id, reference: req.reference } : null,
          recipient,
          natives,
          images,
        },
      );
    // A folder the desktop app's dialog chose: its token is used up only by a production that is made, so a refused one can be tried again.
    const report = folderPick
      ? await ctx.outputFolders.spend(folderPick, (into) => produceInto(into, `the chosen folder "${path.basename(into)}"`))
      : await produceInto(folder ?? path.join(ctx.dataDir, 'productions', safeStem(title)));
    return { ...report, addedByFamily: ids.length - chosen.length };
  },

  'productions.list': async (_input, { store, dataDir }) => ({
    nextNumbers: await nextBatesNumbers(store.engine, dataDir),
    productions: (await listProductions(store.engine)).map((p) => {
      const fmt = (n: number) => formatBates(p.prefix, n, p.padding);
      return {
        id: p.id,
        name: p.name,
        request: p.reference,
        recipient: p.recipient,
        prefix: p.prefix,
        firstNumber: p.first_number,
        lastNumber: p.last_number,
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
