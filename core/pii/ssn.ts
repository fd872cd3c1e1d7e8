/**
 * U.S. Social Security numbers. 123-45-6789 stands on its own; 123 45 6789 and 123456789 (a
 * ZIP+4, an order number…) only after "SSN" or "social security". Numbers the SSA never issues
 * are not SSNs: area 000, 666 or 900–999, group 00, serial 0000.
 */
import { labelBefore, matchesOf, type Detector } from './detector.ts';

const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-]?\d)/g;
const LABEL = /\b(?:ssn|s\.s\.n\.?|ss#|soc\.? sec\.?|social\s+security)\b/i;

export const possibleSsn = (area: string, group: string, serial: string): boolean => area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';

export const ssn: Detector = {
  kind: 'ssn',
  find: (text) => matchesOf(text, SSN, (m) => possibleSsn(m[1]!, m[3]!, m[4]!) && (m[2] === '-' || labelBefore(text, m.index, LABEL))),
};
