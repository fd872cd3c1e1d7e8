/**
 * Per-user keys and the disclosure keys wrapped for them (migration 26): rows only, never a key in
 * the clear. The audit rows say who holds what, never key material.
 */
import type { Reader, Runner } from './engine.ts';
import type { Writer } from './store.ts';

/** Where rows are written with who and when: a Writer, or the target of a workspace copy inside its transaction. */
export type Stamped = Runner & { readonly actor: string; readonly at: string };

export interface UserKeyRow {
  login: string;
  public_key: Buffer;
  sealed_private: Buffer;
  kdf: string;
  created_at: string;
}

export const userKey = (q: Reader, login: string) =>
  q.get<UserKeyRow>('SELECT login, public_key, sealed_private, kdf, created_at FROM user_keys WHERE login = ?', [login]);

/** Whether anyone in the workspace has a key pair: from then on its new sources are sealed with per-user keys. */
export const anyUserKeys = async (q: Reader) => (await q.get<{ n: number }>('SELECT count(*) AS n FROM user_keys'))!.n > 0;

/** The row alone; the caller audits. */
export const putUserKeyRow = (r: Stamped, login: string, k: { public_key: Buffer; sealed_private: Buffer; kdf: string }) =>
  r.run('INSERT INTO user_keys (login, public_key, sealed_private, kdf, created_at) VALUES (?, ?, ?, ?, ?)', [login, k.public_key, k.sealed_private, k.kdf, r.at]);

export async function insertUserKey(w: Writer, login: string, k: { public_key: Buffer; sealed_private: Buffer; kdf: string }, fingerprint: string): Promise<void> {
  await putUserKeyRow(w, login, k);
  await w.audit({ action: 'keys.create', entity: 'user', entityId: login, after: { fingerprint, kdf: JSON.parse(k.kdf) as unknown } });
}

/** Re-seal a user's private key (a new passphrase); `before` is what was read, so a change meanwhile is seen. */
export async function resealUserKey(w: Writer, login: string, before: Buffer, k: { sealed_private: Buffer; kdf: string }): Promise<boolean> {
  const { changes } = await w.run('UPDATE user_keys SET sealed_private = ?, kdf = ? WHERE login = ? AND sealed_private = ?', [k.sealed_private, k.kdf, login, before]);
  if (changes) await w.audit({ action: 'keys.passphrase', entity: 'user', entityId: login, after: { kdf: JSON.parse(k.kdf) as unknown } });
  return changes > 0;
}

export interface WrapRow {
  login: string;
  wrapped: Buffer | null;
  wrapped_by: string;
  wrapped_at: string;
}

export const wrapsOf = (q: Reader, disclosureId: number) =>
  q.all<WrapRow>('SELECT login, wrapped, wrapped_by, wrapped_at FROM disclosure_keys WHERE disclosure_id = ? ORDER BY login', [disclosureId]);

export const wrapFor = (q: Reader, disclosureId: number, login: string) =>
  q.get<WrapRow>('SELECT login, wrapped, wrapped_by, wrapped_at FROM disclosure_keys WHERE disclosure_id = ? AND login = ?', [disclosureId, login]);

/** Public keys of these logins (those that have one). */
export async function publicKeysOf(q: Reader, logins: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const login of logins) {
    const k = await q.get<{ public_key: Buffer }>('SELECT public_key FROM user_keys WHERE login = ?', [login]);
    if (k) out.set(login, k.public_key);
  }
  return out;
}

/** Put a wrap (or, with null, a waiting place) for a login; replaces what was there. */
export const putWrap = (w: Stamped, disclosureId: number, login: string, wrapped: Buffer | null) =>
  w.run(
    `INSERT INTO disclosure_keys (disclosure_id, login, wrapped, wrapped_by, wrapped_at) VALUES (@id, @login, @wrapped, @by, @at)
     ON CONFLICT (disclosure_id, login) DO UPDATE SET wrapped = excluded.wrapped, wrapped_by = excluded.wrapped_by, wrapped_at = excluded.wrapped_at`,
    { id: disclosureId, login, wrapped, by: w.actor, at: w.at },
  );

