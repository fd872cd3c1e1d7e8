/**
 * `sunshine redact (--search Q | --terms FILE | --pii KIND) --reason R [--dry-run]` and `sunshine redact --undo BATCH`.
 * `--pii` alone redacts that kind of personal data; beside `--search` it is a filter, as elsewhere.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import { EXIT, reportError, type Output } from '../output.ts';
import { EXEMPTIONS } from '../../core/shared/vocabulary.ts';
import { addFilterOptions, filtersFrom, type FilterOptions } from '../options.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

interface RedactOptions extends FilterOptions {
  search?: string;
  terms?: string;
  reason?: string;
  dryRun?: boolean;
  undo?: string;
}

/** A term list: one word or phrase a line, UTF-8 text (`-`: standard input); an Error that says what is wrong otherwise. */
export function readTermList(file: string): string[] | Error {
  let bytes: Buffer;
  try {
    if (file !== '-') {
      const st = fs.statSync(file);
      if (!st.isFile()) return new Error(`terms: ${file} is not a file.`);
      if (st.size > 5_000_000) return new Error(`terms: ${file} is larger than 5 MB; a term list is one word or phrase a line.`);
    }
    bytes = fs.readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    return new Error(`terms: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const notText = new Error(`terms: ${file} is not a text file; give a plain-text list (UTF-8), one word or phrase a line.`);
  if (bytes.includes(0)) return notText;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').split(/\r?\n/);
  } catch {
    return notText;
  }
}

/** b6, B7c, (b)(6) as the exemption's code; anything else (a privilege basis) as typed, for the API to check. */
function reasonOf(typed: string): string {
  const code = typed.replace(/[()\s]/g, '').toLowerCase();
  return EXEMPTIONS.find((e) => e.toLowerCase() === code) ?? typed;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function registerRedactCommands(program: Command, run: Runner): void {
  addFilterOptions(
    program
      .command('redact')
      .description('box every hit of a search, of a term list or of a kind of personal data (--pii alone) on every page, with one reason; undo a batch')
      .option('--search <query>', 'the words of this search (its filters choose the documents)')
      .option('--terms <file>', 'a text file of terms, one word or phrase a line (- reads standard input)')
      .option('--reason <reason>', 'why: a FOIA exemption (b6, b7C …) or a privilege basis')
      .option('--dry-run', 'list the hits; write nothing')
      .option('--undo <batch>', 'take away every box of a batch that redact printed'),
  ).action((opts: RedactOptions) =>
    run(async (core, o) => {
      if (opts.undo !== undefined) {
        if (opts.search !== undefined || opts.terms !== undefined || opts.pii !== undefined) return reportError(o, { code: 'BAD_INPUT', message: '--undo takes a batch alone; leave out --search, --terms and --pii.' });
        const r = await core.invoke('redactions.undoBatch', { batch: opts.undo });
        if (!r.ok) return reportError(o, r.error);
        o.out(o.json ? JSON.stringify(r.value) : `Took away ${plural(r.value.removed, 'box', 'boxes')}.`);
        return EXIT.ok;
      }
      const piiAlone = opts.pii !== undefined && opts.search === undefined && opts.terms === undefined;
      if (!piiAlone && (opts.search === undefined) === (opts.terms === undefined)) {
        return reportError(o, { code: 'BAD_INPUT', message: 'say what to redact: --search "QUERY", --terms FILE (one word or phrase a line) or --pii KIND (ssn, a-number, … or any).' });
      }
      let source;
      if (piiAlone) {
        const { pii, ...rest } = filtersFrom(opts);
        if (Object.keys(rest).length) return reportError(o, { code: 'BAD_INPUT', message: 'with --pii alone every page with that kind of personal data is read; leave out the other filters, or give --search to narrow.' });
        source = { pii: pii! };
      } else if (opts.terms !== undefined) {
        if (Object.keys(filtersFrom(opts)).length) return reportError(o, { code: 'BAD_INPUT', message: 'the filters (--tag, --type …) choose among a search\'s documents; with --terms every page is read, so leave them out.' });
        const terms = readTermList(opts.terms);
        if (terms instanceof Error) return reportError(o, { code: 'BAD_INPUT', message: terms.message });
        source = { terms };
      } else {
        source = { search: { query: opts.search!, ...filtersFrom(opts) } };
      }
      if (opts.dryRun) {
        const r = await core.invoke('redactions.findHits', source);
        if (!r.ok) return reportError(o, r.error);
        const v = r.value;
        if (v.total === 0) return reportError(o, { code: 'NOT_FOUND', message: `nothing found to redact on any page${v.skipped.length ? ` (${plural(v.skipped.length, 'document')} with hits skipped: ${v.skipped.map((s) => `#${s.documentId} ${s.reason}`).join('; ')})` : ''}.` });
        if (o.json) {
          o.out(JSON.stringify(v, null, 2));
        } else {
          for (const h of v.hits) o.out(`#${h.documentId} ${h.document} p. ${h.page}: …${h.before} [${h.text}] ${h.after}…${h.problem ? ` (${h.problem})` : ''}`);
          for (const s of v.skipped) o.out(`#${s.documentId} ${s.document}: ${plural(s.hits, 'hit')} skipped, ${s.reason}`);
          o.out(`${plural(v.total, 'hit')}${v.message ? `; ${v.message}` : ''}. Nothing was written (dry run).`);
        }
        return v.capped ? EXIT.problems : EXIT.ok;
      }
      if (opts.reason === undefined) return reportError(o, { code: 'BAD_INPUT', message: 'give the reason: --reason b6 (a FOIA exemption) or a privilege basis.' });
      const r = await core.invoke('redactions.applyHits', { ...source, reason: reasonOf(opts.reason) as 'b6' });
      if (!r.ok) return reportError(o, r.error);
      const v = r.value;
      if (o.json) {
        o.out(JSON.stringify(v, null, 2));
      } else {
        o.out(`Redacted ${plural(v.hits, 'hit')} with ${plural(v.boxes, 'box', 'boxes')} in ${plural(v.documents, 'document')}; batch ${v.batch}.`);
        for (const h of v.unboxed) o.out(`Not boxed: #${h.documentId} ${h.document} p. ${h.page} [${h.text}]: ${h.problem}`);
        for (const s of v.skipped) o.out(`Skipped: #${s.documentId} ${s.document} (${plural(s.hits, 'hit')}): ${s.reason}`);
        o.out(`Undo with: sunshine redact --undo ${v.batch}`);
      }
      return v.unboxed.length ? EXIT.problems : EXIT.ok;
    }),
  );
}
