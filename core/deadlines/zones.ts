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

/** The zone offices use when nobody has chosen one (Settings → Office time zone). */
export const DEFAULT_OFFICE_ZONE = 'America/New_York';

/** US abbreviations people type for a zone: the fixed offset each really is, and the place they usually mean. */
const US_ZONES: { letter: string; standard: number; zone: string; city: string }[] = [
  { letter: 'E', standard: 5, zone: 'America/New_York', city: 'Washington' },
  { letter: 'C', standard: 6, zone: 'America/Chicago', city: 'Chicago' },
  { letter: 'M', standard: 7, zone: 'America/Denver', city: 'Denver' },
  { letter: 'P', standard: 8, zone: 'America/Los_Angeles', city: 'Los Angeles' },
  { letter: 'AK', standard: 9, zone: 'America/Anchorage', city: 'Anchorage' },
];

const utc = (hours: number) => `UTC−${hours}`;

/**
 * Why a typed zone cannot be used, or null when it can. An abbreviation or a
 * fixed offset ("EST", "PST", "GMT+5", "Etc/GMT+5") is refused rather than
 * converted: "17:00 EST" on a July letter most likely means 17:00 in
 * Washington, which is 18:00 EST, and guessing which the writer meant would
 * move a deadline by an hour without anyone choosing it. Only names of places
 * (America/New_York) follow daylight saving; UTC itself is accepted.
 */
export function zoneProblem(tz: string): string | null {
  const name = tz.trim();
  const upper = name.toUpperCase();
  if (upper === 'UTC' || upper === 'ETC/UTC') return null;
  for (const z of US_ZONES) {
    if (upper === `${z.letter}ST`) {
      return `${name} is a fixed offset (${utc(z.standard)}), not a place's time zone: from March to November ${z.city} is on ${z.letter}DT (${utc(z.standard - 1)}), so 17:00 ${upper} in July is 18:00 in ${z.city}. Use ${z.zone}.`;
    }
    if (upper === `${z.letter}DT`) {
      return `${name} is a fixed offset (${utc(z.standard - 1)}), not a place's time zone: from November to March ${z.city} is on ${z.letter}ST (${utc(z.standard)}), so 17:00 ${upper} in January is 16:00 in ${z.city}. Use ${z.zone}.`;
    }
  }
  if (!name.includes('/') || upper.startsWith('ETC/')) {
    return `${name.slice(0, 64)} is an abbreviation or a fixed offset, not a place's time zone, so it does not follow daylight saving. Use the name of a place, such as ${DEFAULT_OFFICE_ZONE} or Europe/London.`;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return null;
  } catch {
    return `is not a time zone; use the name of a place, such as ${DEFAULT_OFFICE_ZONE}`;
  }
}

/** A usable zone's canonical spelling ("america/new_york" → "America/New_York"). */
export const canonicalZone = (tz: string): string => new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() }).resolvedOptions().timeZone;
