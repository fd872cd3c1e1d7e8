/** The productions part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { FIELD_LIMITS as L } from './shared/field-limits.ts';
import { call } from './contract.ts';
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
  pages: number;
  /** Documents that came along as part of a chosen document's email family. */
  addedByFamily: number;
}

export const productionCalls = {
  'productions.create': call<ProductionReportOut>()(
    z
      .object({
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
      })
      .strict()
      .refine((v) => (v.tag === undefined) !== (v.search === undefined), { message: 'give either tag or search, not both', path: ['tag'] })
      .refine((v) => v.folder === undefined || v.folderPick === undefined, { message: 'give either folder or folderPick, not both', path: ['folderPick'] }),
    {
      summary: 'Produce documents: a Bates-stamped page image per page (spreadsheets as natives behind a slip sheet), text, DAT and OPT load files and a privilege log, into a new folder.',
      job: true,
      mutates: true,
    },
  ),
  'productions.list': call<{
    productions: ProductionOut[];
    /** The next free Bates number per prefix (lower case): past every production and every range the Bates ledger holds, those a restore forgot too. */
    nextNumbers: Record<string, number>;
  }>()(z.object({}).strict(), { summary: 'Productions, newest first, with their Bates ranges, and the next free number of each prefix.' }),
};
