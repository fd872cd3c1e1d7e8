/**
 * Patterns users add in Settings (a case number format, an employee id): a name, a regular
 * expression and the exemption a redaction of it would cite. They run on RE2 (re2js), which
 * matches in time linear in the page's length whatever the pattern — `(a+)+$` cannot hang a
 * scan — and has no lookarounds or backreferences, which is what makes that possible. A pattern
 * is checked before it is kept: it must compile, must not match an empty text, and must not
 * match every letter, digit, space or punctuation mark on its own (it would mark every page).
 */
import { RE2JS, RE2JSException } from 're2js';
import { AppError } from '../errors.ts';
import { customKind } from '../shared/pii-kinds.ts';
import type { PiiPattern } from '../api-pii.ts';

export type { PiiPattern } from '../api-pii.ts';

export interface CompiledPattern {
  kind: string;
  re: RE2JS;
}

/** A page with more hits than this of one custom pattern keeps the first ones: the pattern is too broad to say more. */
export const MAX_CUSTOM_HITS_PER_PAGE = 200;

/** Single characters of one sort: a pattern matching each of a sort on its own would mark nearly everything. */
const PROBES: { sort: string; chars: string[] }[] = [
  { sort: 'letter', chars: ['a', 'q', 'Z', 'é'] },
  { sort: 'digit', chars: ['0', '5', '9'] },
  { sort: 'space', chars: [' ', '\t'] },
  { sort: 'punctuation mark', chars: ['.', ',', '-', '/'] },
];

/** RE2's complaints, in words a person who knows a little of regular expressions can act on. */
const PLAIN: [RegExp, string][] = [
  [/missing closing \)/, 'a "(" is never closed: add the ")" that ends the group'],
  [/unexpected \)/, 'a ")" has no "(" before it: remove it or write \\) for a literal parenthesis'],
  [/missing closing \]/, 'a "[" is never closed: add the "]" that ends the set of characters'],
  [/invalid named capture|invalid or unsupported Perl syntax/, 'lookarounds ((?=…), (?!…), (?<=…)) are not supported: RE2 matches in linear time and has none; write the surrounding text into the pattern instead'],
  [/invalid escape sequence: `\\\d/, 'backreferences (\\1) are not supported: RE2 matches in linear time and has none; repeat the group instead'],
  [/invalid escape sequence/, 'an escape (\\…) RE2 does not know: write \\\\ for a backslash, or use \\d \\w \\s \\b'],
  [/invalid repeat count/, 'a count like {2,5} must have its smaller number first and be at most 1000'],
  [/missing argument to repetition operator/, '*, + or ? has nothing before it to repeat: write \\* \\+ \\? for the characters themselves'],
  [/invalid nested repetition operator/, 'two repeats in a row (a** or a+*): keep one'],
  [/invalid character class range/, 'a range in [ ] runs backwards (like [z-a]): put the lower character first'],
  [/invalid character class/, 'a set of characters in [ ] is not valid: check its brackets and ranges'],
];

function plainSyntaxError(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const found = PLAIN.find(([re]) => re.test(raw));
  return found ? `${found[1]} (RE2: ${raw.replace(/^error parsing regexp: /, '')})` : `it is not a regular expression RE2 can read: ${raw.replace(/^error parsing regexp: /, '')}`;
}

const refuse = (name: string, why: string) => new AppError('BAD_INPUT', `Pattern "${name.slice(0, 60)}": ${why}. Nothing was saved.`);

/** The pattern compiled, or a refusal saying what to write instead. */
export function checkPattern(p: PiiPattern): CompiledPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(p.pattern);
  } catch (e) {
    if (e instanceof RE2JSException) throw refuse(p.name, plainSyntaxError(e));
    throw e;
  }
  if (re.matcher('').find()) {
    throw refuse(p.name, 'it matches an empty text, so it would mark every place on every page; make each part required (+ instead of *, no "?" on the whole pattern)');
  }
  for (const { sort, chars } of PROBES) {
    if (chars.every((c) => re.matches(c))) {
      throw refuse(p.name, `it matches any single ${sort} on its own, so it would mark nearly every word of every page; describe the whole value, e.g. CASE-\\d{6} for "CASE-" and six digits`);
    }
  }
  return { kind: customKind(p.name), re };
}

/** Patterns as stored (checked when saved); one that no longer compiles (edited outside Sunshine) is skipped rather than stopping every scan. */
export function compilePatterns(list: readonly PiiPattern[]): CompiledPattern[] {
  const out: CompiledPattern[] = [];
  for (const p of list) {
    try {
      out.push(checkPattern(p));
    } catch {
      // Said when it is saved again; a scan has nobody to tell.
    }
  }
  return out;
}

/** Each place a custom pattern matches the text, at most MAX_CUSTOM_HITS_PER_PAGE of them. */
export function* customHits(text: string, p: CompiledPattern): Iterable<[number, number]> {
  const m = p.re.matcher(text);
  for (let n = 0; n < MAX_CUSTOM_HITS_PER_PAGE && m.find(); n++) yield [m.start(), m.end()];
}
