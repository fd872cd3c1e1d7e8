import type { Migration } from './types.ts';

/**
 * Productions: what was produced, to whom, under which Bates range, and which
 * Bates numbers each document took. A range is never given out twice.
 */
export const m0007: Migration = {
  version: 7,
  name: 'productions',
  up(db) {
    db.exec(`
      CREATE TABLE productions (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        request_id   INTEGER REFERENCES requests(id),
        recipient    TEXT NOT NULL DEFAULT '',
        prefix       TEXT NOT NULL,
        first_number INTEGER NOT NULL,
        last_number  INTEGER NOT NULL,
        padding      INTEGER NOT NULL,
        documents    INTEGER NOT NULL,
        pages        INTEGER NOT NULL,
        folder       TEXT NOT NULL,
        produced_at  TEXT NOT NULL,
        CHECK (last_number >= first_number)
      ) STRICT;
      CREATE INDEX productions_prefix ON productions(prefix COLLATE NOCASE, first_number);

      CREATE TABLE production_documents (
        production_id INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
        document_id   INTEGER NOT NULL REFERENCES documents(id),
        begin_number  INTEGER NOT NULL,
        end_number    INTEGER NOT NULL,
        disposition   TEXT NOT NULL CHECK (disposition IN ('produced', 'withheld')),
        PRIMARY KEY (production_id, document_id)
      ) STRICT;
      CREATE INDEX production_documents_document ON production_documents(document_id);
    `);
  },
};
