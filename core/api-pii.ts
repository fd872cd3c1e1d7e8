/** The PII finder part of the contract (core/pii/). Spread into the table in api.ts. */
import { z } from 'zod';
import { call } from './contract.ts';
import { documentRef } from './api-schemas.ts';
import { EXEMPTIONS, type Exemption } from './shared/vocabulary.ts';

/** A pattern of the user's (Settings): found on every page like the built-in kinds, as kind `custom:<name>`. */
export interface PiiPattern {
  name: string;
  /** A regular expression in RE2's syntax (no lookarounds or backreferences; matched in linear time). */
  pattern: string;
  /** The exemption a redaction of what it finds would cite. */
  exemption: Exemption;
}

/** One find on a page: offsets into the page's text (as `documents.page` gives it); the value is never stored or sent apart from the page. */
export interface PiiHitOut {
  kind: string;
  start: number;
  end: number;
}

export interface PiiListRow {
  kind: string;
  label: string;
  document: { id: number; name: string };
  /** The document's pages with this kind, in order. */
  pages: number[];
}

export const MAX_PII_PATTERNS = 50;

const patternInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    pattern: z.string().min(1).max(500),
    exemption: z.enum(EXEMPTIONS).default('b6'),
  })
  .strict();

/** A kind (ssn, a-number, … — core/shared/pii-kinds.ts), a custom pattern's name, or `any`. */
export const piiKindInput = z.string().trim().min(1).max(80);

export const piiCalls = {
  'pii.patterns': call<{ patterns: PiiPattern[] }>()(z.object({}).strict(), { summary: 'The custom patterns the PII finder looks for besides its own kinds.' }),
  'pii.setPatterns': call<{ patterns: PiiPattern[] }>()(z.object({ patterns: z.array(patternInput).max(MAX_PII_PATTERNS) }).strict(), {
    summary: 'Replace the custom patterns (each checked first: RE2 syntax, not matching an empty text or every character); every page is scanned again.',
    mutates: true,
  }),
  'pii.scan': call<{ scanned: number; pending: number }>()(z.object({}).strict(), {
    summary: 'Scan now the pages not yet scanned for personal data under the current patterns (the app also does this in the background).',
    job: true,
    mutates: true, role: 'reviewer',
  }),
  'pii.list': call<{ rows: PiiListRow[]; pending: number }>()(z.object({ kind: piiKindInput.optional() }).strict(), {
    summary: 'Documents and pages with each kind of personal data found (or one kind); pending: pages not yet scanned.',
  }),
  'documents.piiHits': call<PiiHitOut[]>()(z.object({ id: documentRef, page: z.number().int().min(1) }).strict(), {
    summary: 'Where personal data was found on one page: kind and offsets into its text.',
  }),
};
