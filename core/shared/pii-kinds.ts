/**
 * The kinds of personal data the PII finder looks for, with how the window and the `sunshine`
 * command name them and the FOIA exemption a redaction of each would usually cite (an EXEMPTIONS value of vocabulary.ts). Pure data:
 * the renderer and the CLI import it. A custom pattern (Settings) is a kind of its own,
 * `custom:<its name>`.
 */
export const PII_KINDS = ['ssn', 'a-number', 'dob', 'phone', 'email', 'address', 'passport', 'drivers-license', 'card', 'bank-account', 'routing'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const PII_KIND_LABELS: Record<PiiKind, string> = {
  ssn: 'SSN',
  'a-number': 'A-Number',
  dob: 'Date of birth',
  phone: 'Phone number',
  email: 'E-mail address',
  address: 'Street address',
  passport: 'Passport number',
  'drivers-license': "Driver's licence number",
  card: 'Card number',
  'bank-account': 'Bank account number',
  routing: 'Routing number',
};

/** Personal privacy: (b)(6) for all built-in kinds; a law-enforcement file would cite (b)(7)(C) instead, which the user chooses. */
export const PII_SUGGESTED_EXEMPTION: Record<PiiKind, string> = Object.fromEntries(PII_KINDS.map((k) => [k, 'b6'])) as Record<PiiKind, string>;

const CUSTOM = 'custom:';
export const customKind = (name: string): string => `${CUSTOM}${name}`;
export const isBuiltinPiiKind = (kind: string): kind is PiiKind => (PII_KINDS as readonly string[]).includes(kind);

/** How a kind is shown: a built-in kind's label, or a custom pattern's own name. */
export const piiKindLabel = (kind: string): string => (isBuiltinPiiKind(kind) ? PII_KIND_LABELS[kind] : kind.startsWith(CUSTOM) ? kind.slice(CUSTOM.length) : kind);

/** The filter value meaning "any kind of personal data". */
export const ANY_PII = 'any';
