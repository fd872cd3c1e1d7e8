/** `sunshine tag add|remove`, `sunshine tags list|create`, `sunshine review set|show` (and the batches, review-batches.ts). */
import { codedSentence } from '../../core/shared/coded-words.ts';
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import { whoDid } from '../../core/shared/who.ts';
import { registerBatchCommands } from './review-batches.ts';
import { EXIT, reportError, type Output } from '../output.ts';
import type { Exemption } from '../../core/shared/vocabulary.ts';
import { addFilterOptions, documentIds, exemptionList, filtersFrom, pick, type FilterOptions } from '../options.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

interface TargetOptions extends FilterOptions {
  ids?: string[];
  search?: string;
  all?: boolean;
  family?: boolean;
}

function targetOptions(cmd: Command): Command {
  return addFilterOptions(
    cmd
      .option('--ids <ids...>', 'these documents (numbers, spaces or commas between)')
      .option('--search <query>', 'every document with a page matching this search')
      .option('--all', 'every document the filters let through (no words to match)')
      .option('--family', 'also the rest of each email family (the email and all its attachments)'),
  );
}

/** The documents to act on, as the API takes them; undefined (with a message) when the options do not say. */
function targetFrom(o: TargetOptions, out: Output) {
  const chosen = [o.ids !== undefined, o.search !== undefined, o.all === true].filter(Boolean).length;
  if (chosen !== 1) {
    reportError(out, { code: 'BAD_INPUT', message: 'say which documents: --ids N…, --search "QUERY" or --all (each with the filters --tag, --type, --request …).' });
    return undefined;
  }
  const family = o.family === true;
  if (o.ids && (['request', 'disclosure', 'type', 'source', 'tag', 'status', 'from', 'to'] as const).some((k) => o[k] !== undefined)) {
    reportError(out, { code: 'BAD_INPUT', message: 'the filters (--tag, --type, --status …) choose among search results; with --ids, leave them out.' });
    return undefined;
  }
  if (o.ids) {
    try {
      return { ids: documentIds(o.ids), family };
    } catch (e) {
      reportError(out, { code: 'BAD_INPUT', message: `ids: ${(e as Error).message}` });
      return undefined;
    }
  }
  return { search: { ...(o.search ? { query: o.search } : {}), ...filtersFrom(o) }, family };
}

export function registerReviewCommands(program: Command, run: Runner): void {
  const tag = program.command('tag').description('tag or untag documents');
  for (const verb of ['add', 'remove'] as const) {
    targetOptions(
      tag
        .command(verb)
        .description(verb === 'add' ? 'add a tag to documents' : 'take a tag off documents')
        .argument('<tag>', 'the tag\'s path, e.g. "Privilege/Attorney-client"'),
    ).action((path: string, opts: TargetOptions) =>
      run(async (core, o) => {
        const target = targetFrom(opts, o);
        if (!target) return EXIT.error;
        const r = await core.invoke('tags.apply', { tag: path, remove: verb === 'remove', ...target });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : codedSentence(r.value, verb === 'add' ? 'tagged' : 'untagged'));
        return EXIT.ok;
      }),
    );
  }

  const tags = program.command('tags').description('the tags');
  tags
    .command('list')
    .description('every tag with how many documents carry it')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('tags.list', {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (r.value.tags.length === 0) o.out('No tags yet.');
        else for (const t of r.value.tags) o.out(`${t.path}${t.shortcut ? ` [${t.shortcut}]` : ''}: ${t.count}`);
        return EXIT.ok;
      }),
    );
  tags
    .command('create')
    .description('a new tag')
    .argument('<name>', 'its name')
    .option('--parent <path>', 'put it under this tag')
    .option('--color <#rrggbb>', 'its colour')
    .option('--shortcut <key>', 'one letter that sets it in keyboard review')
    .action((name: string, opts: { parent?: string; color?: string; shortcut?: string }) =>
      run(async (core, o) => {
        const r = await core.invoke('tags.create', { name, ...pick(opts, 'parent', 'color', 'shortcut') });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `Created ${r.value.path}.`);
        return EXIT.ok;
      }),
    );

  const review = program.command('review').description('code documents');
  registerBatchCommands(review, run);
  targetOptions(
    review
      .command('set')
      .description('set review status, rating, privilege basis, exemptions or notes')
      .option('--set-status <status>', 'the status to give them: unreviewed, responsive, non-responsive, needs-redaction or privileged (--status chooses which documents)')
      .option('--rating <rating>', 'hot, warm, cold or none')
      .option('--privilege <basis>', 'attorney-client, work-product, deliberative-process, … or none')
      .option('--exemption <codes...>', 'FOIA exemptions, e.g. b5 b6 b7C or b5,b7c (replaces the list; "none" clears it)', exemptionList)
      .option('--notes <text>', 'reviewer notes (replaces them)'),
  ).action((opts: TargetOptions & { setStatus?: string; rating?: string; privilege?: string; exemption?: Exemption[]; notes?: string }) =>
    run(async (core, o) => {
      const target = targetFrom(opts, o);
      if (!target) return EXIT.error;
      const none = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : v);
      const fields = {
        ...(opts.setStatus === undefined ? {} : { status: opts.setStatus }),
        ...(opts.rating === undefined ? {} : { rating: none(opts.rating) }),
        ...(opts.privilege === undefined ? {} : { privilege: none(opts.privilege) }),
        ...(opts.exemption === undefined ? {} : { exemptions: opts.exemption }),
        ...(opts.notes === undefined ? {} : { notes: opts.notes }),
      };
      // Values go as typed; the API checks them and names the ones it knows.
      const r = await core.invoke('review.set', { ...target, ...(fields as object) });
      if (!r.ok) return reportError(o, r.error);
      o.out(o.json ? JSON.stringify(r.value) : codedSentence(r.value, 'changed'));
      return EXIT.ok;
    }),
  );
  review
    .command('show')
    .description("a document's coding, tags and history")
    .argument('<id>', 'document number')
    .action((id: string) =>
      run(async (core, o) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n < 1) return reportError(o, { code: 'BAD_INPUT', message: `id: "${id}" is not a document number.` });
        const r = await core.invoke('review.get', { id: n });
        if (!r.ok) return reportError(o, r.error);
        const v = r.value;
        if (o.json) o.out(JSON.stringify(v, null, 2));
        else {
          o.out(`#${v.documentId}: ${v.status}${v.rating ? `, ${v.rating}` : ''}${v.privilege ? `, privilege: ${v.privilege}` : ''}${v.exemptions.length ? `, exemptions: ${v.exemptions.join(' ')}` : ''}`);
          if (v.tags.length) o.out(`Tags: ${v.tags.map((t) => t.path).join(', ')}`);
          if (v.notes) o.out(`Notes: ${v.notes}`);
          for (const h of v.history) o.out(`${h.at}  ${whoDid(h)}: ${h.what}`);
        }
        return EXIT.ok;
      }),
    );
}
