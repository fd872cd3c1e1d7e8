/**
 * Review assignments: batches of documents (whole email families) assigned to reviewers, the next
 * document of one's batches, and leases (one reviewer codes a document at a time). Spread into the
 * table in api.ts.
 */
import { z } from 'zod';
import { call } from './contract.ts';
import { documentFilters, documentRef, fromBeforeTo, fromBeforeToError } from './api-schemas.ts';

export interface PersonOut {
  login: string;
  displayName: string;
}

export interface BatchOut {
  id: number;
  name: string;
  /** What counsel called the batches made together. */
  setName: string;
  /** What they were made from, in words: `search "sponsor"`, `tag Privilege`, `saved search "Hot docs"`. */
  source: string;
  reviewer: PersonOut;
  createdBy: string;
  createdAt: string;
  /** Documents in the batch. */
  total: number;
  /** Of them, coded (a review status other than unreviewed) since the batch was made. */
  done: number;
}

export interface ReviewerProgressOut extends PersonOut {
  batches: number;
  total: number;
  done: number;
}

export interface NextInBatchOut {
  /** Null when every document of one's batches is coded (or held by someone else). */
  document: { id: number; name: string; batchId: number; batchName: string; position: number; batchTotal: number } | null;
  /** Documents of one's batches not yet coded, this one included. */
  remaining: number;
  /** Of those, held by someone else just now. */
  leasedByOthers: number;
  /** How many batches (with documents) are the caller's: none, and there is nothing to go through. */
  batches: number;
}

export interface LeaseOut {
  documentId: number;
  /** Whether someone holds a live lease on it. */
  held: boolean;
  /** Whether that someone is the caller. */
  yours: boolean;
  holder: PersonOut | null;
  /** Since when the holder has it (the server's clock). */
  since: string | null;
  expiresAt: string | null;
  /** How often a window holding it should renew it. */
  renewSeconds: number;
  /** A data folder: one person, leases never in the way (nothing is held). */
  teamOnly: boolean;
}

const reviewerLogin = z.string().trim().min(1, 'name the reviewer').max(120);

/** Where batches come from: a search (words and/or filters), a saved search, or a tag (with the tags under it). */
const batchSource = z
  .object({
    search: z
      .object({ query: z.string().trim().min(1).max(1000).optional(), ...documentFilters })
      .strict()
      .refine(fromBeforeTo, fromBeforeToError)
      .optional(),
    savedSearch: z.number().int().positive().optional(),
    tag: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((v) => [v.search, v.savedSearch, v.tag].filter((x) => x !== undefined).length === 1, { message: 'give one of search, savedSearch or tag', path: ['search'] });

export const reviewBatchCalls = {
  'review.makeBatches': call<{ batches: BatchOut[]; documents: number }>()(
    z
      .object({
        from: batchSource,
        /** About this many documents a batch: a family is never split, so a batch may run over to keep one whole. */
        size: z.number().int().min(1, 'a batch holds at least one document').max(100_000),
        reviewers: z.array(reviewerLogin).min(1, 'pick at least one reviewer').max(200),
        name: z.string().trim().min(1, 'give the batches a name').max(120),
      })
      .strict(),
    { summary: 'Split the documents of a search, saved search or tag (whole email families) into batches of about a size, assigned to reviewers in turn.', mutates: true, role: 'counsel' },
  ),
  'review.batches': call<{ batches: BatchOut[]; reviewers: ReviewerProgressOut[]; eligible: PersonOut[]; you: string | null }>()(z.object({}).strict(), {
    summary: 'Every review batch with its progress (coded / total), totals per reviewer, and who may be given a batch.',
  }),
  'review.reassignBatch': call<BatchOut>()(z.object({ id: z.number().int().positive(), reviewer: reviewerLogin }).strict(), {
    summary: 'Give a batch to another reviewer.',
    mutates: true,
    role: 'counsel',
  }),
  'review.deleteBatch': call<{ deleted: true }>()(z.object({ id: z.number().int().positive() }).strict(), {
    summary: 'Delete a batch (its documents and their coding stay).',
    mutates: true,
    role: 'counsel',
  }),
  'review.myBatch': call<{ batches: BatchOut[]; next: NextInBatchOut }>()(z.object({}).strict(), {
    summary: "Your batches with their progress, and the next document of them to code.",
  }),
  'review.nextInBatch': call<NextInBatchOut>()(z.object({ after: documentRef.optional() }).strict(), {
    summary: 'The next document of your batches not yet coded nor held by someone else (after the one given, else the first).',
  }),
  'review.lease': call<LeaseOut>()(z.object({ id: documentRef }).strict(), {
    summary: 'Take (or renew) the lease on a document to code it; when someone else holds it, says who and since when.',
    role: 'reviewer',
  }),
  'review.leaseOf': call<LeaseOut>()(z.object({ id: documentRef }).strict(), { summary: 'Who holds the lease on a document, if anyone.' }),
  'review.release': call<{ released: boolean }>()(z.object({ id: documentRef }).strict(), {
    summary: 'Give back your lease on a document (leaving it).',
    role: 'reviewer',
  }),
};
