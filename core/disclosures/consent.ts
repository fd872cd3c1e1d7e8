/**
 * Whether a referral's sharing is covered by the source's consent. 5 U.S.C.
 * 1213(h) and 407(b) and House Rule XXIII cl. 21 forbid naming a
 * whistleblower without consent, so a referral that carries the identity is
 * checked against the consent sealed with it; the referrer sees each warning
 * and must choose to go ahead.
 *
 * What the referrer is shown may come from the sealed consent; what is kept
 * with the referral (and in the history, in the clear) must not: a warning
 * drawn from the sealed consent is kept only as the fact that there was one.
 */
import type { IdentityOut } from '../api-disclosures.ts';

export interface SharingPlan {
  sharesIdentity: boolean;
  consentOnFile: boolean;
}

export interface ConsentWarnings {
  /** For the referrer, now. */
  shown: string[];
  /** Kept with the referral: nothing of the sealed consent in it. */
  kept: string[];
}

const SEALED = "A warning drawn from the source's sealed consent (open the identity to see its terms).";

/** `identity` is the opened identity (when the passphrase was given), or null when none is on file or it was not opened. */
export function consentWarnings(plan: SharingPlan, identity: IdentityOut | null, onFile: boolean): ConsentWarnings {
  const out: ConsentWarnings = { shown: [], kept: [] };
  const add = (text: string, sealed: boolean) => {
    out.shown.push(text);
    out.kept.push(sealed ? SEALED : text);
  };
  // The limit the source set, quoted: the referrer can only keep to terms they can read.
  const limit = identity?.mayShare.trim();
  const quoteLimit = () => limit && add(`Consent: “${limit}” — check that this referral keeps to it.`, true);
  if (!plan.sharesIdentity) {
    if (identity && identity.consent !== 'consented') add('The source has not consented to be named: check that nothing in the referral (dates, roles, documents) points to them.', true);
    quoteLimit();
    return out;
  }
  if (!onFile) add('No source identity is on file for this disclosure, yet the referral says it shares one: record where it came from.', false);
  else if (identity && identity.consent !== 'consented') {
    add(
      identity.consent === 'anonymous'
        ? 'The source is anonymous: they did not agree to be named to anyone.'
        : 'The source is confidential: they agreed to be known to this office only, not to be named onward.',
      true,
    );
  }
  quoteLimit();
  if (!plan.consentOnFile) add('No written consent to share the identity is on file for this referral.', false);
  return out;
}

/** Before the passphrase is given: the limit exists only sealed, so the referrer is asked for it. */
export const CONSENT_SEALED =
  "passphrase: the source's consent, and any limit they set on who may be told, is sealed with their identity — give the passphrase to see it before this referral shares the identity. Nothing was saved.";
