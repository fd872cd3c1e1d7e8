/**
 * From a request's timeline to everything derived from it: its status, its
 * clocks (response, expedited decision, appeal window, appeal decision, or the
 * date set in a letter), each with a due date that explains itself.
 * Statuses are never typed in; they are read off the events here.
 */
import { AppError } from '../errors.ts';
import { type Day, formatDay, parseDay } from '../deadlines/dates.ts';
import type { DayOff, WorkCalendar } from '../deadlines/calendar.ts';
import { addSpan, RULE_SPANS, skippedPhrase, type Span } from '../deadlines/rules.ts';
import {
  ADVERSE,
  APPEAL_OUTCOMES,
  DETERMINATIONS,
  AGENCY_EVENTS,
  CLOCK_EVENTS,
  EVENT_LABELS,
  KINDS_WITH_SET_DUE,
  OPEN_STATUSES,
  type AppealOutcome,
  type Determination,
  type EventType,
  type Exemption,
  type RequestKind,
  type Status,
  type TollReason,
} from '../shared/vocabulary.ts';

export interface TimelineEvent {
  id?: number;
  type: EventType;
  date: string;
  reason?: TollReason | null;
  outcome?: Determination | AppealOutcome | null;
  exemptions?: Exemption[];
  statute?: string | null;
  note?: string;
}

export interface ClockFacts {
  kind: RequestKind;
  expeditedRequested: boolean;
  expeditedGranted: boolean | null;
  /** For letters and subpoenas (and state requests): the due date written in the document. */
  dueAt: string | null;
  dueTz: string | null;
  dueAsap: boolean;
}

export type ClockName = 'response' | 'expedited-decision' | 'appeal-window' | 'appeal-decision' | 'set-in-letter';
export interface Clock {
  name: ClockName;
  label: string;
  /** running: counting; paused: stopped by a toll; met: answered by the due date; late: answered after it. */
  state: 'running' | 'paused' | 'met' | 'late';
  due: string | null;
  /** For a late answer: the working days after the due date, up to and including the day of the answer. */
  lateBy?: number;
  explanation: string;
}

export interface Derived {
  status: Status;
  open: boolean;
  clocks: Clock[];
  /** The earliest due date among running clocks. */
  due: string | null;
  /** First day the request was out of the requester's hands (sent, else received). */
  openedOn: string | null;
  appealedEver: boolean;
}

const byDate = (a: TimelineEvent, b: TimelineEvent) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.id ?? 0) - (b.id ?? 0));
const first = (events: TimelineEvent[], type: EventType) => events.find((e) => e.type === type);
const last = (events: TimelineEvent[], type: EventType) => [...events].reverse().find((e) => e.type === type);

/**
 * A request that arrives on a weekend, holiday or closure day: under the
 * statute ('statute', the default) the clock counts working days after
 * receipt, so the next working day is day 1; an agency whose regulations deem
 * such a request received on the next working day ('next-working-day') makes
 * that day day 0. A setting per agency in the directory.
 */
export type ReceiptRule = 'statute' | 'next-working-day';

/** Day 0 of the response clock, and the words saying which rule put it there (empty on a working day). */
function clockStart(receivedOn: Day, calendar: WorkCalendar, rule: ReceiptRule): { start: Day; why: string } {
  if (calendar.isWorkingDay(receivedOn)) return { start: receivedOn, why: '' };
  if (rule === 'statute') return { start: receivedOn, why: 'received on a day off, so the next working day is day 1' };
  const start = calendar.addWorkingDays(receivedOn, 1).day;
  return { start, why: `received on a day off; the agency deems it received on ${formatDay(start)}, day 0` };
}

/**
 * The FOIA response clock: 20 working days from receipt (+10 after an
 * unusual-circumstances notice), not counting days while it was tolled. A toll
 * stops the clock after its day; the day the clock resumes is a new day 0.
 */
