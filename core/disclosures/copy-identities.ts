/**
 * A data folder copied to a team workspace carries its sealed sources across: with the office
 * passphrase given, each identity is opened with it and re-sealed under a fresh key of its
 * disclosure, wrapped for the login making the copy (whose key pair is made from their own
 * passphrase, before the copy's transaction: scrypt is slow). Inside the copy's transaction, so a
 * copy that stops leaves nothing half re-sealed. Every identity is opened again after re-sealing
 * and compared before it is kept.
 */
import { AppError } from '../errors.ts';
import type { Engine, Reader } from '../../db/engine.ts';
import { allSealedIdentities } from '../../db/disclosures.ts';
import { putKeyedIdentity, putUserKeyRow, putWrap, type Stamped } from '../../db/user-keys.ts';
import { newDisclosureKey, newUserKey, wrapFor, fingerprint, type SealedUserKey } from './key-crypto.ts';
import { DEFAULT_KDF, open, seal, withKey, type KdfParams } from './identity-crypto.ts';
import { unlock } from './identity.ts';

export interface CopyIdentities {
  /** The data folder's office passphrase. */
  passphrase: string;
  /** The copying login's own passphrase for the key pair made for them. */
  ownPassphrase: string;
  /** Tests only: a cheaper key derivation for the new key pair. */
  kdf?: KdfParams;
}

export interface Prepared {
  officeKey: Buffer;
  userKey: SealedUserKey;
}

/** Check the office passphrase at the source and make the copier's key pair; refused before anything is copied. */
export async function prepareCopiedIdentities(source: Reader, login: string, c: CopyIdentities): Promise<Prepared | null> {
  if ((await allSealedIdentities(source)).length === 0) return null;
  if (c.ownPassphrase.length < 12) throw new AppError('BAD_INPUT', 'own passphrase: the passphrase for your key must be at least 12 characters; nothing was copied.');
  const officeKey = await unlock(source, c.passphrase);
  if (!officeKey) throw new AppError('UNAUTHORIZED', "passphrase: it is not the passphrase the data folder seals its sources with; nothing was copied.");
  return { officeKey, userKey: newUserKey(login, c.ownPassphrase, c.kdf ?? DEFAULT_KDF) };
}

/** In the copy's transaction on the target: the copier's key pair, and every identity re-sealed for them. Returns how many. */
export async function resealCopiedIdentities(dst: Engine, login: string, p: Prepared): Promise<{ resealed: number; fingerprint: string }> {
  const at = new Date().toISOString();
  const r: Stamped = { kind: dst.kind, all: dst.all.bind(dst), get: dst.get.bind(dst), run: dst.run.bind(dst), actor: login, at };
  await putUserKeyRow(r, login, p.userKey);
  let resealed = 0;
  await withKey(p.officeKey, async (office) => {
    for (const row of await allSealedIdentities(dst)) {
      const plain = open(office, row.nonce, row.ciphertext, row.reference);
      if (!plain) throw new AppError('INTEGRITY', `from: the sealed identity of ${row.reference} was changed or damaged and cannot be opened; nothing was copied. Restore it from a backup first.`);
      await withKey(newDisclosureKey(), async (dk) => {
        try {
          const sealed = seal(dk, plain, row.reference);
          const back = open(dk, sealed.nonce, sealed.ciphertext, row.reference);
          const same = back !== null && back.equals(plain);
          back?.fill(0);
          if (!same) throw new AppError('INTERNAL', `Re-sealing the identity of ${row.reference} did not read back the same; nothing was copied.`);
          await putKeyedIdentity(r, row.id, sealed);
          await putWrap(r, row.id, login, wrapFor(dk, p.userKey.public_key, row.id, login));
        } finally {
          plain.fill(0);
        }
      });
      resealed++;
    }
  });
  return { resealed, fingerprint: fingerprint(p.userKey.public_key) };
}
