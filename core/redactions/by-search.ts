/**
 * Redaction by search: every hit of a search (Sunshine's language) or of a list of terms on every
 * page, with its context and its boxes; then boxes for all the hits a user keeps, written in one
 * write under one batch id, so the whole batch is undone in one step.
 *
 * Which pages: every page of the documents the index finds for the words. A word broken by a
 * hyphen at a line's end ("spon-\nsor") is two words to the index, so for a term list each word is
 * also looked for as its two halves; the page text then decides what is a hit (page-hits.ts).
 * Personal data of a kind (the PII finder, core/pii/) gives hits the same way, through hitsIn.
 */
import type { Reader } from '../../db/engine.ts';
import { AppError } from '../errors.ts';
import { newRandomId } from '../random-id.ts';
import { canRedact } from '../shared/redactable.ts';
import { QueryError, parseQuery, splitFields, wordsOf, type QueryNode } from '../shared/search-query.ts';
import { compileSearch } from '../documents/search.ts';
import { targetIds } from '../documents/targets.ts';
import { resolveWords } from '../documents/vocabulary.ts';
import type { FilterInput } from '../documents/filters.ts';
import { pagesWordBoxes, type WordBox, type WordBoxContext } from '../documents/word-boxes.ts';
import { allMatchingDocuments, documentById, pagesOf } from '../../db/documents.ts';
import { reviewOf } from '../../db/review.ts';
import { addRedactionBatch, removeRedactionBatch, type NewBox } from '../../db/redactions.ts';
import { hitsOfRanges, termRanges, type TextRange } from './page-hits.ts';
import { findPii } from '../pii/find.ts';
import { compilePatterns } from '../pii/custom.ts';
import { piiFilterOf, storedPatterns } from '../pii/patterns.ts';
import { piiDocuments } from '../../db/pii.ts';
import type { CallContext } from '../context.ts';
import type { RedactionBatchOut as Applied, RedactionHitOut, RedactionHitsOut as HitsFound, SkippedForRedaction } from '../api-review.ts';
import { leasedByOthers } from '../review/leases.ts';

/** The most hits one search may redact at once; past it, narrow the search and apply in parts. */
export const MAX_HITS = 20_000;
/** The most terms a search's wildcards and word forms may make (each phrase's words in every combination). */
const MAX_SEARCH_TERMS = 2_000;

export const NO_POSITIONS = 'no word positions: redact by hand or read the page again';

/** What to redact: a search (its words; its filters choose the documents) or terms, one word or phrase each. */
export type HitSource =
  | { search: FilterInput & { query: string }; terms?: undefined; pii?: undefined }
  | { terms: string[]; search?: undefined; pii?: undefined }
  /** Personal data of a kind (core/shared/pii-kinds.ts, a custom pattern's name, or any), as the PII finder finds it. */
  | { pii: string; search?: undefined; terms?: undefined };

const bad = (message: string) => new AppError('BAD_INPUT', message);

/** A term list as the matcher takes it: each line's words, one space between; blank lines ignored, a line without words refused. */
export function cleanTerms(lines: string[]): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const words = wordsOf(line);
    if (words.length === 0) throw bad(`terms: line ${i + 1} ("${line.trim().slice(0, 40)}") has no letters or digits to find.`);
    out.push(words.join(' '));
  });
  if (out.length === 0) throw bad('terms: the list is empty; give one word or phrase a line.');
  return [...new Set(out.map((t) => t.toLowerCase()))];
}

/** Each phrase of a resolved query as the words it may be (wildcards and word forms as the index's words they stand for). */
function treeTerms(node: QueryNode): string[] {
  switch (node.kind) {
    case 'phrase': {
      let combos = [''];
      for (const alts of node.alternatives ?? node.words.map((w) => [w])) {
        combos = combos.flatMap((c) => alts.map((w) => (c ? `${c} ${w}` : w)));
        if (combos.length > MAX_SEARCH_TERMS) throw bad(`search: ${node.text} stands for more than ${MAX_SEARCH_TERMS} phrases; type more of its words.`);
      }
      return combos.map((c) => `${c}${node.prefix ? '*' : ''}`);
    }
    case 'and':
    case 'or':
    case 'near':
      return node.items.flatMap(treeTerms);
    case 'not':
      return treeTerms(node.include);
    case 'field':
      return [];
  }
}

/** The words a search finds on pages, resolved against the index as the search resolves them. */
async function searchTerms(q: Reader, query: string): Promise<string[]> {
  let split;
  try {
    split = splitFields(parseQuery(query));
  } catch (e) {
    if (e instanceof QueryError) throw bad(`search: ${e.message}`);
    throw e;
  }
  if (!split.text) throw bad('search: it names no words to find on the pages (only fields such as from: or date:); add the words to redact.');
  const tree = await resolveWords(q, split.text).catch((e: unknown) => {
    throw e instanceof QueryError ? bad(`search: ${e.message}`) : e;
  });
  return tree ? [...new Set(treeTerms(tree))] : [];
}

