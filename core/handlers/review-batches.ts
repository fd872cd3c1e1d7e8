import type { Reader } from '../../db/engine.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { BatchOut, NextInBatchOut, PersonOut } from '../api-review-batches.ts';
import { targetIds } from '../documents/targets.ts';
import { documentById } from '../../db/documents.ts';
import { savedSearchById, withFamilies } from '../../db/review.ts';
import { displayNames, listMembers } from '../../db/team.ts';
import {
  batchById,
  batchDocuments,
  deleteBatchRow,
  documentsInOrder,
  insertBatch,
  listBatches,
  releaseLease,
  reviewerTotals,
  setBatchReviewer,
  type BatchRow,
} from '../../db/review-batches.ts';
import { isRole, roleAtLeast, withArticle } from '../shared/roles.ts';
import { splitIntoBatches } from '../review/split.ts';
import { leaseHolder, leaseOut, takeFor } from '../review/leases.ts';

type Source = { search?: Record<string, unknown> & { query?: string | undefined }; savedSearch?: number | undefined; tag?: string | undefined };

/** Who may be given a batch: team members who code (reviewer or above); in a data folder, its one person. */
async function eligibleReviewers(q: Reader, ctx: Pick<CallContext, 'login' | 'actor'>): Promise<(PersonOut & { role: string })[]> {
  if (ctx.login === null) return [{ login: ctx.actor, displayName: ctx.actor, role: 'admin' }];
  return (await listMembers(q)).filter((m) => isRole(m.role) && roleAtLeast(m.role, 'reviewer')).map((m) => ({ login: m.login, displayName: m.display_name || m.login, role: m.role }));
}

/** Whose batches are "mine": a member's own in a team workspace; every batch in a data folder (one person). */
const mine = (ctx: Pick<CallContext, 'login'>): string | undefined => ctx.login ?? undefined;

async function refuseIneligible(q: Reader, ctx: Pick<CallContext, 'login' | 'actor'>, reviewers: string[]): Promise<void> {
  const eligible = await eligibleReviewers(q, ctx);
  const ok = new Set(eligible.map((e) => e.login));
  const bad = reviewers.find((r) => !ok.has(r));
  if (bad === undefined) return;
  const members = ctx.login === null ? [] : await listMembers(q);
  const m = members.find((x) => x.login === bad);
  const who = eligible.map((e) => e.login).join(', ') || 'nobody yet';
  throw new AppError(
    'BAD_INPUT',
    ctx.login === null
      ? `reviewers: a data folder has one person, ${ctx.actor}; give the batches to ${ctx.actor}.`
      : m && isRole(m.role)
        ? `reviewers: ${bad} is ${withArticle(m.role)}, who may not code documents; give batches to a reviewer, counsel or admin (${who}), or have an admin make ${bad} a reviewer.`
        : `reviewers: ${bad} is not a member of this workspace; give batches to a reviewer, counsel or admin (${who}).`,
  );
}