export function responseClock(events: TimelineEvent[], calendar: WorkCalendar, rule: ReceiptRule = 'statute'): Clock | null {
  const received = first(events, 'received');
  if (!received) return null;
  const extension = first(events, 'extension');
  const total = RULE_SPANS.foia.days + (extension ? 10 : 0);
  const { start, why } = clockStart(parseDay(received.date), calendar, rule);
  const pauses: { from: Day; to: Day | null; reason: string }[] = [];
  for (const e of events) {
    if (e.type === 'toll') pauses.push({ from: parseDay(e.date), to: null, reason: e.reason === 'fees' ? 'fee question' : 'request for information' });
    if (e.type === 'resume' && pauses.length && pauses.at(-1)!.to === null) pauses.at(-1)!.to = parseDay(e.date);
  }
  const paused = (d: Day) => pauses.some((p) => d > p.from && (p.to === null || d <= p.to));
  const openPause = pauses.find((p) => p.to === null);

  let counted = 0;
  let day = start;
  const skipped: DayOff[] = [];
  const limit = start + 3660; // ten years: a pause that never ends stops the walk
  while (counted < total && day < limit) {
    day++;
    if (openPause && day > openPause.from) break;
    if (paused(day)) continue;
    if (calendar.isWorkingDay(day)) counted++;
    else {
      const off = calendar.dayOff(day);
      if (off) skipped.push(off);
    }
  }
  const pausePhrases = pauses
    .filter((p) => p.to !== null && p.from < day)
    .map((p) => `stopped ${formatDay(p.from)}–${formatDay(p.to!)} for a ${p.reason}`);
  const extra = [why || null, extension ? `+10 for unusual circumstances (notice of ${extension.date})` : null, ...pausePhrases].filter(Boolean);
  const head = `${total} working days from ${received.date}${extra.length ? `, ${extra.join('; ')}` : ''}`;
  const label = extension ? 'Response (extended)' : 'Response';
  if (counted < total && openPause) {
    return {
      name: 'response',
      label,
      state: 'paused',
      due: null,
      explanation: `${head}; clock stopped on ${formatDay(openPause.from)} for a ${openPause.reason} with ${total - counted} working days left${skippedPhrase(skipped)}`,
    };
  }
  return { name: 'response', label, state: 'running', due: formatDay(day), explanation: `${head}${skippedPhrase(skipped)}` };
}

function setInLetter(facts: ClockFacts): Clock | null {
  if (!facts.dueAt && !facts.dueAsap) return null;
  const [date, time] = (facts.dueAt ?? '').split('T');
  const when = facts.dueAt ? `${date}${time ? ` ${time.slice(0, 5)}` : ''}${facts.dueTz ? ` (${facts.dueTz})` : ''}` : '';
  const explanation = facts.dueAsap ? `As soon as possible${when ? `, and no later than ${when}` : ''}, as the letter asks` : `Set in the letter: ${when}`;
  return { name: 'set-in-letter', label: 'Due (set in the letter)', state: 'running', due: date || null, explanation };
}

/**
 * A clock stopped by its answer (a determination, an appeal decision) on `on`:
 * met when that is on or before the due date, otherwise late by the working
 * days after it — an answer after the due date is not a clock met.
 */
function answered(c: Clock, on: string, calendar: WorkCalendar): Clock {
  if (!c.due || on <= c.due) return { ...c, state: 'met', explanation: `${c.explanation}; answered on ${on}` };
  const lateBy = calendar.workingDaysBetween(parseDay(c.due), parseDay(on));
  return { ...c, state: 'late', lateBy, explanation: `${c.explanation}; answered on ${on}, ${lateBy} working day${lateBy === 1 ? '' : 's'} after it was due` };
}

