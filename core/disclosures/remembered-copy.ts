/**
 * A passphrase remembered in this computer's keychain goes stale when the passphrase changes: the
 * office passphrase of a data folder (identity.changePassphrase) or a team member's own key's
 * (keys.changePassphrase). The desktop app remembers the new one instead, or forgets the copy if
 * the keychain will not take it. A shell without the keychain (the CLI, browser mode) cannot seal
 * the new one, so it removes the desktop app's sealed copy when it knows where that is (a data
 * folder's, beside its database; a team member's is in the desktop app's own settings folder).
 */
import fs from 'node:fs';
import type { WorkspaceStore } from '../../db/store.ts';
import type { KeyHolder } from './keychain.ts';

/** What the history says was remembered: the office keyring, or one member's own key. */
export interface RememberedFor {
  entity: 'keyring' | 'user';
  entityId: string;
}

export async function replaceRememberedCopy(
  store: WorkspaceStore,
  actor: string,
  keychain: KeyHolder,
  of: RememberedFor,
  newPassphrase: string,
  /** The desktop app's sealed copy, when a shell without the keychain can find it. */
  sealedCopy: string | null,
): Promise<void> {
  const record = (action: 'identity.remember' | 'identity.forget', remembered: string) =>
    store.write(actor, (w) => w.audit({ action, entity: of.entity, entityId: of.entityId, after: { remembered } }));
  if (keychain.available()) {
    if (!keychain.remembered()) return;
    try {
      keychain.save(newPassphrase);
      await record('identity.remember', "the new passphrase, in this computer's keychain");
    } catch {
      keychain.forget();
      await record('identity.forget', 'nothing: the keychain would not take the new passphrase');
    }
  } else if (sealedCopy !== null && fs.existsSync(sealedCopy)) {
    fs.rmSync(sealedCopy, { force: true });
    await record('identity.forget', "nothing: the desktop app's remembered copy held the old passphrase");
  }
}
