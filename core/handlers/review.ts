import { refuseStale } from '../versions.ts';
import { versionOf } from '../../db/versions.ts';
import type { Writer } from '../../db/store.ts';
import type { Reader } from '../../db/engine.ts';
import { peopleNamer, readPeople } from '../team/display-names.ts';
import { canRedact } from '../shared/redactable.ts';
import type { RedactionApprovalOut, RedactionOut, ReviewOut, SavedSearchOut, TagOut } from '../api-review.ts';
import { addRedaction, redactionById, redactionsOf, removeRedaction, type RedactionRow } from '../../db/redactions.ts';
import { AppError } from '../errors.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { approvalOf, approveRedactions } from '../redactions/approval.ts';
import { filtersOf } from '../documents/filters.ts';
import { compileSearch } from '../documents/search.ts';
import { targetIds } from '../documents/targets.ts';
import { documentById } from '../../db/documents.ts';
import {
  applyTag,
  deleteSavedSearch,
  deleteTag,
  documentHistory,
  insertTag,
  listSavedSearches,
  listTags,
  reviewOf,
  saveSearch,
  savedSearchById,
  setReview,
  tagById,
  tagByPath,
  tagByShortcut,
  tagSubtree,
  tagsOf,
  updateTag,
  type SavedSearchRow,
  type TagRow,
} from '../../db/review.ts';
import { EXEMPTIONS } from '../shared/vocabulary.ts';
import { applyHits, findHits, undoBatch, type HitSource } from '../redactions/by-search.ts';
import { codeLeased, codeMany } from '../review/leases.ts';

/** The contract's search-or-terms as the hit finder takes it (the contract checks that exactly one is given). */
const hitSource = (v: { search?: HitSource['search']; terms?: string[] | undefined; pii?: string | undefined }): HitSource =>
  v.terms ? { terms: v.terms } : v.pii !== undefined ? { pii: v.pii } : { search: v.search! };

/** Personal data is found from the background scan's record: pages not yet scanned are scanned first. */
async function scannedFor(source: HitSource, ctx: Pick<CallContext, 'pii'>): Promise<HitSource> {
  if (source.pii !== undefined) await ctx.pii.kick();
  return source;
}

const tagOut = (t: TagRow, count = 0): TagOut => ({ id: t.id, name: t.name, path: t.path, parentId: t.parent_id, color: t.color, shortcut: t.shortcut, count, version: t.version });

async function requireTag(q: Reader, ref: number | string, field = 'tag'): Promise<TagRow> {
  const t = typeof ref === 'number' ? await tagById(q, ref) : await tagByPath(q, ref);
  if (!t) throw new AppError('NOT_FOUND', `${field}: there is no tag ${typeof ref === 'number' ? ref : `"${ref.slice(0, 100)}"`}.`);
  return t;
}

/** Read through the write that then stores the path, so no other create or rename can come between. */
async function checkFree(w: Reader, path: string, shortcut: string | null | undefined, selfId = 0): Promise<void> {
  const clash = await tagByPath(w, path);
  if (clash && clash.id !== selfId) throw new AppError('CONFLICT', `name: there is already a tag "${clash.path}".`);
  if (shortcut) {
    const holder = await tagByShortcut(w, shortcut);
    if (holder && holder.id !== selfId) throw new AppError('CONFLICT', `shortcut: "${shortcut}" already belongs to the tag "${holder.path}".`);
  }
}

