/**
 * Requests to and from CSV. The export carries everything needed to rebuild a
 * request — fields, tracking numbers and the whole timeline (as JSON) — plus
 * derived columns (status, due, age…) for spreadsheets; import ignores those.
 */
import { z } from 'zod';
import { requestCreateInput, type RequestDetail } from '../api.ts';
import { readCsvTable, toCsv } from '../csv.ts';
import { describeZodError } from '../human-errors.ts';
import { APPEAL_OUTCOMES, DETERMINATIONS, EVENT_TYPES, EXEMPTIONS, TOLL_REASONS, TRACKING_KINDS } from '../shared/vocabulary.ts';

export const REQUEST_CSV_COLUMNS = [
  'reference', 'kind', 'agency', 'subject', 'records_sought', 'records_from', 'records_to', 'tracking_numbers',
  'requester', 'assignee', 'priority', 'expedited_requested', 'expedited_granted', 'fee_waiver_requested',
  'fee_waiver_granted', 'fee_category', 'fee_estimate', 'fee_paid', 'due_at', 'due_tz', 'due_asap', 'notes', 'events',
  // derived, for reading; ignored on import
  'status', 'due', 'days_until_due', 'overdue', 'opened_on', 'days_waiting', 'appealed_ever',
] as const;

const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/** "agency ICE-2026-001; appeal A-7 (DOJ)": the agency in brackets when it is not the request's own. */
export function trackingCell(d: Pick<RequestDetail, 'tracking' | 'agency'>): string {
  return d.tracking.map((t) => `${t.kind} ${t.number}${t.agency === d.agency.abbreviation ? '' : ` (${t.agency})`}`).join('; ');
}

export function requestsToCsv(list: RequestDetail[]): string {
  return toCsv(
    REQUEST_CSV_COLUMNS,
    list.map((d) => [
      d.reference, d.kind, d.agency.abbreviation, d.subject, d.recordsSought, d.recordsFrom, d.recordsTo, trackingCell(d),
      d.requester, d.assignee, d.priority, yesNo(d.expeditedRequested), yesNo(d.expeditedGranted), yesNo(d.feeWaiverRequested),
      yesNo(d.feeWaiverGranted), d.feeCategory, d.feeEstimate?.toFixed(2), d.feePaid?.toFixed(2), d.dueAt, d.dueTz, yesNo(d.dueAsap), d.notes,
      JSON.stringify(d.events.map(({ id: _id, ...e }) => e)),
      d.status, d.due, d.daysUntilDue, yesNo(d.overdue), d.openedOn, d.daysWaiting, yesNo(d.appealedEver),
    ]),
  );
}

const eventsCell = z
  .array(
    z
      .object({
        type: z.enum(EVENT_TYPES),
        date: z.string().max(10),
        reason: z.enum(TOLL_REASONS).nullable().default(null),
        outcome: z.enum([...DETERMINATIONS, ...APPEAL_OUTCOMES]).nullable().default(null),
        exemptions: z.array(z.enum(EXEMPTIONS)).max(EXEMPTIONS.length).default([]),
        statute: z.string().max(300).nullable().default(null),
        note: z.string().max(10_000).default(''),
      })
      .strict(),
  )
  .max(1000, 'a request can hold at most 1000 events');

/** References Sunshine hands out; an import may keep one only if it has this shape. */
const REFERENCE = /^REQ-\d{4}-\d{1,6}$/;

export interface ImportedRequest {
  line: number;
  reference: string | null;
  input: z.output<typeof requestCreateInput>;
  events: z.output<typeof eventsCell>;
}

function parseTracking(cellText: string) {
  if (!cellText) return [];
  return cellText.split(';').map((part) => {
    // "(CBP)" at the end names another agency only when it looks like an abbreviation,
    // so a number such as "FOIA-1 (2)" survives the round trip.
    const m = /^\s*(\S+)\s+(.+?)(?:\s+\(([A-Za-z][A-Za-z0-9&.-]{1,39})\))?\s*$/.exec(part);
    if (!m || !(TRACKING_KINDS as readonly string[]).includes(m[1]!)) {
      throw new Error(`tracking_numbers: "${part.trim()}" should read "KIND NUMBER" or "KIND NUMBER (AGENCY)", KIND one of ${TRACKING_KINDS.join(', ')}`);
    }
    return { kind: m[1], number: m[2], ...(m[3] ? { agency: m[3] } : {}) };
  });
}

const bool = (s: string, col: string): boolean | null => {
  if (s === '') return null;
  if (/^(yes|true|1|y)$/i.test(s)) return true;
  if (/^(no|false|0|n)$/i.test(s)) return false;
  throw new Error(`${col}: "${s}" should be yes or no`);
};
const num = (s: string, col: string): number | null => {
  if (s === '') return null;
  const n = Number(s.replace(/^\$/, '').replace(/,/g, ''));
  if (!Number.isFinite(n)) throw new Error(`${col}: "${s}" is not an amount`);
  return n;
};

/** Parse and validate every row; errors carry their line. Nothing is written here. */
export function parseRequestsCsv(text: string): { rows: ImportedRequest[]; errors: { line: number; message: string }[] } {
  const table = readCsvTable(text, REQUEST_CSV_COLUMNS, ['kind', 'agency', 'subject']);
  const rows: ImportedRequest[] = [];
  const errors: { line: number; message: string }[] = [];
  for (const r of table) {
    try {
      const raw = {
        kind: r.get('kind'),
        agency: r.get('agency'),
        subject: r.get('subject'),
        recordsSought: r.get('records_sought'),
        recordsFrom: r.get('records_from') || null,
        recordsTo: r.get('records_to') || null,
        trackingNumbers: parseTracking(r.get('tracking_numbers')),
        requester: r.get('requester'),
        assignee: r.get('assignee'),
        priority: r.get('priority') || 'normal',
        expeditedRequested: bool(r.get('expedited_requested'), 'expedited_requested') ?? false,
        expeditedGranted: bool(r.get('expedited_granted'), 'expedited_granted'),
        feeWaiverRequested: bool(r.get('fee_waiver_requested'), 'fee_waiver_requested') ?? false,
        feeWaiverGranted: bool(r.get('fee_waiver_granted'), 'fee_waiver_granted'),
        feeCategory: r.get('fee_category') || null,
        feeEstimate: num(r.get('fee_estimate'), 'fee_estimate'),
        feePaid: num(r.get('fee_paid'), 'fee_paid'),
        dueAt: r.get('due_at') || null,
        dueTz: r.get('due_tz') || null,
        dueAsap: bool(r.get('due_asap'), 'due_asap') ?? false,
        notes: r.get('notes'),
      };
      const input = requestCreateInput.safeParse(raw);
      if (!input.success) throw new Error(describeZodError(input.error));
      let events: z.output<typeof eventsCell> = [];
      const ev = r.get('events');
      if (ev) {
        let json: unknown;
        try {
          json = JSON.parse(ev);
        } catch {
          throw new Error('events: not valid JSON (as written by Sunshine’s export)');
        }
        const parsed = eventsCell.safeParse(json);
        if (!parsed.success) throw new Error(`events: ${describeZodError(parsed.error)}`);
        events = parsed.data;
      }
      const reference = r.get('reference') || null;
      if (reference && !REFERENCE.test(reference)) throw new Error(`reference: "${reference.slice(0, 40)}" is not a Sunshine reference (REQ-YYYY-NNNN); leave it empty to get a new one`);
      rows.push({ line: r.line, reference, input: input.data, events });
    } catch (e) {
      errors.push({ line: r.line, message: (e as Error).message });
    }
  }
  return { rows, errors };
}
