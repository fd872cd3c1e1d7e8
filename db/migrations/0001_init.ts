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
  async pg(tx) {
    await tx.exec(`
      CREATE TABLE settings (
        key   text PRIMARY KEY,
        value text NOT NULL
      );

      CREATE TABLE audit_log (
        seq       bigint PRIMARY KEY,
        at        text NOT NULL,
        actor     text NOT NULL,
        action    text NOT NULL,
        entity    text NOT NULL,
        entity_id text NOT NULL,
        before    text,
        after     text,
        prev_hash text NOT NULL,
        hash      text NOT NULL UNIQUE
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id, seq);

      -- Append-only for the app, as on SQLite (TRUNCATE too, which skips row triggers); an owner
      -- of the table can still drop these, and the hash chain is what makes that detectable.
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END
      $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
    `);
  },
};
