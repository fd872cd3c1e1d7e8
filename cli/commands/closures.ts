/** `sunshine closures`: the extra closure days every working-day clock skips (a day off by order, a shutdown). */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import { EXIT, reportError, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;
type Entry = { date: string; until: string; reason: string };

const days = (c: Entry) => (c.until === c.date ? c.date : `${c.date} to ${c.until}`);

function print(out: Output, list: Entry[]): number {
  if (out.json) out.out(JSON.stringify({ closures: list }));
  else out.out(list.length ? list.map((c) => `${days(c)}  ${c.reason}`).join('\n') : 'No closure days.');
  return EXIT.ok;
}

export function registerClosureCommands(program: Command, run: Runner): void {
  const closures = program.command('closures').description('extra closure days (executive orders, shutdowns) that every working-day clock skips');
  closures
    .command('list')
    .description('the closure entries, single days and ranges')
    .action(() =>
      run(async (core, out) => {
        const r = await core.invoke('closures.list', {});
        return r.ok ? print(out, r.value) : reportError(out, r.error);
      }),
    );
  closures
    .command('add')
    .description('add a closure day, or a range of days as one entry; days already closed are refused')
    .requiredOption('--date <date>', 'the (first) day, YYYY-MM-DD')
    .option('--until <date>', 'the last day of a range, YYYY-MM-DD')
    .requiredOption('--reason <text>', 'why offices were closed, e.g. "Lapse in appropriations"')
    .action((o: { date: string; until?: string; reason: string }) =>
      run(async (core, out) => {
        const r = await core.invoke('closures.add', { date: o.date, ...(o.until ? { until: o.until } : {}), reason: o.reason });
        return r.ok ? print(out, r.value) : reportError(out, r.error);
      }),
    );
  closures
    .command('remove')
    .description('remove a closure entry (all its days) by its first day')
    .requiredOption('--date <date>', 'the first day of the entry, YYYY-MM-DD')
    .action((o: { date: string }) =>
      run(async (core, out) => {
        const r = await core.invoke('closures.remove', { date: o.date });
        return r.ok ? print(out, r.value) : reportError(out, r.error);
      }),
    );
}
