/** The document filters as the API takes them (references, paths), resolved to what the queries use (ids). */
import type { Reader } from '../../db/engine.ts';
import type { SearchFilters } from '../../db/documents.ts';
import { tagByPath, tagSubtree } from '../../db/review.ts';
import { dayAfter } from '../deadlines/dates.ts';
import { AppError } from '../errors.ts';
import { requireRequest } from '../requests/service.ts';
import { requireDisclosure } from '../disclosures/lookup.ts';
import { piiFilterOf } from '../pii/patterns.ts';

export interface FilterInput {
  type?: string | undefined;
  request?: string | undefined;
  disclosure?: string | undefined;
  source?: string | undefined;
  tag?: string | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  pii?: string | undefined;
  wholeThreads?: boolean | undefined;
  inclusiveOnly?: boolean | undefined;
}

export async function filtersOf(q: Reader, f: FilterInput): Promise<SearchFilters> {
  let tagIds: number[] | undefined;
  if (f.tag) {
    const tag = await tagByPath(q, f.tag);
    if (!tag) throw new AppError('NOT_FOUND', `tag: there is no tag "${f.tag.slice(0, 100)}".`);
    tagIds = await tagSubtree(q, tag.id);
  }
  return {
    ...(f.type ? { type: f.type } : {}),
    ...(f.request ? { requestId: (await requireRequest(q, f.request, 'request')).id } : {}),
    ...(f.disclosure ? { disclosureId: (await requireDisclosure(q, f.disclosure, 'disclosure')).id } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(tagIds ? { tagIds } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { before: dayAfter(f.to) } : {}),
    ...(f.pii ? { pii: await piiFilterOf(q, f.pii) } : {}),
    ...(f.wholeThreads ? { wholeThreads: true } : {}),
    ...(f.inclusiveOnly ? { inclusiveOnly: true } : {}),
  };
}
