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
import { sourceMatcher, type SourceMatcher } from '../disclosures/source-match.ts';
import type { IdentityOut } from '../api-disclosures.ts';

/** Whether text could be checked against the sealed sources, and with what. */
export type SourceCheck =
  | { state: 'no-sources' }
  | { state: 'needs-passphrase' }
  | { state: 'wrong-passphrase' }
  | { state: 'damaged'; reference: string }
  | { state: 'done'; matcher: SourceMatcher };

/** Open every sealed identity with this passphrase (null: none given) to build the matcher. Slow (the key derivation): once per plan. */
export async function openSources(q: Reader, passphrase: string | null): Promise<SourceCheck> {
  const sealed = await allSealedIdentities(q);
  if (sealed.length === 0) return { state: 'no-sources' };
  if (passphrase === null) return { state: 'needs-passphrase' };
  const key = await unlock(q, passphrase);
  if (!key) return { state: 'wrong-passphrase' };
  return await withKey(key, (k) => {
    const sources: { reference: string; identity: IdentityOut }[] = [];
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