export function deriveStatus(events: TimelineEvent[]): Status {
  const tail = [...events].reverse();
  if (first(events, 'litigation')) return 'in-litigation';
  const appealDecided = tail.find((e) => e.type === 'appeal-decided');
  const appealFiled = tail.find((e) => e.type === 'appeal-filed');
  if (appealFiled && (!appealDecided || byDate(appealDecided, appealFiled) < 0)) return 'appealing';
  // A remand sends the request back to the agency to process again: it is open once more.
  if (appealDecided) return appealDecided.outcome === 'remanded' ? 'remanded' : 'appeal-decided';
  const determination = last(events, 'determination');
  if (determination) {
    const map: Record<Determination, Status> = {
      'full-grant': 'done',
      'partial-grant': 'partially-granted',
      denial: 'rejected',
      'no-records': 'no-records',
      withdrawn: 'withdrawn',
    };
    return map[(determination.outcome as Determination) ?? 'full-grant'];
  }
  const toll = last(events, 'toll');
  const resume = last(events, 'resume');
  if (toll && (!resume || byDate(resume, toll) < 0)) return toll.reason === 'fees' ? 'payment-required' : 'needs-clarification';
  if (first(events, 'interim-production')) return 'partial';
  if (first(events, 'acknowledged')) return 'acknowledged';
  if (first(events, 'sent') || first(events, 'received')) return 'submitted';
  return 'draft';
}

export function deriveRequest(facts: ClockFacts, unsorted: TimelineEvent[], calendar: WorkCalendar, appealWindow: Span, receipt: ReceiptRule = 'statute'): Derived {
  const events = [...unsorted].sort(byDate);
  const status = deriveStatus(events);
  const clocks: Clock[] = [];
  const determination = last(events, 'determination');

  if (KINDS_WITH_SET_DUE.includes(facts.kind) && (facts.dueAt || facts.dueAsap)) {
    const c = setInLetter(facts);
    if (c) clocks.push(determination ? answered(c, determination.date, calendar) : c);
  } else if (facts.kind === 'foia' || facts.kind === 'state-records') {
    const c = responseClock(events, calendar, receipt);
    if (c) clocks.push(determination ? answered(c, determination.date, calendar) : c);
  }

  const received = first(events, 'received');
  if (facts.kind === 'foia' && facts.expeditedRequested && received) {
    const d = addSpan(calendar, parseDay(received.date), RULE_SPANS['expedited-decision']);
    const decided = facts.expeditedGranted !== null || Boolean(determination);
    clocks.push({ name: 'expedited-decision', label: 'Decision on expedited processing', state: decided ? 'met' : 'running', due: d.due, explanation: d.explanation });
  }

  const appealFiled = last(events, 'appeal-filed');
  if (determination && ADVERSE.includes(determination.outcome as Determination) && !(appealFiled && appealFiled.date >= determination.date)) {
    const d = addSpan(calendar, parseDay(determination.date), appealWindow);
    const what = { 'partial-grant': 'partial grant', denial: 'denial', 'no-records': 'no-records response' }[determination.outcome as 'denial'];
    clocks.push({ name: 'appeal-window', label: 'Appeal window closes', state: 'running', due: d.due, explanation: `${d.explanation}: the agency's appeal window after the ${what} of ${determination.date}` });
  }
  if (appealFiled) {
    const decided = events.find((e) => e.type === 'appeal-decided' && e.date >= appealFiled.date);
    const d = addSpan(calendar, parseDay(appealFiled.date), RULE_SPANS['appeal-decision']);
    const c: Clock = { name: 'appeal-decision', label: 'Appeal decision', state: 'running', due: d.due, explanation: d.explanation };
    clocks.push(decided ? answered(c, decided.date, calendar) : c);
  }

  const open = OPEN_STATUSES.includes(status);
  const running = clocks.filter((c) => c.state === 'running' && c.due).map((c) => c.due!).sort();
  const sent = first(events, 'sent') ?? received;
  return { status, open, clocks, due: running[0] ?? null, openedOn: sent?.date ?? null, appealedEver: Boolean(appealFiled) };
}

