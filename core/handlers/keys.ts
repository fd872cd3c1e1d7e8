/** keys.*: a team member's own key pair for protected sources, and sharing disclosure keys with colleagues. */
import type { MyKeyOut } from '../api-keys.ts';
import { defineHandlers, type CallContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { fingerprint, newUserKey, resealUserKey } from '../disclosures/key-crypto.ts';
import { shareWaiting, unlockOwnKey } from '../disclosures/team-keys.ts';
import { replaceRememberedCopy } from '../disclosures/remembered-copy.ts';
import { insertUserKey, resealUserKey as storeResealed, userKey, waitingOnHolder } from '../../db/user-keys.ts';

const DATA_FOLDER =
  "A data folder seals sources with the office passphrase (Settings → Protected sources); keys of one's own are for team workspaces, where each person signs in as themselves.";

/** The caller's login, or BAD_INPUT in a data folder. */
function teamLogin(ctx: CallContext): string {
  if (ctx.login === null) throw new AppError('BAD_INPUT', DATA_FOLDER);
  return ctx.login;
}

async function mine(ctx: CallContext): Promise<MyKeyOut> {
  if (ctx.login === null) return { team: false, hasKey: false, fingerprint: null, createdAt: null, waiting: 0 };
  const k = await userKey(ctx.store.engine, ctx.login);
  return { team: true, hasKey: k !== undefined, fingerprint: k ? fingerprint(k.public_key) : null, createdAt: k?.created_at ?? null, waiting: k ? await waitingOnHolder(ctx.store.engine, ctx.login) : 0 };
}

export const keyHandlers = defineHandlers({
  'keys.mine': (_input, ctx) => mine(ctx),

  'keys.create': async ({ passphrase }, ctx) => {
    const login = teamLogin(ctx);
    const exists = 'passphrase: you already have a key pair (its fingerprint is in Settings → Protected sources); change its passphrase instead. Nothing was changed.';
    if (await userKey(ctx.store.engine, login)) throw new AppError('CONFLICT', exists);
    // Slow (scrypt): before the write, not inside it.
    const k = newUserKey(login, passphrase);
    await ctx.store.write(ctx.actor, async (w) => {
      // Made meanwhile in another window: the first one stays.
      if (await userKey(w, login)) throw new AppError('CONFLICT', exists);
      await insertUserKey(w, login, k, fingerprint(k.public_key));
    });
    return mine(ctx);
  },

  'keys.changePassphrase': async ({ passphrase, newPassphrase }, ctx) => {
    const login = teamLogin(ctx);
    const k = await userKey(ctx.store.engine, login);
    if (!k) throw new AppError('BAD_INPUT', "passphrase: you have no key pair yet; create one (Settings → Protected sources → Your key, or `sunshine keys create`).");
    if (newPassphrase === passphrase) throw new AppError('BAD_INPUT', 'newPassphrase: the new passphrase is the same as the current one; choose another.');
    const next = resealUserKey(login, k, passphrase, newPassphrase);
    if (!next) {
      await ctx.store.write(ctx.actor, (w) => w.audit({ action: 'keys.passphrase', entity: 'user', entityId: login, after: { outcome: 'refused: wrong passphrase' } }));
      throw new AppError('UNAUTHORIZED', "passphrase: that is not your key's current passphrase; nothing was changed. The attempt is in the history.");
    }
    const done = await ctx.store.write(ctx.actor, (w) => storeResealed(w, login, k.sealed_private, next));
    if (!done) throw new AppError('CONFLICT', 'passphrase: your key was changed meanwhile (in another window or command); nothing was changed.');
    // The desktop app keeps a member's copy in its own settings folder, which a command cannot find: a stale one there is said when used.
    await replaceRememberedCopy(ctx.store, ctx.actor, ctx.keychain, { entity: 'user', entityId: login }, newPassphrase, null);
    return mine(ctx);
  },

  'keys.share': async ({ passphrase }, ctx) => {
    const login = teamLogin(ctx);
    const refuse = (outcome: string) => ctx.store.write(ctx.actor, (w) => w.audit({ action: 'keys.share', entity: 'user', entityId: login, after: { outcome } }));
    const key = await unlockOwnKey(ctx.store.engine, login, passphrase, 'passphrase', refuse);
    const report = await shareWaiting(ctx.store, ctx.actor, login, key);
    return { ...report, ...(await mine(ctx)) };
  },
});
