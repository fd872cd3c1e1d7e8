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
 *
 * Results come one a page or one a document (its best page, and how many of its pages matched),
 * by relevance, document date or Bates number (core/documents/result-order.ts); each says the
 * document's type, date, tags and Bates range.
 *
 * A query's fields (`from:ice`, `date:2024`) are conditions on the document,
 * joined as the filters are; a query of fields alone lists each matching
 * document's first page, which shows its opening in place of a snippet.
 */
import type { Reader } from '../../db/engine.ts';
import type { SearchHitOut } from '../api.ts';
import { AppError } from '../errors.ts';
import { QueryError, parseQuery, splitFields, type SplitQuery } from '../shared/search-query.ts';
import { renderQuery } from './query-render.ts';
import { dataVersion, facetsOf, matchCandidates, pageOpenings, pageRefs, snippets, type Candidate, type Facets, type PageRef, type SearchFilters, type TextQuery } from '../../db/documents.ts';
import { threadMates } from '../../db/threads.ts';
import { hitDocuments, tagPathsOf, type HitDocument } from '../../db/hit-documents.ts';
import { formatBates } from '../productions/bates.ts';
import { orderResults, type ResultRow } from './result-order.ts';
import type { SearchView } from '../shared/search-view.ts';
import { fieldConditions } from './query-fields.ts';
import type { FieldCondition } from '../../db/document-fields.ts';
import { resolveWords } from './vocabulary.ts';
import { suggestQueries } from './suggest.ts';
import { needsOrderCheck } from '../../db/word-order.ts';

export const CANDIDATES = 5_000;
export const HIT_OPEN = '\uE000';
export const HIT_CLOSE = '\uE001';

export interface SearchPage {
  hits: SearchHitOut[];
  /** Matching pages, or in documents mode matching documents. */
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
  /** Where each candidate page is, and each candidate document's sort keys: read once, for any other view. */
  located?: Map<number, PageRef>;
  documents?: Map<number, HitDocument>;
  /** The rows of each view other than pages by relevance, by `group/sort`. */
  views?: Map<string, ResultRow[]>;
}

const CACHE_SIZE = 16;
const caches = new WeakMap<Reader, { version: string; entries: Map<string, Ranked> }>();

async function ranked(q: Reader, match: TextQuery | undefined, f: SearchFilters): Promise<Ranked> {
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
    // Whole threads with page words: the hits are found first, then their threads' other emails
    // join them, after every hit (by their first page, scored as a page with no words found).
    // (Without words, the filters themselves take in whole threads: db/documents.ts.)
    const widen = match !== undefined && f.wholeThreads === true;
    const found = await matchCandidates(q, match, widen ? { ...f, wholeThreads: false } : f, CANDIDATES);
    const pages = found.pages.sort((a, b) => a.score - b.score || b.id - a.id);
    if (widen) pages.push(...(await threadMatePages(q, pages, f)));
    r = { pages, broad: found.broad };
    if (cache.entries.size >= CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value!);
  }
  cache.entries.set(key, r);
  return r;
}

/** The first pages of the other emails in the threads of these hits. */
async function threadMatePages(q: Reader, hits: Candidate[], f: SearchFilters): Promise<Candidate[]> {
  const located = await pageRefs(
    q,
    hits.map((p) => p.id),
  );
  const mates = await threadMates(q, [...new Set([...located.values()].map((l) => l.document_id))], f);
  return mates.flatMap((m) => (m.page === null ? [] : [{ id: m.page, score: 0 }]));
}

/**
 * The user's query parsed by Sunshine's language (core/shared/search-query.ts) and cut into page
 * words and fields: a query that language refuses is refused here, before any database sees it,
 * with the position of the problem and how to write it.
 */
function splitQuery(query: string): SplitQuery {
  try {
    return splitFields(parseQuery(query));
  } catch (e) {
    if (e instanceof QueryError) throw new AppError('BAD_INPUT', `query: ${e.message}`);
    throw e;
  }
}

/** A query's page words in the engine's own syntax (undefined when it names fields only), and what its fields ask of the document. */
export interface CompiledQuery {
  match: TextQuery | undefined;
  fields: FieldCondition | undefined;
}

/**
 * The query as the engine runs it; a tag a field names must exist. Null when a wildcard or word
 * forms stand for no word in the index: the query can match nothing.
 */
export const compileSearch = async (q: Reader, query: string): Promise<CompiledQuery | null> => compileSplit(q, splitQuery(query));

/**
 * A query already parsed and cut into page words and fields, as the engine runs it. Wildcards and
 * word forms are looked up in the index's vocabulary first; an order (pre/N) FTS5 cannot say is
 * checked on each page SQLite finds (db/word-order.ts).
 */