/** A grantee waits for the key unless they already hold or wait for it. */
export const addWaiting = async (w: Writer, disclosureId: number, login: string) =>
  (await w.run('INSERT INTO disclosure_keys (disclosure_id, login, wrapped, wrapped_by, wrapped_at) VALUES (?, ?, NULL, ?, ?) ON CONFLICT DO NOTHING', [disclosureId, login, w.actor, w.at])).changes > 0;

export const deleteWrap = async (w: Writer, disclosureId: number, login: string) =>
  (await w.run('DELETE FROM disclosure_keys WHERE disclosure_id = ? AND login = ?', [disclosureId, login])).changes > 0;

export const deleteWrapsOf = (w: Writer, disclosureId: number) => w.run('DELETE FROM disclosure_keys WHERE disclosure_id = ?', [disclosureId]);

/** Mark a disclosure's key for rotation (a holder was revoked); only identities sealed with their own key have one. */
export const markRotate = async (w: Writer, disclosureId: number) =>
  (await w.run("UPDATE disclosure_identities SET rotate = 1 WHERE disclosure_id = ? AND sealed_with = 'disclosure' AND rotate = 0", [disclosureId])).changes > 0;

/** The sealed identity with what it is sealed under. */
export const keyedIdentity = (q: Reader, disclosureId: number) =>
  q.get<{ nonce: Buffer; ciphertext: Buffer; sealed_with: 'office' | 'disclosure'; rotate: number }>(
    'SELECT nonce, ciphertext, sealed_with, rotate FROM disclosure_identities WHERE disclosure_id = ?',
    [disclosureId],
  );

/** Put an identity sealed under its disclosure's own key on file (not yet rotating). */
export const putKeyedIdentity = (w: Runner, disclosureId: number, sealed: { nonce: Buffer; ciphertext: Buffer }) =>
  w.run(
    `INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext, sealed_with, rotate) VALUES (?, ?, ?, 'disclosure', 0)
     ON CONFLICT (disclosure_id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, sealed_with = 'disclosure', rotate = 0`,
    [disclosureId, sealed.nonce, sealed.ciphertext],
  );

/**
 * The disclosures whose key this login holds and that have work for a holder: a rotation due, or
 * someone waiting who has a key pair to wrap for.
 */
export const heldWithWork = (q: Reader, login: string) =>
  q.all<{ id: number; reference: string; wrapped: Buffer; rotate: number }>(
    `SELECT k.disclosure_id AS id, d.reference, k.wrapped, i.rotate
       FROM disclosure_keys k JOIN disclosures d ON d.id = k.disclosure_id JOIN disclosure_identities i ON i.disclosure_id = k.disclosure_id
      WHERE k.login = @login AND k.wrapped IS NOT NULL AND i.sealed_with = 'disclosure'
        AND (i.rotate = 1 OR EXISTS (SELECT 1 FROM disclosure_keys o JOIN user_keys u ON u.login = o.login WHERE o.disclosure_id = k.disclosure_id AND o.wrapped IS NULL))
      ORDER BY k.disclosure_id`,
    { login },
  );

/** Colleagues with a key pair waiting for a key this login holds (each disclosure, each colleague). */
export const waitingOnHolder = async (q: Reader, login: string) =>
  (await q.get<{ n: number }>(
    `SELECT count(*) AS n FROM disclosure_keys o JOIN user_keys u ON u.login = o.login
      WHERE o.wrapped IS NULL AND EXISTS (SELECT 1 FROM disclosure_keys k WHERE k.disclosure_id = o.disclosure_id AND k.login = @login AND k.wrapped IS NOT NULL)`,
    { login },
  ))!.n;

/** Every identity sealed under its disclosure's own key, with this login's wrap of that key (null: none). */
export const keyedIdentitiesFor = (q: Reader, login: string | null) =>
  q.all<{ id: number; reference: string; nonce: Buffer; ciphertext: Buffer; wrapped: Buffer | null }>(
    `SELECT i.disclosure_id AS id, d.reference, i.nonce, i.ciphertext, k.wrapped
       FROM disclosure_identities i JOIN disclosures d ON d.id = i.disclosure_id
       LEFT JOIN disclosure_keys k ON k.disclosure_id = i.disclosure_id AND k.login = @login
      WHERE i.sealed_with = 'disclosure' ORDER BY i.disclosure_id`,
    { login: login ?? '' },
  );
