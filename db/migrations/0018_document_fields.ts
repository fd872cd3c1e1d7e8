import type { Migration } from './types.ts';
import type { Kind } from '../dialect.ts';
import { tsvectorOf } from './pg-search.ts';

/** The searchable fields, in the index's column order. */
const COLUMNS = ['email_from', 'email_to', 'email_cc', 'subject', 'filename', 'custodian'];

/**
 * What a document's search fields hold (`from:`, `subject:`, `filename:` … in the search language),
 * one row per document, in COLUMNS order after its id: its email participants, its subject and
 * title, every name it arrived under and every source it came from. `where` picks the documents
 * (on `d`). Changing what a field holds takes a new migration that rebuilds the index.
 */
const fieldRows = (kind: Kind, where: string): string => {
  const joined = (column: string) =>
    kind === 'sqlite'
      ? `(SELECT group_concat(n.${column}, ' ') FROM document_names n WHERE n.document_id = d.id)`
      : `(SELECT string_agg(n.${column}, ' ' ORDER BY n.id) FROM document_names n WHERE n.document_id = d.id)`;
  return `SELECT d.id AS document_id, coalesce(d.email_from, '') AS email_from, coalesce(d.email_to, '') AS email_to, coalesce(d.email_cc, '') AS email_cc,
      trim(coalesce(d.email_subject, '') || ' ' || coalesce(d.title, '')) AS subject,
      trim(d.name || ' ' || coalesce(${joined('name')}, '')) AS filename, coalesce(${joined('source')}, '') AS custodian
    FROM documents d WHERE ${where}`;
};

/** The columns of documents a field is made of: a change to one of them rebuilds the row. */
const SOURCE_COLUMNS = 'name, title, email_from, email_to, email_cc, email_subject';

const sqliteRow = (id: string) => `INSERT INTO document_fields_fts(rowid, ${COLUMNS.join(', ')}) ${fieldRows('sqlite', `d.id = ${id}`)};`;

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
    db.exec(`
      CREATE VIRTUAL TABLE document_fields_fts USING fts5(${COLUMNS.join(', ')}, tokenize='unicode61 remove_diacritics 2');
      INSERT INTO document_fields_fts(rowid, ${COLUMNS.join(', ')}) ${fieldRows('sqlite', 'TRUE')};
      CREATE TRIGGER document_fields_fts_add AFTER INSERT ON documents BEGIN
        ${sqliteRow('new.id')}
      END;
      CREATE TRIGGER document_fields_fts_change AFTER UPDATE OF ${SOURCE_COLUMNS} ON documents BEGIN
        DELETE FROM document_fields_fts WHERE rowid = new.id;
        ${sqliteRow('new.id')}
      END;
      CREATE TRIGGER document_fields_fts_remove AFTER DELETE ON documents BEGIN
        DELETE FROM document_fields_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER document_fields_fts_name AFTER INSERT ON document_names BEGIN
        DELETE FROM document_fields_fts WHERE rowid = new.document_id;
        ${sqliteRow('new.document_id')}
      END;
    `);
  },
  pg: (tx) =>
    tx.exec(`
      CREATE TABLE document_fields_fts (
        document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        ${COLUMNS.map((c) => `${c} tsvector NOT NULL`).join(',\n        ')}
      );
      ${COLUMNS.map((c) => `CREATE INDEX document_fields_fts_${c} ON document_fields_fts USING gin (${c});`).join('\n      ')}
      -- The document's id is in the column the trigger names (documents.id, document_names.document_id).
      CREATE FUNCTION document_fields_fts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO document_fields_fts (document_id, ${COLUMNS.join(', ')})
          SELECT r.document_id, ${COLUMNS.map((c) => tsvectorOf(`r.${c}`, 'sunshine_exact')).join(', ')}
          FROM (${fieldRows('postgres', `d.id = CAST(to_jsonb(NEW) ->> TG_ARGV[0] AS bigint)`)}) r
        ON CONFLICT (document_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')};
        RETURN NULL;
      END $$;
      CREATE TRIGGER document_fields_fts_add AFTER INSERT ON documents FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('id');
      CREATE TRIGGER document_fields_fts_change AFTER UPDATE OF ${SOURCE_COLUMNS} ON documents FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('id');
      CREATE TRIGGER document_fields_fts_name AFTER INSERT ON document_names FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('document_id');
      INSERT INTO document_fields_fts (document_id, ${COLUMNS.join(', ')})
        SELECT r.document_id, ${COLUMNS.map((c) => tsvectorOf(`r.${c}`, 'sunshine_exact')).join(', ')} FROM (${fieldRows('postgres', 'TRUE')}) r;
    `),
};
