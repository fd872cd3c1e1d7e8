/**
 * U.S. phone numbers: (202) 555-0143, 202-555-0143, 202.555.0143, 202 555 0143, +1 202 555 0143,
 * 1-202-555-0143, +12025550143; ten bare digits only after "phone", "tel", "cell" or "fax". Area
 * code and exchange start with 2–9 (the North American plan), which rules out most other numbers.
 */
import { digitsOf, labelBefore, matchesOf, type Detector } from './detector.ts';

const WRITTEN = /(?<![\w+-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-]?\d)/g;
const BARE = /(?<![\w+-])(\+1)?\d{10}(?![\w-]?\d)/g;
const LABEL = /\b(?:phone|tel|telephone|cell|mobile|fax)\b/i;

function nanp(written: string): boolean {
  const d = digitsOf(written);
  const ten = d.length === 11 && d[0] === '1' ? d.slice(1) : d;
  return ten.length === 10 && ten[0]! >= '2' && ten[3]! >= '2';
}

export const phone: Detector = {
  kind: 'phone',
  *find(text) {
    yield* matchesOf(text, WRITTEN, (m) => nanp(m[0]));
    yield* matchesOf(text, BARE, (m) => nanp(m[0]) && (m[1] !== undefined || labelBefore(text, m.index, LABEL)));
  },
};
