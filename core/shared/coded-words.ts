/**
 * What a bulk coding says it did, in one sentence for the window and the command line alike:
 * "Privilege: 3 of 5 documents tagged; 2 left out, being coded by Ana Ruiz (aruiz)."
 */

/** Documents a bulk coding left alone because someone else is coding them right now (core/review/leases.ts). */
export interface LeftOutLeased {
  documents: number;
  /** "Ana Ruiz (aruiz)", once each. */
  holders: string[];
}

const docs = (n: number) => `${n.toLocaleString('en-US')} document${n === 1 ? '' : 's'}`;

export function codedSentence(r: { tag?: string; changed: number; documents: number; leftOut?: LeftOutLeased }, done: 'tagged' | 'untagged' | 'changed'): string {
  const head = `${r.tag ? `${r.tag}: ` : ''}${r.changed.toLocaleString('en-US')} of ${docs(r.documents)} ${done}`;
  return r.leftOut ? `${head}; ${r.leftOut.documents.toLocaleString('en-US')} left out, being coded by ${r.leftOut.holders.join(', ')}.` : `${head}.`;
}
