/**
 * The search term report: a list of queries (one a line, as counsel and a producing party
 * negotiate them) and, for each, the documents and pages it matches, the documents no other
 * query of the list matches, and the documents with their families — the numbers a negotiation
 * over search terms turns on. Counts are exact: each query's matches are read straight from the
 * index with no cap, unlike a search's ranked candidates. A line Sunshine's language cannot read
 * is reported in its own row, with the parser's message and position; the others still count.
 */
import type { Reader } from '../../db/engine.ts';
import { dataVersion, documentPageCounter, matchingDocumentPages, type PageCounter, type SearchFilters } from '../../db/documents.ts';
import { familyTops } from '../../db/review.ts';
import { MAX_REPORT_TERMS, type TermReportOut, type TermReportRow } from '../api-term-report.ts';
import { toCsv } from '../csv.ts';
import { AppError } from '../errors.ts';
import { xlsx } from '../xlsx.ts';
import { QueryError, parseQuery, splitFields } from '../shared/search-query.ts';
import { compileSplit, withFields, type CompiledQuery } from './search.ts';

type Report = Omit<TermReportOut, 'file'>;

// The last report per workspace, until the data changes: exporting the report just shown
// should not count a million pages again.
const last = new WeakMap<Reader, { key: string; report: Report }>();

/** The report for these lines (blank ones left out) over the documents the filters let through. */
export async function termReport(q: Reader, lines: readonly string[], f: SearchFilters): Promise<Report> {
  const given = lines.map((text, i) => ({ line: i + 1, term: text.trim() })).filter((t) => t.term !== '');
  if (given.length === 0) throw new AppError('BAD_INPUT', 'terms: the list has no queries; write one query a line.');
  if (given.length > MAX_REPORT_TERMS) throw new AppError('BAD_INPUT', `terms: the list has ${given.length} queries; a report takes at most ${MAX_REPORT_TERMS}. Split it into several reports.`);
  // Read before the counts: a write committed meanwhile only makes the next report count afresh.
  const key = JSON.stringify([await dataVersion(q), given, f]);
  const kept = last.get(q);
  if (kept?.key === key) return kept.report;

  // The same query twice (or two spellings of one) is counted once and reported twice.
  const byQuery = new Map<string, Map<number, number>>();
  let count: PageCounter | undefined;
  const found: (Map<number, number> | { message: string; position: number })[] = [];
  for (const { term } of given) {
    const compiled = await compiledLine(q, term);
    if (compiled && 'message' in compiled) {
      found.push(compiled);
      continue;
    }
    // null: a wildcard or word forms stand for no word of the index, so the line matches nothing.
    const key = JSON.stringify(compiled && [compiled.match, compiled.fields]);
    let docs = byQuery.get(key);
    if (!docs) {
      // The fast counter reads page words only; a line with fields is counted with them as conditions.
      const rows = !compiled
        ? []
        : compiled.fields || compiled.match === undefined
          ? await matchingDocumentPages(q, compiled.match, withFields(f, compiled))
          : await (count ??= await documentPageCounter(q, f))(compiled.match);
      byQuery.set(key, (docs = new Map(rows.map((r) => [r.id, r.pages]))));
    }
    found.push(docs);
  }

  // How many rows hit each document: a document one row alone hits is unique to that row.
  const rowsHitting = new Map<number, number>();
  for (const docs of found) if (docs instanceof Map) for (const id of docs.keys()) rowsHitting.set(id, (rowsHitting.get(id) ?? 0) + 1);
  const families = rowsHitting.size ? await familyCounter(q) : () => 0;

  const rows: TermReportRow[] = given.map(({ line, term }, i) => {
    const docs = found[i]!;
    if (!(docs instanceof Map)) return { line, term, counts: null, error: docs };
    let pages = 0;
    let unique = 0;
    for (const [id, n] of docs) {
      pages += n;
      if (rowsHitting.get(id) === 1) unique++;
    }
    return { line, term, counts: { documents: docs.size, pages, unique, withFamily: families(docs.keys()) }, error: null };
  });
  const report = { rows, total: { documents: rowsHitting.size, withFamily: families(rowsHitting.keys()) } };
  last.set(q, { key, report });
  return report;
}

/**
 * One line of the report as the engine runs it, or what is wrong with it and where: a line the
 * language refuses, or one naming a tag there is not, is reported in its own row.
 */
async function compiledLine(q: Reader, term: string): Promise<CompiledQuery | null | { message: string; position: number }> {
  try {
    return await compileSplit(q, splitFields(parseQuery(term)));
  } catch (e) {
    if (e instanceof QueryError) return { message: e.message, position: e.position };
    if (e instanceof AppError && e.code !== 'INTERNAL') return { message: e.message, position: 1 };
    throw e;
  }
}

/**
 * Counts documents with their whole families, as tagging "with their email families" takes
 * them (db/review.ts withFamilies): each family counted once, however many of it were hit.
 */
async function familyCounter(q: Reader): Promise<(ids: Iterable<number>) => number> {
  const tops = await familyTops(q);
  const size = new Map<number, number>();
  for (const top of tops.values()) size.set(top, (size.get(top) ?? 0) + 1);
  return (ids) => {
    const seen = new Set<number>();
    for (const id of ids) seen.add(tops.get(id) ?? id);
    let n = 0;
    for (const top of seen) n += size.get(top) ?? 1;
    return n;
  };
}

const HEADER = ['Line', 'Query', 'Documents', 'Pages', 'Unique documents', 'Documents with family', 'Problem'];

/** The report as a table: one row a query, then the total. */
function table(r: Report): (string | number)[][] {
  return [
    ...r.rows.map((row) => [row.line, row.term, row.counts?.documents ?? '', row.counts?.pages ?? '', row.counts?.unique ?? '', row.counts?.withFamily ?? '', row.error?.message ?? '']),
    ['', 'Any query', r.total.documents, '', '', r.total.withFamily, ''],
  ];
}

/** The report as a file to save: CSV (a query that starts with = + - @ is written so no spreadsheet runs it) or Excel. */
export async function termReportFile(r: Report, kind: 'csv' | 'xlsx'): Promise<NonNullable<TermReportOut['file']>> {
  if (kind === 'csv') return { name: 'search-term-report.csv', mime: 'text/csv;charset=utf-8', base64: Buffer.from(toCsv(HEADER, table(r))).toString('base64') };
  return {
    name: 'search-term-report.xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: Buffer.from(await xlsx('Search term report', HEADER, table(r))).toString('base64'),
  };
}
