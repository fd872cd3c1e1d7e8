/**
 * Full-text search over every page. One MATCH per query and filter set finds
 * the candidate pages (at most CANDIDATES, newest first, each with its bm25
 * score); paging, facets and snippets then work from that list, which is kept
 * until the database changes — so "more results" and facet clicks do not run
 * the MATCH again.
 *
 * A query matching more pages than that (a word on every page) is "broad": its
 * results are the best-scored of the newest CANDIDATES matching pages, and the
 * answer says so. Ranking every page of a million that hold the word would
 * cost seconds for a list nobody reads to the end.
 */
import type { Reader } from '../../db/engine.ts';
import { AppError } from '../errors.ts';
import { QueryError, parseQuery } from '../shared/search-query.ts';
import { renderQuery } from './query-render.ts';
import { resolveWords } from './vocabulary.ts';
import { suggestQueries } from './suggest.ts';
import { needsOrderCheck } from '../../db/word-order.ts';
import { dataVersion, facetsOf, matchCandidates, pageRefs, snippets, type Candidate, type Facets, type SearchFilters, type TextQuery } from '../../db/documents.ts';

export const CANDIDATES = 5_000;
export const HIT_OPEN = '\uE000';
export const HIT_CLOSE = '\uE001';

export interface SearchPage {
  hits: { documentId: number; name: string; type: string; page: number; snippet: string; score: number }[];
  total: number;
  capped: boolean;
  facets: Facets;
  /** How many matching pages the facets count over, and whether more matched (before the filters). */
  facetPages: number;
  facetsCapped: boolean;
  /** For a query that found nothing: the same query with misspelt words replaced ("did you mean"). */
  suggestions: string[];
}

interface Ranked {
  pages: Candidate[];
  broad: boolean;
  facets?: Facets;
}

const CACHE_SIZE = 16;
const caches = new WeakMap<Reader, { version: string; entries: Map<string, Ranked> }>();

async function ranked(q: Reader, match: TextQuery, f: SearchFilters): Promise<Ranked> {
  // Read before the candidates: a write committed in between only makes the next search start a
  // fresh cache, never serve rows older than its version.
  const version = await dataVersion(q);
  let cache = caches.get(q);
  if (!cache || cache.version !== version) caches.set(q, (cache = { version, entries: new Map() }));
  const key = JSON.stringify([match, f]);
  let r = cache.entries.get(key);
  if (r) {
    cache.entries.delete(key); // most recently used goes last
  } else {
    const found = await matchCandidates(q, match, f, CANDIDATES);
    r = { pages: found.pages.sort((a, b) => a.score - b.score || b.id - a.id), broad: found.broad };
    if (cache.entries.size >= CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value!);
  }
  cache.entries.set(key, r);
  return r;
}

/**
 * The user's query in the engine's own syntax, from Sunshine's language (core/shared/search-query.ts):
 * a query that language refuses is refused here, before any database sees it, with the position
 * of the problem and how to write it. Wildcards and word forms are looked up in the index's
 * vocabulary first; null when one stands for no word there, so the query can match nothing.
 */
export async function compileQuery(q: Reader, query: string): Promise<TextQuery | null> {
  try {
    const tree = await resolveWords(q, parseQuery(query));
    if (!tree) return null;
    const match = renderQuery(tree, q.kind);
    return q.kind === 'sqlite' && needsOrderCheck(tree) ? { match, check: JSON.stringify(tree) } : { match };
  } catch (e) {
    if (e instanceof QueryError) throw new AppError('BAD_INPUT', `query: ${e.message}`);
    throw e;
  }
}

const NOTHING: SearchPage = {
  hits: [],
  total: 0,
  capped: false,
  facets: { types: [], requests: [], sources: [], years: [], tags: [], statuses: [] },
  facetPages: 0,
  facetsCapped: false,
  suggestions: [],
};

export async function search(q: Reader, query: string, f: SearchFilters, offset: number, limit: number): Promise<SearchPage> {
  // A malformed query fails even when the filters leave nothing to match against.
  const match = await compileQuery(q, query);
  if (!match) return { ...NOTHING, suggestions: offset === 0 ? await suggestQueries(q, query) : [] };
  const filtered = await ranked(q, match, f);
  const all = Object.keys(f).length ? await ranked(q, match, {}) : filtered;
  all.facets ??= await facetsOf(
    q,
    all.pages.map((p) => p.id),
  );
  const shown = filtered.pages.slice(offset, offset + limit);
  const refs = await pageRefs(
    q,
    shown.map((p) => p.id),
  );
  const snips = await snippets(
    q,
    match.match,
    shown.map((p) => p.id),
    HIT_OPEN,
    HIT_CLOSE,
  );
  const hits: SearchPage['hits'] = [];
  for (const p of shown) {
    const ref = refs.get(p.id);
    if (ref) hits.push({ documentId: ref.document_id, name: ref.name, type: ref.type, page: ref.page_no, snippet: snips.get(p.id) ?? '', score: -p.score });
  }
  const total = filtered.pages.length;
  const suggestions = total === 0 && offset === 0 ? await suggestQueries(q, query) : [];
  return { hits, total, capped: filtered.broad, facets: all.facets, facetPages: all.pages.length, facetsCapped: all.broad, suggestions };
}
