import type { Migration } from './types.ts';

/**
 * Documents: one row per distinct file (by SHA-256), the names it arrived
 * under, its links to requests, its text page by page with a full-text index,
 * and a queue of pages waiting for OCR that survives restarts.
 */
export const m0004: Migration = {
  version: 4,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id            INTEGER PRIMARY KEY,
        sha256        TEXT NOT NULL UNIQUE,
        size          INTEGER NOT NULL,
        type          TEXT NOT NULL,   -- pdf, docx, eml, msg, text, csv, html, image
        mime          TEXT NOT NULL,
        name          TEXT NOT NULL,   -- the first name it arrived under, made safe to show
        source        TEXT NOT NULL DEFAULT '',
        added_at      TEXT NOT NULL,
        file_date     TEXT,
        parent_id     INTEGER REFERENCES documents(id),
        status        TEXT NOT NULL CHECK (status IN ('ready', 'ocr-pending')),
        page_count    INTEGER NOT NULL DEFAULT 0,
        title         TEXT,
        email_from    TEXT,
        email_to      TEXT,
        email_cc      TEXT,
        email_date    TEXT,
        email_subject TEXT
      ) STRICT;
      CREATE INDEX documents_parent ON documents(parent_id);
      CREATE INDEX documents_type ON documents(type);

      -- Every name a file arrived under: the same bytes twice are one document with two names.
      CREATE TABLE document_names (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        source      TEXT NOT NULL DEFAULT '',
        added_at    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX document_names_document ON document_names(document_id);

      CREATE TABLE document_links (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        request_id  INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
        PRIMARY KEY (document_id, request_id)
      ) STRICT;
      CREATE INDEX document_links_request ON document_links(request_id);

      CREATE TABLE pages (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page_no     INTEGER NOT NULL,
        text        TEXT NOT NULL,
        ocr         INTEGER NOT NULL DEFAULT 0,
        UNIQUE (document_id, page_no)
      ) STRICT;

      CREATE VIRTUAL TABLE pages_fts USING fts5(
        text, content='pages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
        INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
        INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
        INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO pages_fts(rowid, text) VALUES (new.id, new.text);
      END;

      CREATE TABLE ocr_queue (
        page_id    INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
        queued_at  TEXT NOT NULL,
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
    `);
  },
};
