import type { Migration } from './types.ts';

/**
 * Sources without a shared passphrase, for team workspaces (core/disclosures/team-keys.ts). Each
 * user has an X25519 key pair whose private half is sealed by that user's own passphrase; each
 * disclosure's identity is sealed under a random key of its own, wrapped for every user who may
 * reveal it. A wrap of NULL is a user granted the disclosure who waits for a holder to share the
 * key with them (nothing can be wrapped without a holder's passphrase).
 *
 * `sealed_with` says what an identity is sealed under: 'office' (the workspace passphrase of
 * identity_keyring, as in a data folder and as copied from one) or 'disclosure' (its own key).
 * `rotate` marks a disclosure key that a revoked user held: the next holder to unlock re-seals
 * the identity under a new key wrapped for those who remain.
 */
/**
 * A wrap may be written by someone who sees the disclosure, in their own name, only for a login
 * granted it, or by an admin (a data folder copied in has no grants: its copier, the first admin,
 * is wrapped every key).
 */
const WRITABLE = `sunshine_sees_disclosure(disclosure_id) AND wrapped_by = session_user
  AND (sunshine_is_admin() OR EXISTS (SELECT 1 FROM disclosure_grants g WHERE g.disclosure_id = disclosure_keys.disclosure_id AND g.login = disclosure_keys.login))`;

export const m0026: Migration = {
  version: 26,
  name: 'per-user keys',
  up(db) {
    db.exec(`
      CREATE TABLE user_keys (
        login          TEXT PRIMARY KEY,
        public_key     BLOB NOT NULL,   -- X25519, SPKI DER
        sealed_private BLOB NOT NULL,   -- salt | nonce | AES-256-GCM(PKCS#8 DER), bound to the login
        kdf            TEXT NOT NULL,   -- JSON: scrypt N, r, p
        created_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE disclosure_keys (
        disclosure_id INTEGER NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        login         TEXT NOT NULL,
        wrapped       BLOB,             -- ephemeral public key | nonce | AES-256-GCM(key); NULL: waiting for a holder
        wrapped_by    TEXT NOT NULL,
        wrapped_at    TEXT NOT NULL,
        PRIMARY KEY (disclosure_id, login)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX disclosure_keys_login ON disclosure_keys(login);

      ALTER TABLE disclosure_identities ADD COLUMN sealed_with TEXT NOT NULL DEFAULT 'office' CHECK (sealed_with IN ('office', 'disclosure'));
      ALTER TABLE disclosure_identities ADD COLUMN rotate INTEGER NOT NULL DEFAULT 0 CHECK (rotate IN (0, 1));
    `);
  },
  pg: (tx) =>
    tx.exec(`
      CREATE TABLE user_keys (
        login          text PRIMARY KEY,
        public_key     bytea NOT NULL,
        sealed_private bytea NOT NULL,
        kdf            text NOT NULL,
        created_at     text NOT NULL
      );

      CREATE TABLE disclosure_keys (
        disclosure_id bigint NOT NULL REFERENCES disclosures(id) ON DELETE CASCADE,
        login         text NOT NULL,
        wrapped       bytea,
        wrapped_by    text NOT NULL,
        wrapped_at    text NOT NULL,
        PRIMARY KEY (disclosure_id, login)
      );
      CREATE INDEX disclosure_keys_login ON disclosure_keys(login);

      ALTER TABLE disclosure_identities ADD COLUMN sealed_with text NOT NULL DEFAULT 'office' CHECK (sealed_with IN ('office', 'disclosure'));
      ALTER TABLE disclosure_identities ADD COLUMN rotate smallint NOT NULL DEFAULT 0 CHECK (rotate IN (0, 1));

      -- Everyone reads public keys (to wrap for each other); only its owner makes or re-seals a
      -- key, or another member could put their own public key in a colleague's place and be
      -- wrapped the keys meant for the colleague. An admin may remove one (a person who left).
      ALTER TABLE user_keys ENABLE ROW LEVEL SECURITY;
      CREATE POLICY user_keys_read ON user_keys FOR SELECT USING (true);
      CREATE POLICY user_keys_insert ON user_keys FOR INSERT WITH CHECK (login = session_user);
      CREATE POLICY user_keys_update ON user_keys FOR UPDATE USING (login = session_user) WITH CHECK (login = session_user);
      CREATE POLICY user_keys_delete ON user_keys FOR DELETE USING (login = session_user OR sunshine_is_admin());

      -- A disclosure's wraps follow need-to-know (migration 25): a member reads them only for a
      -- disclosure they see, and a wrap or a waiting place is written only for a login granted it,
      -- by someone who sees it (the grant, intake, a holder sharing or rotating). Removing one is
      -- also open to whoever may grant (a revoke drops the revoked login's wrap).
      ALTER TABLE disclosure_keys ENABLE ROW LEVEL SECURITY;
      ALTER TABLE disclosure_keys FORCE ROW LEVEL SECURITY;
      CREATE POLICY disclosure_keys_read ON disclosure_keys FOR SELECT USING (sunshine_sees_disclosure(disclosure_id));
      CREATE POLICY disclosure_keys_insert ON disclosure_keys FOR INSERT WITH CHECK (${WRITABLE});
      CREATE POLICY disclosure_keys_update ON disclosure_keys FOR UPDATE USING (sunshine_sees_disclosure(disclosure_id)) WITH CHECK (${WRITABLE});
      CREATE POLICY disclosure_keys_delete ON disclosure_keys FOR DELETE USING (sunshine_sees_disclosure(disclosure_id) OR sunshine_may_grant(disclosure_id));
    `),
};
