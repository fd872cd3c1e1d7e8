import { refuseStale } from '../versions.ts';
import type { ContactOut, DisclosureOut, ReferralOut } from '../api-disclosures.ts';
import { AppError } from '../errors.ts';
import { defineHandlers } from '../context.ts';
import { requireRequest, resolveAgency } from '../requests/service.ts';
import { requireDisclosure } from '../disclosures/lookup.ts';
import { accessOf, granteesAtIntake, grantInWrite } from '../disclosures/access.ts';
import { memberOf } from '../../db/team.ts';
import { getAgency } from '../../db/agencies.ts';
import type { Reader } from '../../db/engine.ts';
import {
  claimDisclosureReference,
  contactsOf,
  createKeyring,
  documentsOfDisclosure,
  fieldsOfDisclosure,
  identityChanged,
  insertContact,
  insertDisclosure,
  insertReferral,
  keyring,
  listDisclosures,
  referralById,
  referralsOf,
  replaceIdentity,
  requestsOfDisclosure,
  sealedIdentity,
  setReferralCaseNumber,
  setRequestLink,
  updateDisclosure,
  type DisclosureFields,
  type DisclosureRow,
} from '../../db/disclosures.ts';
import { CONSENT_SEALED, consentWarnings } from '../disclosures/consent.ts';
import type { Writer, WorkspaceStore } from '../../db/store.ts';
import type { IdentityOut, KeychainOut } from '../api-disclosures.ts';
import { keychainFile, type KeyHolder } from '../disclosures/keychain.ts';
import { replaceRememberedCopy } from '../disclosures/remembered-copy.ts';
import { freshKey, keyringKdf, openIdentity, rekeyAll, sealIdentity, unlock, type FreshKey } from '../disclosures/identity.ts';
import { kdfOutdated, withKey } from '../disclosures/identity-crypto.ts';
import { NO_KEY_YET, openKeyed, requireWrap, sealWithNewKey, sealsWithUserKeys, shareWaiting, unlockOwnKey, type Refusal } from '../disclosures/team-keys.ts';
import { keyedIdentity, userKey } from '../../db/user-keys.ts';

