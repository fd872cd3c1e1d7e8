/**
 * Sealing a source's identity: AES-256-GCM under a key derived from the
 * office's passphrase with scrypt. Each identity gets a fresh 96-bit nonce and
 * is bound to its disclosure's reference (additional data), so a ciphertext
 * moved to another disclosure, or changed by a byte, does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** About 0.1 s and 32 MB per derivation here: slow for guessing, quick for a person. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 15, r: 8, p: 1 };
const VERIFIER_TEXT = 'sunshine identity keyring v1';

export function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Buffer {
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, { ...kdf, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 });
}

export function seal(key: Buffer, plaintext: Buffer, aad: string): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return { nonce, ciphertext: Buffer.concat([body, c.getAuthTag()]) };
}

/** The plaintext, or null when the key is wrong or the ciphertext was changed (GCM cannot tell which). */
export function open(key: Buffer, nonce: Buffer, ciphertext: Buffer, aad: string): Buffer | null {
  if (ciphertext.length < 16) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
    return Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
  } catch {
    return null;
  }
}

export function makeVerifier(key: Buffer) {
  return seal(key, Buffer.from(VERIFIER_TEXT), 'verifier');
}

export function checkVerifier(key: Buffer, nonce: Buffer, verifier: Buffer): boolean {
  const out = open(key, nonce, verifier, 'verifier');
  const want = Buffer.from(VERIFIER_TEXT);
  return out !== null && out.length === want.length && timingSafeEqual(out, want);
}