/** One line for a history entry: what changed, in words. */
function describe(action: string, after: Record<string, unknown> | null): string {
  const a = after ?? {};
  if (action === 'tags.add' || action === 'tags.remove') {
    return `${action === 'tags.add' ? 'tagged' : 'untagged'} ${String(a.tag)}${typeof a.documents === 'number' && a.documents > 1 ? ` (with ${a.documents - 1} other document${a.documents === 2 ? '' : 's'})` : ''}`;
  }
  if (action === 'review.set') {
    const parts: string[] = [];
    if (a.status !== undefined) parts.push(`status ${String(a.status)}`);
    if (a.rating !== undefined) parts.push(a.rating === null ? 'rating cleared' : `rated ${String(a.rating)}`);
    if (a.privilege !== undefined) parts.push(a.privilege === null ? 'privilege cleared' : `privilege: ${String(a.privilege)}`);
    if (a.exemptions !== undefined) parts.push(`exemptions: ${(a.exemptions as string[]).join(', ') || 'none'}`);
    if (a.notes !== undefined) parts.push('notes changed');
    if (a.log_description !== undefined) parts.push('privilege log description changed');
    return `coded — ${parts.join('; ')}${typeof a.documents === 'number' && a.documents > 1 ? ` (with ${a.documents - 1} other document${a.documents === 2 ? '' : 's'})` : ''}`;
  }
  if (action === 'redactions.add') return `redacted a box on page ${String(a.page)} (${String(a.reason)})`;
  if (action === 'redactions.remove') return `took away a redaction on page ${String(a.page)}`;
  if (action === 'redactions.approve') return `approved its ${String(a.boxes)} redaction${a.boxes === 1 ? '' : 's'} as a second reviewer`;
  if (action === 'productions.create') return 'produced';
  if (action === 'documents.add') return 'added';
  if (action === 'documents.duplicate') return `arrived again as ${String(a.name)}`;
  if (action === 'documents.link') return `linked to ${String(a.request ?? a.disclosure ?? '')}`.trim();
  if (action === 'documents.unlink') return `unlinked from ${String(a.request ?? a.disclosure ?? '')}`.trim();
  if (action === 'documents.ocr') return `page ${String(a.page)} read by OCR`;
  return action;
}

/** One document's coding saved from the version its reviewer loaded (the contract lets a version come only with one id). */
async function refuseStaleCoding(w: Writer, ctx: Pick<CallContext, 'now'>, ids: number[], version: number | undefined): Promise<void> {
  if (version !== undefined && ids.length === 1) await refuseStale(w, ctx.now(), 'document', ids[0]!, String(ids[0]), version);
}

/** The document's version after a save made from a version (a form's), so the form can save again without reloading. */
const versionAfter = async (q: Reader, ids: number[], loaded: number | undefined): Promise<{ version?: number }> => {
  const v = loaded !== undefined && ids.length === 1 ? await versionOf(q, 'documents', ids[0]!) : undefined;
  return v === undefined ? {} : { version: v };
};

async function reviewOut(q: Reader, id: number): Promise<ReviewOut> {
  // Independent reads, asked at once (on a team workspace, each a round trip to the server).
  const [r, tags, history, version] = await Promise.all([reviewOf(q, id), tagsOf(q, id), documentHistory(q, id), versionOf(q, 'documents', id)]);
  // Asked after, not beside: each read at once is a connection of the app's pool, and twenty people's apps share one server's connections.
  const people = await readPeople(q);
  return {
    documentId: id,
    status: (r?.status ?? 'unreviewed') as ReviewOut['status'],
    rating: (r?.rating ?? null) as ReviewOut['rating'],
    privilege: (r?.privilege ?? null) as ReviewOut['privilege'],
    exemptions: r ? (JSON.parse(r.exemptions) as ReviewOut['exemptions']) : [],
    notes: r?.notes ?? '',
    logDescription: r?.log_description ?? '',
    updatedAt: r?.updated_at ?? null,
    updatedBy: r?.updated_by ? people.name(r.updated_by) : null,
    tags: tags.map((t) => ({ id: t.id, path: t.path, color: t.color })),
    version: version ?? 1,
    history: people.named(history.map((h) => ({ at: h.at, actor: h.actor, osUser: h.os_user, what: describe(h.action, h.after ? (JSON.parse(h.after) as Record<string, unknown>) : null) }))),
  };
}

