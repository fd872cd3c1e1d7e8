import type { Migration } from './types.ts';
import { createFieldsIndexPg, createFieldsIndexSqlite, joinedNames, type FieldsIndex } from './fields-index.ts';

/**
 * What a document's search fields hold (`from:`, `subject:`, `filename:` … in the search language),
 * in the index's column order: its email participants, its subject and title, every name it arrived
 * under and every source it came from. Changing what a field holds takes a new migration that
 * rebuilds the index (0022 does).
 */
export const FIELDS_18: FieldsIndex = {
  columns: {
    email_from: () => `coalesce(d.email_from, '')`,
    email_to: () => `coalesce(d.email_to, '')`,
    email_cc: () => `coalesce(d.email_cc, '')`,
    subject: () => `trim(coalesce(d.email_subject, '') || ' ' || coalesce(d.title, ''))`,
    filename: (kind) => `trim(d.name || ' ' || coalesce(${joinedNames(kind, 'name')}, ''))`,
    custodian: (kind) => `coalesce(${joinedNames(kind, 'source')}, '')`,
  },
  sourceColumns: 'name, title, email_from, email_to, email_cc, email_subject',
};

/**
 * The fields a query can name, indexed as page text is since migration 17 (words as written: the same tokenizer on SQLite, the
 * `sunshine_exact` configuration on PostgreSQL), so `from:ice` matches words as `ice` does on a page.
 * Derived data like pages_fts: kept in step by triggers on documents and the names they arrived
 * under, so every way rows are written (import, a duplicate's new name, a copy or a restore) keeps
 * it, and never copied or backed up itself (db/tables.ts).
 */
export const m0018: Migration = {
  version: 18,
  name: 'document fields',
  up(db) {
    db.exec(createFieldsIndexSqlite(FIELDS_18));
  },
  pg: (tx) => tx.exec(createFieldsIndexPg(FIELDS_18)),
};