/**
 * Queries finding the pages a term may be on: the term, and each of its words as two halves (a
 * word hyphenated at a line's end), packed a few alternatives a query to stay within the language's limits.
 */
export function termQueries(term: string): string[] {
  const words = term.split(' ');
  const quoted = (w: string) => `"${w}"`;
  const alternatives = [quoted(term)];
  words.forEach((word, i) => {
    for (let k = 2; k <= word.length - 2; k++) {
      alternatives.push(`(${words.map((w, j) => (j === i ? `${quoted(w.slice(0, k))} AND ${quoted(w.slice(k))}` : quoted(w))).join(' AND ')})`);
    }
  });
  const queries: string[] = [];
  let current = '';
  for (const a of alternatives) {
    if (current && current.length + a.length > 800) {
      queries.push(current);
      current = '';
    }
    current = current ? `${current} OR ${a}` : a;
  }
  return [...queries, current];
}

async function documentsOf(q: Reader, source: HitSource, terms: string[]): Promise<number[]> {
  if (source.search) return (await targetIds(q, { search: source.search, family: false })).ids;
  const ids = new Set<number>();
  for (const term of terms) {
    for (const query of termQueries(term)) {
      const compiled = await compileSearch(q, query);
      if (compiled) for (const id of await allMatchingDocuments(q, compiled.match, {})) ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** Why a document's hits are not redacted; null when they are. */
async function skipReason(q: Reader, d: { id: number; type: string }): Promise<string | null> {
  if ((await reviewOf(q, d.id))?.status === 'privileged') return 'withheld as privileged: it goes out as a slip sheet, with nothing to redact';
  if (!canRedact(d.type)) return `a ${d.type} file: boxes are drawn on PDF pages and pictures (withhold it instead, or produce a PDF of it)`;
  return null;
}

/** Every hit on every page, in document and page order. */
export async function findHits(ctx: WordBoxContext, source: HitSource): Promise<HitsFound> {
  const q = ctx.store.engine;
  if (source.pii !== undefined) return piiHits(ctx, source.pii);
  const terms = source.terms ? cleanTerms(source.terms) : await searchTerms(q, source.search.query);
  if (terms.length === 0) return { hits: [], total: 0, capped: false, message: null, skipped: [] };
  return hitsIn(ctx, await documentsOf(q, source, terms), (text) => termRanges(text, terms));
}

/**
 * Personal data of a kind on every page: the documents the background scan found it in (pii_hits),
 * each page read again by the same finder, so a hit's characters are those of the page as it is now.
 */
async function piiHits(ctx: WordBoxContext, kind: string): Promise<HitsFound> {
  const q = ctx.store.engine;
  const wanted = (await piiFilterOf(q, kind)).kind;
  const patterns = compilePatterns(await storedPatterns(q));
  return hitsIn(ctx, await piiDocuments(q, wanted ?? undefined), (text) => findPii(text, patterns).filter((h) => wanted === null || h.kind === wanted));
}

/**
 * The hits `match` finds on every page of the documents, with their context and boxes: a search's
 * words, or any finder of character ranges in a page's text (personal data by kind, say).
 */
export async function hitsIn(ctx: WordBoxContext, documentIds: number[], match: (text: string) => TextRange[]): Promise<HitsFound> {
  const q = ctx.store.engine;
  const found: HitsFound = { hits: [], total: 0, capped: false, message: null, skipped: [] };
  for (const id of documentIds) {
    const d = (await documentById(q, id))!;
    const skip = await skipReason(q, d);
    let skippedHits = 0;
    const paged: { page_no: number; text: string; ranges: TextRange[] }[] = [];
    for (const page of await pagesOf(q, id)) {
      const ranges = match(page.text);
      if (ranges.length === 0) continue;
      if (skip) {
        skippedHits += ranges.length;
        continue;
      }
      found.total += ranges.length;
      if (found.capped || found.total > MAX_HITS) found.capped = true;
      else paged.push({ ...page, ranges });
    }
    if (paged.length) {
      // The document's pages with hits placed at once: a PDF is opened once for them, not once a page.
      let boxes = new Map<number, WordBox[] | null>();
      let problem: string | null = null;
      try {
        boxes = await pagesWordBoxes(ctx, id, paged.map((p) => p.page_no));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        problem = `${NO_POSITIONS} (${e.message})`;
      }
      for (const page of paged) {
        for (const h of hitsOfRanges(page.text, boxes.get(page.page_no) ?? null, page.ranges)) {
          const placed = h.boxes?.length ? h.boxes : null;
          found.hits.push({ id: `${id}:${page.page_no}:${h.start}`, documentId: id, document: d.name, page: page.page_no, text: h.text, before: h.before, after: h.after, boxes: placed, problem: placed ? null : (problem ?? NO_POSITIONS) });
        }
      }
    }
    if (skip && skippedHits) found.skipped.push({ documentId: id, document: d.name, hits: skippedHits, reason: skip });
  }
  if (found.capped) found.message = `${found.total.toLocaleString('en-US')} hits, more than the ${MAX_HITS.toLocaleString('en-US')} that can be redacted at once: narrow the search (more words, a tag or a type) and apply it in parts.`;
  return found;
}

/**
 * Boxes over every hit but those excluded, all with the reason, in one write under one new batch
 * id. The hits are found again here: an excluded id that no longer names a hit (the page was read
 * again meanwhile) is refused, and nothing is written.
 */
export async function applyHits(ctx: WordBoxContext & Pick<CallContext, 'actor' | 'login'>, source: HitSource, exclude: string[], reason: string): Promise<Applied> {
  const found = await findHits(ctx, source);
  if (found.capped) throw bad(found.message!);
  const ids = new Set(found.hits.map((h) => h.id));
  const gone = exclude.filter((id) => !ids.has(id));
  if (gone.length) throw bad(`exclude: ${gone.slice(0, 3).join(', ')}${gone.length > 3 ? ` and ${gone.length - 3} more` : ''} no longer name a hit (a page changed); find the hits again. Nothing was redacted.`);
  const keep = new Set(exclude);
  const chosen = found.hits.filter((h) => !keep.has(h.id));
  const boxes: NewBox[] = chosen.flatMap((h) => (h.boxes ?? []).map((b) => ({ document_id: h.documentId, page_no: h.page, ...b, reason })));
  if (boxes.length === 0) {
    throw bad(found.hits.length === 0 ? `${source.search ? 'search' : source.pii !== undefined ? 'pii' : 'terms'}: nothing found to redact on any page.` : 'No hit with word positions is left to redact; nothing was written.');
  }
  const batch = newRandomId();
  const written = await ctx.store.write(ctx.actor, async (w) => {
    // As in any bulk coding, a document someone else is coding right now is left out (core/review/leases.ts).
    const held = await leasedByOthers(w, ctx, [...new Set(boxes.map((b) => b.document_id))]);
    const kept = held.ids.size === 0 ? chosen : chosen.filter((h) => !held.ids.has(h.documentId));
    const keptBoxes = held.ids.size === 0 ? boxes : boxes.filter((b) => !held.ids.has(b.document_id));
    if (keptBoxes.length === 0) throw new AppError('CONFLICT', `Every document with hits is being coded by ${held.leftOut!.holders.join(', ')}; nothing was redacted. Try again when they have left it.`);
    // The terms themselves are not written to the audit log: they are often the very names being redacted.
    const what = { reason, hits: kept.filter((h) => h.boxes).length, ...(source.search ? { search: source.search } : source.pii !== undefined ? { pii: source.pii } : { terms: source.terms.length }) };
    await addRedactionBatch(w, keptBoxes, batch, what);
    const leftOut = held.leftOut ? heldSkips(chosen, held.ids, `being coded by ${held.leftOut.holders.join(', ')}; not redacted`) : [];
    return { kept, keptBoxes, hits: what.hits, leftOut };
  });
  return {
    batch,
    hits: written.hits,
    boxes: written.keptBoxes.length,
    documents: new Set(written.keptBoxes.map((b) => b.document_id)).size,
    unboxed: written.kept.filter((h) => !h.boxes),
    skipped: [...found.skipped, ...written.leftOut],
  };
}

/** One line per document left out of a batch, with how many of the chosen hits were on it. */
function heldSkips(chosen: RedactionHitOut[], held: Set<number>, reason: string): SkippedForRedaction[] {
  const byDocument = new Map<number, SkippedForRedaction>();
  for (const h of chosen) {
    if (!held.has(h.documentId)) continue;
    const s = byDocument.get(h.documentId) ?? { documentId: h.documentId, document: h.document, hits: 0, reason };
    s.hits += 1;
    byDocument.set(h.documentId, s);
  }
  return [...byDocument.values()];
}

/** Take away every box of a batch in one step. */
export async function undoBatch(ctx: Pick<CallContext, 'store' | 'actor'>, batch: string): Promise<{ removed: number }> {
  const removed = await ctx.store.write(ctx.actor, (w) => removeRedactionBatch(w, batch));
  if (removed === 0) throw new AppError('NOT_FOUND', `batch: there is no redaction batch ${batch.slice(0, 40)}, or it was undone already.`);
  return { removed };
}
