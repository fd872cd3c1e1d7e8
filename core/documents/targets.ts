/**
 * Which documents a bulk action (tagging, coding, a production) takes: listed
 * ids, all of which must exist, or every result of a search — words and
 * filters, or filters alone — optionally with whole email families.
 */
import type { Reader } from '../../db/engine.ts';
import { AppError } from '../errors.ts';
import { filtersOf, type FilterInput } from './filters.ts';
import { compileSearch, withFields } from './search.ts';
import { allFilteredDocuments, allMatchingDocuments } from '../../db/documents.ts';
import { existingDocuments, withFamilies } from '../../db/review.ts';

export interface Target {
  ids?: number[] | undefined;
  search?: (FilterInput & { query?: string | undefined }) | undefined;
  family: boolean;
}

/** The documents a bulk action touches, checked: listed ids must all exist. */
export async function targetIds(q: Reader, t: Target): Promise<{ ids: number[]; why: Record<string, unknown> }> {
  let ids: number[];
  let why: Record<string, unknown>;
  if (t.ids) {
    const unique = [...new Set(t.ids)];
    const found = await existingDocuments(q, unique);
    if (found.length !== unique.length) {
      const have = new Set(found);
      const missing = unique.filter((id) => !have.has(id));
      throw new AppError('NOT_FOUND', `ids: there is no document ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}; nothing was changed.`);
    }
    ids = found;
    why = {};
  } else {
    const { query, ...filters } = t.search!;
    const f = await filtersOf(q, filters);
    if (query) {
      const compiled = await compileSearch(q, query);
      ids = compiled ? await allMatchingDocuments(q, compiled.match, withFields(f, compiled)) : [];
    } else {
      ids = await allFilteredDocuments(q, f);
    }
    why = { search: t.search };
  }
  if (t.family) ids = await withFamilies(q, ids);
  return { ids, why: t.family ? { ...why, family: true } : why };
}

