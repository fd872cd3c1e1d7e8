/**
 * Input schema pieces more than one part of the contract uses (api.ts and
 * api-review.ts), kept apart so neither imports the other.
 */
import { z } from 'zod';
import { REVIEW_STATUSES } from './shared/vocabulary.ts';
import { RANDOM_ID } from './shared/ids.ts';
import { DOCUMENT_KINDS } from './shared/search-query.ts';

/** An upload id or a picked-file token (core/random-id.ts makes them). */
export const randomId = (what: string) => z.string().regex(RANDOM_ID, `is not ${what}`);

/** A real calendar date between 1900 and 2200 (the range the deadline engine handles). */
export const realDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  const y = Number(s.slice(0, 4));
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && y >= 1900 && y <= 2200;
};
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD')
  .refine(realDate, 'is not a real calendar date (1900–2200)');
export const documentRef = z.number().int().positive();
/** Filters shared by the document list and search. */
export const documentFilters = {
  type: z.enum(DOCUMENT_KINDS).optional(),
  request: z.string().trim().min(1).max(40).optional(),
  disclosure: z.string().trim().min(1).max(40).optional(),
  source: z.string().trim().min(1).max(200).optional(),
  /** A tag's path ("Privilege/Attorney-client"); documents with it or any tag under it. */
  tag: z.string().trim().min(1).max(500).optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  /** Document dates from this day … */
  from: isoDate.optional(),
  /** … to this day, both included. */
  to: isoDate.optional(),
  /** Documents with personal data of this kind (core/shared/pii-kinds.ts, or a custom pattern's name), or of any kind (`any`). */
  pii: z.string().trim().min(1).max(80).optional(),
  /** Every email of a thread with a result is a result too (db/threads.ts). */
  wholeThreads: z.boolean().optional(),
  /** Of emails, only the inclusive ones (what a reviewer reads instead of every reply); other documents are kept. */
  inclusiveOnly: z.boolean().optional(),
};

export const fromBeforeTo = (v: { from?: string | undefined; to?: string | undefined }) => !(v.from && v.to && v.from > v.to);
export const fromBeforeToError = { message: 'from must be on or before to', path: ['to'] };


/** A backup's folder name as listed: nothing else may be named (no paths, no dot-folders). */
export const BACKUP_NAME = /^sunshine-backup-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/**
 * The version of a record a form loaded (core/versions.ts): a save from an older one is refused
 * with what changed since; without it (the CLI, scripts) the save goes ahead as given.
 */
export const loadedVersion = z.number().int().positive().optional();
