/**
 * `sunshine review batches`, `sunshine review batch make|reassign|delete`, `sunshine review mine`:
 * review assignments from the command line, as on the Review screen's Batches section.
 */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { BatchOut, NextInBatchOut, PersonOut } from '../../core/api.ts';
import { EXIT, reportError, type Output } from '../output.ts';
import { addFilterOptions, filtersFrom, type FilterOptions } from '../options.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const person = (p: PersonOut) => (p.displayName && p.displayName !== p.login ? `${p.displayName} (${p.login})` : p.login);
const coded = (done: number, total: number) => `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} coded`;
const batchLine = (b: BatchOut) => `#${b.id} ${b.name} — ${person(b.reviewer)}: ${coded(b.done, b.total)} (from ${b.source})`;

function nextLine(n: NextInBatchOut): string {
  if (!n.document) return n.remaining === 0 ? 'Every document of your batches is coded.' : `${n.remaining} left, all being coded by someone else just now.`;
  const d = n.document;
  return `Next: document ${d.id} (${d.name}), ${d.position} of ${d.batchTotal} in ${d.batchName}; ${n.remaining} left to code.`;
}

/** A batch's number as typed; undefined (with a message) when it is not one. */
function batchId(value: string, o: Output): number | undefined {
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  reportError(o, { code: 'BAD_INPUT', message: `id: "${value.slice(0, 40)}" is not a batch number (see sunshine review batches).` });
  return undefined;
}

interface MakeOptions extends FilterOptions {
  search?: string;
  all?: boolean;
  savedSearch?: string;
  fromTag?: string;
  size: string;
  reviewer: string[];
  name: string;
}

/** Where the batches come from, as the API takes it; undefined (with a message) when the options do not say. */
function sourceFrom(opts: MakeOptions, o: Output) {
  const chosen = [opts.search !== undefined, opts.all === true, opts.savedSearch !== undefined, opts.fromTag !== undefined].filter(Boolean).length;
  if (chosen !== 1) {
    reportError(o, { code: 'BAD_INPUT', message: 'say which documents: --search "QUERY" or --all (each with the filters --tag, --type …), --saved-search N or --from-tag PATH.' });
    return undefined;
  }
  if (opts.savedSearch !== undefined) {
    const n = Number(opts.savedSearch);
    if (!Number.isInteger(n) || n < 1) {
      reportError(o, { code: 'BAD_INPUT', message: `saved-search: "${opts.savedSearch.slice(0, 40)}" is not a saved search's number.` });
      return undefined;
    }
    return { savedSearch: n };
  }
  if (opts.fromTag !== undefined) return { tag: opts.fromTag };
  return { search: { ...(opts.search ? { query: opts.search } : {}), ...filtersFrom(opts) } };
}

export function registerBatchCommands(review: Command, run: Runner): void {
  review
    .command('batches')
    .description('every review batch with its progress, and totals per reviewer')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('review.batches', {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (r.value.batches.length === 0) o.out('No review batches yet: sunshine review batch make … splits documents into batches.');
        else {
          for (const b of r.value.batches) o.out(batchLine(b));
          for (const p of r.value.reviewers) o.out(`${person(p)}: ${p.batches} batch${p.batches === 1 ? '' : 'es'}, ${coded(p.done, p.total)}`);
        }
        return EXIT.ok;
      }),
    );

  review
    .command('mine')
    .description('your batches and the next document of them to code')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('review.myBatch', {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else {
          if (r.value.batches.length === 0) o.out('You have no review batches.');
          for (const b of r.value.batches) o.out(batchLine(b));
          if (r.value.batches.length) o.out(nextLine(r.value.next));
        }
        return EXIT.ok;
      }),
    );

  const batch = review.command('batch').description('make, reassign or delete review batches');
  addFilterOptions(
    batch
      .command('make')
      .description('split documents (email families kept whole) into batches of about a size, assigned to reviewers in turn')
      .option('--search <query>', 'the documents with a page matching this search')
      .option('--all', 'every document the filters let through')
      .option('--saved-search <id>', 'the documents of this saved search')
      .option('--from-tag <path>', 'the documents with this tag (or a tag under it)')
      .requiredOption('--size <n>', 'about this many documents a batch')
      .requiredOption('--reviewer <login...>', 'the reviewers, by login, given batches in turn')
      .requiredOption('--name <name>', 'what to call the batches ("First pass" makes "First pass 1", "First pass 2" …)'),
  ).action((opts: MakeOptions) =>
    run(async (core, o) => {
      const from = sourceFrom(opts, o);
      if (!from) return EXIT.error;
      const size = Number(opts.size);
      if (!Number.isInteger(size) || size < 1) return reportError(o, { code: 'BAD_INPUT', message: `size: "${opts.size.slice(0, 40)}" is not a number of documents; give a whole number, 1 or more.` });
      const r = await core.invoke('review.makeBatches', { from, size, reviewers: opts.reviewer, name: opts.name });
      if (!r.ok) return reportError(o, r.error);
      if (o.json) o.out(JSON.stringify(r.value, null, 2));
      else {
        o.out(`Made ${r.value.batches.length} batch${r.value.batches.length === 1 ? '' : 'es'} of ${r.value.documents.toLocaleString('en-US')} documents.`);
        for (const b of r.value.batches) o.out(batchLine(b));
      }
      return EXIT.ok;
    }),
  );

  batch
    .command('reassign')
    .description('give a batch to another reviewer')
    .argument('<id>', 'the batch number')
    .argument('<login>', "the reviewer's login")
    .action((id: string, login: string) =>
      run(async (core, o) => {
        const n = batchId(id, o);
        if (n === undefined) return EXIT.error;
        const r = await core.invoke('review.reassignBatch', { id: n, reviewer: login });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : batchLine(r.value));
        return EXIT.ok;
      }),
    );

  batch
    .command('delete')
    .description('delete a batch (its documents and their coding stay)')
    .argument('<id>', 'the batch number')
    .action((id: string) =>
      run(async (core, o) => {
        const n = batchId(id, o);
        if (n === undefined) return EXIT.error;
        const r = await core.invoke('review.deleteBatch', { id: n });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `Deleted batch ${n}; its documents and their coding stay.`);
        return EXIT.ok;
      }),
    );
}
