/**
 * An email's date as its sender wrote it. The Date header carries the
 * sender's offset ("Tue, 5 Mar 2024 14:02:00 -0500"); a parsed Date keeps only
 * the instant, so the offset is read from the header itself and kept in the
 * stored ISO string (2024-03-05T14:02:00-05:00). Sorting and filtering use the
 * UTC instant, stored apart as the document's date.
 */

// RFC 5322 §4.3: the obsolete zone names still found in old mail.
const NAMED_ZONES: Record<string, number> = { UT: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

/**
 * Minutes east of UTC written at the end of a Date header, or undefined when
 * it names none ("-0000" means the sender's zone is unknown, RFC 5322 §3.3).
 */
export function headerOffset(header: string): number | undefined {
  const text = header.replace(/\([^)]*\)/g, ' ').trim(); // comments such as "(EST)"
  const numeric = /(?:^|\s)([+-])(\d{2})(\d{2})$/.exec(text);
  if (numeric) {
    const [, sign, hh, mm] = numeric;
    if (sign === '-' && hh === '00' && mm === '00') return undefined;
    const minutes = Number(hh) * 60 + Number(mm);
    return minutes > 14 * 60 || Number(mm) > 59 ? undefined : sign === '-' ? -minutes : minutes;
  }
  const named = /(?:^|\s)([A-Za-z]{1,3})$/.exec(text)?.[1]?.toUpperCase();
  return named === undefined ? undefined : NAMED_ZONES[named];
}

const two = (n: number) => String(n).padStart(2, '0');

/** The instant as wall-clock time at an offset, ISO 8601 with that offset: 2024-03-05T14:02:00-05:00. */
export function isoAtOffset(instant: Date, offsetMinutes: number): string {
  const wall = new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMinutes);
  return `${wall}${offsetMinutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/**
 * An ISO date-time as people read it, at the offset it was written with:
 * "2024-03-05 14:02 −0500" (a true minus sign), or "… UTC" for one stored in UTC.
 */
export function shownDateTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!m) return iso;
  const [, day, time, zone, sign, hh, mm] = m;
  return `${day} ${time} ${zone === 'Z' ? 'UTC' : `${sign === '-' ? '\u2212' : '+'}${hh}${mm}`}`;
}