export async function compileSplit(q: Reader, split: SplitQuery): Promise<CompiledQuery | null> {
  const fields = await fieldConditions(q, split.fields);
  if (!split.text) return { match: undefined, fields };
  let tree;
  try {
    tree = await resolveWords(q, split.text);
  } catch (e) {
    if (e instanceof QueryError) throw new AppError('BAD_INPUT', `query: ${e.message}`);
    throw e;
  }
  if (!tree) return null;
  const match = renderQuery(tree, q.kind);
  return { match: q.kind === 'sqlite' && needsOrderCheck(tree) ? { match, check: JSON.stringify(tree) } : { match }, fields };
}

/** The filters with the query's fields added: a field is one more condition on the document. */
export const withFields = (f: SearchFilters, c: CompiledQuery): SearchFilters => (c.fields ? { ...f, fields: c.fields } : f);

/** The rows of a view, from the candidates; pages by relevance are the candidates themselves. */
async function rowsOf(q: Reader, r: Ranked, view: SearchView): Promise<(Candidate & Pick<ResultRow, 'matchingPages'>)[]> {
  if (view.group === 'pages' && view.sort === 'relevance') return r.pages;
  const key = `${view.group}/${view.sort}`;
  let rows = r.views?.get(key);
  if (!rows) {
    r.located ??= await pageRefs(
      q,
      r.pages.map((p) => p.id),
    );
    r.documents ??= await hitDocuments(q, [...new Set([...r.located.values()].map((l) => l.document_id))]);
    rows = orderResults(r.pages, r.located, r.documents, view.group, view.sort);
    (r.views ??= new Map()).set(key, rows);
  }
  return rows;
}

const rangeOf = (b: HitDocument['bates']): SearchHitOut['bates'] => (b ? { first: formatBates(b.prefix, b.begin, b.padding), last: formatBates(b.prefix, b.end, b.padding) } : null);

const NOTHING: SearchPage = {
  hits: [],
  total: 0,
  capped: false,
  facets: { types: [], requests: [], sources: [], years: [], tags: [], statuses: [], pii: [] },
  facetPages: 0,
  facetsCapped: false,
  suggestions: [],
};

/**
 * Every page a search ranks, best first, with where it is (document, page number, the page's Bates
 * number as received): the same candidates the results list shows, so an export of the results holds
 * what the user saw; `capped` when more pages matched than are ranked.
 */
export async function rankedPageRefs(q: Reader, query: string, f: SearchFilters): Promise<{ pages: PageRef[]; capped: boolean }> {
  const compiled = await compileSearch(q, query);
  if (!compiled) return { pages: [], capped: false };
  const r = await ranked(q, compiled.match, withFields(f, compiled));
  r.located ??= await pageRefs(
    q,
    r.pages.map((p) => p.id),
  );
  const located = r.located;
  return { pages: r.pages.flatMap((p) => located.get(p.id) ?? []), capped: r.broad };
}

export async function search(
  q: Reader,
  query: string,
  f: SearchFilters,
  offset: number,
  limit: number,
  view: SearchView = { group: 'pages', sort: 'relevance' },
): Promise<SearchPage> {
  // A malformed query fails even when the filters leave nothing to match against.
  const compiled = await compileSearch(q, query);
  if (!compiled) return { ...NOTHING, suggestions: offset === 0 ? await suggestQueries(q, query) : [] };
  const { match } = compiled;
  const filtered = await ranked(q, match, withFields(f, compiled));
  const all = Object.keys(f).length ? await ranked(q, match, withFields({}, compiled)) : filtered;
  all.facets ??= await facetsOf(
    q,
    all.pages.map((p) => p.id),
  );
  const rows = await rowsOf(q, filtered, view);
  const shown = rows.slice(offset, offset + limit);
  const refs = await pageRefs(
    q,
    shown.map((p) => p.id),
  );
  const documentIds = [...new Set([...refs.values()].map((r) => r.document_id))];
  const [about, tags] = [await hitDocuments(q, documentIds), await tagPathsOf(q, documentIds)];
  const ids = shown.map((p) => p.id);
  const snips = match === undefined ? await pageOpenings(q, ids) : await snippets(q, match.match, ids, HIT_OPEN, HIT_CLOSE);
  const hits: SearchHitOut[] = [];
  for (const p of shown) {
    const ref = refs.get(p.id);
    if (!ref) continue;
    const d = about.get(ref.document_id);
    hits.push({
      documentId: ref.document_id,
      name: ref.name,
      type: ref.type,
      page: ref.page_no,
      pageBates: ref.bates ?? null,
      snippet: snips.get(p.id) ?? '',
      score: -p.score,
      date: d?.doc_date ?? null,
      tags: tags.get(ref.document_id) ?? [],
      bates: rangeOf(d?.bates ?? null),
      ...(p.matchingPages === undefined ? {} : { matchingPages: p.matchingPages }),
    });
  }
  const suggestions = rows.length === 0 && offset === 0 ? await suggestQueries(q, query) : [];
  return { hits, total: rows.length, capped: filtered.broad, facets: all.facets, facetPages: all.pages.length, facetsCapped: all.broad, suggestions };
}
