/**
 * Finding a sealed source's identity in text: the source's full name as whole
 * words (any case), their e-mail address, and the digits of their phone number
 * however they are punctuated. A plain first version; what it cannot find is
 * said in `notes`, so a check that relies on it never claims more than it did.
 */
import type { IdentityOut } from '../api-disclosures.ts';

export interface SourceHit {
  reference: string;
  kind: 'name' | 'email' | 'phone' | 'identifier';
  start: number;
  end: number;
}

export interface SourceMatcher {
  find(text: string): SourceHit[];
  notes: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EMAIL = /[^\s@<>,;"']+@[^\s@<>,;"']+\.[^\s@<>,;"']+/g;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;

export function sourceMatcher(sources: { reference: string; identity: IdentityOut }[]): SourceMatcher {
  const patterns: { reference: string; kind: SourceHit['kind']; re: RegExp }[] = [];
  for (const { reference, identity } of sources) {
    const name = identity.name.trim().split(/\s+/).filter(Boolean).map(escape).join('\\s+');
    if (name) patterns.push({ reference, kind: 'name', re: new RegExp(`(?<![\\p{L}\\p{N}])${name}(?![\\p{L}\\p{N}])`, 'giu') });
    for (const email of identity.contact.match(EMAIL) ?? []) patterns.push({ reference, kind: 'email', re: new RegExp(`(?<![\\w.+-])${escape(email)}(?![\\w-])`, 'gi') });
    for (const phone of identity.contact.replace(EMAIL, ' ').match(PHONE) ?? []) {
      const digits = phone.replace(/\D/g, '');
      if (digits.length >= 7) patterns.push({ reference, kind: 'phone', re: new RegExp(`(?<!\\d)${digits.split('').join('[\\s().-]*')}(?!\\d)`, 'g') });
    }
  }
  return {
    find(text) {
      const hits: SourceHit[] = [];
      for (const p of patterns) for (const m of text.matchAll(p.re)) hits.push({ reference: p.reference, kind: p.kind, start: m.index, end: m.index + m[0].length });
      return hits.sort((a, b) => a.start - b.start);
    },
    notes: sources.length ? ['Names are matched in full only (not "Last, First", initials, or without accents).'] : [],
  };
}
