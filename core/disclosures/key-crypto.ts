/**
 * The cryptography of per-user keys (team workspaces):
 * - a user's X25519 key pair, the private half sealed by that user's own passphrase (scrypt, then
 *   AES-256-GCM bound to the login, so a sealed key copied onto another user's row does not open);
 * - a disclosure's identity key (256 random bits) wrapped for one user by ECIES: an ephemeral
 *   X25519 key agreed with the user's public key, HKDF-SHA256 over the shared secret, AES-256-GCM
 *   bound to the disclosure and the login, so a wrap moved to another disclosure or user fails.
 * Nothing here touches the database; keys are Buffers the caller zeroes (withKey).
 */
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { DEFAULT_KDF, checkKdf, deriveKey, open, seal, type KdfParams } from './identity-crypto.ts';

const SALT = 16;
const NONCE = 12;
/** An X25519 public key as SPKI DER: a fixed 12-byte header, then the 32-byte key. */
const SPKI_LENGTH = 44;

export interface SealedUserKey {
  public_key: Buffer;
  sealed_private: Buffer;
  kdf: string;
}

const privateAad = (login: string) => `sunshine user key v1|${login}`;
const wrapAad = (disclosureId: number, login: string) => `sunshine disclosure key v1|${disclosureId}|${login}`;

/** A new key pair, its private half sealed under the passphrase (slow: scrypt). */
export function newUserKey(login: string, passphrase: string, kdf: KdfParams = DEFAULT_KDF): SealedUserKey {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    return { public_key: publicKey.export({ format: 'der', type: 'spki' }), ...sealPrivate(login, der, passphrase, kdf) };
  } finally {
    der.fill(0);
  }
}

function sealPrivate(login: string, der: Buffer, passphrase: string, kdf: KdfParams): { sealed_private: Buffer; kdf: string } {
  const salt = randomBytes(SALT);
  const key = deriveKey(passphrase, salt, kdf);
  try {
    const s = seal(key, der, privateAad(login));
    return { sealed_private: Buffer.concat([salt, s.nonce, s.ciphertext]), kdf: JSON.stringify(kdf) };
  } finally {
    key.fill(0);
  }
}

/** The private key's PKCS#8 DER, or null when the passphrase is not this user's (or the row was changed). Slow: scrypt. */
function openPrivateDer(login: string, row: Pick<SealedUserKey, 'sealed_private' | 'kdf'>, passphrase: string): Buffer | null {
  const kdf = checkKdf(JSON.parse(row.kdf));
  if (row.sealed_private.length < SALT + NONCE + 16) return null;
  const key = deriveKey(passphrase, row.sealed_private.subarray(0, SALT), kdf);
  try {
    return open(key, row.sealed_private.subarray(SALT, SALT + NONCE), row.sealed_private.subarray(SALT + NONCE), privateAad(login));
  } finally {
    key.fill(0);
  }
}

/** The user's private key, or null when the passphrase is not theirs. */
export function openUserKey(login: string, row: Pick<SealedUserKey, 'sealed_private' | 'kdf'>, passphrase: string): KeyObject | null {
  const der = openPrivateDer(login, row, passphrase);
  if (!der) return null;
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return null;
  } finally {
    der.fill(0);
  }
}

/** The same private key sealed under a new passphrase; null when the current one is not theirs. */
export function resealUserKey(login: string, row: Pick<SealedUserKey, 'sealed_private' | 'kdf'>, passphrase: string, newPassphrase: string, kdf: KdfParams = DEFAULT_KDF): { sealed_private: Buffer; kdf: string } | null {
  const der = openPrivateDer(login, row, passphrase);
  if (!der) return null;
  try {
    return sealPrivate(login, der, newPassphrase, kdf);
  } finally {
    der.fill(0);
  }
}

/** How a person recognises a public key: the first 16 bytes of its SHA-256, in groups of four hex digits. */
export function fingerprint(publicKey: Buffer): string {
  return (createHash('sha256').update(publicKey).digest('hex').slice(0, 32).match(/.{4}/g) ?? []).join(' ');
}

/** A fresh disclosure key: 256 random bits. */
export const newDisclosureKey = () => randomBytes(32);

function wrappingKey(shared: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer, aad: string): Buffer {
  try {
    return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeralPublic, recipientPublic]), aad, 32));
  } finally {
    shared.fill(0);
  }
}

/** Wrap a disclosure key for one user (their public key, SPKI DER). */
export function wrapFor(disclosureKey: Buffer, recipientPublic: Buffer, disclosureId: number, login: string): Buffer {
  const recipient = createPublicKey({ key: recipientPublic, format: 'der', type: 'spki' });
  const eph = generateKeyPairSync('x25519');
  const ephPublic = eph.publicKey.export({ format: 'der', type: 'spki' });
  const aad = wrapAad(disclosureId, login);
  const kek = wrappingKey(diffieHellman({ privateKey: eph.privateKey, publicKey: recipient }), ephPublic, recipientPublic, aad);
  try {
    const s = seal(kek, disclosureKey, aad);
    return Buffer.concat([ephPublic, s.nonce, s.ciphertext]);
  } finally {
    kek.fill(0);
  }
}

/** The disclosure key from a wrap, or null when it is not this user's, not this disclosure's, or was changed. */
export function unwrapWith(wrapped: Buffer, privateKey: KeyObject, disclosureId: number, login: string): Buffer | null {
  if (wrapped.length < SPKI_LENGTH + NONCE + 16) return null;
  const ephPublic = wrapped.subarray(0, SPKI_LENGTH);
  let shared: Buffer;
  let myPublic: Buffer;
  try {
    shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: ephPublic, format: 'der', type: 'spki' }) });
    myPublic = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  const aad = wrapAad(disclosureId, login);
  const kek = wrappingKey(shared, ephPublic, myPublic, aad);
  try {
    return open(kek, wrapped.subarray(SPKI_LENGTH, SPKI_LENGTH + NONCE), wrapped.subarray(SPKI_LENGTH + NONCE), aad);
  } finally {
    kek.fill(0);
  }
}
