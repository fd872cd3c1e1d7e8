/** `sunshine deadline`, `sunshine requests …`, `sunshine agencies list`, `sunshine calendar export`. */
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { RULES, type Core } from '../../core/index.ts';
import type { InputOf, RequestDetail, RequestSummary } from '../../core/api.ts';
import type { TRACKING_KINDS } from '../../core/shared/vocabulary.ts';
import { EVENT_TYPES, PRIORITIES, REQUEST_KINDS, STATUSES, type Exemption, type RequestKind } from '../../core/shared/vocabulary.ts';
import { clockStateWords } from '../../core/shared/clock-words.ts';
import { EXIT, rawOut, reportError, safeText, type Output } from '../output.ts';
import { exemptionList } from '../options.ts';
import { readFileSafely, writeFileSafely } from '../files.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const collect = (v: string, prev: string[] = []) => [...prev, v];
// Agency names hold spaces but no commas: "HHS,DOJ" and the flag repeated both name several.
const collectCommas = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((a) => a.trim()).filter(Boolean)];
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number of days.`);
  return n;
};
const money = (v: string) => {
  const n = Number(v.replace(/^\$/, ''));
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('give an amount in dollars, e.g. 25.50.');
  return n;
};

function table(rows: RequestSummary[]): string {
  if (rows.length === 0) return 'No requests match.';
  // One row a request: a subject or agency carrying a line break or escape sequence must not break the table.
  const lines = rows.map((r) => [r.reference, r.status, r.due ? `${r.due}${r.overdue ? ' OVERDUE' : ''}` : '—', safeText(r.agency.abbreviation), safeText(r.subject)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => l[i]!.length), ['REFERENCE', 'STATUS', 'DUE', 'AGENCY'][i]!.length));
  const fmt = (l: string[]) => l.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ');
  return [fmt(['REFERENCE', 'STATUS', 'DUE', 'AGENCY', 'SUBJECT']), ...lines.map(fmt)].join('\n');
}

function describe(d: RequestDetail): string {
  const out = [
    `${d.reference}  ${safeText(d.subject)}`,
    `${d.kind} to ${d.agency.name} (${d.agency.abbreviation}) · status: ${d.status}${d.trackingNumbers ? ` · tracking: ${d.trackingNumbers}` : ''}`,
  ];
  for (const c of d.clocks) out.push(`  ${c.label}: ${c.due ?? 'paused'} [${clockStateWords(c)}] — ${c.explanation}`);
  if (d.events.length) out.push('Timeline:');
  for (const e of d.events) out.push(`  ${e.date}  ${e.type}${e.reason ? ` (${e.reason})` : ''}${e.outcome ? ` → ${e.outcome}` : ''}${e.exemptions.length ? ` [${e.exemptions.join(', ')}]` : ''}${e.note ? ` — ${safeText(e.note)}` : ''}`);
  return out.join('\n');
}

async function emit<T>(o: Output, r: { ok: true; value: T } | { ok: false; error: { code: never; message: string } } | Awaited<ReturnType<Core['invoke']>>, human: (v: T) => string): Promise<number> {
  if (!r.ok) return reportError(o, r.error);
  o.out(o.json ? JSON.stringify(r.value, null, 2) : human(r.value as T));
  return EXIT.ok;
}

/** What a request asks for and when it is due: the same options on `requests add` and `requests edit`. */
function scopeOptions(cmd: Command): Command {
  return cmd
    .option('--records <text>', 'records sought')
    .option('--records-from <date>', 'records dated from, YYYY-MM-DD ("none" to clear)')
    .option('--records-to <date>', 'records dated to, YYYY-MM-DD ("none" to clear)')
    .option('--due-at <when>', 'letters and subpoenas: due date (and time) set in the document, YYYY-MM-DD or YYYY-MM-DDTHH:MM ("none" to clear)')
    .option('--due-tz <zone>', 'time zone of --due-at, the name of a place such as America/New_York (default: the office time zone in settings); EST, PST and other fixed offsets are refused');
}

const orNone = (v: unknown) => (v === 'none' ? null : (v as string));

function scopeInput(opts: Record<string, unknown>): Pick<InputOf<'requests.update'>['patch'], 'recordsSought' | 'recordsFrom' | 'recordsTo' | 'dueAt' | 'dueTz'> {
  return {
    ...(opts.records !== undefined ? { recordsSought: opts.records as string } : {}),
    ...(opts.recordsFrom !== undefined ? { recordsFrom: orNone(opts.recordsFrom) } : {}),
    ...(opts.recordsTo !== undefined ? { recordsTo: orNone(opts.recordsTo) } : {}),
    ...(opts.dueAt !== undefined ? { dueAt: orNone(opts.dueAt) } : {}),
    ...(opts.dueTz !== undefined ? { dueTz: opts.dueTz as string } : {}),
  };
}

export function registerRequestCommands(program: Command, run: Runner): void {
  program
    .command('deadline')
    .description('compute a statutory due date (day of receipt is day 0)')
    .requiredOption('--from <date>', 'start date, YYYY-MM-DD')
    .addOption(new Option('--rule <rule>', 'which clock').choices(RULES).default('foia'))
    .option('--appeal-days <n>', 'appeal window length for --rule appeal-window', int('--appeal-days'))
    .option('--working', 'count the appeal window in working days')
    .option('--explain', 'also say how the date was computed')
    .action((opts: { from: string; rule: (typeof RULES)[number]; appealDays?: number; working?: boolean; explain?: boolean }) =>
      run(async (core, o) => {
        const r = await core.invoke('deadlines.compute', {
          rule: opts.rule,
          from: opts.from,
          ...(opts.appealDays ? { appealDays: opts.appealDays } : {}),
          ...(opts.working ? { appealDayKind: 'working' as const } : {}),
        });
        return emit(o, r, (v) => (opts.explain ? `${v.due}\n${v.explanation}` : v.due));
      }),
    );

  const requests = program.command('requests').description('records requests, oversight letters and subpoenas');

  scopeOptions(requests
    .command('add')
    .description('log a request; prints it with its reference, status and due date')
    .addOption(new Option('--kind <kind>', 'kind of request').choices(REQUEST_KINDS).makeOptionMandatory())
    .requiredOption('--agency <agency>', 'agency abbreviation or name (e.g. ICE)')
    .requiredOption('--subject <text>', 'what it is about'))
    .option('--sent <date>', 'date sent, YYYY-MM-DD')
    .option('--received <date>', 'date the agency received it, YYYY-MM-DD (starts the clock)')
    .option('--tracking <number>', 'agency tracking number (repeatable; "kind:number" for split, referral, appeal, portal)', collect)
    .option('--requester <name>', 'requester or office')
    .option('--assignee <name>', 'who handles it')
    .addOption(new Option('--priority <p>').choices(PRIORITIES))
    .option('--expedited', 'expedited processing was asked for')
    .option('--fee-waiver', 'a fee waiver was asked for')
    .option('--fee-estimate <dollars>', 'fee estimate', money)
    .option('--asap', 'the letter asks for an answer as soon as possible')
    .option('--notes <text>', 'notes')
    .action((opts: Record<string, unknown>) =>
      run(async (core, o) => {
        const tracking = ((opts.tracking as string[] | undefined) ?? []).map((t) => {
          const m = /^(agency|split|referral|appeal|portal):(.+)$/.exec(t);
          return m ? { kind: m[1] as (typeof TRACKING_KINDS)[number], number: m[2]! } : { kind: 'agency' as const, number: t };
        });
        const input: InputOf<'requests.create'> = {
          kind: opts.kind as InputOf<'requests.create'>['kind'],
          agency: opts.agency as string,
          subject: opts.subject as string,
          trackingNumbers: tracking,
          ...scopeInput(opts),
          ...(opts.sent ? { sent: opts.sent as string } : {}),
          ...(opts.received ? { received: opts.received as string } : {}),
          ...(opts.requester ? { requester: opts.requester as string } : {}),
          ...(opts.assignee ? { assignee: opts.assignee as string } : {}),
          ...(opts.priority ? { priority: opts.priority as InputOf<'requests.create'>['priority'] } : {}),
          ...(opts.expedited ? { expeditedRequested: true } : {}),
          ...(opts.feeWaiver ? { feeWaiverRequested: true } : {}),
          ...(opts.feeEstimate !== undefined ? { feeEstimate: opts.feeEstimate as number } : {}),
          ...(opts.asap ? { dueAsap: true } : {}),
          ...(opts.notes ? { notes: opts.notes as string } : {}),
        };
        return emit(o, await core.invoke('requests.create', input), describe);
      }),
    );

  requests
    .command('list')
    .description('list requests (soonest due first)')
    .option('--overdue', 'only open requests past their due date')
    .option('--due-within <days>', 'only open requests due within DAYS', int('--due-within'))
    .addOption(new Option('--status <status>', 'only this status (repeatable)').choices(STATUSES).argParser(collect))
    .addOption(new Option('--kind <kind>', 'only this kind (repeatable)').choices(REQUEST_KINDS).argParser(collect))
    .option('--agency <agency>', 'only these agencies, each with its components: HHS includes ACF and ORR (repeatable, or "HHS,DOJ")', collectCommas)
    .option('--assignee <name>', 'only this assignee')
    .option('--text <words>', 'words in subject, records sought or notes')
    .option('--limit <n>', 'at most N rows', int('--limit'), 1000)
    .action((opts: { overdue?: boolean; dueWithin?: number; status?: string[]; kind?: string[]; agency?: string[]; assignee?: string; text?: string; limit: number }) =>
      run(async (core, o) => {
        const r = await core.invoke('requests.list', {
          ...(opts.overdue ? { overdue: true } : {}),
          ...(opts.dueWithin !== undefined ? { dueWithinDays: opts.dueWithin } : {}),
          ...(opts.status ? { statuses: opts.status as InputOf<'requests.list'>['statuses'] } : {}),
          ...(opts.kind ? { kinds: opts.kind as InputOf<'requests.list'>['kinds'] } : {}),
          ...(opts.agency ? { agencies: opts.agency } : {}),
          ...(opts.assignee ? { assignee: opts.assignee } : {}),
          ...(opts.text ? { text: opts.text } : {}),
          limit: Math.max(1, Math.min(opts.limit, 50_000)),
        });
        return emit(o, r, (v) => `${table(v.rows)}${v.total > v.rows.length ? `\n(${v.rows.length} of ${v.total} shown)` : ''}`);
      }),
    );

  requests
    .command('show')
    .description('one request with its clocks and timeline')
    .argument('<reference>', 'e.g. REQ-2026-0042')
    .action((reference: string) => run(async (core, o) => emit(o, await core.invoke('requests.get', { reference }), describe)));

  scopeOptions(requests
    .command('edit')
    .description('change what a request is: its agency, kind, subject, records sought and their dates, a letter’s due date and zone (each change is recorded)')
    .argument('<reference>', 'e.g. REQ-2026-0042')
    .option('--agency <agency>', 'agency abbreviation or name; its own tracking numbers move with it')
    .addOption(new Option('--kind <kind>', 'kind of request').choices(REQUEST_KINDS))
    .option('--subject <text>', 'what it is about'))
    .action((reference: string, opts: Record<string, unknown>) =>
      run(async (core, o) => {
        const patch: InputOf<'requests.update'>['patch'] = {
          ...(opts.agency ? { agency: opts.agency as string } : {}),
          ...(opts.kind ? { kind: opts.kind as RequestKind } : {}),
          ...(opts.subject ? { subject: opts.subject as string } : {}),
          ...scopeInput(opts),
        };
        if (Object.keys(patch).length === 0) return reportError(o, { code: 'BAD_INPUT', message: 'Give at least one thing to change, e.g. --agency CBP or --records "…".' });
        return emit(o, await core.invoke('requests.update', { reference, patch }), describe);
      }),
    );

  requests
    .command('event')
    .description('add a dated event to a request’s timeline')
    .argument('<reference>', 'e.g. REQ-2026-0042')
    .addOption(new Option('--type <type>', 'what happened').choices(EVENT_TYPES).makeOptionMandatory())
    .requiredOption('--date <date>', 'when, YYYY-MM-DD')
    .addOption(new Option('--reason <reason>', 'for a toll: information or fees').choices(['information', 'fees']))
    .option('--outcome <outcome>', 'for a determination: full-grant, partial-grant, denial, no-records, withdrawn; for an appeal decision: granted, partly-granted, denied, remanded')
    .option('--exemption <codes...>', 'exemptions claimed, e.g. b6 b7C or b6,b7c', exemptionList)
    .option('--statute <citation>', 'the statute behind a (b)(3) exemption')
    .option('--note <text>', 'a note')
    .action((reference: string, opts: { type: string; date: string; reason?: string; outcome?: string; exemption?: Exemption[]; statute?: string; note?: string }) =>
      run(async (core, o) => {
        const r = await core.invoke('requests.addEvent', {
          reference,
          type: opts.type as InputOf<'requests.addEvent'>['type'],
          date: opts.date,
          ...(opts.reason ? { reason: opts.reason as 'information' | 'fees' } : {}),
          ...(opts.outcome ? { outcome: opts.outcome as InputOf<'requests.addEvent'>['outcome'] } : {}),
          ...(opts.exemption ? { exemptions: opts.exemption } : {}),
          ...(opts.statute ? { statute: opts.statute } : {}),
          ...(opts.note ? { note: opts.note } : {}),
        });
        return emit(o, r, describe);
      }),
    );

  requests
    .command('export')
    .description('write requests as CSV (to --out, or standard output)')
    .option('--out <file>', 'CSV file to write')
    .action((opts: { out?: string }) =>
      run(async (core, o) => {
        const r = await core.invoke('requests.exportCsv', {});
        if (!r.ok) return reportError(o, r.error);
        if (!opts.out) return rawOut(r.value.csv), EXIT.ok;
        writeFileSafely(opts.out, r.value.csv);
        o.out(o.json ? JSON.stringify({ out: path.resolve(opts.out), count: r.value.count }) : `Wrote ${plural(r.value.count, 'request')} to ${opts.out}.`);
        return EXIT.ok;
      }),
    );

  requests
    .command('import')
    .description('create requests from a CSV file (as exported); all or nothing')
    .argument('<file>', 'CSV file')
    .action((file: string) =>
      run(async (core, o) => {
        const csv = readFileSafely(file);
        if (csv instanceof Error) return reportError(o, { code: 'BAD_INPUT', message: csv.message });
        const r = await core.invoke('requests.importCsv', { csv });
        if (!r.ok) return reportError(o, r.error);
        if (o.json) o.out(JSON.stringify(r.value, null, 2));
        else if (r.value.errors.length) for (const e of r.value.errors) o.err(`${file}:${e.line}: ${e.message}`);
        else o.out(`Imported ${plural(r.value.created, 'request')}.`);
        return r.value.errors.length ? EXIT.problems : EXIT.ok;
      }),
    );

  program
    .command('agencies')
    .description('the agency directory')
    .command('list')
    .description('list agencies and components')
    .action(() =>
      run(async (core, o) =>
        emit(o, await core.invoke('agencies.list', {}), (list) =>
          list.map((a) => `${a.abbreviation.padEnd(10)} ${a.name}${a.parentAbbreviation ? ` (part of ${a.parentAbbreviation})` : ''}`).join('\n'),
        ),
      ),
    );

  program
    .command('calendar')
    .description('deadlines for calendar programs')
    .command('export')
    .description('write the deadlines of open requests as an .ics file')
    .requiredOption('--out <file>', 'file to write, e.g. deadlines.ics')
    .action((opts: { out: string }) =>
      run(async (core, o) => {
        const r = await core.invoke('calendar.exportIcs', {});
        if (!r.ok) return reportError(o, r.error);
        writeFileSafely(opts.out, r.value.ics);
        o.out(o.json ? JSON.stringify({ out: path.resolve(opts.out), count: r.value.count }) : `Wrote ${plural(r.value.count, 'deadline')} to ${opts.out}.`);
        return EXIT.ok;
      }),
    );
}
