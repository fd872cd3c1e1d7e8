/**
 * Dates as load files write them: 03/14/2024, 3/14/2024 2:05 PM, 2024-03-14,
 * 20240314, 2024-03-14T14:05:00Z, with the time sometimes in a field of its
 * own (TimeSent). Load files seldom name a time zone; a date without one is
 * read as UTC, so the day shown is the day written.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function readTime(t: string): { h: number; m: number; s: number } | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp]\.?[Mm]\.?)?$/.exec(t.trim());
  if (!m) return null;
  let h = Number(m[1]);
  const ampm = m[4]?.[0]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === 'p' ? 12 : 0);
  }
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0);
  return h < 24 && min < 60 && s < 60 ? { h, m: min, s } : null;
}

function readDay(d: string): { y: number; mo: number; da: number } | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(d) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(d) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(d);
  let y: number, mo: number, da: number;
  if (m) [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    // US order, as the load files of US productions write it.
    m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(d);
    if (!m) return null;
    [mo, da, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 100) y += y < 70 ? 2000 : 1900;
  }
  const t = new Date(Date.UTC(y, mo - 1, da));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === da ? { y, mo, da } : null;
}

/** An ISO instant for a load file's date (and time, when given apart); null when it is not a date. */
export function loadFileDate(date: string | undefined, time?: string): string | null {
  const text = date?.trim();
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const t = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
    return Number.isNaN(t.getTime()) ? null : t.toISOString();
  }
  const [dayPart, ...rest] = text.split(/\s+/);
  const day = readDay(dayPart!);
  if (!day) return null;
  const clock = rest.length ? readTime(rest.join(' ')) : time?.trim() ? readTime(time) : { h: 0, m: 0, s: 0 };
  const { h, m, s } = clock ?? { h: 0, m: 0, s: 0 };
  return `${pad(day.y, 4)}-${pad(day.mo)}-${pad(day.da)}T${pad(h)}:${pad(m)}:${pad(s)}.000Z`;
}
