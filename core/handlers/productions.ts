import { defineHandlers, type CallContext } from '../context.ts';
import type { ParsedInputOf } from '../api.ts';
import type { PlanProblemOut, ProductionPlanOut } from '../api-productions.ts';
import { targetIds } from '../documents/targets.ts';
import { requireRequest } from '../requests/service.ts';
import { produce } from '../productions/produce.ts';
import { planProduction, undecided, type Planned, type ProduceOptions, type Problem } from '../productions/plan.ts';
import { pageWordBoxes } from '../documents/word-boxes.ts';
import { compilePatterns } from '../pii/custom.ts';
import { scanVersion, storedPatterns } from '../pii/patterns.ts';
import { openSources, type SourceCheck } from '../productions/source-gate.ts';
import { formatBates } from '../productions/bates.ts';
import { listProductions } from '../../db/productions.ts';
import { nextBatesNumbers, paddingFor } from '../bates-ledger.ts';
import { withFamilies } from '../../db/review.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_PADDING } from '../shared/production-options.ts';
import { safeStem } from '../documents/sniff.ts';
import path from 'node:path';

type ProductionInput = ParsedInputOf<'productions.plan'>;

/** A production's options from the call's input: the documents (with whole email families, as reviewers expect), the folder, the sources opened to check against. */
async function optionsFrom(input: ProductionInput, ctx: CallContext): Promise<ProduceOptions> {
  const { tag, search, prefix, start, padding, folder, folderPick, name, request, recipient, natives, images } = input;
  // A window may not name a folder to write into: its productions go under the data folder.
  if (folder !== undefined && !ctx.trusted) {
    throw new AppError('FORBIDDEN', 'folder: from a window, productions are written to the data folder\'s productions/ folder; leave folder out and give the production a name.');
  }
  const req = request ? await requireRequest(ctx.store.engine, request) : null;
  const matched = (await targetIds(ctx.store.engine, { search: tag ? { tag } : search!, family: false })).ids;
  // The prefix's own padding where it has one; one that disagrees is a problem the plan reports.
  const digits = await paddingFor(ctx.store.engine, ctx.dataDir, prefix, padding).catch(() => padding ?? DEFAULT_PADDING);
  const title = name ?? `${prefix.replace(/[-_.]+$/, '')} production from ${formatBates(prefix, start, digits)}`;
  const piiPatterns = await storedPatterns(ctx.store.engine);
  const passphrase = input.passphrase ?? (input.useKeychain && ctx.keychain.available() ? ctx.keychain.load() : null);
  return {
    name: title,
    documentIds: await withFamilies(ctx.store.engine, matched),
    matched,
    prefix,
    start,
    padding,
    // A folder the desktop app's dialog chose is looked at here; producing uses its token up (below).
    folder: folderPick ? ctx.outputFolders.peek(folderPick) : (folder ?? path.join(ctx.dataDir, 'productions', safeStem(title))),
    request: req ? { id: req.id, reference: req.reference } : null,
    recipient,
    natives,
    images,
    unreviewedFamily: input.unreviewedFamily,
    decisions: input.decisions,
    logEntries: input.logEntries,
    sources: await sourcesChecked(ctx, passphrase, input.useKeychain ? 'keychain' : 'passphrase'),
    secondReviewer: input.secondReviewer,
    pii: { patterns: compilePatterns(piiPatterns), scan: scanVersion(piiPatterns) },
  };
}

/**
 * The sealed sources opened to check the documents against. Every opening with a passphrase is
 * on the record, as a reveal is — who, when, how, and whether it opened — never what was found.
 */
async function sourcesChecked(ctx: CallContext, passphrase: string | null, via: 'passphrase' | 'keychain'): Promise<SourceCheck> {
  const check = await openSources(ctx.store.engine, passphrase, ctx.login);
  if (passphrase === null || check.state === 'no-sources') return check;
  const outcome =
    check.state === 'done'
      ? 'checked, not shown'
      : check.state === 'wrong-passphrase'
        ? 'refused: wrong passphrase'
        : check.state === 'not-shared'
          ? `refused: the source of ${check.reference} is not shared with this user`
          : 'refused: a sealed identity was changed';
  await ctx.store.write(ctx.actor, (w) => w.audit({ action: 'productions.sourceCheck', entity: 'keyring', entityId: '1', after: { outcome, purpose: 'production plan', via } }));
  return check;
}

const problemOut = (p: Problem): PlanProblemOut => ({ code: p.code, message: p.message, decidable: p.decidable, decision: p.decision });

/** What of a planned document goes out. */
function goes(p: Planned): ProductionPlanOut['documents'][number]['goes'] {
  if (p.notReviewed) return ['slip-sheet'];
  if (p.withheld) return ['withheld'];
  // A mailbox or archive: a slip sheet (and its text), what it holds going out as documents of their own.
  if (p.slip) return ['slip-sheet', 'text'];
  // Every page drawn as a stamped image, unless it goes native behind a slip sheet.
  return p.native ? ['slip-sheet', 'text', 'native'] : ['image', 'text'];
}

export const productionHandlers = defineHandlers({
  'productions.plan': async (input, ctx) => {
    const o = await optionsFrom(input, ctx);
    const plan = await planProduction(ctx.store.engine, ctx.dataDir, o, (id, page) => pageWordBoxes(ctx, id, page));
    const bates = (n: number) => formatBates(o.prefix, n, plan.padding);
    return {
      documents: plan.documents.map((p) => ({
        id: p.doc.id,
        name: p.doc.name,
        firstBates: bates(p.begin),
        lastBates: bates(p.end),
        pages: p.pages,
        familyOf: p.joinedOf,
        goes: goes(p),
        problems: p.problems.map(problemOut),
        warnings: p.warnings.map(problemOut),
        log: p.log,
      })),
      problems: plan.problems.map(problemOut),
      warnings: plan.warnings.map(problemOut),
      blocked: undecided(plan).length > 0,
      firstBates: bates(plan.first),
      lastBates: bates(plan.last),
      pages: plan.documents.reduce((n, p) => n + p.pages, 0),
      sourceCheck: plan.sourceCheck,
      unreviewedFamily: o.unreviewedFamily,
    };
  },

  'productions.create': async (input, ctx) => {
    const o = await optionsFrom(input, ctx);
    const produceInto = (folder: string) => produce({ store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, pool: ctx.pool(), signal: ctx.signal, progress: ctx.progress }, { ...o, folder });
    // A folder the desktop app's dialog chose: its token is used up only by a production that is made, so a refused one can be tried again.
    const report = input.folderPick ? await ctx.outputFolders.spend(input.folderPick, produceInto) : await produceInto(o.folder);
    return { ...report, addedByFamily: o.documentIds.length - o.matched.length };
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
