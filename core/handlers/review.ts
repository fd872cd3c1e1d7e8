import type { Database } from 'better-sqlite3';
import { canRedact } from '../shared/redactable.ts';
import type { RedactionOut, ReviewOut, SavedSearchOut, TagOut } from '../api-review.ts';
import { addRedaction, redactionById, redactionsOf, removeRedaction, type RedactionRow } from '../../db/redactions.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import { filtersOf } from '../documents/filters.ts';
import { checkQuery } from '../documents/search.ts';
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

const tagOut = (t: TagRow, count = 0): TagOut => ({ id: t.id, name: t.name, path: t.path, parentId: t.parent_id, color: t.color, shortcut: t.shortcut, count });

function requireTag(db: Database, ref: number | string, field = 'tag'): TagRow {
  const t = typeof ref === 'number' ? tagById(db, ref) : tagByPath(db, ref);
  if (!t) throw new AppError('NOT_FOUND', `${field}: there is no tag ${typeof ref === 'number' ? ref : `"${ref.slice(0, 100)}"`}.`);
  return t;
}

function checkFree(db: Database, path: string, shortcut: string | null | undefined, selfId = 0): void {
  const clash = tagByPath(db, path);
  if (clash && clash.id !== selfId) throw new AppError('CONFLICT', `name: there is already a tag "${clash.path}".`);
  if (shortcut) {
    const holder = tagByShortcut(db, shortcut);
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
  if (action === 'productions.create') return 'produced';
  if (action === 'documents.add') return 'added';
  if (action === 'documents.duplicate') return `arrived again as ${String(a.name)}`;
  if (action === 'documents.link') return `linked to ${String(a.request ?? a.disclosure ?? '')}`.trim();
  if (action === 'documents.unlink') return `unlinked from ${String(a.request ?? a.disclosure ?? '')}`.trim();
  if (action === 'documents.ocr') return `page ${String(a.page)} read by OCR`;
  return action;
}

function reviewOut(db: Database, id: number): ReviewOut {
  const r = reviewOf(db, id);
  return {
    documentId: id,
    status: (r?.status ?? 'unreviewed') as ReviewOut['status'],
    rating: (r?.rating ?? null) as ReviewOut['rating'],
    privilege: (r?.privilege ?? null) as ReviewOut['privilege'],
    exemptions: r ? (JSON.parse(r.exemptions) as ReviewOut['exemptions']) : [],
    notes: r?.notes ?? '',
    logDescription: r?.log_description ?? '',
    updatedAt: r?.updated_at ?? null,
    updatedBy: r?.updated_by ?? null,
    tags: tagsOf(db, id).map((t) => ({ id: t.id, path: t.path, color: t.color })),
    history: documentHistory(db, id).map((h) => ({ at: h.at, actor: h.actor, osUser: h.os_user, what: describe(h.action, h.after ? (JSON.parse(h.after) as Record<string, unknown>) : null) })),
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

const savedOut = (s: SavedSearchRow): SavedSearchOut => ({ id: s.id, name: s.name, query: s.query, filters: JSON.parse(s.filters) as Record<string, string>, createdAt: s.created_at });

export const reviewHandlers = defineHandlers({
  'tags.list': (_input, { store }) => ({ tags: listTags(store.db).map((t) => tagOut(t, t.count)) }),

  'tags.create': ({ name, parent, color, shortcut }, { store, actor }) => {
    const up = parent === undefined ? null : requireTag(store.db, parent, 'parent');
    const path = up ? `${up.path}/${name}` : name;
    checkFree(store.db, path, shortcut);
    const id = store.write(actor, (w) => insertTag(w, { parentId: up?.id ?? null, name, path, color, shortcut: shortcut ?? null }));
    return tagOut(tagById(store.db, id)!);
  },

  'tags.update': ({ id, name, parent, color, shortcut }, { store, actor }) => {
    const before = requireTag(store.db, id, 'id');
    let parentId = before.parent_id;
    let parentPath = before.parent_id === null ? null : tagById(store.db, before.parent_id)!.path;
    if (parent !== undefined) {
      const up = parent === null ? null : requireTag(store.db, parent, 'parent');
      if (up && tagSubtree(store.db, before.id).includes(up.id)) throw new AppError('BAD_INPUT', `parent: "${up.path}" is under "${before.path}"; a tag cannot go under itself.`);
      parentId = up?.id ?? null;
      parentPath = up?.path ?? null;
    }
    const newName = name ?? before.name;
    const path = parentPath ? `${parentPath}/${newName}` : newName;
    const key = shortcut === undefined ? before.shortcut : shortcut;
    checkFree(store.db, path, key, before.id);
    store.write(actor, (w) => updateTag(w, before, { parentId, name: newName, path, color: color ?? before.color, shortcut: key }));
    return tagOut(tagById(store.db, id)!, listTags(store.db).find((t) => t.id === id)!.count);
  },

  'tags.delete': ({ id }, { store, actor }) => {
    const tag = requireTag(store.db, id, 'id');
    return { untagged: store.write(actor, (w) => deleteTag(w, tag)) };
  },

  'tags.apply': async ({ tag: ref, remove, ...target }, { store, actor }) => {
    const tag = requireTag(store.db, ref);
    const { ids, why } = await targetIds(store.engine, store.db, target);
    const changed = ids.length === 0 ? 0 : store.write(actor, (w) => applyTag(w, tag, ids, remove, why));
    return { tag: tag.path, documents: ids.length, changed };
  },

  'review.get': async ({ id }, { store }) => {
    if (!(await documentById(store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    return reviewOut(store.db, id);
  },

  'review.set': async ({ status, rating, privilege, exemptions, notes, logDescription, ...target }, { store, actor }) => {
    const { ids, why } = await targetIds(store.engine, store.db, target);
    // Exemptions kept in the statute's order, once each, so equal codings compare equal.
    const patch = {
      ...(status === undefined ? {} : { status }),
      ...(rating === undefined ? {} : { rating }),
      ...(privilege === undefined ? {} : { privilege }),
      ...(exemptions === undefined ? {} : { exemptions: EXEMPTIONS.filter((e) => exemptions.includes(e)) }),
      ...(notes === undefined ? {} : { notes }),
      ...(logDescription === undefined ? {} : { log_description: logDescription }),
    };
    const changed = ids.length === 0 ? 0 : store.write(actor, (w) => setReview(w, ids, patch, why));
    return { documents: ids.length, changed };
  },

  'redactions.list': async ({ id }, { store }) => {
    if (!(await documentById(store.engine, id))) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    return { redactions: redactionsOf(store.db, id).map(redactionOut) };
  },

  'redactions.add': async ({ id, page, x, y, width, height, reason }, { store, actor }) => {
    const d = await documentById(store.engine, id);
    if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
    if (!canRedact(d.type)) throw new AppError('BAD_INPUT', `id: document ${id} is a ${d.type} file; boxes are drawn on PDF pages and pictures (withhold it instead, or produce a PDF of it).`);
    if (page > d.page_count) throw new AppError('BAD_INPUT', `page: document ${id} has ${d.page_count} page${d.page_count === 1 ? '' : 's'}.`);
    const rid = store.write(actor, (w) => addRedaction(w, { document_id: id, page_no: page, x, y, width, height, reason }));
    return redactionOut(redactionById(store.db, rid)!);
  },

  'redactions.remove': ({ redaction }, { store, actor }) => {
    const r = redactionById(store.db, redaction);
    if (!r) throw new AppError('NOT_FOUND', `redaction: there is no redaction ${redaction}.`);
    store.write(actor, (w) => removeRedaction(w, r));
    return { removed: true as const };
  },

  'searches.list': (_input, { store }) => ({ searches: listSavedSearches(store.db).map(savedOut) }),

  'searches.save': async ({ name, query, filters }, { store, actor }) => {
    // A saved search must run: its words and filters are checked now, not when it is opened.
    filtersOf(store.db, filters);
    if (query) await checkQuery(store.engine, query);
    const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
    const id = store.write(actor, (w) => saveSearch(w, { name, query, filters: clean }));
    return savedOut(savedSearchById(store.db, id)!);
  },

  'searches.delete': ({ id }, { store, actor }) => {
    const s = savedSearchById(store.db, id);
    if (!s) throw new AppError('NOT_FOUND', `id: there is no saved search ${id}.`);
    store.write(actor, (w) => deleteSavedSearch(w, s));
    return { deleted: true as const };
  },
});
