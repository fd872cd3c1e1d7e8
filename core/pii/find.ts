/**
 * Personal data on one page: every built-in detector, then the user's own patterns. Where two
 * built-in kinds claim the same characters (a card number's digits read as a phone number), the
 * kind earlier in DETECTORS keeps them. Custom patterns are the user's explicit ask and are kept as found.
 */
import type { Detector, PiiHit } from './detector.ts';
import { customHits, type CompiledPattern } from './custom.ts';
import { email } from './email.ts';
import { ssn } from './ssn.ts';
import { aNumber } from './a-number.ts';
import { bankAccount, card, routing } from './financial.ts';
import { driversLicense, passport } from './id-numbers.ts';
import { dob } from './dob.ts';
import { phone } from './phone.ts';
import { address } from './address.ts';

export type { PiiHit } from './detector.ts';
export type { CompiledPattern } from './custom.ts';

/** In order of precedence: the more specific kinds first. */
const DETECTORS: readonly Detector[] = [email, ssn, aNumber, routing, bankAccount, card, passport, driversLicense, dob, phone, address];

/**
 * What changes the finds of a page other than its text: bump when a built-in detector changes,
 * and every page is scanned again (core/pii/runner.ts).
 */
export const DETECTORS_VERSION = 1;

export function findPii(text: string, custom: readonly CompiledPattern[] = []): PiiHit[] {
  const hits: PiiHit[] = [];
  // Characters already claimed: checking a find costs its own length, so a page of ten thousand phone numbers stays linear.
  const taken = new Uint8Array(text.length);
  for (const d of DETECTORS) {
    for (const [start, end] of d.find(text)) {
      if (taken.subarray(start, end).includes(1)) continue;
      taken.fill(1, start, end);
      hits.push({ kind: d.kind, start, end });
    }
  }
  for (const p of custom) for (const [start, end] of customHits(text, p)) hits.push({ kind: p.kind, start, end });
  return hits.sort((a, b) => a.start - b.start || a.end - b.end);
}
