/**
 * What a disclosure's key does when someone is granted it or loses it. Called by the grants
 * (`disclosures.grant` / `disclosures.revokeGrant`) inside their own audited write.
 *
 * Granted: nothing can be wrapped inside that write (it needs a holder's passphrase), so the
 * grantee waits for the key; the next holder to unlock their own key shares it (team-keys.ts).
 * Revoked: their wrap goes at once, and the disclosure's key is marked for rotation: the next
 * holder to unlock re-seals the identity under a new key, so the revoked user's private key, or a
 * disclosure key their computer kept, no longer opens it.
 */
import type { Writer } from '../../db/store.ts';
import { addWaiting, deleteWrap, markRotate } from '../../db/user-keys.ts';
import { disclosureById } from '../../db/disclosures.ts';

export async function afterAccessGranted(w: Writer, disclosureId: number, login: string): Promise<void> {
  if (!(await addWaiting(w, disclosureId, login))) return;
  const d = await disclosureById(w, disclosureId);
  await w.audit({ action: 'keys.waiting', entity: 'disclosure', entityId: d?.reference ?? String(disclosureId), after: { waiting: login } });
}

export async function afterAccessRevoked(w: Writer, disclosureId: number, login: string): Promise<void> {
  const removed = await deleteWrap(w, disclosureId, login);
  const rotate = await markRotate(w, disclosureId);
  if (!removed && !rotate) return;
  const d = await disclosureById(w, disclosureId);
  await w.audit({ action: 'keys.revoked', entity: 'disclosure', entityId: d?.reference ?? String(disclosureId), before: { holder: login }, after: { rotation: rotate ? 'due at the next holder\'s unlock' : 'already due or none' } });
}
