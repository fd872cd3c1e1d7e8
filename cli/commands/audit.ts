/** `sunshine audit export`: the history for a range of days, as CSV. */
import type { Command } from 'commander';
import { writePrivate, type Core } from '../../core/index.ts';
import { EXIT, rawOut, reportError, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

export function registerAuditCommands(program: Command, run: Runner): void {
  program
    .command('audit')
    .description('the tamper-evident history')
    .command('export')
    .description('the history from one day to another (UTC, both included) as CSV, with each row\'s hash')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .option('--out <file>', 'write to this file (default: standard output)')
    .action((o: { from: string; to: string; out?: string }) =>
      run(async (core, out) => {
        const r = await core.invoke('audit.export', { from: o.from, to: o.to });
        if (!r.ok) return reportError(out, r.error);
        if (o.out) {
          writePrivate(o.out, r.value.csv);
          out.out(out.json ? JSON.stringify({ file: o.out, rows: r.value.rows }) : `${r.value.rows} rows written to ${o.out}`);
        } else rawOut(r.value.csv);
        return EXIT.ok;
      }),
    );
}
