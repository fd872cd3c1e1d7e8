/**
 * Street addresses: a house number, one to five capitalised words of street name and a suffix
 * (St, Street, Ave, Road, Blvd…), then optionally a direction (NW) and a unit (Apt 4B, Suite 200,
 * # 12). "Section 230 of the Act" has no suffix and is left alone.
 */
import { matchesOf, type Detector } from './detector.ts';

const SUFFIXES = ['Street', 'St', 'Avenue', 'Ave', 'Av', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive', 'Dr', 'Court', 'Ct', 'Place', 'Pl', 'Way', 'Terrace', 'Ter', 'Circle', 'Cir', 'Parkway', 'Pkwy', 'Highway', 'Hwy', 'Square', 'Sq', 'Trail', 'Trl', 'Pike', 'Alley'];
/** As written in running text and in capitals (an envelope's lines). */
const SUFFIX = `(?:${SUFFIXES.flatMap((s) => [s, s.toUpperCase()]).join('|')})`;
const WORD = "(?:[A-Z][A-Za-z'.-]*|\\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))";
const UNIT = '(?:,?\\s+(?:Apt|APT|Apartment|Suite|SUITE|Ste|STE|Unit|UNIT|Room|Rm|Floor|Fl)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6}|,?\\s+#\\s?[A-Za-z0-9-]{1,6})';
const ADDRESS = new RegExp(`(?<![\\w-])\\d{1,6}[A-Z]?(?:-\\d{1,4})?\\s+(?:${WORD}\\s+){1,5}${SUFFIX}\\b\\.?(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b\\.?)?${UNIT}?`, 'g');

export const address: Detector = { kind: 'address', find: (text) => matchesOf(text, ADDRESS) };
