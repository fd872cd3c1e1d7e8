import type { Migration } from './types.ts';

/**
 * Redactions: boxes on document pages, each with its reason (a FOIA exemption
 * or a privilege). Positions are fractions of the page as drawn (0–1 from the
 * top left), so they do not depend on the scale it was shown at.
 */
export const m0008: Migration = {
  version: 8,
  name: 'redactions',
  up(db) {
    db.exec(`
      CREATE TABLE redactions (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        page_no     INTEGER NOT NULL CHECK (page_no >= 1),
        x           REAL NOT NULL CHECK (x >= 0 AND x <= 1),
        y           REAL NOT NULL CHECK (y >= 0 AND y <= 1),
        width       REAL NOT NULL CHECK (width > 0 AND x + width <= 1.000001),
        height      REAL NOT NULL CHECK (height > 0 AND y + height <= 1.000001),
        reason      TEXT NOT NULL CHECK (reason <> ''),
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX redactions_document ON redactions(document_id, page_no);
    `);
  },
};
