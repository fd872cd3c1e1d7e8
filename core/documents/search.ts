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
import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { documentById, facetsOf, matchCandidates, pageRefs, snippets, type Candidate, type DocumentRow, type Facets, type SearchFilters } from '../../db/documents.ts';
import { prepared } from '../../db/prepared.ts';

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
}

interface Ranked {
  pages: Candidate[];
  broad: boolean;
  facets?: Facets;
}

const CACHE_SIZE = 16;
const caches = new WeakMap<Database, { version: string; entries: Map<string, Ranked> }>();

/** Changes when this connection writes or another one commits. */
const versionOf = (db: Database) => `${db.pragma('data_version', { simple: true }) as number}:${prepared(db, 'SELECT total_changes()', 'pluck').get() as number}`;

function ranked(db: Database, match: string, f: SearchFilters): Ranked {
  const version = versionOf(db);
  let cache = caches.get(db);
  if (!cache || cache.version !== version) caches.set(db, (cache = { version, entries: new Map() }));
  const key = JSON.stringify([match, f]);
  let r = cache.entries.get(key);
  if (r) {
    cache.entries.delete(key); // most recently used goes last
  } else {
    const found = matchCandidates(db, match, f, CANDIDATES);
    r = { pages: found.pages.sort((a, b) => a.score - b.score || b.id - a.id), broad: found.broad };
    if (cache.entries.size >= CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value!);
  }
  cache.entries.set(key, r);
  return r;
}

/** FTS5's own messages for a bad query, turned into one a person can act on. */
function searchError(e: unknown): never {
  const msg = (e as Error).message ?? '';
  if ((e as { code?: string }).code === 'SQLITE_ERROR' && /fts5|syntax|unterminated|no such column/i.test(msg)) {
    throw new AppError(
      'BAD_INPUT',
      `query: the search could not be understood (${msg.replace(/^fts5: /, '')}). Put phrases in "double quotes", and use AND, OR, NOT, NEAR(a b) and word* as operators.`,
    );
  }
  throw e;
}

/** Throws BAD_INPUT, saying how to write it, when FTS5 cannot read the query. */
export function checkQuery(db: Database, match: string): void {
  try {
    prepared(db, 'SELECT rowid FROM pages_fts WHERE pages_fts MATCH ? LIMIT 1').get(match);
  } catch (e) {
    searchError(e);
  }
}

export function search(db: Database, match: string, f: SearchFilters, offset: number, limit: number): SearchPage {
  // A malformed query must fail even when the filters leave nothing to match against.
  checkQuery(db, match);
  try {
    const filtered = ranked(db, match, f);
    const all = Object.keys(f).length ? ranked(db, match, {}) : filtered;
    all.facets ??= facetsOf(
      db,
      all.pages.map((p) => p.id),
    );
    const shown = filtered.pages.slice(offset, offset + limit);
    const refs = pageRefs(
      db,
      shown.map((p) => p.id),
    );
    const snips = snippets(
      db,
      match,
      shown.map((p) => p.id),
      HIT_OPEN,
      HIT_CLOSE,
    );
    const docs = new Map<number, DocumentRow>();
    const hits: SearchPage['hits'] = [];
    for (const p of shown) {
      const ref = refs.get(p.id);
      if (!ref) continue;
      let d = docs.get(ref.document_id);
      if (!d) docs.set(ref.document_id, (d = documentById(db, ref.document_id)!));
      hits.push({ documentId: d.id, name: d.name, type: d.type, page: ref.page_no, snippet: snips.get(p.id) ?? '', score: -p.score });
    }
    return { hits, total: filtered.pages.length, capped: filtered.broad, facets: all.facets, facetPages: all.pages.length, facetsCapped: all.broad };
  } catch (e) {
    searchError(e);
  }
}
