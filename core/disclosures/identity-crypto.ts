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

/**
 * About 0.5 s and 128 MiB per derivation on a modest machine: slow for
 * guessing, bearable for a person. Workspaces sealed at a lower cost (2^15
 * before) still open, and are re-sealed at this one when next unlocked.
 */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };
const VERIFIER_TEXT = 'sunshine identity keyring v1';

/** Whether a workspace's stored parameters cost less than today's default (so it is re-sealed when next unlocked). */
export const kdfOutdated = (kdf: KdfParams, current: KdfParams = DEFAULT_KDF) => kdf.N * kdf.r * kdf.p < current.N * current.r * current.p;

/**
 * Parameters read back from the database: a power-of-two N within reason, so a
 * damaged or planted row cannot ask for gigabytes of memory.
 */
export function checkKdf(kdf: unknown): KdfParams {
  const k = kdf as Partial<KdfParams> | null;
  const fine =
    k !== null &&
    typeof k === 'object' &&
    Number.isInteger(k.N) &&
    Number.isInteger(k.r) &&
    Number.isInteger(k.p) &&
    k.N! >= 2 ** 10 &&
    k.N! <= 2 ** 20 &&
    (k.N! & (k.N! - 1)) === 0 &&
    k.r! >= 1 &&
    k.r! <= 32 &&
    k.p! >= 1 &&
    k.p! <= 4;
  if (!fine) throw new Error('the stored key derivation parameters are not ones Sunshine writes');
  return { N: k.N!, r: k.r!, p: k.p! };
}

/**
 * The 32-byte key. Node's scrypt refuses more than 32 MiB of memory unless
 * told, and N=2^17, r=8 needs 128 MiB: allow twice what the parameters need.
 * The caller zeroes the key when done (see withKey).
 */
export function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Buffer {
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, { ...kdf, maxmem: 256 * kdf.N * kdf.r * kdf.p + 1024 * 1024 });
}

/** Run fn with a key, then zero the key whatever happens: no copy of it lingers in memory longer than needed. */
export async function withKey<T>(key: Buffer, fn: (key: Buffer) => T | Promise<T>): Promise<T> {
  try {
    return await fn(key);
  } finally {
    key.fill(0);
  }
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
