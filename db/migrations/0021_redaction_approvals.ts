import type { Migration } from './types.ts';

/**
 * A second reviewer's approval of a document's redactions: who approved which set of boxes (their
 * fingerprint: every box's page, place and reason), so a box added, moved or taken away since
 * leaves the document unapproved again. A production may require it (core/productions/plan.ts).
 */
export const m0021: Migration = {
  version: 21,
  name: 'redaction approvals',
  up(db) {
    db.exec(`
      CREATE TABLE redaction_approvals (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        boxes       INTEGER NOT NULL,
        approved_by TEXT NOT NULL,
        approved_at TEXT NOT NULL,
        PRIMARY KEY (document_id, fingerprint, approved_by)
      ) STRICT;
    `);
  },
  pg: (tx) =>
    tx.exec(`
      CREATE TABLE redaction_approvals (
        document_id bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        fingerprint text NOT NULL,
        boxes       integer NOT NULL,
        approved_by text NOT NULL,
        approved_at text NOT NULL,
        PRIMARY KEY (document_id, fingerprint, approved_by)
      );
    `),
};
