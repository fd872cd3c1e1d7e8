/**
 * Money: card numbers (13–19 digits passing the Luhn check, so an order or case number of that
 * length rarely counts), bank account numbers after "account"/"acct", and routing numbers after
 * "routing"/"ABA" that pass the ABA checksum.
 */
import { digitsOf, labelledValues, matchesOf, type Detector } from './detector.ts';

const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![ -]?\d)/g;
const FILLER = '(?:\\s+(?:no|number|num|#)\\.?)?\\s*[:#]?\\s*';
const ACCOUNT = new RegExp(`\\b(?:account|acct)${FILLER}(\\d(?:[ -]?\\d){3,16})(?![ -]?\\d)`, 'gid');
const ROUTING = new RegExp(`\\b(?:routing|aba|rtn|transit)${FILLER}(\\d{9})(?!\\d)`, 'gid');

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** The ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaChecksum(d: string): boolean {
  const n = [...d].map(Number);
  return d.length === 9 && (3 * (n[0]! + n[3]! + n[6]!) + 7 * (n[1]! + n[4]! + n[7]!) + (n[2]! + n[5]! + n[8]!)) % 10 === 0;
}

/** All zeros (a blank form's filler) passes Luhn and names nobody. */
const cardLike = (written: string): boolean => {
  const d = digitsOf(written);
  return d.length >= 13 && d.length <= 19 && !/^(\d)\1*$/.test(d) && luhn(d);
};

export const card: Detector = { kind: 'card', find: (text) => matchesOf(text, CARD, (m) => cardLike(m[0])) };
export const bankAccount: Detector = { kind: 'bank-account', find: (text) => labelledValues(text, ACCOUNT) };
export const routing: Detector = { kind: 'routing', find: (text) => labelledValues(text, ROUTING, abaChecksum) };
