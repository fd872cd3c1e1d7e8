/** `sunshine search report FILE`: the search term report of a list of queries, one a line. */
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { TermReportOut } from '../../core/api.ts';
import { EXIT, reportError, type Output } from '../output.ts';
import { addFilterOptions, filtersFrom, type FilterOptions } from '../options.ts';
import { readFileSafely, writeFileSafely } from '../files.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

interface ReportOptions extends FilterOptions {
  csv?: string;
  xlsx?: string;
}

/** A query longer than this is cut (with …) in the printed table; exports hold it whole. */
const SHOWN = 40;

const cut = (t: string) => (t.length > SHOWN ? `${t.slice(0, SHOWN - 1)}…` : t);
const n = (v: number | undefined) => (v === undefined ? '' : v.toLocaleString('en-US'));

/** The report as a table for people: a row a query, a bad line with its problem, the total last. */
function printTable(o: Output, r: TermReportOut): void {
  const width = Math.max('query'.length, 'any query'.length, ...r.rows.map((row) => cut(row.term).length));
  const lineWidth = Math.max(4, ...r.rows.map((row) => String(row.line).length));
  const nums = (c: (number | undefined)[]) => c.map((v, i) => n(v).padStart(['documents', 'pages', 'unique', 'with family'][i]!.length)).join('  ');
  o.out(`${'line'.padStart(lineWidth)}  ${'query'.padEnd(width)}  documents  pages  unique  with family`);
  for (const row of r.rows) {
    const head = `${String(row.line).padStart(lineWidth)}  ${cut(row.term).padEnd(width)}  `;
    o.out(row.counts ? head + nums([row.counts.documents, row.counts.pages, row.counts.unique, row.counts.withFamily]) : `${head}${row.error!.message}`);
  }
  o.out(`${''.padStart(lineWidth)}  ${'any query'.padEnd(width)}  ${nums([r.total.documents, undefined, undefined, r.total.withFamily])}`);
}

export function registerTermReport(search: Command, run: Runner): void {
  addFilterOptions(
    search
      .command('report')
      .description('search term report: for each query of FILE (one a line), the documents and pages it matches, those no other query matches, and with families')
      .argument('<file>', 'a text file with one query a line (- reads standard input); blank lines are left out')
      .addOption(new Option('--csv <out>', 'also write the report as a CSV file').conflicts('xlsx'))
      .addOption(new Option('--xlsx <out>', 'also write the report as an Excel file')),
  ).action((file: string, _opts: ReportOptions, cmd: Command) =>
    run(async (core, o) => {
      // The filters may be given before `report` too, where `search` itself takes them.
      const opts = cmd.optsWithGlobals<ReportOptions>();
      const text = readFileSafely(file);
      if (text instanceof Error) return reportError(o, { code: 'BAD_INPUT', message: text.message });
      const terms = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
      const out = opts.csv ?? opts.xlsx;
      const r = await core.invoke('documents.termReport', { terms, ...filtersFrom(opts), ...(out ? { export: opts.csv ? ('csv' as const) : ('xlsx' as const) } : {}) });
      if (!r.ok) return reportError(o, r.error);
      const { file: made, ...report } = r.value;
      if (out && made) writeFileSafely(out, Buffer.from(made.base64, 'base64'));
      if (o.json) o.out(JSON.stringify({ ...report, ...(out ? { out: path.resolve(out) } : {}) }, null, 2));
      else {
        printTable(o, report);
        if (out) o.out(`Wrote the report to ${out}.`);
      }
      const bad = report.rows.filter((row) => row.error).length;
      // Every line bad: nothing was counted, as when the file holds no queries. Some bad: counted, with problems.
      return bad === report.rows.length ? EXIT.error : bad ? EXIT.problems : EXIT.ok;
    }),
  );
}
