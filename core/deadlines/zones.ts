/** Wall-clock times in named time zones (a letter due 17:00 America/New_York). */

/** How far `tz`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(instant / 1000) * 1000;
}

/** The UTC instant of a wall-clock time (YYYY-MM-DDTHH:MM) in an IANA time zone. */
export function zonedToUtc(localDateTime: string, timeZone: string): Date {
  const naive = Date.parse(`${localDateTime}:00Z`);
  const first = naive - offsetAt(naive, timeZone);
  // Near a daylight-saving change the offset at the answer can differ from the first guess's.
  return new Date(naive - offsetAt(first, timeZone));
}
