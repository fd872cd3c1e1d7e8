import type { Migration } from './types.ts';

/**
 * Whistleblower disclosures. The source's identity lives in its own table,
 * only ever as AES-256-GCM ciphertext under a key derived from a passphrase
 * (scrypt; the salt and a verifier in identity_keyring). Nothing else holds
 * it: the disclosure carries a pseudonym.
 */
export const m0009: Migration = {
  version: 9,
  name: 'disclosures',
  up(db) {
    db.exec(`
      CREATE TABLE disclosures (
        id               INTEGER PRIMARY KEY,
        reference        TEXT NOT NULL UNIQUE,
        received_on      TEXT NOT NULL,
        channel          TEXT NOT NULL,
        summary          TEXT NOT NULL,
        agencies         TEXT NOT NULL DEFAULT '[]',  -- JSON: agency ids
        allegations      TEXT NOT NULL DEFAULT '[]',  -- JSON: categories
        tags             TEXT NOT NULL DEFAULT '[]',  -- JSON: free words ("child welfare")
        retaliation      INTEGER NOT NULL DEFAULT 0,
        personnel_action TEXT NOT NULL DEFAULT '',
        classified       INTEGER NOT NULL DEFAULT 0,
        status           TEXT NOT NULL DEFAULT 'intake',
        assignee         TEXT NOT NULL DEFAULT '',
        pseudonym        TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE identity_keyring (
        id         INTEGER PRIMARY KEY CHECK (id = 1),
        salt       BLOB NOT NULL,
        kdf        TEXT NOT NULL,   -- JSON: scrypt N, r, p
        nonce      BLOB NOT NULL,
        verifier   BLOB NOT NULL,   -- a known text sealed with the key: checks a passphrase
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE disclosure_identities (
        disclosure_id INTEGER PRIMARY KEY REFERENCES disclosures(id) ON DELETE CASCADE,
        nonce         BLOB NOT NULL,
        ciphertext    BLOB NOT NULL  -- AES-256-GCM, tag appended; bound to the reference
      ) STRICT;

      CREATE TABLE document_disclosures (
        document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        PRIMARY KEY (document_id, disclosure_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX document_disclosures_disclosure ON document_disclosures(disclosure_id);
    `);
  },
};
