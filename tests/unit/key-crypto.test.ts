/** The cryptography of per-user keys: a sealed private key opens only with its passphrase and login; a wrapped disclosure key only for its user and disclosure, and not once a byte changed. */
import { describe, expect, it } from 'vitest';
import { fingerprint, newDisclosureKey, newUserKey, openUserKey, resealUserKey, unwrapWith, wrapFor } from '../../core/disclosures/key-crypto.ts';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const PASS = 'my own long passphrase';
const flip = (b: Buffer, at: number) => {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 1;
  return c;
};

describe('a user key', () => {
  const k = newUserKey('ana', PASS, CHEAP);

  it('opens with its passphrase and login only', () => {
    expect(openUserKey('ana', k, PASS)).not.toBeNull();
    expect(openUserKey('ana', k, 'another passphrase')).toBeNull();
    // Copied onto another user's row, it does not open (the login is its additional data).
    expect(openUserKey('zed', k, PASS)).toBeNull();
  });

  it('does not open once a byte of it changed: salt, nonce or ciphertext', () => {
    for (const at of [0, 16, 30, k.sealed_private.length - 1]) expect(openUserKey('ana', { ...k, sealed_private: flip(k.sealed_private, at) }, PASS), `byte ${at}`).toBeNull();
    expect(openUserKey('ana', { ...k, sealed_private: k.sealed_private.subarray(0, 20) }, PASS)).toBeNull();
  });

  it('re-sealed under a new passphrase is the same key', () => {
    const again = { ...k, ...resealUserKey('ana', k, PASS, 'a new passphrase here', CHEAP)! };
    expect(openUserKey('ana', again, PASS)).toBeNull();
    const dk = newDisclosureKey();
    expect(unwrapWith(wrapFor(dk, k.public_key, 7, 'ana'), openUserKey('ana', again, 'a new passphrase here')!, 7, 'ana')).toEqual(dk);
    expect(resealUserKey('ana', k, 'not it at all', 'whatever passphrase', CHEAP)).toBeNull();
  });

  it('has a fingerprint of 32 hex digits in groups of four', () => {
    expect(fingerprint(k.public_key)).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  });
});

describe('a wrapped disclosure key', () => {
  const ana = newUserKey('ana', PASS, CHEAP);
  const zed = newUserKey('zed', PASS, CHEAP);
  const anaKey = openUserKey('ana', ana, PASS)!;
  const zedKey = openUserKey('zed', zed, PASS)!;
  const dk = newDisclosureKey();
  const wrapped = wrapFor(dk, ana.public_key, 42, 'ana');

  it('unwraps for its user and disclosure', () => {
    expect(unwrapWith(wrapped, anaKey, 42, 'ana')).toEqual(dk);
    // A fresh ephemeral key each time: two wraps of one key differ.
    expect(wrapFor(dk, ana.public_key, 42, 'ana').equals(wrapped)).toBe(false);
  });

  it('does not unwrap with the wrong additional data: another disclosure or another login', () => {
    expect(unwrapWith(wrapped, anaKey, 43, 'ana')).toBeNull();
    expect(unwrapWith(wrapped, anaKey, 42, 'zed')).toBeNull();
  });

  it("does not unwrap with another user's private key", () => {
    expect(unwrapWith(wrapped, zedKey, 42, 'ana')).toBeNull();
    expect(unwrapWith(wrapped, zedKey, 42, 'zed')).toBeNull();
  });

  it('does not unwrap once a byte changed: ephemeral key, nonce, ciphertext or tag; nor when cut short', () => {
    for (const at of [20, 44, 60, wrapped.length - 1]) expect(unwrapWith(flip(wrapped, at), anaKey, 42, 'ana'), `byte ${at}`).toBeNull();
    expect(unwrapWith(wrapped.subarray(0, 50), anaKey, 42, 'ana')).toBeNull();
  });
});
