import type { Migration } from './types.ts';

/**
 * The chain's head (last seq and hash), kept beside the log and moved in the same
 * transaction as each append, so cutting rows off the end of the log shows.
 */
export const m0002: Migration = {
  version: 2,
  name: 'audit chain head',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        id   INTEGER PRIMARY KEY CHECK (id = 1),
        seq  INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      INSERT INTO audit_head (id, seq, hash)
        SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    `);
  },
  async pg(tx) {
    await tx.exec(`
      CREATE TABLE audit_head (
        id   integer PRIMARY KEY CHECK (id = 1),
        seq  bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO audit_head (id, seq, hash)
        SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    `);
  },
};