const fail = (message: string) => new AppError('BAD_INPUT', message);

/**
 * A timeline records what has happened, so a date after today (the user's
 * local day) is refused: taken as fact, it would make a request wait minus
 * days and leave the overdue lists. A letter's due date is not an event and
 * may lie ahead.
 */
export function refuseFutureDate(date: string, today: Day, field = 'date'): void {
  if (parseDay(date, field) > today) {
    throw fail(`${field}: ${date} is after today (${formatDay(today)}); a planned date is not an event, so record it once it has happened.`);
  }
}

/**
 * Check that `next` fits the timeline so far; throws a BAD_INPUT naming the
 * field otherwise. Nothing is written when this throws.
 */
export function checkNewEvent(kind: RequestKind, existing: TimelineEvent[], next: TimelineEvent): void {
  parseDay(next.date, 'date');
  const events = [...existing].sort(byDate);
  const label = EVENT_LABELS[next.type];
  if (CLOCK_EVENTS.includes(next.type) && kind !== 'foia' && kind !== 'state-records') {
    throw fail(`type: "${label}" applies to FOIA and state records requests, not to ${kind === 'subpoena' ? 'a subpoena' : 'an oversight letter'}.`);
  }
  const received = first(events, 'received') ?? (next.type === 'received' ? next : undefined);
  const sent = first(events, 'sent');
  if (next.type === 'received' && first(events, 'received')) throw fail('type: the request already has a date of receipt; correct that event instead.');
  if (next.type === 'sent' && sent) throw fail('type: the request already has a date it was sent; correct that event instead.');
  if (next.type === 'received' && sent && next.date < sent.date) throw fail(`date: the agency cannot have received the request (${next.date}) before it was sent (${sent.date}).`);
  const receivedAlready = first(events, 'received');
  if (next.type === 'sent' && receivedAlready && next.date > receivedAlready.date) {
    throw fail(`date: the request cannot have been sent (${next.date}) after the agency received it (${receivedAlready.date}).`);
  }
  if (AGENCY_EVENTS.includes(next.type)) {
    if (!received) throw fail(`date: record when the agency received the request before "${label}".`);
    if (next.date < received.date) throw fail(`date: ${next.date} is before the agency received the request (${received.date}).`);
  }
  if (next.type === 'received') {
    const earlier = events.find((e) => AGENCY_EVENTS.includes(e.type) && e.date < next.date);
    if (earlier) throw fail(`date: the agency already acted on ${earlier.date} ("${EVENT_LABELS[earlier.type]}"), so it cannot have received the request on ${next.date}.`);
  }
  if (next.type === 'toll') {
    if (!next.reason) throw fail('reason: say why the clock stopped: "information" (the one request for information the law allows) or "fees".');
    const t = last(events, 'toll');
    const r = last(events, 'resume');
    if (t && (!r || byDate(r, t) < 0)) throw fail(`date: the clock is already stopped since ${t.date}; record when it resumed first.`);
    if (next.reason === 'information' && events.some((e) => e.type === 'toll' && e.reason === 'information')) {
      throw fail('reason: the agency may stop the clock only once to ask for information (5 U.S.C. 552(a)(6)(A)(ii)(I)); a later stop is allowed only to clarify fees.');
    }
  } else if (next.reason) {
    throw fail(`reason: only a toll has a reason; "${label}" does not.`);
  }
  if (next.type === 'resume') {
    const t = last(events, 'toll');
    const r = last(events, 'resume');
    if (!t || (r && byDate(r, t) > 0)) throw fail('type: the clock is not stopped, so it cannot resume.');
    if (next.date < t.date) throw fail(`date: the clock cannot resume (${next.date}) before it stopped (${t.date}).`);
  }
  if (next.type === 'extension' && first(events, 'extension')) {
    throw fail('type: the law allows one unusual-circumstances extension of up to 10 working days (5 U.S.C. 552(a)(6)(B)); beyond that the agency must offer to narrow the request.');
  }
  if (next.type === 'determination') {
    if (!next.outcome || !(DETERMINATIONS as readonly string[]).includes(next.outcome)) {
      throw fail(`outcome: a determination needs its outcome: ${DETERMINATIONS.join(', ')}.`);
    }
  } else if (next.type === 'appeal-decided') {
    if (!next.outcome || !(APPEAL_OUTCOMES as readonly string[]).includes(next.outcome)) {
      throw fail(`outcome: an appeal decision needs its outcome: ${APPEAL_OUTCOMES.join(', ')}.`);
    }
    const filed = last(events, 'appeal-filed');
    if (!filed) throw fail('type: record the appeal before its decision.');
    if (next.date < filed.date) throw fail(`date: the appeal cannot be decided (${next.date}) before it was filed (${filed.date}).`);
  } else if (next.outcome) {
    throw fail(`outcome: only a determination or an appeal decision has an outcome; "${label}" does not.`);
  }
  if (next.type === 'appeal-filed') {
    const d = last(events, 'determination');
    if (!d) throw fail('type: an appeal follows a determination; record the determination first.');
    if (next.date < d.date) throw fail(`date: the appeal (${next.date}) cannot come before the determination (${d.date}).`);
  }
  const exemptions = next.exemptions ?? [];
  if (exemptions.length && !(next.type === 'determination' || next.type === 'interim-production' || next.type === 'appeal-decided')) {
    throw fail(`exemptions: exemptions are claimed in a production or a determination, not in "${label}".`);
  }
  if (exemptions.includes('b3') && !next.statute?.trim()) throw fail('statute: exemption (b)(3) must name the statute that bars disclosure.');
  if (!exemptions.includes('b3') && next.statute?.trim()) throw fail('statute: a statute is named only with exemption (b)(3).');
}

