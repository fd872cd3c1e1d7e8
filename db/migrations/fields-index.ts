import type { Kind } from '../dialect.ts';
import { tsvectorOf } from './pg-search.ts';

/**
 * The search fields index (`from:`, `subject:`, `custodian:` … in the search language): one row per
 * document, one column per field, kept in step by triggers on documents and the names they arrived
 * under. Built by migration 18 and rebuilt by later ones that change what a field holds; each
 * passes its own `FieldsIndex`, so a migration's schema never changes once it has shipped.
 */
export interface FieldsIndex {
  /** Field column → what it holds for document `d`, as an SQL expression on the given engine. */
  columns: Readonly<Record<string, (kind: Kind) => string>>;
  /** The columns of documents the fields are made of: a change to one of them rebuilds the row. */
  sourceColumns: string;
}

/** Every name the document arrived under (`column` of document_names), joined by spaces. */
export const joinedNames = (kind: Kind, column: string): string =>
  kind === 'sqlite'
    ? `(SELECT group_concat(n.${column}, ' ') FROM document_names n WHERE n.document_id = d.id)`
    : `(SELECT string_agg(n.${column}, ' ' ORDER BY n.id) FROM document_names n WHERE n.document_id = d.id)`;

/** The rows of the index for the documents `where` picks (on `d`), in column order after their id. */
const fieldRows = (spec: FieldsIndex, kind: Kind, where: string): string =>
  `SELECT d.id AS document_id, ${Object.entries(spec.columns)
    .map(([name, expr]) => `${expr(kind)} AS ${name}`)
    .join(', ')}
    FROM documents d WHERE ${where}`;

/** SQLite: the FTS5 table (words as written, as pages are since migration 17), its rows and its triggers. */
export function createFieldsIndexSqlite(spec: FieldsIndex): string {
  const names = Object.keys(spec.columns).join(', ');
  const row = (id: string) => `INSERT INTO document_fields_fts(rowid, ${names}) ${fieldRows(spec, 'sqlite', `d.id = ${id}`)};`;
  return `
      CREATE VIRTUAL TABLE document_fields_fts USING fts5(${names}, tokenize='unicode61 remove_diacritics 2');
      INSERT INTO document_fields_fts(rowid, ${names}) ${fieldRows(spec, 'sqlite', 'TRUE')};
      CREATE TRIGGER document_fields_fts_add AFTER INSERT ON documents BEGIN
        ${row('new.id')}
      END;
      CREATE TRIGGER document_fields_fts_change AFTER UPDATE OF ${spec.sourceColumns} ON documents BEGIN
        DELETE FROM document_fields_fts WHERE rowid = new.id;
        ${row('new.id')}
      END;
      CREATE TRIGGER document_fields_fts_remove AFTER DELETE ON documents BEGIN
        DELETE FROM document_fields_fts WHERE rowid = old.id;
      END;
      CREATE TRIGGER document_fields_fts_name AFTER INSERT ON document_names BEGIN
        DELETE FROM document_fields_fts WHERE rowid = new.document_id;
        ${row('new.document_id')}
      END;
    `;
}

export const DROP_FIELDS_INDEX_SQLITE = `
      DROP TRIGGER document_fields_fts_add;
      DROP TRIGGER document_fields_fts_change;
      DROP TRIGGER document_fields_fts_remove;
      DROP TRIGGER document_fields_fts_name;
      DROP TABLE document_fields_fts;
    `;

/** PostgreSQL: one tsvector column per field (the `sunshine_exact` configuration), a GIN index each, and the triggers. */
export function createFieldsIndexPg(spec: FieldsIndex): string {
  const cols = Object.keys(spec.columns);
  const names = cols.join(', ');
  const vectors = cols.map((c) => tsvectorOf(`r.${c}`, 'sunshine_exact')).join(', ');
  return `
      CREATE TABLE document_fields_fts (
        document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        ${cols.map((c) => `${c} tsvector NOT NULL`).join(',\n        ')}
      );
      ${cols.map((c) => `CREATE INDEX document_fields_fts_${c} ON document_fields_fts USING gin (${c});`).join('\n      ')}
      -- The document's id is in the column the trigger names (documents.id, document_names.document_id).
      CREATE FUNCTION document_fields_fts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO document_fields_fts (document_id, ${names})
          SELECT r.document_id, ${vectors}
          FROM (${fieldRows(spec, 'postgres', `d.id = CAST(to_jsonb(NEW) ->> TG_ARGV[0] AS bigint)`)}) r
        ON CONFLICT (document_id) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')};
        RETURN NULL;
      END $$;
      CREATE TRIGGER document_fields_fts_add AFTER INSERT ON documents FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('id');
      CREATE TRIGGER document_fields_fts_change AFTER UPDATE OF ${spec.sourceColumns} ON documents FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('id');
      CREATE TRIGGER document_fields_fts_name AFTER INSERT ON document_names FOR EACH ROW EXECUTE FUNCTION document_fields_fts_refresh('document_id');
      INSERT INTO document_fields_fts (document_id, ${names})
        SELECT r.document_id, ${vectors} FROM (${fieldRows(spec, 'postgres', 'TRUE')}) r;
    `;
}

/** The function's CASCADE takes its triggers with it. */
export const DROP_FIELDS_INDEX_PG = `
      DROP FUNCTION document_fields_fts_refresh() CASCADE;
      DROP TABLE document_fields_fts;
    `;
