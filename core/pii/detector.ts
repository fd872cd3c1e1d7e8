/** What every detector of personal data is: a kind and where on a page it finds that kind. */
import type { PiiKind } from '../shared/pii-kinds.ts';

/** One find: offsets into the page's text (UTF-16 code units, as JavaScript strings count), never the value itself. */
export interface PiiHit {
  kind: string;
  start: number;
  end: number;
}

export interface Detector {
  kind: PiiKind;
  find(text: string): Iterable<[number, number]>;
}

/** How far before a value its label may stand ("SSN: ", "born on "), in characters. */
const LABEL_REACH = 40;

/** Whether a label (a case-insensitive pattern) stands just before `start`: a bare nine-digit number is an SSN only when the page says so. */
export const labelBefore = (text: string, start: number, label: RegExp): boolean => label.test(text.slice(Math.max(0, start - LABEL_REACH), start));

/** Every match of a global pattern, as offsets, kept when `keep` says so. */
export function* matchesOf(text: string, re: RegExp, keep: (m: RegExpExecArray) => boolean = () => true): Iterable<[number, number]> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (keep(m)) yield [m.index, m.index + m[0].length];
  }
}

/**
 * A value that follows its label (`passport no. X1234567`): the pattern's first group is the value
 * (the pattern needs the `d` flag, for the group's offsets). Labelled values must hold a digit,
 * so "Passport is expired" names no passport number.
 */
export function* labelledValues(text: string, re: RegExp, keep: (value: string) => boolean = () => true): Iterable<[number, number]> {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.indices?.[1];
    if (at && /\d/.test(m[1]!) && keep(m[1]!)) yield [at[0], at[1]];
  }
}

export const digitsOf = (s: string): string => s.replace(/\D/g, '');
