/** Tags, document coding (reviews) and saved searches. */
import { idList, jsonWithout } from './dialect.ts';
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';
import { raiseVersions } from './versions.ts';

export interface TagRow {
  id: number;
  parent_id: number | null;
  name: string;
  path: string;
  color: string;
  shortcut: string | null;
  created_at: string;
  /** Raised by one with each edit (migration 27). */
  version: number;
}

// Tag paths and search names are one "whatever their case": lower() on both engines, as
// PostgreSQL's unique indexes are built (SQLite's lower() folds A–Z only, as NOCASE does); lists
// sort by lower() then the text itself, so ties fall the same way on both.

export async function listTags(q: Reader): Promise<(TagRow & { count: number })[]> {
  return q.all<TagRow & { count: number }>('SELECT t.*, (SELECT count(*) FROM document_tags dt WHERE dt.tag_id = t.id) AS count FROM tags t ORDER BY lower(t.path), t.path');
}

export async function tagById(q: Reader, id: number): Promise<TagRow | undefined> {
  return q.get<TagRow>('SELECT * FROM tags WHERE id = ?', [id]);
}
export async function tagByPath(q: Reader, path: string): Promise<TagRow | undefined> {
  return q.get<TagRow>('SELECT * FROM tags WHERE lower(path) = lower(?)', [path]);
}
export async function tagByShortcut(q: Reader, key: string): Promise<TagRow | undefined> {
  return q.get<TagRow>('SELECT * FROM tags WHERE shortcut = ?', [key]);
}

/** A tag and every tag under it. The seed is cast: PostgreSQL cannot type a bare `SELECT $1`. */
export const TAG_SUBTREE = 'WITH RECURSIVE sub(id) AS (SELECT CAST(? AS BIGINT) UNION ALL SELECT t.id FROM tags t JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub';
export async function tagSubtree(q: Reader, id: number): Promise<number[]> {
  return (await q.all<{ id: number }>(TAG_SUBTREE, [id])).map((r) => r.id);
}

export async function insertTag(w: Writer, t: { parentId: number | null; name: string; path: string; color: string; shortcut: string | null }): Promise<number> {
  const id = (await w.run('INSERT INTO tags (parent_id, name, path, color, shortcut, created_at) VALUES (@parentId, @name, @path, @color, @shortcut, @at) RETURNING id', { ...t, at: w.at })).lastId!;
  await w.audit({ action: 'tags.create', entity: 'tag', entityId: String(id), after: t });
  return id;
}