async function disclosureOut(q: Reader, d: DisclosureRow): Promise<DisclosureOut> {
  const agencies = [];
  for (const id of JSON.parse(d.agencies) as number[]) {
    const a = await getAgency(q, id);
    if (a) agencies.push({ id: a.id, abbreviation: a.abbreviation, name: a.name });
  }
  return {
    reference: d.reference,
    version: d.version,
    receivedOn: d.received_on,
    channel: d.channel as DisclosureOut['channel'],
    summary: d.summary,
    agencies,
    allegations: JSON.parse(d.allegations) as DisclosureOut['allegations'],
    tags: JSON.parse(d.tags) as string[],
    retaliation: d.retaliation === 1,
    personnelAction: d.personnel_action,
    classified: d.classified === 1,
    status: d.status as DisclosureOut['status'],
    assignee: d.assignee,
    pseudonym: d.pseudonym,
    sourceOnFile: (await sealedIdentity(q, d.id)) !== undefined,
    documents: await documentsOfDisclosure(q, d.id),
    requests: await requestsOfDisclosure(q, d.id),
    contacts: (await contactsOf(q, d.id)).map(
      (c): ContactOut => ({ id: c.id, on: c.contacted_on, kind: c.kind as ContactOut['kind'], direction: c.direction as ContactOut['direction'], summary: c.summary, by: c.created_by, recordedAt: c.created_at }),
    ),
    referrals: (await referralsOf(q, d.id)).map(
      (r): ReferralOut => ({
        id: r.id,
        on: r.referred_on,
        recipientKind: r.recipient_kind as ReferralOut['recipientKind'],
        recipient: r.recipient,
        caseNumber: r.case_number,
        sharesIdentity: r.shares_identity === 1,
        consentOnFile: r.consent_on_file === 1,
        warnings: JSON.parse(r.warnings) as string[],
        note: r.note,
        by: r.created_by,
        recordedAt: r.created_at,
      }),
    ),
    access: await accessOf(q, d.id),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

export const disclosureHandlers = defineHandlers({
  'disclosures.create': async (input, { store, actor, now, login }) => {
    const agencies: number[] = [];
    for (const a of input.agencies) agencies.push((await resolveAgency(store.engine, a, 'agencies')).id);
    // A team that has per-user keys seals under a key of the disclosure's own, wrapped for the user.
    const own = input.identity && (await sealsWithUserKeys(store, login)) ? await ownKey(store, actor, login!, input.passphrase!, 'disclosures.create') : null;
    const sealing = input.identity && !own ? await sealingKey(store, actor, input.passphrase!, 'disclosures.create', 'keyring', '1') : null;
    const reference = await withSealingKey(sealing, (sealer) => store.write(actor, async (w) => {
      const ref = await claimDisclosureReference(w, Number(input.received.slice(0, 4)) || now().getUTCFullYear());
      const sealed = input.identity && sealer ? await sealer(w, ref, input.identity) : null;
      const id = await insertDisclosure(
        w,
        ref,
        {
          received_on: input.received,
          channel: input.channel,
          summary: input.summary,
          agencies: [...new Set(agencies)],
          allegations: [...new Set(input.allegations)],
          tags: [...new Set(input.tags)],
          retaliation: input.retaliation,
          personnel_action: input.personnelAction,
          classified: input.classified,
          status: input.status,
          assignee: input.assignee,
          pseudonym: input.pseudonym ?? `Source ${ref}`,
        },
        sealed,
        { grantees: await granteesAtIntake(w, { login }, input.assignee), sealedAfter: own !== null },
      );
      if (own && input.identity) await sealWithNewKey(w, login!, id, ref, input.identity);
      return ref;
    }));
    if (own) await shareWaiting(store, actor, login!, own);
    return disclosureOut(store.engine, await requireDisclosure(store.engine, reference));
  },

  'disclosures.list': async ({ status, text, limit }, { store }) => {
    const disclosures: DisclosureOut[] = [];
    for (const d of await listDisclosures(store.engine, status, text || undefined, limit)) disclosures.push(await disclosureOut(store.engine, d));
    return { disclosures };
  },

  'disclosures.get': async ({ reference }, { store }) => disclosureOut(store.engine, await requireDisclosure(store.engine, reference)),

  'disclosures.reveal': async (input, { store, actor, keychain, login }) => {
    const d = await requireDisclosure(store.engine, input.reference);
    if (!(await sealedIdentity(store.engine, d.id))) throw new AppError('NOT_FOUND', `reference: no source identity is on file for ${d.reference}.`);
    return (await openSealed(store, actor, login, d, unlockFrom(input, keychain), 'disclosures.reveal', input.purpose))!;
  },

  'disclosures.update': async ({ reference, patch, version }, { store, actor, now, login }) => {
    const agencies: number[] = [];
    for (const a of patch.agencies ?? []) agencies.push((await resolveAgency(store.engine, a, 'agencies')).id);
    // The disclosure is read inside the write: the fields kept and the version checked are the ones saved over.
    const id = await store.write(actor, async (w) => {
      const d = await requireDisclosure(w, reference);
      await refuseStale(w, now(), 'disclosure', d.id, d.reference, version);
      const before = fieldsOfDisclosure(d);
      const after: DisclosureFields = {
        received_on: patch.received ?? before.received_on,
        channel: patch.channel ?? before.channel,
        summary: patch.summary ?? before.summary,
        agencies: patch.agencies ? [...new Set(agencies)] : before.agencies,
        allegations: patch.allegations ? [...new Set(patch.allegations)] : before.allegations,
        tags: patch.tags ? [...new Set(patch.tags)] : before.tags,
        retaliation: patch.retaliation ?? before.retaliation,
        personnel_action: patch.personnelAction ?? before.personnel_action,
        classified: patch.classified ?? before.classified,
        status: patch.status ?? before.status,
        assignee: patch.assignee ?? before.assignee,
        pseudonym: patch.pseudonym ?? before.pseudonym,
      };
      // Re-saving an unchanged form records nothing.
      if (JSON.stringify(after) !== JSON.stringify(before)) {
        await updateDisclosure(w, d.id, d.reference, before, after);
        // A member it is now assigned to sees it from now on (team workspaces).
        if (login !== null && after.assignee !== before.assignee && (await memberOf(w, after.assignee))) await grantInWrite(w, d, after.assignee);
      }
      return d.reference;
    });
    return disclosureOut(store.engine, await requireDisclosure(store.engine, id));
  },

  'disclosures.setIdentity': async ({ reference, identity, passphrase }, { store, actor, login }) => {
    const d = await requireDisclosure(store.engine, reference);
    if (await sealsWithUserKeys(store, login)) {
      const own = await ownKey(store, actor, login!, passphrase, 'disclosures.identity', d.reference);
      await store.write(actor, async (w) => {
        const had = (await sealedIdentity(w, d.id)) !== undefined;
        await sealWithNewKey(w, login!, d.id, d.reference, identity);
        await identityChanged(w, d.id, d.reference, had);
      });
      await shareWaiting(store, actor, login!, own);
      return disclosureOut(store.engine, d);
    }
    const sealing = await sealingKey(store, actor, passphrase, 'disclosures.identity', 'disclosure', d.reference);
    await withSealingKey(sealing, (sealer) => store.write(actor, async (w) => replaceIdentity(w, d.id, d.reference, await sealer!(w, d.reference, identity))));
    return disclosureOut(store.engine, d);
  },

  'disclosures.addContact': async ({ reference, on, kind, direction, summary }, { store, actor }) => {
    const d = await requireDisclosure(store.engine, reference);
    await store.write(actor, (w) => insertContact(w, d.id, d.reference, { contacted_on: on, kind, direction, summary }));
    return disclosureOut(store.engine, d);
  },

  'disclosures.refer': async (input, { store, actor, keychain, login }) => {
    const d = await requireDisclosure(store.engine, input.reference);
    const onFile = (await sealedIdentity(store.engine, d.id)) !== undefined;
    // Sharing the identity needs the consent sealed with it; a passphrase given for any referral is used to check.
    if (input.sharesIdentity && onFile && input.passphrase === undefined && !input.useKeychain) {
      throw new AppError('UNAUTHORIZED', CONSENT_SEALED);
    }
    const given = input.passphrase !== undefined || input.useKeychain === true;
    const identity = onFile && given ? await openSealed(store, actor, login, d, unlockFrom(input, keychain), 'disclosures.consentCheck', `referral to ${input.recipient}`) : null;
    const { shown: warnings, kept } = consentWarnings(input, identity, onFile);
    if (warnings.length && !input.despiteWarnings) return { referred: false, warnings, disclosure: await disclosureOut(store.engine, d) };
    await store.write(actor, async (w) => {
      await insertReferral(w, d.id, d.reference, {
        referred_on: input.on,
        recipient_kind: input.recipientKind,
        recipient: input.recipient,
        case_number: input.caseNumber,
        shares_identity: input.sharesIdentity,
        consent_on_file: input.consentOnFile,
        warnings: kept,
        note: input.note,
      });
      // A first referral moves a disclosure still being assessed to "referred".
      if (d.status === 'intake' || d.status === 'under-review') {
        const before = fieldsOfDisclosure(d);
        await updateDisclosure(w, d.id, d.reference, before, { ...before, status: 'referred' });
      }
    });
    return { referred: true, warnings, disclosure: await disclosureOut(store.engine, await requireDisclosure(store.engine, d.reference)) };
  },

  'disclosures.setReferralCase': async ({ reference, referral, caseNumber }, { store, actor }) => {
    const d = await requireDisclosure(store.engine, reference);
    const r = await referralById(store.engine, d.id, referral);
    if (!r) throw new AppError('NOT_FOUND', `referral: ${d.reference} has no referral ${referral}.`);
    if (r.case_number !== caseNumber) await store.write(actor, (w) => setReferralCaseNumber(w, r, d.reference, caseNumber));
    return disclosureOut(store.engine, d);
  },

  'disclosures.linkRequest': ({ reference, request }, { store, actor }) => linkRequest(store, actor, true, reference, request),
  'disclosures.unlinkRequest': ({ reference, request }, { store, actor }) => linkRequest(store, actor, false, reference, request),
});

async function linkRequest(store: WorkspaceStore, actor: string, link: boolean, reference: string, request: string): Promise<DisclosureOut> {
  const d = await requireDisclosure(store.engine, reference);
  const r = await requireRequest(store.engine, request);
  await store.write(actor, (w) => setRequestLink(w, link, r.id, r.reference, d.id, d.reference));
  return disclosureOut(store.engine, d);
}

/**
 * The workspace key for a passphrase given to change something. A wrong one
 * is refused and the attempt recorded (outside the refused write, so the
 * record stays), as every opening attempt is. The caller zeroes the key.
 */
async function checkPassphrase(store: WorkspaceStore, actor: string, passphrase: string, action: string, entity: string, entityId: string): Promise<Buffer> {
  const key = await unlock(store.engine, passphrase);
  if (key) return key;
  await store.write(actor, (w) => w.audit({ action, entity, entityId, after: { outcome: 'refused: wrong passphrase' } }));
  throw new AppError('UNAUTHORIZED', 'passphrase: it is not the passphrase this workspace seals sources with; nothing was saved. The attempt is in the history.');
}

/** Seals identities inside a write: the workspace key, or (the first sealed source) a new keyring stored first. */
type Sealer = (w: Writer, reference: string, identity: IdentityOut) => Promise<{ nonce: Buffer; ciphertext: Buffer }>;
interface SealingKey {
  key: Buffer;
  /** The keyring this passphrase sets up, when the workspace has none yet. */
  create: FreshKey | null;
}

/** The key to seal with: derived once, before the write (it takes a while), and checked like any passphrase. */
async function sealingKey(store: WorkspaceStore, actor: string, passphrase: string, action: string, entity: string, entityId: string): Promise<SealingKey> {
  if (!(await keyring(store.engine))) {
    const fresh = freshKey(passphrase);
    return { key: fresh.key, create: fresh };
  }
  return { key: await upgraded(store, actor, await checkPassphrase(store, actor, passphrase, action, entity, entityId), passphrase), create: null };
}

/** Run fn with a sealer for this key (none when nothing is to be sealed); the key is zeroed afterwards. */
async function withSealingKey<T>(sk: SealingKey | null, fn: (sealer: Sealer | null) => Promise<T>): Promise<T> {
  if (!sk) return fn(null);
  let created = false;
  return withKey(sk.key, (key) =>
    fn(async (w, reference, identity) => {
      if (sk.create && !created) {
        // Two first sources sealed at once from two windows: the second must not set a second passphrase. Checked inside the write, through it.
        if (await keyring(w)) throw new AppError('CONFLICT', 'passphrase: the passphrase was set meanwhile (in another window or command); try again with it. Nothing was saved.');
        await createKeyring(w, sk.create.row);
        created = true;
      }
      return sealIdentity(key, reference, identity);
    }),
  );
}

/**
 * A workspace sealed at an older, cheaper scrypt cost is re-sealed at today's
 * the first time its passphrase is given: an upgrade, never a loss (every
 * identity is checked before it is written, in one transaction). If it cannot
 * be done — an identity will not open — the workspace stays as it was and
 * the key in hand still works. Returns the key to go on with.
 */
async function upgraded(store: WorkspaceStore, actor: string, key: Buffer, passphrase: string): Promise<Buffer> {
  const from = await keyringKdf(store.engine);
  if (!from || !kdfOutdated(from)) return key;
  const next = freshKey(passphrase);
  try {
    await store.write(actor, (w) => rekeyAll(w, key, next, 'identity.upgrade', { from }));
  } catch (e) {
    next.key.fill(0);
    const why = e instanceof AppError ? e.message : 'it could not be written';
    await store.write(actor, (w) => w.audit({ action: 'identity.upgrade', entity: 'keyring', entityId: '1', after: { outcome: `not done: ${why}`, kdf: from } }));
    return key;
  }
  key.fill(0);
  return next.key;
}

interface Unlock {
  passphrase: string | null;
  via: 'passphrase' | 'keychain';
}

/** The passphrase typed, or the one this computer's keychain remembers (null when it remembers none). */
function unlockFrom(input: { passphrase?: string | undefined; useKeychain?: boolean | undefined }, keychain: KeyHolder): Unlock {
  return input.passphrase !== undefined ? { passphrase: input.passphrase, via: 'passphrase' } : { passphrase: keychain.available() ? keychain.load() : null, via: 'keychain' };
}

/**
 * Open a sealed identity. Every attempt is on the record — who, when, how,
 * for what — and never what was shown. Throws when refused.
 */
async function openSealed(store: WorkspaceStore, actor: string, login: string | null, d: DisclosureRow, u: Unlock, action: string, purpose: string): Promise<IdentityOut | null> {
  const sealed = await keyedIdentity(store.engine, d.id);
  if (!sealed) return null;
  const record = (outcome: string) => store.write(actor, (w) => w.audit({ action, entity: 'disclosure', entityId: d.reference, after: { outcome, purpose, via: u.via } }));
  if (sealed.sealed_with === 'disclosure') return openWithOwnKey(store, actor, login, d, u, action, record);
  const found = u.passphrase === null ? null : await unlock(store.engine, u.passphrase);
  if (!found) {
    if (u.via === 'keychain') {
      await record(u.passphrase === null ? 'refused: nothing remembered on this computer' : 'refused: the remembered passphrase is not this workspace\'s');
      throw new AppError(
        'UNAUTHORIZED',
        u.passphrase === null
          ? "passphrase: this computer's keychain remembers no passphrase for Sunshine; type it. Nothing was shown."
          : "passphrase: the passphrase this computer remembers does not open this workspace's sources; type it (and remember it again in Settings). Nothing was shown.",
      );
    }
    await record('refused: wrong passphrase');
    throw new AppError('UNAUTHORIZED', 'passphrase: that is not the passphrase; nothing was shown. The attempt is in the history.');
  }
  const key = await upgraded(store, actor, found, u.passphrase!);
  // The upgrade may have re-sealed it: read it again.
  const identity = await withKey(key, async (k) => openIdentity(k, (await sealedIdentity(store.engine, d.id))!, d.reference));
  if (!identity) {
    await record('refused: the sealed identity was changed');
    throw new AppError('INTEGRITY', `The sealed identity of ${d.reference} was changed or damaged and cannot be opened; restore it from a backup.`);
  }
  await record(action === 'disclosures.reveal' ? 'shown' : 'checked, not shown');
  return identity;
}

/**
 * Open an identity sealed under its disclosure's own key (a team workspace): the user's own
 * passphrase opens their private key, which unwraps the disclosure's key. Refused, and recorded,
 * without a key pair, without a wrap (saying who can share it) or with a passphrase not theirs.
 * A holder's unlock also shares the keys colleagues wait for and rotates revoked ones.
 */
async function openWithOwnKey(store: WorkspaceStore, actor: string, login: string | null, d: DisclosureRow, u: Unlock, action: string, record: Refusal): Promise<IdentityOut> {
  if (login === null) {
    await record('refused: sealed with per-user keys, which a data folder does not have');
    throw new AppError('BAD_INPUT', `reference: the source of ${d.reference} is sealed with the per-user keys of a team workspace; reveal it there. Nothing was shown.`);
  }
  if (!(await userKey(store.engine, login))) {
    await record("refused: no key of one's own yet");
    throw new AppError('BAD_INPUT', NO_KEY_YET);
  }
  await requireWrap(store.engine, d.id, d.reference, login, record);
  const key = await unlockOwnKey(store.engine, login, u.passphrase, u.via, record);
  // A rotation due may re-seal this very identity: open it after.
  await shareWaiting(store, actor, login, key);
  const identity = await openKeyed(store.engine, key, d.id, d.reference, login);
  if (!identity) {
    await record('refused: the sealed identity or its key was changed');
    throw new AppError('INTEGRITY', `The sealed identity of ${d.reference}, or your wrap of its key, was changed or damaged and cannot be opened; restore it from a backup.`);
  }
  await record(action === 'disclosures.reveal' ? 'shown' : 'checked, not shown');
  return identity;
}

/** The user's own private key for sealing: refused (and recorded under `action`) without a key pair or with a passphrase not theirs. */
async function ownKey(store: WorkspaceStore, actor: string, login: string, passphrase: string, action: string, reference?: string) {
  const refuse: Refusal = (outcome) => store.write(actor, (w) => w.audit({ action, entity: reference ? 'disclosure' : 'user', entityId: reference ?? login, after: { outcome } }));
  return unlockOwnKey(store.engine, login, passphrase, 'passphrase', refuse);
}

/** `passphraseSet`: in a team with per-user keys, whether the caller has a key of their own; else whether the office passphrase is set. */
async function keychainOut(store: WorkspaceStore, login: string | null, keychain: KeyHolder): Promise<KeychainOut> {
  const available = keychain.available();
  const ownKeys = await sealsWithUserKeys(store, login);
  const officePassphraseSet = (await keyring(store.engine)) !== undefined;
  const passphraseSet = ownKeys ? (await userKey(store.engine, login!)) !== undefined : officePassphraseSet;
  return { available, remembered: available && keychain.remembered(), passphraseSet, ownKeys, officePassphraseSet };
}

export const keychainHandlers = defineHandlers({
  'identity.keychain': (_input, { store, keychain, login }) => keychainOut(store, login, keychain),

  'identity.remember': async ({ passphrase }, { store, actor, keychain, login }) => {
    if (!keychain.available()) {
      throw new AppError('BAD_INPUT', "This computer offers no keychain Sunshine can use (the desktop app on a system with one can); type the passphrase when it is asked for.");
    }
    if (await sealsWithUserKeys(store, login)) {
      // A team member's keychain remembers their own key's passphrase, checked against their key.
      await ownKey(store, actor, login!, passphrase, 'identity.remember');
      keychain.save(passphrase);
      await store.write(actor, (w) => w.audit({ action: 'identity.remember', entity: 'user', entityId: login!, after: { remembered: "your key's passphrase, in this computer's keychain" } }));
      return keychainOut(store, login, keychain);
    }
    if (!(await keyring(store.engine))) throw new AppError('BAD_INPUT', 'passphrase: no passphrase is set yet; it is set by the first sealed source.');
    (await upgraded(store, actor, await checkPassphrase(store, actor, passphrase, 'identity.remember', 'keyring', '1'), passphrase)).fill(0);
    keychain.save(passphrase);
    await store.write(actor, (w) => w.audit({ action: 'identity.remember', entity: 'keyring', entityId: '1', after: { remembered: 'in this computer\'s keychain' } }));
    return keychainOut(store, login, keychain);
  },

  'identity.changePassphrase': async ({ passphrase, newPassphrase }, { store, actor, keychain, dataDir, login }) => {
    if (!(await keyring(store.engine))) throw new AppError('BAD_INPUT', 'passphrase: no passphrase is set yet; it is set by the first sealed source.');
    if (newPassphrase === passphrase) throw new AppError('BAD_INPUT', 'newPassphrase: the new passphrase is the same as the current one; choose another.');
    const resealed = await withKey(await checkPassphrase(store, actor, passphrase, 'identity.passphrase', 'keyring', '1'), async (old) => {
      const next = freshKey(newPassphrase);
      try {
        return await withKey(next.key, () => store.write(actor, (w) => rekeyAll(w, old, next, 'identity.passphrase')));
      } catch (e) {
        // Nothing was changed (the write rolled back); the attempt stays on the record.
        const why = e instanceof AppError ? e.message : 'it could not be written';
        await store.write(actor, (w) => w.audit({ action: 'identity.passphrase', entity: 'keyring', entityId: '1', after: { outcome: `refused: ${why}` } }));
        throw e;
      }
    });
    await replaceRememberedCopy(store, actor, keychain, { entity: 'keyring', entityId: '1' }, newPassphrase, keychainFile(dataDir));
    return { resealed, ...(await keychainOut(store, login, keychain)) };
  },

  'identity.forget': async (_input, { store, actor, keychain, login }) => {
    const had = keychain.available() && keychain.remembered();
    keychain.forget();
    // A team member's copy is of their own key's passphrase: the history says whose.
    const of = (await sealsWithUserKeys(store, login)) ? { entity: 'user', entityId: login! } : { entity: 'keyring', entityId: '1' };
    if (had) await store.write(actor, (w) => w.audit({ action: 'identity.forget', ...of, before: { remembered: 'in this computer\'s keychain' } }));
    return keychainOut(store, login, keychain);
  },
});
