/** The search term report part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { call } from './contract.ts';
import { documentFilters, fromBeforeTo, fromBeforeToError } from './api-schemas.ts';

/** Most queries in one report (blank lines aside): lists negotiated between parties run to a few hundred. */
export const MAX_REPORT_TERMS = 500;

export interface TermCounts {
  /** Documents with a page the query matches. */
  documents: number;
  /** Pages the query matches. */
  pages: number;
  /** Of those documents, the ones no other query of the report matches. */
  unique: number;
  /** The documents with their whole families (an email and its attachments), as tagging "with families" takes them. */
  withFamily: number;
}

export interface TermReportRow {
  /** Where the query stands in the list, counting blank lines: the line number in the file it came from. */
  line: number;
  term: string;
  /** Null when the line is not a query Sunshine can read: `error` says why and where. */
  counts: TermCounts | null;
  error: { message: string; position: number } | null;
}

export interface TermReportOut {
  rows: TermReportRow[];
  /** Documents any query of the report matches, and with their families. */
  total: { documents: number; withFamily: number };
  /** With `export`: the report as a file to save (base64), named for its kind. */
  file?: { name: string; mime: string; base64: string };
}

export const termReportCalls = {
  'documents.termReport': call<TermReportOut>()(
    z
      .object({
        /** One query a line, in Sunshine's search language; blank lines are left out. A line too long is reported in its row. */
        terms: z.array(z.string().max(10_000, 'a line is longer than 10,000 characters')).min(1, 'give at least one query, one a line').max(10_000, 'at most 10,000 lines'),
        ...documentFilters,
        /** Also the report as a CSV or Excel file. */
        export: z.enum(['csv', 'xlsx']).optional(),
      })
      .strict()
      .refine(fromBeforeTo, fromBeforeToError),
    { summary: 'Search term report: for each query of a list, the documents and pages it matches, those no other query matches, and with families.' },
  ),
} as const;
