/**
 * Sources without a shared passphrase, in a team workspace: each user's own key pair
 * (key-crypto.ts) and a key per disclosure, wrapped for each user who may reveal it.
 *
 * A team starts sealing this way once its first member makes a key pair; until then, and for
 * identities copied from a data folder without its passphrase, the office passphrase of
 * identity.ts still seals and opens (`sealed_with = 'office'`).
 *
 * Whenever a holder unlocks their own key (a reveal, sealing an identity, keys.share), the keys
 * waiting for colleagues are wrapped for them and keys marked for rotation are rotated.
 */
import type { KeyObject } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer, WorkspaceStore } from '../../db/store.ts';
import { grantedLogins, mayHoldKey } from '../../db/disclosure-access.ts';
import { displayNames } from '../../db/team.ts';
import { anyUserKeys, deleteWrapsOf, heldWithWork, keyedIdentity, publicKeysOf, putKeyedIdentity, putWrap, userKey, wrapsOf } from '../../db/user-keys.ts';
import { newDisclosureKey, openUserKey, unwrapWith, wrapFor } from './key-crypto.ts';
import { withKey } from './identity-crypto.ts';
import { openIdentity, sealIdentity } from './identity.ts';
import type { IdentityOut } from '../api-disclosures.ts';

export const NO_KEY_YET =
  'passphrase: you have no key for protected sources yet. Create one with a passphrase of your own in Settings → Protected sources → Your key (or `sunshine keys create`); nothing was saved or shown.';

/** Whether this user seals sources with per-disclosure keys: a team workspace in which someone has made a key pair. */
export async function sealsWithUserKeys(store: WorkspaceStore, login: string | null): Promise<boolean> {
  return login !== null && store.kind === 'postgres' && anyUserKeys(store.engine);
}

/** How a refused attempt is put on the record (outside the refused write, so the record stays). */
export type Refusal = (outcome: string) => Promise<unknown>;

/**
 * The user's private key for this passphrase; refused (and recorded) when they have no key pair or
 * the passphrase is not theirs. Slow (scrypt): never inside a write.
 */
export async function unlockOwnKey(q: Reader, login: string, passphrase: string | null, via: 'passphrase' | 'keychain', refuse: Refusal): Promise<KeyObject> {
  const row = await userKey(q, login);
  if (!row) {
    await refuse("refused: no key of one's own yet");
    throw new AppError('BAD_INPUT', NO_KEY_YET);
  }
  const key = passphrase === null ? null : openUserKey(login, row, passphrase);
  if (key) return key;
  if (via === 'keychain') {
    await refuse(passphrase === null ? 'refused: nothing remembered on this computer' : "refused: the remembered passphrase is not this user's");
    throw new AppError(
      'UNAUTHORIZED',
      passphrase === null
        ? "passphrase: this computer's keychain remembers no passphrase for your key; type it. Nothing was shown."
        : "passphrase: the passphrase this computer remembers does not open your key; type it (and remember it again in Settings). Nothing was shown.",
    );
  }
  await refuse('refused: wrong passphrase');
  throw new AppError('UNAUTHORIZED', "passphrase: that is not your own key's passphrase (each person's key has a passphrase of their own); nothing was shown. The attempt is in the history.");
}

/** People by display name and login: "Ana Ruiz (ana_ruiz)". */
async function named(q: Reader, logins: readonly string[]): Promise<string> {
  const names = await displayNames(q);
  return logins.map((l) => (names.get(l) && names.get(l) !== l ? `${names.get(l)} (${l})` : l)).join(', ');
}

/**
 * Refused, with who can share it, when this user holds no wrap of the disclosure's key.
 * Returns the wrap when they do.
 */
export async function requireWrap(q: Reader, disclosureId: number, reference: string, login: string, refuse: Refusal): Promise<Buffer> {
  const wraps = await wrapsOf(q, disclosureId);
  const mine = wraps.find((r) => r.login === login);
  if (mine?.wrapped) return mine.wrapped;
  const holders = wraps.filter((r) => r.wrapped !== null).map((r) => r.login);
  await refuse(mine ? 'refused: waiting for a holder to share the key' : 'refused: the key is not shared with this user');
  const who = holders.length ? `ask someone who can reveal it (${await named(q, holders)}) to open it once` : 'nobody holds its key any more; an admin restores it from a backup';
  throw new AppError(
    'FORBIDDEN',
    `reference: the source of ${reference} is not yet shared with you; ${holders.length ? `${who}; it is then shared with you` : who}${mine ? '' : ' (you must be granted the disclosure first)'}. Nothing was shown.`,
  );
}

/**
 * Seal an identity under a fresh key of its disclosure, inside the caller's write, and wrap the key
 * for the sealer and everyone granted the disclosure who has a key pair; those without one wait.
 * Any older wraps go (they wrapped the old key).
 */
