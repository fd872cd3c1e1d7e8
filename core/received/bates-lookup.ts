/**
 * Bates numbers as addresses: the pages a typed Bates number, range or prefix names — the producing
 * party's numbers on received pages (page_bates) and the numbers our own productions gave
 * (production_documents: one range per document, its pages numbered in order).
 */
import type { Reader } from '../../db/engine.ts';
import { producedInBatesRange, producedPrefixes, type ProducedPages } from '../../db/productions.ts';
import { knownBatesPrefixes, pageByBates, pagesInBatesRange, pagesWithBatesPrefix, type BatesPageHit } from '../../db/received.ts';
import type { BatesHit, BatesLookupOut } from '../api.ts';
import { AppError } from '../errors.ts';
import { formatBates } from '../productions/bates.ts';
import { batesQuery, splitBates, type BatesQuery, type KnownPrefix } from '../shared/bates-number.ts';

/** At most this many pages for a range or a prefix: a look-up, not an export. */
export const BATES_HITS_LIMIT = 500;

/** The Bates prefixes in use in the workspace, received and our own, for telling a Bates number from a search word. */
export async function knownPrefixes(q: Reader): Promise<KnownPrefix[]> {
  const [received, produced] = await Promise.all([knownBatesPrefixes(q), producedPrefixes(q)]);
  return [...received, ...produced].map((k) => ({ prefix: k.prefix, width: Number(k.width) }));
}

/** What a typed text asks for, or null when it is no Bates number (a search word). */
export async function batesQueryIn(q: Reader, text: string): Promise<BatesQuery | null> {
  return batesQuery(text, await knownPrefixes(q));
}

/** The pages `text` names; NOT_FOUND naming it when none does, BAD_INPUT when it is no Bates number at all. */
export async function findByBates(q: Reader, text: string): Promise<BatesLookupOut> {
  const typed = text.trim();
  const query = (await batesQueryIn(q, typed)) ?? (splitBates(typed) ? { kind: 'exact' as const, bates: typed } : null);
  if (!query) throw new AppError('BAD_INPUT', `bates: "${typed.slice(0, 100)}" is not a Bates number; write one as printed on the page (ICE-0004211), a range (ICE-0004211–ICE-0004260) or its start (ICE-00042).`);
  const hits = await hitsOf(q, query);
  if (hits.length === 0) throw new AppError('NOT_FOUND', `bates: no page is numbered ${said(query)} in this workspace.`);
  return { kind: query.kind, hits };
}

const said = (query: BatesQuery) => (query.kind === 'exact' ? query.bates : query.kind === 'range' ? `${query.from}–${query.to}` : `${query.prefix}…`);

async function hitsOf(q: Reader, query: BatesQuery): Promise<BatesHit[]> {
  switch (query.kind) {
    case 'exact': {
      const parts = splitBates(query.bates);
      const [page, produced] = await Promise.all([pageByBates(q, query.bates, parts), parts ? producedInBatesRange(q, parts.prefix, parts.number, parts.number, 10) : []]);
      return [...(page ? [received(page)] : []), ...produced.map((p) => producedHit(p, parts!.number))];
    }
    case 'range': {
      const [a, b] = [splitBates(query.from)!, splitBates(query.to)!];
      const [pages, produced] = await Promise.all([pagesInBatesRange(q, a.prefix, a.number, b.number, BATES_HITS_LIMIT), producedInBatesRange(q, a.prefix, a.number, b.number, BATES_HITS_LIMIT)]);
      // Each page of ours in the range: a document's numbers run from its begin to its end.
      const ours = produced.flatMap((p) => numbersBetween(Math.max(a.number, Number(p.begin_number)), Math.min(b.number, Number(p.end_number))).map((n) => producedHit(p, n)));
      return [...pages.map(received), ...ours].slice(0, BATES_HITS_LIMIT);
    }
    case 'prefix':
      // Our own numbers are not stored page by page: a prefix finds received pages only.
      return (await pagesWithBatesPrefix(q, query.prefix, BATES_HITS_LIMIT)).map(received);
  }
}

const numbersBetween = (from: number, to: number): number[] => Array.from({ length: Math.max(0, Math.min(to - from + 1, BATES_HITS_LIMIT)) }, (_, i) => from + i);

const received = (p: BatesPageHit): BatesHit => ({
  documentId: Number(p.document_id),
  page: Number(p.page_no),
  bates: p.bates,
  name: p.name,
  batesBegin: p.bates_begin,
  batesEnd: p.bates_end,
  from: 'received',
});

/** A document our production numbered: the page `n` falls on (its pages in order; a slip sheet or a native's single number is page 1). */
function producedHit(p: ProducedPages, n: number): BatesHit {
  const [begin, end, padding] = [Number(p.begin_number), Number(p.end_number), Number(p.padding)];
  return {
    documentId: Number(p.document_id),
    page: Math.min(n - begin + 1, Math.max(1, Number(p.page_count))),
    bates: formatBates(p.prefix, n, padding),
    name: p.name,
    batesBegin: formatBates(p.prefix, begin, padding),
    batesEnd: formatBates(p.prefix, end, padding),
    from: 'produced',
  };
}
