/** The productions part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { FIELD_LIMITS as L } from './shared/field-limits.ts';
import { call } from './contract.ts';
import { UNREVIEWED_FAMILY } from './shared/production-choices.ts';
import { documentFilters, fromBeforeTo, fromBeforeToError, randomId } from './api-schemas.ts';
import { NATIVE_BY_DEFAULT, PAGE_IMAGE_FORMATS } from './shared/production-options.ts';
import { DOCUMENT_KINDS } from './shared/search-query.ts';

export interface ProductionOut {
  id: number;
  name: string;
  request: string | null;
  recipient: string;
  prefix: string;
  firstNumber: number;
  lastNumber: number;
  firstBates: string;
  lastBates: string;
  documents: number;
  pages: number;
  folder: string;
  producedAt: string;
}

export interface ProductionReportOut {
  id: number;
  folder: string;
  firstBates: string;
  lastBates: string;
  documents: number;
  produced: number;
  withheld: number;
  /** Family members nobody reviewed, sent as "Withheld — not reviewed" slip sheets. */
  notReviewed: number;
  pages: number;
  unreviewedFamily: (typeof UNREVIEWED_FAMILY)[number];
  /** The reasons recorded for blocking problems. */
  decisions: { document: number; problem: string; reason: string }[];
  /** Documents that came along as part of a chosen document's email family. */
  addedByFamily: number;
  /** Whether redacted documents needed a second reviewer's approval. */
  secondReviewer: boolean;
  /** Redacted pages read back (text layer and OCR of the page as produced) with no word under a box still readable. */
  redactedPagesReadBack: number;
}

/** A problem in a production plan: blocking ones stop producing until fixed or decided; warnings only inform. */
export interface PlanProblemOut {
  code: string;
  message: string;
  /** A recorded reason may let it go out (else it must be fixed). */
  decidable: boolean;
  /** The reason recorded for it, when one was given. */
  decision: string | null;
}

/** A privilege-log row as it will be written (its nine columns; author, To and Cc are an email's own). */
export interface PlanLogEntryOut {
  bates: string;
  date: string;
  author: string;
  to: string;
  cc: string;
  privilege: string;
  /** FOIA exemptions, as labels joined with commas. */
  exemptions: string;
  description: string;
  kind: 'withheld' | 'redacted';
  /** The producing party's Bates range it was received with (ICE-0004211–ICE-0004260), or ''. */
  receivedAs: string;
}

export interface PlanDocumentOut {
  id: number;
  name: string;
  firstBates: string;
  lastBates: string;
  pages: number;
  /** null: the tag or search matched it; else the matched document whose email family brought it in. */
  familyOf: number | null;
  /** What of it goes out. */
  goes: ('image' | 'text' | 'native' | 'slip-sheet' | 'withheld')[];
  problems: PlanProblemOut[];
  warnings: PlanProblemOut[];
  log: PlanLogEntryOut | null;
}

export interface ProductionPlanOut {
  documents: PlanDocumentOut[];
  /** Problems of the production as a whole (its folder, its Bates numbers, the source check). */
  problems: PlanProblemOut[];
  warnings: PlanProblemOut[];
  /** Some blocking problem has no decision: producing would be refused. */
  blocked: boolean;
  firstBates: string;
  lastBates: string;
  pages: number;
  /** Whether text was checked against the sealed sources. */
  sourceCheck: 'done' | 'no-sources' | 'needs-passphrase' | 'wrong-passphrase' | 'damaged' | 'not-shared';
  unreviewedFamily: (typeof UNREVIEWED_FAMILY)[number];
}

const reason = z.string().trim().min(1, 'give the reason for the decision (for example: released with the source\'s written consent of 2027-02-01)').max(2000);