const MAX_EVENTS = 1000;

/**
 * Check `next` against the timeline as a whole: first on its own (errors name
 * its fields), then the timeline re-read in date order with it included, so an
 * event dated between others cannot leave it inconsistent. A date after
 * `today` is refused (see refuseFutureDate). An extension or a
 * toll dated after the response was already due is refused: the law wants the
 * notice within the time limit.
 */
export function checkEventInTimeline(kind: RequestKind, existing: TimelineEvent[], next: TimelineEvent, calendar: WorkCalendar, today: Day, receipt: ReceiptRule = 'statute'): void {
  if (existing.length >= MAX_EVENTS) throw fail(`type: a request can hold at most ${MAX_EVENTS} events.`);
  refuseFutureDate(next.date, today);
  checkNewEvent(kind, existing, next);
  replayTimeline(kind, [...existing, next]);
  if ((next.type === 'extension' || next.type === 'toll') && (kind === 'foia' || kind === 'state-records')) {
    const before = [...existing].filter((e) => e.date <= next.date).sort(byDate);
    const clock = responseClock(before, calendar, receipt);
    if (clock?.due && clock.state === 'running' && next.date > clock.due && !first(before, 'determination')) {
      throw fail(`date: the response was already due on ${clock.due}; an ${next.type === 'toll' ? 'agency may stop the clock' : 'extension must be noticed'} only within the time limit.`);
    }
  }
}

/** Check a whole timeline event by event, in date order. */
export function replayTimeline(kind: RequestKind, events: TimelineEvent[]): void {
  const sorted = [...events].sort(byDate);
  const soFar: TimelineEvent[] = [];
  for (const e of sorted) {
    try {
      checkNewEvent(kind, soFar, e);
    } catch (err) {
      throw new AppError('CONFLICT', `That would leave the timeline inconsistent at the ${EVENT_LABELS[e.type].toLowerCase()} of ${e.date}: ${(err as Error).message}`);
    }
    soFar.push(e);
  }
}