export async function sealWithNewKey(w: Writer, login: string, disclosureId: number, reference: string, identity: IdentityOut): Promise<{ holders: string[]; waiting: string[] }> {
  const recipients = [...new Set([login, ...(await grantedLogins(w, disclosureId))])];
  const keys = await publicKeysOf(w, recipients);
  if (!keys.has(login)) throw new AppError('BAD_INPUT', NO_KEY_YET);
  await deleteWrapsOf(w, disclosureId);
  return sealWithNewKeyFor(w, disclosureId, reference, identity, recipients, keys);
}

/** The disclosure key from this user's wrap; null when it will not open (changed, or not theirs). */
export const unwrapMine = (wrapped: Buffer, key: KeyObject, disclosureId: number, login: string) => unwrapWith(wrapped, key, disclosureId, login);

/** Open an identity sealed under its disclosure's key, with this user's private key. */
export async function openKeyed(q: Reader, key: KeyObject, disclosureId: number, reference: string, login: string): Promise<IdentityOut | null> {
  const [sealed, mine] = [await keyedIdentity(q, disclosureId), (await wrapsOf(q, disclosureId)).find((r) => r.login === login)];
  if (!sealed || sealed.sealed_with !== 'disclosure' || !mine?.wrapped) return null;
  const dk = unwrapWith(mine.wrapped, key, disclosureId, login);
  return dk ? withKey(dk, (k) => openIdentity(k, sealed, reference)) : null;
}

export interface ShareReport {
  /** Wraps made for colleagues who were waiting. */
  shared: number;
  /** Disclosure keys replaced after a revoke. */
  rotated: number;
}

/**
 * What a holder's unlocked key does for the team, in one write: for each disclosure whose key they
 * hold, a due rotation (the identity re-sealed under a new key, wrapped for every remaining holder
 * and every waiting colleague with a key pair), else a wrap for each waiting colleague with a key
 * pair. A wrap of theirs that will not open is left as it is (another holder may do it).
 */
export async function shareWaiting(store: WorkspaceStore, actor: string, login: string, key: KeyObject): Promise<ShareReport> {
  if (!(await heldWithWork(store.engine, login)).length) return { shared: 0, rotated: 0 };
  return store.write(actor, async (w) => {
    const report: ShareReport = { shared: 0, rotated: 0 };
    // Read again inside the write: another holder may have done it meanwhile.
    for (const h of await heldWithWork(w, login)) {
      const dk = unwrapWith(h.wrapped, key, h.id, login);
      if (!dk) continue;
      await withKey(dk, async (k) => {
        const wraps = await wrapsOf(w, h.id);
        const keys = await publicKeysOf(
          w,
          wraps.map((r) => r.login),
        );
        // A place nobody granted (planted, or left over) is never honoured; the holder unlocking keeps theirs.
        for (const r of [...wraps]) if (r.login !== login && !(await mayHoldKey(w, h.id, r.login))) wraps.splice(wraps.indexOf(r), 1);
        if (h.rotate) {
          const sealed = (await keyedIdentity(w, h.id))!;
          const identity = openIdentity(k, sealed, h.reference);
          if (!identity) return;
          await deleteWrapsOf(w, h.id);
          const { holders, waiting } = await sealWithNewKeyFor(w, h.id, h.reference, identity, wraps.map((r) => r.login), keys);
          report.rotated++;
          report.shared += wraps.filter((r) => r.wrapped === null && keys.has(r.login)).length;
          await w.audit({ action: 'keys.rotate', entity: 'disclosure', entityId: h.reference, after: { holders, waiting } });
          return;
        }
        const now: string[] = [];
        for (const r of wraps) if (r.wrapped === null && keys.has(r.login)) now.push(r.login);
        for (const r of now) await putWrap(w, h.id, r, wrapFor(k, keys.get(r)!, h.id, r));
        report.shared += now.length;
        if (now.length) await w.audit({ action: 'keys.share', entity: 'disclosure', entityId: h.reference, after: { sharedWith: now } });
      });
    }
    return report;
  });
}

/** A rotation: the identity under a new key, wrapped for these logins (those without a key pair wait). */
async function sealWithNewKeyFor(w: Writer, disclosureId: number, reference: string, identity: IdentityOut, logins: string[], keys: Map<string, Buffer>) {
  return withKey(newDisclosureKey(), async (dk) => {
    await putKeyedIdentity(w, disclosureId, sealIdentity(dk, reference, identity));
    const holders: string[] = [];
    const waiting: string[] = [];
    for (const r of logins) {
      const pk = keys.get(r);
      await putWrap(w, disclosureId, r, pk ? wrapFor(dk, pk, disclosureId, r) : null);
      (pk ? holders : waiting).push(r);
    }
    return { holders, waiting };
  });
}
