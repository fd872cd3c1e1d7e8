import type { Migration } from './types.ts';

/** Settings and the append-only, hash-chained audit log. */
export const m0001: Migration = {
  version: 1,
  name: 'settings and audit log',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL            -- JSON
      ) STRICT;

      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY, -- 1, 2, 3 … without holes
        at        TEXT NOT NULL,       -- ISO 8601, UTC, milliseconds
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,       -- e.g. settings.update
        entity    TEXT NOT NULL,       -- e.g. setting, request
        entity_id TEXT NOT NULL,
        before    TEXT,                -- JSON, NULL when created
        after     TEXT,                -- JSON, NULL when deleted
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);

      -- The log is append-only for the app. Anyone can still drop these triggers
      -- with a SQLite shell; the hash chain is what makes that detectable.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
