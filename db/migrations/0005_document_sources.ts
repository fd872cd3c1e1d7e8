import type { Migration } from './types.ts';

/**
 * Where a document came from, as the user names it ("ICE, 2nd interim
 * release", "OIG hotline"), kept apart from the path it was read from; and
 * the document's own date (sent, created, else last modified), for filtering.
 * The old `source` columns held paths, so they become `path`.
 */
export const m0005: Migration = {
  version: 5,
  name: 'document sources and dates',
  up(db) {
    db.exec(`
      ALTER TABLE documents RENAME COLUMN source TO path;
      ALTER TABLE documents ADD COLUMN source TEXT NOT NULL DEFAULT '';
      ALTER TABLE documents ADD COLUMN doc_date TEXT;
      UPDATE documents SET doc_date = coalesce(email_date, file_date);
      CREATE INDEX documents_doc_date ON documents(doc_date);

      ALTER TABLE document_names RENAME COLUMN source TO path;
      ALTER TABLE document_names ADD COLUMN source TEXT NOT NULL DEFAULT '';
      CREATE INDEX document_names_source ON document_names(source, document_id);
    `);
  },
};