const redactionOut = (r: RedactionRow): RedactionOut => ({
  id: r.id,
  documentId: r.document_id,
  page: r.page_no,
  x: r.x,
  y: r.y,
  width: r.width,
  height: r.height,
  reason: r.reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** Who drew and who approved, as people are named on screen ("Ana Ruiz (aruiz)" in a team workspace). */
const namedApproval = (a: RedactionApprovalOut, name: (login: string) => string): RedactionApprovalOut => ({
  ...a,
  drawnBy: a.drawnBy.map(name),
  approvedBy: a.approvedBy === null ? null : name(a.approvedBy),
});

const savedOut = (s: SavedSearchRow): SavedSearchOut => ({ id: s.id, name: s.name, query: s.query, filters: JSON.parse(s.filters) as Record<string, string>, createdAt: s.created_at });

export const reviewHandlers = defineHandlers({
  'tags.list': async (_input, { store }) => ({ tags: (await listTags(store.engine)).map((t) => tagOut(t, t.count)) }),

  // Parent, path and clashes are decided inside the write: another create, or a rename of the
  // parent, cannot come between the check and the insert (docs/engines.md §2.3).
  'tags.create': ({ name, parent, color, shortcut }, { store, actor }) =>
    store.write(actor, async (w) => {
      const up = parent === undefined ? null : await requireTag(w, parent, 'parent');
      const path = up ? `${up.path}/${name}` : name;
      await checkFree(w, path, shortcut);
      const id = await insertTag(w, { parentId: up?.id ?? null, name, path, color, shortcut: shortcut ?? null });
      return tagOut((await tagById(w, id))!);
    }),

  'tags.update': ({ id, name, parent, color, shortcut, version }, { store, actor, now }) =>
    store.write(actor, async (w) => {
      const before = await requireTag(w, id, 'id');
      await refuseStale(w, now(), 'tag', before.id, String(before.id), version);
      let parentId = before.parent_id;
      let parentPath = before.parent_id === null ? null : (await tagById(w, before.parent_id))!.path;
      if (parent !== undefined) {
        const up = parent === null ? null : await requireTag(w, parent, 'parent');
        if (up && (await tagSubtree(w, before.id)).includes(up.id)) throw new AppError('BAD_INPUT', `parent: "${up.path}" is under "${before.path}"; a tag cannot go under itself.`);
        parentId = up?.id ?? null;
        parentPath = up?.path ?? null;
      }
      const newName = name ?? before.name;
      const path = parentPath ? `${parentPath}/${newName}` : newName;
      const key = shortcut === undefined ? before.shortcut : shortcut;
      await checkFree(w, path, key, before.id);
      await updateTag(w, before, { parentId, name: newName, path, color: color ?? before.color, shortcut: key });
      return tagOut((await tagById(w, id))!, (await listTags(w)).find((t) => t.id === id)!.count);
    }),

  'tags.delete': async ({ id }, { store, actor }) => ({ untagged: await store.write(actor, async (w) => deleteTag(w, await requireTag(w, id, 'id'))) }),

  'tags.apply': async ({ tag: ref, remove, version, ...target }, ctx) => {
    const { store, actor } = ctx;
    const tag = await requireTag(store.engine, ref);
    const { ids, why } = await targetIds(store.engine, target);
    if (ids.length === 0) return { tag: tag.path, documents: 0, changed: 0 };
    // Found again inside the write: a tag deleted meanwhile is refused by name, not met as a broken reference.
    return store.write(actor, async (w) => {
      const now = await requireTag(w, ref);
      const coded = await codeMany(w, ctx, ids, async (free) => {
        await refuseStaleCoding(w, ctx, free, version);
        return applyTag(w, now, free, remove, why);
      });
      return { tag: now.path, documents: ids.length, ...coded, ...(await versionAfter(w, ids, version)) };
    });
  },

  'review.get': async ({ id }, { store }) => {
    if (!(await documentById(store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    return reviewOut(store.engine, id);
  },

  'review.set': async ({ status, rating, privilege, exemptions, notes, logDescription, version, ...target }, ctx) => {
    const { store, actor } = ctx;
    const { ids, why } = await targetIds(store.engine, target);
    // Exemptions kept in the statute's order, once each, so equal codings compare equal.
    const patch = {
      ...(status === undefined ? {} : { status }),
      ...(rating === undefined ? {} : { rating }),
      ...(privilege === undefined ? {} : { privilege }),
      ...(exemptions === undefined ? {} : { exemptions: EXEMPTIONS.filter((e) => exemptions.includes(e)) }),
      ...(notes === undefined ? {} : { notes }),
      ...(logDescription === undefined ? {} : { log_description: logDescription }),
    };
    if (ids.length === 0) return { documents: 0, changed: 0 };
    return store.write(actor, async (w) => {
      // Who holds the document first (the more useful refusal), then whether the form is out of date.
      const coded = await codeMany(w, ctx, ids, async (free) => {
        await refuseStaleCoding(w, ctx, free, version);
        return setReview(w, free, patch, why);
      });
      return { documents: ids.length, ...coded, ...(await versionAfter(w, ids, version)) };
    });
  },

  'redactions.list': async ({ id }, { store }) => {
    if (!(await documentById(store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    const boxes = await redactionsOf(store.engine, id);
    const name = await peopleNamer(store.engine);
    return { redactions: boxes.map((b) => ({ ...redactionOut(b), createdBy: name(b.created_by) })), approval: namedApproval(await approvalOf(store.engine, id, boxes), name) };
  },

  'redactions.approve': async ({ id }, ctx) => {
    if (!(await documentById(ctx.store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    const approval = await ctx.store.write(ctx.actor, (w) => codeLeased(w, ctx, [id], () => approveRedactions(w, id), () => true));
    return namedApproval(approval, await peopleNamer(ctx.store.engine));
  },

  // The document is checked before the write: documents are never deleted and their pages never change.
  'redactions.add': async ({ id, page, x, y, width, height, reason }, ctx) => {
    const { store, actor } = ctx;
    const d = await documentById(store.engine, id);
    if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    if (!canRedact(d.type)) throw new AppError('BAD_INPUT', `id: document ${id} is a ${d.type} file; boxes are drawn on PDF pages and pictures (withhold it instead, or produce a PDF of it).`);
    if (page > d.page_count) throw new AppError('BAD_INPUT', `page: document ${id} has ${d.page_count} page${d.page_count === 1 ? '' : 's'}.`);
    return store.write(actor, (w) =>
      codeLeased(
        w,
        ctx,
        [id],
        async () => redactionOut((await redactionById(w, await addRedaction(w, { document_id: id, page_no: page, x, y, width, height, reason })))!),
        () => true,
      ),
    );
  },

  // Found inside the write: of two removals at once, the second is told the box is gone.
  'redactions.remove': ({ redaction }, ctx) =>
    ctx.store.write(ctx.actor, async (w) => {
      const r = await redactionById(w, redaction);
      if (!r) throw new AppError('NOT_FOUND', `redaction: there is no redaction ${redaction}.`);
      await codeLeased(w, ctx, [r.document_id], () => removeRedaction(w, r), () => true);
      return { removed: true as const };
    }),

  'redactions.findHits': async (input, ctx) => findHits(ctx, await scannedFor(hitSource(input), ctx)),

  'redactions.applyHits': async ({ exclude, reason, ...source }, ctx) => applyHits(ctx, await scannedFor(hitSource(source), ctx), exclude, reason),

  'redactions.undoBatch': ({ batch }, ctx) => undoBatch(ctx, batch),

  'searches.list': async (_input, { store }) => ({ searches: (await listSavedSearches(store.engine)).map(savedOut) }),

  'searches.save': async ({ name, query, filters }, { store, actor }) => {
    // A saved search must run: its words and filters are checked now, not when it is opened.
    await filtersOf(store.engine, filters);
    if (query) await compileSearch(store.engine, query);
    const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    return store.write(actor, async (w) => savedOut((await savedSearchById(w, await saveSearch(w, { name, query, filters: clean })))!));
  },

  'searches.delete': ({ id }, { store, actor }) =>
    store.write(actor, async (w) => {
      const s = await savedSearchById(w, id);
      if (!s) throw new AppError('NOT_FOUND', `id: there is no saved search ${id}.`);
      await deleteSavedSearch(w, s);
      return { deleted: true as const };
    }),
});
