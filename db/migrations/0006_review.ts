import type { Migration } from './types.ts';

/**
 * Review: hierarchical tags (a tag's path, "Privilege/Attorney-client", is
 * unique), which documents carry them, each document's coding (status,
 * rating, privilege basis, FOIA exemptions, notes) and saved searches.
 */
export const m0006: Migration = {
  version: 6,
  name: 'review',
  up(db) {
    db.exec(`
      CREATE TABLE tags (
        id         INTEGER PRIMARY KEY,
        parent_id  INTEGER REFERENCES tags(id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        path       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color      TEXT NOT NULL,
        shortcut   TEXT UNIQUE,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tags_parent ON tags(parent_id);

      CREATE TABLE document_tags (
        tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        tagged_at   TEXT NOT NULL,
        tagged_by   TEXT NOT NULL,
        PRIMARY KEY (tag_id, document_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX document_tags_document ON document_tags(document_id, tag_id);

      CREATE TABLE reviews (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        status      TEXT NOT NULL DEFAULT 'unreviewed'
                    CHECK (status IN ('unreviewed', 'responsive', 'non-responsive', 'needs-redaction', 'privileged')),
        rating      TEXT CHECK (rating IN ('hot', 'warm', 'cold')),
        privilege   TEXT,
        exemptions  TEXT NOT NULL DEFAULT '[]', -- JSON array of exemption codes
        notes       TEXT NOT NULL DEFAULT '',
        -- What the privilege log will say of it (notes stay internal).
        log_description TEXT NOT NULL DEFAULT '',
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX reviews_status ON reviews(status);

      -- Which bulk audit rows touched which document: an index into audit_log, so a
      -- document's history does not read every bulk row's list of ids (the rows keep
      -- the lists, under the hash chain).
      CREATE TABLE document_audit (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        PRIMARY KEY (document_id, seq)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        query      TEXT NOT NULL,
        filters    TEXT NOT NULL DEFAULT '{}', -- JSON: the search filters
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
