/**
 * The office's identity keyring: one passphrase for every sealed source in
 * this workspace. The first sealed identity sets it (a random salt and a
 * verifier are stored, never the key); later ones must give the same.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import type { Writer } from '../../db/store.ts';
import { createKeyring, keyring } from '../../db/disclosures.ts';
import { DEFAULT_KDF, checkVerifier, deriveKey, makeVerifier, open, seal, type KdfParams } from './identity-crypto.ts';
import type { IdentityOut } from '../api-disclosures.ts';

/** The key for this passphrase, or null when it is not the workspace's passphrase. */
export function unlock(db: Database, passphrase: string): Buffer | null {
  const k = keyring(db);
  if (!k) return null;
  const key = deriveKey(passphrase, k.salt, JSON.parse(k.kdf) as KdfParams);
  return checkVerifier(key, k.nonce, k.verifier) ? key : null;
}

/** Seal an identity for a disclosure (inside the caller's write); the first one sets up the keyring. */
export function sealIdentity(w: Writer, passphrase: string, reference: string, identity: IdentityOut): { nonce: Buffer; ciphertext: Buffer } {
  let key: Buffer | null;
  if (!keyring(w.db)) {
    const salt = randomBytes(16);
    key = deriveKey(passphrase, salt, DEFAULT_KDF);
    const v = makeVerifier(key);
    createKeyring(w, { salt, kdf: JSON.stringify(DEFAULT_KDF), nonce: v.nonce, verifier: v.ciphertext });
  } else {
    key = unlock(w.db, passphrase);
    if (!key) throw new AppError('UNAUTHORIZED', 'passphrase: it is not the passphrase this workspace seals sources with; nothing was saved.');
  }
  return seal(key, Buffer.from(JSON.stringify(identity), 'utf8'), reference);
}

/** Open a sealed identity with a key from unlock(); null when the ciphertext was changed or moved. */
export function openIdentity(key: Buffer, sealed: { nonce: Buffer; ciphertext: Buffer }, reference: string): IdentityOut | null {
  const out = open(key, sealed.nonce, sealed.ciphertext, reference);
  return out ? (JSON.parse(out.toString('utf8')) as IdentityOut) : null;
}