/** The documents a source names, with whole email families, and the source in words. */
async function sourceDocuments(q: Reader, from: Source): Promise<{ ids: number[]; words: string; stored: Record<string, unknown> }> {
  if (from.savedSearch !== undefined) {
    const s = await savedSearchById(q, from.savedSearch);
    if (!s) throw new AppError('NOT_FOUND', `from.savedSearch: there is no saved search ${from.savedSearch}.`);
    const filters = JSON.parse(s.filters) as Record<string, string>;
    const { ids } = await targetIds(q, { search: { ...filters, ...(s.query ? { query: s.query } : {}) }, family: true });
    return { ids, words: `saved search "${s.name}"`, stored: { savedSearch: { id: s.id, name: s.name, query: s.query, filters } } };
  }
  if (from.tag !== undefined) {
    const { ids } = await targetIds(q, { search: { tag: from.tag }, family: true });
    return { ids, words: `tag ${from.tag}`, stored: { tag: from.tag } };
  }
  const { query, ...filters } = from.search!;
  const { ids } = await targetIds(q, { search: from.search!, family: true });
  const said = Object.entries(filters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return { ids, words: `search ${query ? `"${query}"` : 'of every document'}${said.length ? ` (${said.join(', ')})` : ''}`, stored: { search: from.search } };
}

async function batchesOut(q: Reader, rows: BatchRow[]): Promise<BatchOut[]> {
  const names = await displayNames(q);
  return rows.map((b) => ({
    id: b.id,
    name: b.name,
    setName: b.set_name,
    source: (JSON.parse(b.source) as { words?: string }).words ?? '',
    reviewer: { login: b.reviewer, displayName: names.get(b.reviewer) || b.reviewer },
    createdBy: b.created_by,
    createdAt: b.created_at,
    total: b.total,
    done: b.done,
  }));
}

async function requireBatch(q: Reader, id: number): Promise<BatchRow> {
  const b = await batchById(q, id);
  if (!b) throw new AppError('NOT_FOUND', `id: there is no review batch ${id}.`);
  return b;
}

/** The next document of the caller's batches to code: not coded since its batch was made, not held by someone else; after `after` when given, else from the start. */
async function nextInBatch(q: Reader, ctx: Pick<CallContext, 'login'>, after?: number): Promise<NextInBatchOut> {
  const docs = await batchDocuments(q, mine(ctx), leaseHolder(ctx));
  const open = docs.filter((d) => d.done === 0);
  const free = open.filter((d) => d.leased_by === null);
  const at = after === undefined ? -1 : docs.findIndex((d) => d.document_id === after);
  // After the given one in review order; past the end, round again from the start (skipping it).
  const pick = (at < 0 ? undefined : free.find((d) => docs.indexOf(d) > at)) ?? free.find((d) => d.document_id !== after) ?? undefined;
  const totals = new Map<number, number>();
  for (const d of docs) totals.set(d.batch_id, (totals.get(d.batch_id) ?? 0) + 1);
  return {
    document: pick ? { id: pick.document_id, name: pick.name, batchId: pick.batch_id, batchName: pick.batch_name, position: pick.position, batchTotal: totals.get(pick.batch_id)! } : null,
    remaining: open.length,
    leasedByOthers: open.length - free.length,
    batches: totals.size,
  };
}

export const reviewBatchHandlers = defineHandlers({
  'review.makeBatches': async ({ from, size, reviewers, name }, ctx) => {
    const wanted = [...new Set(reviewers)];
    await refuseIneligible(ctx.store.engine, ctx, wanted);
    const source = await sourceDocuments(ctx.store.engine, from);
    if (source.ids.length === 0) throw new AppError('BAD_INPUT', `from: the ${source.words} finds no documents; no batches were made.`);
    const split = splitIntoBatches(await documentsInOrder(ctx.store.engine, await withFamilies(ctx.store.engine, source.ids)), size);
    return ctx.store.write(ctx.actor, async (w) => {
      // The reviewers checked again inside the write: a role taken away meanwhile is refused here.
      await refuseIneligible(w, ctx, wanted);
      const stored = JSON.stringify({ ...source.stored, words: source.words });
      const made: { id: number; name: string; reviewer: string; documents: number }[] = [];
      for (const [i, ids] of split.entries()) {
        const reviewer = wanted[i % wanted.length]!;
        const batchName = split.length === 1 ? name : `${name} ${i + 1} of ${split.length}`;
        made.push({ id: await insertBatch(w, { name: batchName, setName: name, source: stored, reviewer }, ids), name: batchName, reviewer, documents: ids.length });
      }
      await w.audit({ action: 'review.makeBatches', entity: 'review-batches', entityId: String(made[0]!.id), after: { name, from: source.words, size, batches: made } });
      const rows = (await listBatches(w)).filter((b) => made.some((m) => m.id === b.id));
      return { batches: await batchesOut(w, rows), documents: split.reduce((n, b) => n + b.length, 0) };
    });
  },

  'review.batches': async (_input, ctx) => {
    const q = ctx.store.engine;
    const [rows, totals, eligible, names] = await Promise.all([listBatches(q), reviewerTotals(q), eligibleReviewers(q, ctx), displayNames(q)]);
    return {
      batches: await batchesOut(q, rows),
      reviewers: totals.map((t) => ({ ...t, login: t.reviewer, displayName: names.get(t.reviewer) || t.reviewer })).map(({ reviewer: _r, ...t }) => t),
      eligible: eligible.map(({ login, displayName }) => ({ login, displayName })),
      you: ctx.login ?? (ctx.store.kind === 'sqlite' ? ctx.actor : null),
    };
  },

  'review.reassignBatch': ({ id, reviewer }, ctx) =>
    ctx.store.write(ctx.actor, async (w) => {
      const before = await requireBatch(w, id);
      await refuseIneligible(w, ctx, [reviewer]);
      if (before.reviewer !== reviewer) {
        await setBatchReviewer(w, id, reviewer);
        await w.audit({ action: 'review.reassignBatch', entity: 'review-batch', entityId: String(id), before: { reviewer: before.reviewer }, after: { reviewer } });
      }
      return (await batchesOut(w, [await requireBatch(w, id)]))[0]!;
    }),

  'review.deleteBatch': ({ id }, ctx) =>
    ctx.store.write(ctx.actor, async (w) => {
      const before = await requireBatch(w, id);
      await deleteBatchRow(w, id);
      await w.audit({ action: 'review.deleteBatch', entity: 'review-batch', entityId: String(id), before: { name: before.name, reviewer: before.reviewer, documents: before.total, done: before.done } });
      return { deleted: true as const };
    }),

  'review.myBatch': async (_input, ctx) => {
    const q = ctx.store.engine;
    return { batches: await batchesOut(q, await listBatches(q, mine(ctx))), next: await nextInBatch(q, ctx) };
  },

  'review.nextInBatch': async ({ after }, ctx) => nextInBatch(ctx.store.engine, ctx, after),

  'review.lease': async ({ id }, ctx) => {
    if (!(await documentById(ctx.store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    return takeFor(ctx, id);
  },

  'review.leaseOf': async ({ id }, ctx) => {
    if (!(await documentById(ctx.store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    return leaseOut(ctx.store.engine, id, leaseHolder(ctx));
  },

  'review.release': async ({ id }, ctx) => {
    const me = leaseHolder(ctx);
    return { released: me === null ? false : await releaseLease(ctx.store.engine, id, me) };
  },
});
