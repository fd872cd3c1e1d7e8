/** `sunshine produce`, `sunshine productions list` (and, from receive.ts, `receive` and `received`). */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../core/index.ts';
import { EXIT, progressLine, reportError, type Output } from '../output.ts';
import { DEFAULT_PADDING, NATIVE_BY_DEFAULT, PAGE_IMAGE_FORMATS, type PageImageFormat } from '../../core/shared/production-options.ts';
import { DOCUMENT_KINDS } from '../../core/shared/search-query.ts';
import { addFilterOptions, filtersFrom, pick, type FilterOptions } from '../options.ts';
import { passphrase, PromptError } from '../prompt.ts';
import type { ProductionPlanOut } from '../../core/api.ts';
import { registerReceiveCommands } from './receive.ts';
import { UNREVIEWED_FAMILY, type UnreviewedFamily } from '../../core/shared/production-choices.ts';

type NativeKind = (typeof DOCUMENT_KINDS)[number];
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
  plan?: boolean;
  decisions?: string;
  logEntries?: string;
  unreviewedFamily: UnreviewedFamily;
  secondReviewer?: boolean;
}

const oneOf = (values: readonly string[]) => (v: string) => {
  if (!values.includes(v)) throw new InvalidArgumentError(`give one of ${values.join(', ')}.`);
  return v;
};

/** A JSON list from a file the user wrote (decisions, privilege-log entries); the API checks each entry. */
function jsonFile(option: string, file: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ? `cannot be read (${(e as NodeJS.ErrnoException).code})` : `is not JSON (${(e as Error).message})`;
    return { ok: false, message: `${option}: ${path.basename(file)} ${why}; give a JSON list.` };
  }
}

/** The sources' passphrase when the workspace has sealed sources: SUNSHINE_PASSPHRASE, else asked at a terminal; never an argument. */
async function sourcesPassphrase(core: Core): Promise<string | null> {
  const status = await core.invoke('identity.keychain', {});
  if (!status.ok || !status.value.passphraseSet) return null;
  return await passphrase({ question: 'Passphrase for protected sources (to check the documents against them): ' });
}

/** The plan as a person reads it: one line per document with problems, then the production's own. */
function planText(plan: ProductionPlanOut): string[] {
  const lines = [`${plan.documents.length} document${plan.documents.length === 1 ? '' : 's'}, ${plan.firstBates}–${plan.lastBates}, ${plan.pages} page${plan.pages === 1 ? '' : 's'}:`];
  for (const d of plan.documents) {
    lines.push(`  ${d.firstBates}  #${d.id} ${d.name}  ${d.goes.join(', ')}${d.familyOf ? `  (family of #${d.familyOf})` : ''}`);
    for (const p of d.problems) lines.push(`    ${p.decision === null ? 'BLOCKS' : 'decided'} [${p.code}] ${p.message}${p.decision === null ? '' : ` — ${p.decision}`}`);
    for (const w of d.warnings) lines.push(`    warning [${w.code}] ${w.message}`);
  }
  for (const p of plan.problems) lines.push(`BLOCKS [${p.code}] ${p.message}`);
  for (const w of plan.warnings) lines.push(`warning [${w.code}] ${w.message}`);
  lines.push(plan.blocked ? 'Blocked: fix each problem above or give a reason for it (--decisions FILE.json).' : 'Nothing blocks this production.');
  return lines;
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
      .option('--images <format>', 'each page a single-page pdf (default) or a Group 4 tiff (black and white, 300 dpi) for strict loaders', imageFormat)
      .option('--plan', 'print what would go out and every problem, write nothing (exit 1 when anything blocks)')
      .option('--decisions <file>', 'a JSON list of reasons for blocking problems: [{"document": 12, "problem": "source-linked", "reason": "…"}]')
      .option('--log-entries <file>', 'a JSON list of privilege-log entries as they should read: [{"document": 12, "author": "…", "to": "…", "cc": "…", "description": "…"}]')
      .option('--unreviewed-family <choice>', `family members nobody reviewed: ${UNREVIEWED_FAMILY.join(', ')}`, oneOf(UNREVIEWED_FAMILY), 'block')
      .option('--second-reviewer', "redacted documents go out only once a second reviewer (one who drew none of the boxes) approved their redactions"),
  ).action((opts: ProduceOptions) =>
    run(async (core, o) => {
      const filters = filtersFrom(opts);
      const { tag, ...rest } = filters;
      // A tag alone names the set; anything else is a search (words and/or filters).
      const which = opts.search === undefined && tag && Object.keys(rest).length === 0 ? { tag } : { search: { ...(opts.search ? { query: opts.search } : {}), ...filters } };
      if (opts.search === undefined && Object.keys(filters).length === 0) {
        return reportError(o, { code: 'BAD_INPUT', message: 'say what to produce: --tag TAG or --search "QUERY" (with any of --type, --request, --source, --status, --from, --to).' });
      }
      const lists: { decisions?: unknown; logEntries?: unknown } = {};
      for (const [key, option, file] of [['decisions', '--decisions', opts.decisions], ['logEntries', '--log-entries', opts.logEntries]] as const) {
        if (file === undefined) continue;
        const read = jsonFile(option, file);
        if (!read.ok) return reportError(o, { code: 'BAD_INPUT', message: read.message });
        lists[key] = read.value;
      }
      let pass: string | null;
      try {
        pass = await sourcesPassphrase(core);
      } catch (e) {
        if (e instanceof PromptError) return reportError(o, { code: 'BAD_INPUT', message: `passphrase: ${e.message}` });
        throw e;
      }
      const input = {
        ...which,
        prefix: opts.prefix,
        start: opts.start,
        folder: opts.out,
        ...pick(opts, 'padding', 'natives', 'images'),
        unreviewedFamily: opts.unreviewedFamily,
        secondReviewer: opts.secondReviewer === true,
        ...lists,
        ...(pass === null ? {} : { passphrase: pass }),
        ...pick(opts, 'name', 'recipient'),
        ...(opts.forRequest ? { request: opts.forRequest } : {}),
      } as Parameters<typeof core.invoke<'productions.plan'>>[1];
      if (opts.plan) {
        const planned = await core.invoke('productions.plan', input);
        if (!planned.ok) return reportError(o, planned.error);
        o.out(o.json ? JSON.stringify(planned.value, null, 2) : planText(planned.value).join('\n'));
        return planned.value.blocked ? EXIT.problems : EXIT.ok;
      }
      const r = await core.invoke(
        'productions.create',
        input,
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
          : `Produced ${v.firstBates}–${v.lastBates}: ${v.produced} document${v.produced === 1 ? '' : 's'}, ${v.withheld} withheld, ${v.notReviewed ? `${v.notReviewed} not reviewed (slip sheets), ` : ''}${v.pages} page${v.pages === 1 ? '' : 's'}, in ${v.folder}${v.addedByFamily ? ` (${v.addedByFamily} joined as part of an email family)` : ''}${v.decisions.length ? `; ${v.decisions.length} reason${v.decisions.length === 1 ? '' : 's'} recorded for blocking problems` : ''}${v.redactedPagesReadBack ? `; ${v.redactedPagesReadBack} redacted page${v.redactedPagesReadBack === 1 ? '' : 's'} read back, no word under a box readable` : ''}`,
      );
      return EXIT.ok;
    }),
  );

  const productions = program.command('productions').description('productions made, and productions received');
  registerReceiveCommands(productions, run);
  productions
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
