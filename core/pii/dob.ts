/**
 * Dates of birth: a date in any usual form (3/14/1962, 1962-03-14, 14.03.62, March 14, 1962,
 * 14 Mar 1962) right after "DOB", "born", "date of birth" or "birth date". Other dates (a letter's,
 * a meeting's) are not personal data and are left alone.
 */
import { labelBefore, matchesOf, type Detector } from './detector.ts';

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const DATE = new RegExp(
  [
    '(?<![\\d/.-])(\\d{1,2})[/.-](\\d{1,2})[/.-](?:\\d{4}|\\d{2})(?![\\d/.-]?\\d)',
    '(?<![\\d-])\\d{4}-(\\d{2})-(\\d{2})(?![\\d-])',
    `\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`,
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+\\d{4}\\b`,
  ].join('|'),
  'gi',
);
const LABEL = /\b(?:dob|d\.o\.b\.?|born|birth\s*date|birthdate|date\s+of\s+birth|birthday)\b/i;

/** A numeric date with a month and a day that can be: 13/14/1962 is not one (either order). */
function plausible(m: RegExpExecArray): boolean {
  const [a, b] = m[1] !== undefined ? [Number(m[1]), Number(m[2])] : m[3] !== undefined ? [Number(m[3]), Number(m[4])] : [1, 1];
  const day = (d: number) => d >= 1 && d <= 31;
  const month = (n: number) => n >= 1 && n <= 12;
  return (month(a) && day(b)) || (day(a) && month(b));
}

export const dob: Detector = {
  kind: 'dob',
  find: (text) => matchesOf(text, DATE, (m) => plausible(m) && labelBefore(text, m.index, LABEL)),
};
