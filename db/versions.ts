/**
 * Record versions (migration 27): the version column of the records people edit, and the history a
 * refused save is explained from. The rule itself (when a save is refused, and how it is worded) is
 * core/versions.ts.
 */
import { idList } from './dialect.ts';
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

/** The tables that carry a version; a document's version covers its coding and its tags. */
export type VersionedTable = 'agencies' | 'requests' | 'disclosures' | 'tags' | 'documents';

/** A record's version, read through the write (under the writer lock) when it is checked; undefined when there is no such row. */
export async function versionOf(q: Reader, table: VersionedTable, id: number): Promise<number | undefined> {
  return (await q.get<{ version: number }>(`SELECT version FROM ${table} WHERE id = ?`, [id]))?.version;
}

/**
 * Raise the version of records whose change is recorded in a row of another table (a request's
 * tracking numbers, a document's coding and tags). Edits of a record's own row raise it in their
 * UPDATE instead (`version = version + 1`).
 */
export async function raiseVersions(w: Writer, table: VersionedTable, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await w.run(`UPDATE ${table} SET version = version + 1 WHERE id IN (${idList(w.kind, 'ids')})`, { ids: JSON.stringify(ids) });
}

export interface ChangeRow {
  at: string;
  actor: string;
  action: string;
  /** The audit row's before and after, as stored JSON. */
  before: string | null;
  after: string | null;
}

/** A record's own audited changes by the given actions, newest first, at most `limit` (a document's are db/review.ts documentHistory). */
export async function changesOf(q: Reader, entity: string, entityId: string, actions: readonly string[], limit: number): Promise<ChangeRow[]> {
  // The actions are a short fixed list from core/versions.ts, one placeholder each.
  return q.all<ChangeRow>(
    `SELECT at, actor, action, before, after FROM audit_log
      WHERE entity = ? AND entity_id = ? AND action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq DESC LIMIT ?`,
    [entity, entityId, ...actions, limit],
  );
}
