/**
 * The source gate: nothing that came from, or names, a protected source goes
 * out without a recorded reason. Sealed identities are opened here only to
 * look for them; what was found is never put in a message — only which
 * disclosure's source, and where (page 3, the From field).
 */
import type { Reader } from '../../db/engine.ts';
import { allSealedIdentities } from '../../db/disclosures.ts';
import { openIdentity, unlock } from '../disclosures/identity.ts';
import { withKey } from '../disclosures/identity-crypto.ts';
import { openUserKey, unwrapWith } from '../disclosures/key-crypto.ts';
import { keyedIdentitiesFor, userKey } from '../../db/user-keys.ts';
import { sourceMatcher, type SourceMatcher } from '../disclosures/source-match.ts';
import type { IdentityOut } from '../api-disclosures.ts';

/** Whether text could be checked against the sealed sources, and with what. */
export type SourceCheck =
  | { state: 'no-sources' }
  | { state: 'needs-passphrase' }
  | { state: 'wrong-passphrase' }
  | { state: 'damaged'; reference: string }
  /** A source sealed under its disclosure's own key (team workspace) that is not shared with this user. */
  | { state: 'not-shared'; reference: string }
  | { state: 'done'; matcher: SourceMatcher };

/**
 * Open every sealed identity with this passphrase (null: none given) to build the matcher. Slow
 * (the key derivation): once per plan. Identities under the office passphrase open with it; in a
 * team workspace, those under their disclosure's own key open with the user's own key
 * (`login`'s passphrase), each only if it is shared with them.
 */
export async function openSources(q: Reader, passphrase: string | null, login: string | null = null): Promise<SourceCheck> {
  const sealed = await allSealedIdentities(q);
  const keyed = await keyedIdentitiesFor(q, login);
  if (sealed.length === 0 && keyed.length === 0) return { state: 'no-sources' };
  if (passphrase === null) return { state: 'needs-passphrase' };
  const sources: { reference: string; identity: IdentityOut }[] = [];
  if (keyed.length) {
    const unshared = keyed.find((r) => r.wrapped === null);
    if (unshared) return { state: 'not-shared', reference: unshared.reference };
    const row = login === null ? undefined : await userKey(q, login);
    const own = row ? openUserKey(login!, row, passphrase) : null;
    if (!own) return { state: 'wrong-passphrase' };
    for (const r of keyed) {
      const dk = unwrapWith(r.wrapped!, own, r.id, login!);
      const identity = dk ? await withKey(dk, (k) => openIdentity(k, r, r.reference)) : null;
      if (!identity) return { state: 'damaged', reference: r.reference };
      sources.push({ reference: r.reference, identity });
    }
  }
  if (sealed.length === 0) return { state: 'done', matcher: sourceMatcher(sources) };
  const key = await unlock(q, passphrase);
  if (!key) return { state: 'wrong-passphrase' };
  return await withKey(key, (k) => {
    for (const row of sealed) {
      const identity = openIdentity(k, row, row.reference);
      if (!identity) return { state: 'damaged', reference: row.reference } as const;
      sources.push({ reference: row.reference, identity });
    }
    return { state: 'done', matcher: sourceMatcher(sources) } as const;
  });
}

/** A place that goes out with a document: its label in messages ("page 3", "the From field") and its text. */
export interface Place {
  where: string;
  text: string | null | undefined;
}

/**
 * Which sources these places name, and where: "the source of DR-2026-0001 on
 * page 3 and in the From field". Never the words that matched.
 */
export function namedSources(matcher: SourceMatcher, places: Place[]): { reference: string; where: string[] }[] {
  const found = new Map<string, string[]>();
  for (const p of places) {
    if (!p.text) continue;
    for (const ref of new Set(matcher.find(p.text).map((h) => h.reference))) {
      const at = found.get(ref) ?? [];
      if (!at.includes(p.where)) at.push(p.where);
      found.set(ref, at);
    }
  }
  return [...found].map(([reference, where]) => ({ reference, where }));
}

/** "page 3, page 4 and the From field" */
export const inWords = (where: string[]) => (where.length > 1 ? `${where.slice(0, -1).join(', ')} and ${where.at(-1)}` : (where[0] ?? ''));
