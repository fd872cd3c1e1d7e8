/**
 * Deadlines as an iCalendar file (RFC 5545) that Outlook, Google Calendar and
 * Apple Calendar import: all-day events for statutory clocks, timed events (in
 * UTC) for letters that set an hour, each with a reminder the day before.
 */
import type { RequestDetail } from '../api.ts';
import { KIND_LABELS } from '../shared/vocabulary.ts';
import { zonedToUtc } from '../deadlines/zones.ts';
import { dayAfter } from '../deadlines/dates.ts';

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

/** Lines longer than 75 octets are folded: CRLF and a space (RFC 5545 3.1). */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--; // never split a UTF-8 character
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function requestsToIcs(list: RequestDetail[], now: Date): { ics: string; count: number } {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Sunshine//Records requests//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:Sunshine deadlines'];
  let count = 0;
  for (const r of list) {
    for (const c of r.clocks) {
      if (c.state !== 'running' || !c.due) continue;
      count++;
      const timed = c.name === 'set-in-letter' && r.dueAt?.includes('T');
      // With a zone: an exact instant in UTC. Without: floating local time, as the letter wrote it.
      const start = timed && r.dueTz ? stamp(zonedToUtc(r.dueAt!, r.dueTz)) : timed ? `${r.dueAt!.replace(/[-:]/g, '')}00` : null;
      const end = timed && r.dueTz ? stamp(new Date(zonedToUtc(r.dueAt!, r.dueTz).getTime() + 30 * 60_000)) : start;
      const day = c.due.replace(/-/g, '');
      const nextDay = dayAfter(c.due).replace(/-/g, '');
      lines.push(
        'BEGIN:VEVENT',
        `UID:${r.reference}-${c.name}@sunshine`,
        `DTSTAMP:${stamp(now)}`,
        ...(start ? [`DTSTART:${start}`, `DTEND:${end}`] : [`DTSTART;VALUE=DATE:${day}`, `DTEND;VALUE=DATE:${nextDay}`]),
        `SUMMARY:${escape(`${r.reference} ${c.label} — ${r.agency.abbreviation}: ${r.subject}`)}`,
        `DESCRIPTION:${escape(`${KIND_LABELS[r.kind]} to ${r.agency.name}.\n${c.explanation}.${r.trackingNumbers ? `\nTracking: ${r.trackingNumbers}` : ''}`)}`,
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `DESCRIPTION:${escape(`${r.reference} due tomorrow`)}`,
        'TRIGGER:-P1D',
        'END:VALARM',
        'END:VEVENT',
      );
    }
  }
  lines.push('END:VCALENDAR');
  return { ics: `${lines.map(fold).join('\r\n')}\r\n`, count };
}
