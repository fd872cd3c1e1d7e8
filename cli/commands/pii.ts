/** `sunshine pii list`, `sunshine pii patterns`: the personal data the PII finder found, and the patterns it looks for besides its own. */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import { PII_KINDS } from '../../core/shared/pii-kinds.ts';
import { EXIT, progressLine, reportError, safeText, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

/**
 * The command runs no background scan (the app does): pages not yet scanned are scanned first,
 * so what it lists or narrows to is never out of date. Returns an exit code on failure.
 */
export async function scanFirst(core: Core, o: Output): Promise<number | null> {
  const r = await core.invoke('pii.scan', {}, {
    emit: (e) => {
      if (!o.json && e.progress.total) progressLine(`${e.progress.done}/${e.progress.total} pages scanned for personal data`);
    },
  });
  if (!o.json) progressLine(null);
  return r.ok ? null : reportError(o, r.error);
}

export function registerPiiCommands(program: Command, run: Runner): void {
  const pii = program.command('pii').description('personal data found on the pages (SSNs, A-Numbers, dates of birth, phone numbers …)');
  pii
    .command('list')
    .description('documents and pages with each kind of personal data found (values are never printed)')
    .option('--kind <kind>', `only this kind: ${PII_KINDS.join(', ')}, or a custom pattern's name`)
    .action((opts: { kind?: string }) =>
      run(async (core, o) => {
        const failed = await scanFirst(core, o);
        if (failed !== null) return failed;
        const r = await core.invoke('pii.list', opts.kind ? { kind: opts.kind } : {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) {
          o.out(JSON.stringify(r.value, null, 2));
          return EXIT.ok;
        }
        if (r.value.rows.length === 0) o.out('No personal data found.');
        for (const row of r.value.rows) o.out(`${row.label}: #${row.document.id} ${safeText(row.document.name)} p.${row.pages.join(',')}`);
        return EXIT.ok;
      }),
    );
  pii
    .command('patterns')
    .description('the custom patterns looked for besides the built-in kinds (add them in Settings)')
    .action(() =>
      run(async (core, o) => {
        const r = await core.invoke('pii.patterns', {});
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (r.value.patterns.length === 0) o.out('No custom patterns.');
        else for (const p of r.value.patterns) o.out(`${safeText(p.name)}: ${safeText(p.pattern)} (${p.exemption})`);
        return EXIT.ok;
      }),
    );
}