/** What to produce and how: the same for a plan and for producing it. */
const productionInput = z.object({
  /** What to produce: every document with this tag (or one under it) … */
  tag: z.string().trim().min(1).max(500).optional(),
  /** … or every result of this search (words and/or filters). */
  search: z
    .object({ query: z.string().trim().min(1).max(1000).optional(), ...documentFilters })
    .strict()
    .refine(fromBeforeTo, fromBeforeToError)
    .optional(),
  prefix: z
    .string()
    .trim()
    .min(1, 'give a Bates prefix, e.g. HSGAC-')
    .max(L.production.batesPrefix)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a Bates prefix is letters and digits, with - _ . between (e.g. HSGAC-)')
    // "AB0" + 010 and "AB" + 0010 would print the same number.
    .refine((p) => !/\d$/.test(p), 'end the Bates prefix with a letter or - _ . so its numbers cannot run into it (e.g. HSGAC-)'),
  start: z.number().int().min(1).max(999_999_999_999),
  /** Digits in its Bates numbers: a prefix keeps the padding it was first used with; left out, that one (8 for a new prefix). */
  padding: z.number().int().min(1).max(12).optional(),
  /** Where to write it (the sunshine command and the desktop app's own process only); else productions/NAME in the data folder. */
  folder: z.string().min(1).max(4096).optional(),
  /** The desktop app: a token for the folder its own dialog chose (single use; the window never sees the path). */
  folderPick: randomId('a chosen-folder token').optional(),
  name: z.string().trim().min(1).max(L.production.name).optional(),
  request: z.string().trim().min(1).max(40).optional(),
  recipient: z.string().trim().max(L.production.recipient).default(''),
  /** Kinds sent as their original file behind a slip sheet; the others go as Bates-stamped page images. */
  natives: z
    .array(z.enum(DOCUMENT_KINDS))
    .max(DOCUMENT_KINDS.length)
    .default([...NATIVE_BY_DEFAULT]),
  /** Each page a single-page PDF, or a Group 4 TIFF (black and white, 300 dpi) for strict loaders. */
  images: z.enum(PAGE_IMAGE_FORMATS).default('pdf'),
  /** Family members "with whole families" brought in that nobody reviewed or that are coded not responsive: stop, slip-sheet them, or let them go whole. */
  unreviewedFamily: z.enum(UNREVIEWED_FAMILY).default('block'),
  /** Redacted documents go out only once a second reviewer (one who drew none of the boxes) approved their redactions as they are. */
  secondReviewer: z.boolean().default(false),
  /** Reasons that let a blocking problem go out as it is, one per document and problem code. */
  decisions: z.array(z.object({ document: z.number().int().positive(), problem: z.string().min(1).max(60), reason }).strict()).max(100_000).default([]),
  /** Privilege-log entries as they should read, for withheld or redacted documents. */
  logEntries: z
    .array(
      z
        .object({
          document: z.number().int().positive(),
          author: z.string().trim().max(1000).optional(),
          to: z.string().trim().max(4000).optional(),
          cc: z.string().trim().max(4000).optional(),
          description: z.string().trim().min(1, 'a privilege-log description cannot be empty').max(2000).optional(),
        })
        .strict(),
    )
    .max(100_000)
    .default([]),
  /** The sources' passphrase, to check the documents' text against sealed identities (or useKeychain). */
  passphrase: z.string().max(1000).optional(),
  useKeychain: z.boolean().optional(),
});

/** The input of a plan and of producing it: exactly one of tag and search. */
const productionSpec = productionInput
  .strict()
  .refine((v) => (v.tag === undefined) !== (v.search === undefined), { message: 'give either tag or search, not both', path: ['tag'] })
  .refine((v) => v.folder === undefined || v.folderPick === undefined, { message: 'give either folder or folderPick, not both', path: ['folderPick'] });

export const productionCalls = {
  'productions.plan': call<ProductionPlanOut>()(productionSpec, {
    summary: 'What a production would hold, document by document, with every blocking problem and warning; nothing is produced (opening the sealed sources to check against them is written to the history).',
    mutates: true,
  }),
  'productions.create': call<ProductionReportOut>()(productionSpec, {
    summary: 'Produce documents: a Bates-stamped page image per page (spreadsheets as natives behind a slip sheet), text, DAT and OPT load files and a privilege log, into a new folder. Planned again first: refused while a blocking problem has no decision.',
    job: true,
    mutates: true,
  }),
  'productions.list': call<{
    productions: ProductionOut[];
    /** The next free Bates number per prefix (lower case): past every production and every range the Bates ledger holds, those a restore forgot too. */
    nextNumbers: Record<string, number>;
  }>()(z.object({}).strict(), { summary: 'Productions, newest first, with their Bates ranges, and the next free number of each prefix.' }),
};
