import type { BatesRange } from '../api.ts';

/** The producing party's range a document arrived with (both ends, or the one given for both), or null. */
export const receivedRange = (d: { bates_begin: string | null; bates_end: string | null }): BatesRange | null =>
  d.bates_begin === null && d.bates_end === null ? null : { begin: (d.bates_begin ?? d.bates_end)!, end: (d.bates_end ?? d.bates_begin)! };
