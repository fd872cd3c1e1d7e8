/** `sunshine produce` and `sunshine productions list`. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Core } from '../../core/index.ts';
import { EXIT, progressLine, reportError, type Output } from '../output.ts';
import { DEFAULT_PADDING, NATIVE_BY_DEFAULT, PAGE_IMAGE_FORMATS, type PageImageFormat } from '../../core/shared/production-options.ts';
import { DOCUMENT_KINDS } from '../../core/shared/search-query.ts';

type NativeKind = (typeof DOCUMENT_KINDS)[number];
import { addFilterOptions, filtersFrom, pick, type FilterOptions } from '../options.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const whole = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`give a whole number from ${min} to ${max}.`);
  return n;
};

interface ProduceOptions extends FilterOptions {
  search?: string;
  prefix: string;
  start: number;
  padding?: number;
  out: string;
  name?: string;
  forRequest?: string;
  recipient?: string;
  natives?: NativeKind[];
  images?: PageImageFormat;
}

function imageFormat(v: string): PageImageFormat {
  const f = v.trim().toLowerCase();
  if (!(PAGE_IMAGE_FORMATS as readonly string[]).includes(f)) throw new InvalidArgumentError(`give ${PAGE_IMAGE_FORMATS.join(' or ')}.`);
  return f as PageImageFormat;
}

/** "csv,pdf" → the kinds; "none" → none (every document as page images). */
function nativeKinds(v: string): NativeKind[] {
  if (v.trim().toLowerCase() === 'none') return [];
  const kinds = v.split(',').map((k) => k.trim().toLowerCase()).filter(Boolean);
  const unknown = kinds.filter((k) => !(DOCUMENT_KINDS as readonly string[]).includes(k));
  if (unknown.length || kinds.length === 0) throw new InvalidArgumentError(`give kinds from ${DOCUMENT_KINDS.join(', ')}, separated by commas, or none${unknown.length ? ` (not a kind: ${unknown.join(', ')})` : ''}.`);
  return kinds as NativeKind[];
}

export function registerProductionCommands(program: Command, run: Runner): void {
  addFilterOptions(
    program
      .command('produce')
      .description('produce documents: a Bates-stamped page image per page, natives, text, DAT/OPT load files and a privilege log, in a new folder')
      .option('--search <query>', 'every document matching this search (or use --tag and the other filters alone)')
      .requiredOption('--prefix <prefix>', 'Bates prefix, e.g. HSGAC-')
      .requiredOption('--start <n>', 'first Bates number', whole(1, 999_999_999_999))
      .option('--padding <n>', `digits in a Bates number (default: the prefix's own, else ${DEFAULT_PADDING})`, whole(1, 12))
      .requiredOption('--out <folder>', 'a new or empty folder')
      .option('--name <name>', 'what to call the production')
      .option('--for-request <reference>', 'record the production against this request')
      .option('--recipient <name>', 'who receives it')
      .option('--natives <kinds>', `kinds produced as their original file behind a slip sheet, comma-separated, or none (default: ${NATIVE_BY_DEFAULT.join(',')}); the rest go as page images`, nativeKinds)
      .option('--images <format>', 'each page a single-page pdf (default) or a Group 4 tiff (black and white, 300 dpi) for strict loaders', imageFormat),
  ).action((opts: ProduceOptions) =>
    run(async (core, o) => {
      const filters = filtersFrom(opts);
      const { tag, ...rest } = filters;
      // A tag alone names the set; anything else is a search (words and/or filters).
      const which = opts.search === undefined && tag && Object.keys(rest).length === 0 ? { tag } : { search: { ...(opts.search ? { query: opts.search } : {}), ...filters } };
      if (opts.search === undefined && Object.keys(filters).length === 0) {
        return reportError(o, { code: 'BAD_INPUT', message: 'say what to produce: --tag TAG or --search "QUERY" (with any of --type, --request, --source, --status, --from, --to).' });
      }
      const r = await core.invoke(
        'productions.create',
        {
          ...which,
          prefix: opts.prefix,
          start: opts.start,
          folder: opts.out,
          ...pick(opts, 'padding', 'natives', 'images'),
          ...pick(opts, 'name', 'recipient'),
          ...(opts.forRequest ? { request: opts.forRequest } : {}),
        },
        {
          emit: (e) => {
            if (!o.json && e.progress.total) progressLine(`${e.progress.done}/${e.progress.total} ${e.progress.message ?? ''}`);
          },
        },
      );
      if (!o.json) progressLine(null);
      if (!r.ok) return reportError(o, r.error);
      const v = r.value;
      o.out(
        o.json
          ? JSON.stringify(v, null, 2)
          : `Produced ${v.firstBates}–${v.lastBates}: ${v.produced} document${v.produced === 1 ? '' : 's'}, ${v.withheld} withheld, ${v.pages} page${v.pages === 1 ? '' : 's'}, in ${v.folder}${v.addedByFamily ? ` (${v.addedByFamily} joined as part of an email family)` : ''}`,
      );
      return EXIT.ok;
    }),
  );

  program
    .command('productions')
    .description('productions made so far')
    .command('list')
    .description('productions, newest first, with their Bates ranges')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('productions.list', {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (r.value.productions.length === 0) o.out('No productions yet.');
        else for (const p of r.value.productions) o.out(`${p.firstBates}–${p.lastBates}  ${p.name}${p.request ? ` (${p.request})` : ''}${p.recipient ? ` to ${p.recipient}` : ''}: ${p.documents} documents, ${p.pages} pages, ${p.producedAt.slice(0, 10)}`);
        return EXIT.ok;
      }),
    );
}
