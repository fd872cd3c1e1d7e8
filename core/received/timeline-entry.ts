/**
 * A received production on its request's timeline: an interim production of
 * the day it came in, noted with its volume, range and counts — added by the
 * same rules as an event a user adds, so the request's status and clocks follow.
 */
import type { Writer } from '../../db/store.ts';
import { getAgency } from '../../db/agencies.ts';
import { eventsOf, getRequestById, insertEvent } from '../../db/requests.ts';
import { formatDay, type Day } from '../deadlines/dates.ts';
import { checkEventInTimeline, type TimelineEvent } from '../requests/timeline.ts';
import { calendarFor, receiptRuleOf, refreshDerived, timelineOf } from '../requests/service.ts';
import type { RequestKind } from '../shared/vocabulary.ts';

const n = (x: number) => x.toLocaleString('en-US');

/** "Production ICE VOL003 received: ICE-0004001–ICE-0009876, 1,204 documents, 5,876 pages". */
export function productionLine(p: { party: string; volume: string; first: string | null; last: string | null; documents: number; pages: number }): string {
  const range = p.first ? `${p.first}${p.last && p.last !== p.first ? `–${p.last}` : ''}, ` : '';
  return `Production ${p.party} ${p.volume} received: ${range}${n(p.documents)} document${p.documents === 1 ? '' : 's'}, ${n(p.pages)} page${p.pages === 1 ? '' : 's'}`;
}

/** Adds the entry; returns null, or why the request's timeline does not take it (the production is kept either way). */
export async function addToTimeline(w: Writer, requestId: number, line: string, today: Day): Promise<string | null> {
  const row = await getRequestById(w, requestId);
  if (!row) return 'the request is gone';
  const event: TimelineEvent = { type: 'interim-production', date: formatDay(today), note: line, exemptions: [] };
  const calendar = await calendarFor(w);
  try {
    checkEventInTimeline(row.kind as RequestKind, timelineOf(await eventsOf(w, row.id)), event, calendar, today, receiptRuleOf((await getAgency(w, row.agency_id))!));
  } catch (e) {
    return (e as Error).message.replace(/^type: /, '');
  }
  await insertEvent(w, row.id, row.reference, { type: 'interim-production', date: event.date, reason: null, outcome: null, exemptions: [], statute: null, note: line });
  await refreshDerived(w, row.id, calendar);
  return null;
}
