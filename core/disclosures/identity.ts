/**
 * The office's identity keyring: one passphrase for every sealed source in
 * this workspace. The first sealed identity sets it (a random salt and a
 * verifier are stored, never the key); later ones must give the same.
 *
 * Keys are plain Buffers: whoever gets one zeroes it when done (withKey).
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { allSealedIdentities, keyring, rewrapKeyring, type KeyringRow } from '../../db/disclosures.ts';
import { DEFAULT_KDF, checkKdf, checkVerifier, deriveKey, makeVerifier, open, seal, type KdfParams } from './identity-crypto.ts';
import type { IdentityOut } from '../api-disclosures.ts';

/** The parameters the workspace's key is derived with, or null before the first sealed source. */
export async function keyringKdf(q: Reader): Promise<KdfParams | null> {
  const k = await keyring(q);
  return k ? checkKdf(JSON.parse(k.kdf)) : null;
}

/** The key for this passphrase, or null when it is not the workspace's passphrase (or there is none yet). Slow: never inside a write. */
export async function unlock(q: Reader, passphrase: string): Promise<Buffer | null> {
  const k = await keyring(q);
  if (!k) return null;
  const key = deriveKey(passphrase, k.salt, checkKdf(JSON.parse(k.kdf)));
  if (checkVerifier(key, k.nonce, k.verifier)) return key;
  key.fill(0);
  return null;
}

/** A key for a passphrase under a fresh salt, with its verifier: what a new or re-sealed keyring stores. */
export interface FreshKey {
  key: Buffer;
  row: KeyringRow;
}

/**
 * Derive a fresh key (slow: do it before the write, not inside it). `kdf` is
 * for tests and benches that need a cheaper or an older cost; the app always
 * takes the default.
 */
export function freshKey(passphrase: string, kdf: KdfParams = DEFAULT_KDF): FreshKey {
  const salt = randomBytes(16);
  const key = deriveKey(passphrase, salt, kdf);
  const v = makeVerifier(key);
  return { key, row: { salt, kdf: JSON.stringify(kdf), nonce: v.nonce, verifier: v.ciphertext } };
}

/** Seal an identity for a disclosure with the workspace key. */
export function sealIdentity(key: Buffer, reference: string, identity: IdentityOut): { nonce: Buffer; ciphertext: Buffer } {
  const plain = Buffer.from(JSON.stringify(identity), 'utf8');
  try {
    return seal(key, plain, reference);
  } finally {
    plain.fill(0);
  }
}

/** Open a sealed identity with a key from unlock(); null when the ciphertext was changed or moved. */
export function openIdentity(key: Buffer, sealed: { nonce: Buffer; ciphertext: Buffer }, reference: string): IdentityOut | null {
  const out = open(key, sealed.nonce, sealed.ciphertext, reference);
  if (!out) return null;
  try {
    return JSON.parse(out.toString('utf8')) as IdentityOut;
  } finally {
    out.fill(0);
  }
}

/**
 * Re-seal every identity and the verifier under a new key, inside the
 * caller's write, with one history entry (`action`, `detail` — never a
 * passphrase). Each identity is opened with the old key, sealed with the new
 * one and opened again to compare before it is written; one that will not
 * open stops everything (the write rolls back, nothing is lost). Returns how
 * many identities were re-sealed.
 */
export async function rekeyAll(w: Writer, oldKey: Buffer, next: FreshKey, action: string, detail: Record<string, unknown> = {}): Promise<number> {
  const current = await keyring(w);
  // Another window may have changed the passphrase since this key was derived.
  if (!current || !checkVerifier(oldKey, current.nonce, current.verifier)) {
    throw new AppError('CONFLICT', 'passphrase: the passphrase was changed meanwhile (in another window or command); nothing was changed.');
  }
  const resealed = (await allSealedIdentities(w)).map((row) => {
    const plain = open(oldKey, row.nonce, row.ciphertext, row.reference);
    if (!plain) {
      throw new AppError('INTEGRITY', `The sealed identity of ${row.reference} was changed or damaged and cannot be opened, so nothing was re-sealed; restore it from a backup first.`);
    }
    try {
      const sealed = seal(next.key, plain, row.reference);
      const back = open(next.key, sealed.nonce, sealed.ciphertext, row.reference);
      const same = back !== null && back.equals(plain);
      back?.fill(0);
      if (!same) throw new AppError('INTERNAL', `Re-sealing the identity of ${row.reference} did not read back the same; nothing was changed.`);
      return { id: row.id, ...sealed };
    } finally {
      plain.fill(0);
    }
  });
  await rewrapKeyring(w, next.row, resealed, action, { ...detail, resealed: resealed.length });
  return resealed.length;
}
