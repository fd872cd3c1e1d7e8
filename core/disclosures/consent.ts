/**
 * Whether a referral's sharing is covered by the source's consent. 5 U.S.C.
 * 1213(h) and 407(b) and House Rule XXIII cl. 21 forbid naming a
 * whistleblower without consent, so a referral that carries the identity is
 * checked against the consent sealed with it; the referrer sees each warning
 * and must choose to go ahead (the warnings are kept with the referral).
 * The wording never names the consent level: it is part of the sealed
 * identity, and the warnings are stored in the clear.
 */
import type { IdentityOut } from '../api-disclosures.ts';

export interface SharingPlan {
  sharesIdentity: boolean;
  consentOnFile: boolean;
}

/** `identity` is the opened identity (when the referral shares it), or null when none is on file. */
export function consentWarnings(plan: SharingPlan, identity: IdentityOut | null): string[] {
  const out: string[] = [];
  if (!plan.sharesIdentity) {
    if (identity && identity.consent !== 'consented') out.push("The source's consent is limited: check that nothing in the referral (dates, roles, documents) points to them.");
    return out;
  }
  if (!identity) out.push('No source identity is on file for this disclosure, yet the referral says it shares one: record where it came from.');
  else if (identity.consent !== 'consented') {
    out.push("The consent sealed with the source's identity does not cover naming them to anyone outside this office.");
  } else if (identity.mayShare.trim()) {
    out.push('The source limited what may be shared: open their identity and check the referral keeps to those terms.');
  }
  if (!plan.consentOnFile) out.push('No written consent to share the identity is on file for this referral.');
  return out;
}
