/** `sunshine productions receive FOLDER_OR_ZIP` and `sunshine productions received [ID]`: productions an agency or company sent. */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { LoadProblem, ReceiveReportOut } from '../../core/api.ts';
import type { ProgressEvent } from '../../core/index.ts';
import { EXIT, progressLine, reportError, type Output } from '../output.ts';
import { readFileSafely } from '../files.ts';
import { pick } from '../options.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

interface ReceiveOptions {
  request?: string;
  party?: string;
  mapping?: string;
  dryRun?: boolean;
  validOnly?: boolean;
}

const where = (p: LoadProblem) => [p.file, p.line ? `line ${p.line}` : '', p.record ?? '', p.field ? `field ${p.field}` : ''].filter(Boolean).join(', ');

/** The report as a person reads it: volumes, mapping, problems, and what happened. */
function describe(v: ReceiveReportOut): string[] {
  const lines = [`${v.name} from ${v.party}: ${v.records} records, ${v.pages} pages${v.first ? `, ${v.first}–${v.last}` : ''}`];
  for (const vol of v.volumes) lines.push(`  volume ${vol.name}: ${vol.dat}${vol.images ? ` + ${vol.images}` : ''} (${vol.encoding}), ${vol.records} records, ${vol.pages} pages`);
  lines.push(`Fields${v.mappingRemembered ? ` (as last time for ${v.party})` : ''}:`);
  for (const h of v.header) lines.push(`  ${h} → ${v.mapping[h] ?? 'metadata'}${v.samples[h]?.length ? `   e.g. ${v.samples[h]!.slice(0, 2).join(' | ').replace(/\s+/g, ' ').slice(0, 80)}` : ''}`);
  for (const m of v.mappingProblems) lines.push(`Mapping: ${m}`);
  for (const p of v.problems) lines.push(`${p.severity === 'blocking' ? 'BLOCKED' : 'warning'}: ${where(p)}: ${p.message}`);
  if (v.problemsLeftOut) lines.push(`(${v.problemsLeftOut} more problems not listed)`);
  lines.push(`${v.valid} can be imported, ${v.blocked} blocked, ${v.already} already in.`);
  if (v.refused) lines.push(`Nothing was imported: ${v.blocked} record${v.blocked === 1 ? ' is' : 's are'} blocked. Fix the production, or run again with --valid-only to import the ${v.valid} valid records.`);
  else if (v.imported !== undefined) lines.push(`Imported ${v.imported} document${v.imported === 1 ? '' : 's'}${v.failed ? `, ${v.failed} failed` : ''}${v.cancelled ? ' (cancelled: run again to finish)' : ''}.`);
  if (v.timeline) lines.push(v.timeline.added ? `On the request's timeline: ${v.timeline.line}` : `Not on the request's timeline (${v.timeline.why}).`);
  return lines;
}

export function registerReceiveCommands(productions: Command, run: Runner): void {
  productions
    .command('receive')
    .description('take in a production an agency or company sent: a volume folder (or a ZIP of one) with a DAT, an OPT or LFP, images, text and natives')
    .argument('<folder-or-zip>', 'the production')
    .option('--request <ref>', 'the request it answers (its timeline gets an entry)')
    .option('--party <name>', 'who produced it (default: the request\'s agency, else the Bates prefix); field mappings are remembered per party')
    .option('--mapping <file>', 'a JSON object: column header → use (begBates, endBates, custodian, …, metadata, ignore)')
    .option('--dry-run', 'read and check everything, write nothing, print the report')
    .option('--valid-only', 'when some records are blocked, import the valid ones (else nothing is imported)')
    .action((source: string, opts: ReceiveOptions) =>
      run(async (core, o) => {
        let mapping: unknown;
        if (opts.mapping) {
          const text = readFileSafely(opts.mapping);
          if (text instanceof Error) return reportError(o, { code: 'BAD_INPUT', message: `--mapping: ${text.message}` });
          try {
            mapping = JSON.parse(text) as unknown;
          } catch (e) {
            return reportError(o, { code: 'BAD_INPUT', message: `--mapping: the file is not JSON (${(e as Error).message}); give an object of column → use.` });
          }
        }
        const input = { path: source, ...pick(opts, 'request', 'party'), ...(mapping !== undefined ? { mapping } : {}) } as Parameters<typeof core.invoke<'received.inspect'>>[1];
        const emit = {
          emit: (e: ProgressEvent) => {
            if (!o.json) progressLine(`${e.progress.total ? `${e.progress.done}/${e.progress.total} ` : ''}${e.progress.message ?? ''}`);
          },
        };
        const r = opts.dryRun ? await core.invoke('received.inspect', input, emit) : await core.invoke('received.import', { ...input, validOnly: opts.validOnly ?? false }, emit);
        if (!o.json) progressLine(null);
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else for (const line of describe(r.value)) o.out(line);
        const v = r.value;
        return v.refused || (v.failed ?? 0) > 0 || v.cancelled || (opts.dryRun && v.blocked > 0) ? EXIT.problems : EXIT.ok;
      }),
    );

  productions
    .command('received')
    .description('productions received, newest first; with an id, one of them with its validation report')
    .argument('[id]', 'a received production\'s number')
    .option('--request <ref>', 'only those answering this request')
    .action((id: string | undefined, opts: { request?: string }) =>
      run(async (core, o) => {
        if (id !== undefined) {
          const n = Number(id);
          if (!Number.isInteger(n) || n < 1) return reportError(o, { code: 'BAD_INPUT', message: 'id: give a received production\'s number (see "sunshine productions received").' });
          const r = await core.invoke('received.get', { id: n });
          if (!r.ok) return reportError(o, r.error);
          if (o.json) o.out(JSON.stringify(r.value, null, 2));
          else {
            const p = r.value;
            o.out(`#${p.id} ${p.name} from ${p.party}${p.request ? ` (${p.request})` : ''}: ${p.first ?? ''}${p.last && p.last !== p.first ? `–${p.last}` : ''}, ${p.documents} documents, ${p.pages} pages, ${p.status}`);
            if (p.report) for (const line of describe(p.report)) o.out(line);
          }
          return EXIT.ok;
        }
        const r = await core.invoke('received.list', pick(opts, 'request'));
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (!r.value.length) o.out('No productions received yet.');
        else for (const p of r.value) o.out(`#${p.id}  ${p.first ?? ''}${p.last && p.last !== p.first ? `–${p.last}` : ''}  ${p.party} ${p.name}${p.request ? ` (${p.request})` : ''}: ${p.documents} documents, ${p.pages} pages, ${p.status}, ${p.addedAt.slice(0, 10)}`);
        return EXIT.ok;
      }),
    );
}
