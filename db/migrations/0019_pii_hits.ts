import type { Migration } from './types.ts';

/**
 * Where the PII finder (core/pii/) found personal data: per page, the kind and the characters'
 * offsets in the page's text — never the value, so the table names nobody's SSN. `pii_scans` says
 * under which set of detectors and custom patterns a page was last scanned (no row: not yet), so
 * the background scan takes up new pages, pages OCR has just filled (db/documents.ts drops their
 * row), and every page again when the custom patterns change. A table of its own rather than a
 * column of pages: marking a page scanned must not rewrite its text (PostgreSQL writes a whole row
 * again on update, and recomputes its tsvector).
 */
export const m0019: Migration = {
  version: 19,
  name: 'pii hits',
  up(db) {
    db.exec(`
      CREATE TABLE pii_scans (
        page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
        scan    TEXT NOT NULL
      ) STRICT;
      CREATE TABLE pii_hits (
        page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page_no     INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        start_at    INTEGER NOT NULL,
        end_at      INTEGER NOT NULL,
        PRIMARY KEY (page_id, kind, start_at)
      ) STRICT;
      CREATE INDEX pii_hits_kind ON pii_hits(kind, document_id);
      CREATE INDEX pii_hits_document ON pii_hits(document_id, page_no);
    `);
  },
  pg: (tx) =>
    tx.exec(`
      CREATE TABLE pii_scans (
        page_id bigint PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
        scan    text NOT NULL
      );
      CREATE TABLE pii_hits (
        page_id     bigint NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
        document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page_no     integer NOT NULL,
        kind        text NOT NULL,
        start_at    integer NOT NULL,
        end_at      integer NOT NULL,
        PRIMARY KEY (page_id, kind, start_at)
      );
      CREATE INDEX pii_hits_kind ON pii_hits(kind, document_id);
      CREATE INDEX pii_hits_document ON pii_hits(document_id, page_no);
    `),
};