/** Change a tag; a new name or parent moves the paths of everything under it too. */
export async function updateTag(w: Writer, before: TagRow, t: { parentId: number | null; name: string; path: string; color: string; shortcut: string | null }): Promise<void> {
  await w.run('UPDATE tags SET parent_id = @parentId, name = @name, path = @path, color = @color, shortcut = @shortcut, version = version + 1 WHERE id = @id', { ...t, id: before.id });
  if (t.path !== before.path) {
    // Lengths counted by the database (characters), not by JavaScript (UTF-16 units): an emoji is
    // one. The prefix matches in any case, as paths are unique (SQLite's LIKE ignores case itself).
    await w.run("UPDATE tags SET path = CAST(@to AS TEXT) || substr(path, length(CAST(@from AS TEXT)) + 1) WHERE lower(path) LIKE lower(@prefix) ESCAPE '\\' AND id <> @id", {
      to: t.path,
      from: before.path,
      prefix: `${before.path.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
      id: before.id,
    });
  }
  const { id: _id, created_at: _c, version: _v, ...was } = before;
  await w.audit({ action: 'tags.update', entity: 'tag', entityId: String(before.id), before: was, after: t });
}

export async function deleteTag(w: Writer, tag: TagRow): Promise<number> {
  const ids = await tagSubtree(w, tag.id);
  const untagged = (await w.get<{ n: number }>(`SELECT count(*) AS n FROM document_tags WHERE tag_id IN (${idList(w.kind, 'ids')})`, { ids: JSON.stringify(ids) }))!.n;
  await w.run('DELETE FROM tags WHERE id = ?', [tag.id]);
  await w.audit({ action: 'tags.delete', entity: 'tag', entityId: String(tag.id), before: { path: tag.path, tagsUnder: ids.length - 1, documentsUntagged: untagged } });
  return untagged;
}

/** The documents of these ids that exist (ids from outside are checked before use). */
export async function existingDocuments(q: Reader, ids: number[]): Promise<number[]> {
  return (await q.all<{ id: number }>(`SELECT d.id FROM (${idList(q.kind, 'ids')}) j JOIN documents d ON d.id = j.id`, { ids: JSON.stringify(ids) })).map((r) => r.id);
}

/** These documents with their whole email families: up to the top email, then every attachment under it. */
export async function withFamilies(q: Reader, ids: number[]): Promise<number[]> {
  const given = `SELECT d.id, d.parent_id FROM (${idList(q.kind, 'ids')}) j JOIN documents d ON d.id = j.id`;
  const rows = await q.all<{ id: number }>(
    `WITH RECURSIVE up(id, parent_id) AS (
       ${given}
       UNION SELECT d.id, d.parent_id FROM documents d JOIN up ON d.id = up.parent_id),
     down(id) AS (SELECT id FROM up WHERE parent_id IS NULL
       UNION SELECT d.id FROM documents d JOIN down ON d.parent_id = down.id)
     SELECT id FROM down UNION SELECT id FROM (${given}) g ORDER BY id`,
    { ids: JSON.stringify(ids) },
  );
  return rows.map((r) => r.id);
}

/**
 * The families withFamilies takes whole, as a map: every document that is in a family (an email
 * and its attachments, at any depth) to the top document of it. A document not in the map is a
 * family of its own. Read once, so a term report counts each term's families without a query
 * per term.
 */
export async function familyTops(q: Reader): Promise<Map<number, number>> {
  const rows = await q.all<{ id: number; top: number }>(
    `WITH RECURSIVE down(id, top) AS (
       SELECT id, id FROM documents WHERE parent_id IS NULL AND id IN (SELECT parent_id FROM documents WHERE parent_id IS NOT NULL)
       UNION ALL SELECT d.id, down.top FROM documents d JOIN down ON d.parent_id = down.id)
     SELECT id, top FROM down`,
  );
  return new Map(rows.map((r) => [r.id, r.top]));
}

/**
 * One audit row for a change to one or many documents. A row for many lists
 * their ids (under the hash chain) and is indexed per document in
 * document_audit, so each document's history finds it directly.
 */
async function auditMany(w: Writer, ids: number[], e: { action: string; after: Record<string, unknown> }): Promise<void> {
  // A document's coding and tags share its version (migration 27): one raise for each audited change that lists it.
  await raiseVersions(w, 'documents', ids);
  if (ids.length === 1) {
    await w.audit({ action: e.action, entity: 'document', entityId: String(ids[0]), after: e.after });
    return;
  }
  const row = await w.audit({ action: e.action, entity: 'documents', entityId: 'many', after: { ...e.after, ids } });
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join's ON after a SELECT's FROM.
  await w.run(`INSERT INTO document_audit (document_id, seq) SELECT id, CAST(@seq AS BIGINT) FROM (${idList(w.kind, 'ids')}) j WHERE true ON CONFLICT DO NOTHING`, {
    seq: row.seq,
    ids: JSON.stringify(ids),
  });
}

/**
 * Add a tag to (or take it off) many documents in one statement. One audit
 * row records the change with every document it touched, so each document's
 * history can still say who tagged it and when.
 */
export async function applyTag(w: Writer, tag: TagRow, ids: number[], remove: boolean, why: Record<string, unknown>): Promise<number> {
  const values = { tag: tag.id, ids: JSON.stringify(ids), at: w.at, by: w.actor };
  const docs = idList(w.kind, 'ids');
  const { changes: changed } = remove
    ? await w.run(`DELETE FROM document_tags WHERE tag_id = @tag AND document_id IN (${docs})`, values)
    : await w.run(
        `INSERT INTO document_tags (tag_id, document_id, tagged_at, tagged_by)
         SELECT CAST(@tag AS BIGINT), id, CAST(@at AS TEXT), CAST(@by AS TEXT) FROM (${docs}) j WHERE true ON CONFLICT DO NOTHING`,
        values,
      );
  if (changed > 0) {
    await auditMany(w, ids, { action: remove ? 'tags.remove' : 'tags.add', after: { tag: tag.path, documents: ids.length, changed, ...why } });
  }
  return changed;
}

export async function tagsOf(q: Reader, documentId: number): Promise<TagRow[]> {
  return q.all<TagRow>('SELECT t.* FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ? ORDER BY lower(t.path), t.path', [documentId]);
}

export interface ReviewRow {
  document_id: number;
  status: string;
  rating: string | null;
  privilege: string | null;
  exemptions: string;
  notes: string;
  log_description: string;
  updated_at: string;
  updated_by: string;
}

export async function reviewOf(q: Reader, documentId: number): Promise<ReviewRow | undefined> {
  return q.get<ReviewRow>('SELECT * FROM reviews WHERE document_id = ?', [documentId]);
}

export interface ReviewPatch {
  status?: string;
  rating?: string | null;
  privilege?: string | null;
  exemptions?: string[];
  notes?: string;
  log_description?: string;
}

const REVIEW_COLUMNS = ['status', 'rating', 'privilege', 'exemptions', 'notes', 'log_description'] as const;

/** Code many documents at once; only the fields given change. Returns how many documents changed. */
export async function setReview(w: Writer, ids: number[], patch: ReviewPatch, why: Record<string, unknown>): Promise<number> {
  const given = REVIEW_COLUMNS.filter((c) => patch[c] !== undefined);
  if (given.length === 0 || ids.length === 0) return 0;
  const values: Record<string, unknown> = { ids: JSON.stringify(ids), at: w.at, by: w.actor };
  for (const c of given) values[c] = c === 'exemptions' ? JSON.stringify(patch.exemptions) : patch[c];
  // Only rows whose coding really changes are written (and counted). IS DISTINCT FROM is the
  // null-safe "differs" both engines know (SQLite's IS NOT is its own spelling).
  const differs = given.map((c) => `r.${c} IS DISTINCT FROM @${c}`).join(' OR ');
  const targets = `SELECT j.id FROM (${idList(w.kind, 'ids')}) j LEFT JOIN reviews r ON r.document_id = j.id
    WHERE r.document_id IS NULL OR ${differs}`;
  const insertCols = given.join(', ');
  const insertVals = given.map((c) => `CAST(@${c} AS TEXT)`).join(', ');
  const updates = given.map((c) => `${c} = excluded.${c}`).join(', ');
  const { changes: changed } = await w.run(
    `INSERT INTO reviews (document_id, ${insertCols}, updated_at, updated_by) SELECT id, ${insertVals}, CAST(@at AS TEXT), CAST(@by AS TEXT) FROM (${targets}) t WHERE true
     ON CONFLICT(document_id) DO UPDATE SET ${updates}, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    values,
  );
  if (changed > 0) await auditMany(w, ids, { action: 'review.set', after: { ...patch, documents: ids.length, changed, ...why } });
  return changed;
}

export interface HistoryRow {
  seq: number;
  at: string;
  actor: string;
  os_user: string | null;
  action: string;
  after: string | null;
}

/**
 * Bulk rows' entries without their list of documents, by the row's hash. Taking the list out
 * means reading the whole row (100,000 ids after tagging a search: on PostgreSQL tens of
 * milliseconds a row), and the same few bulk rows are in the history of every document they
 * touched, read again for each document a reviewer moves to. A row never changes, and its hash
 * names its content, so what was taken from it once holds for good.
 */
const bulkEntries = new Map<string, string | null>();
const BULK_ENTRIES = 1024;

/** Every audited change to one document: its own rows, and bulk rows that list it (through document_audit). */
export async function documentHistory(q: Reader, id: number): Promise<HistoryRow[]> {
  const rows = await q.all<HistoryRow & { bulk: string | null }>(
    `SELECT seq, at, actor, os_user, action, coalesce(after, before) AS after, CAST(NULL AS TEXT) AS bulk FROM audit_log WHERE entity = 'document' AND entity_id = @sid
     UNION ALL
     SELECT a.seq, a.at, a.actor, a.os_user, a.action, CAST(NULL AS TEXT) AS after, a.hash AS bulk FROM document_audit da JOIN audit_log a ON a.seq = da.seq WHERE da.document_id = @id
     ORDER BY seq`,
    { sid: String(id), id },
  );
  const entries = new Map<string, string | null>();
  for (const { bulk } of rows) if (bulk !== null && bulkEntries.has(bulk)) entries.set(bulk, bulkEntries.get(bulk)!);
  const unread = rows.filter((r) => r.bulk !== null && !entries.has(r.bulk)).map((r) => r.seq);
  if (unread.length > 0) {
    const read = await q.all<{ hash: string; after: string | null }>(
      `SELECT a.hash, ${jsonWithout(q.kind, 'a.after', 'ids')} AS after FROM (${idList(q.kind, 'seqs')}) j JOIN audit_log a ON a.seq = j.id`,
      { seqs: JSON.stringify(unread) },
    );
    for (const r of read) {
      entries.set(r.hash, r.after);
      if (bulkEntries.size >= BULK_ENTRIES) bulkEntries.delete(bulkEntries.keys().next().value!);
      bulkEntries.set(r.hash, r.after);
    }
  }
  return rows.map(({ bulk, ...r }) => (bulk === null ? r : { ...r, after: entries.get(bulk) ?? null }));
}

export interface SavedSearchRow {
  id: number;
  name: string;
  query: string;
  filters: string;
  created_at: string;
}

export async function listSavedSearches(q: Reader): Promise<SavedSearchRow[]> {
  return q.all<SavedSearchRow>('SELECT * FROM saved_searches ORDER BY lower(name), name');
}
export async function savedSearchByName(q: Reader, name: string): Promise<SavedSearchRow | undefined> {
  return q.get<SavedSearchRow>('SELECT * FROM saved_searches WHERE lower(name) = lower(?)', [name]);
}
export async function savedSearchById(q: Reader, id: number): Promise<SavedSearchRow | undefined> {
  return q.get<SavedSearchRow>('SELECT * FROM saved_searches WHERE id = ?', [id]);
}

/** Save under a name: a search of the same name (in any case) is replaced; the lookup reads through the write, so it decides. */
export async function saveSearch(w: Writer, s: { name: string; query: string; filters: Record<string, unknown> }): Promise<number> {
  const existing = await savedSearchByName(w, s.name);
  const filters = JSON.stringify(s.filters);
  if (existing) {
    await w.run('UPDATE saved_searches SET name = ?, query = ?, filters = ? WHERE id = ?', [s.name, s.query, filters, existing.id]);
    await w.audit({ action: 'searches.save', entity: 'saved-search', entityId: String(existing.id), before: { query: existing.query, filters: JSON.parse(existing.filters) as unknown }, after: s });
    return existing.id;
  }
  const id = (await w.run('INSERT INTO saved_searches (name, query, filters, created_at) VALUES (?, ?, ?, ?) RETURNING id', [s.name, s.query, filters, w.at])).lastId!;
  await w.audit({ action: 'searches.save', entity: 'saved-search', entityId: String(id), after: s });
  return id;
}

export async function deleteSavedSearch(w: Writer, s: SavedSearchRow): Promise<void> {
  await w.run('DELETE FROM saved_searches WHERE id = ?', [s.id]);
  await w.audit({ action: 'searches.delete', entity: 'saved-search', entityId: String(s.id), before: { name: s.name, query: s.query } });
}
