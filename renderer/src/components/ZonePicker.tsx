import { useMemo, useState } from 'react';
import { Combobox, Option } from '@fluentui/react-components';
import { useFirstOptionOnArrowDown } from './use-first-option.ts';

/** The zones US offices meet most, offered first before anything is typed. */
const COMMON = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'UTC'];

/** Every place's zone this browser knows (IANA names), the common ones first. */
const ZONES: string[] = (() => {
  const all = Intl.supportedValuesOf('timeZone');
  return [...COMMON, ...all.filter((z) => !COMMON.includes(z))];
})();

/** How well a zone answers what was typed (spaces count as underscores: "new york"), best first; null when it does not. */
function rank(zone: string, q: string): number | null {
  const z = zone.toLowerCase();
  const city = z.slice(z.lastIndexOf('/') + 1);
  if (z === q || city === q) return 0;
  if (city.startsWith(q)) return 1;
  if (z.startsWith(q)) return 2;
  if (z.includes(q)) return 3;
  return null;
}

/**
 * A time zone by the name of a place: type to filter ("new york", "chicago"),
 * ↓ and Enter to choose. Typed text is passed on as it is, so a zone the list
 * does not hold is still judged (and, if it is an abbreviation such as EST,
 * explained) by the core rather than silently dropped.
 */
export function ZonePicker({ value, onChange, id }: { value: string; onChange: (zone: string) => void; id?: string }) {
  const [query, setQuery] = useState(value);
  const [filtering, setFiltering] = useState(false);
  const arrow = useFirstOptionOnArrowDown();
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase().replace(/\s+/g, '_');
    // Until something new is typed the list offers the usual zones, not only the one chosen.
    if (!q || !filtering) return (ZONES.includes(value) ? [value, ...ZONES.filter((z) => z !== value)] : ZONES).slice(0, 60);
    return ZONES.map((z, i) => ({ z, i, r: rank(z, q) }))
      .filter((x): x is { z: string; i: number; r: number } => x.r !== null)
      .sort((x, y) => x.r - y.r || x.i - y.i)
      .slice(0, 60)
      .map((x) => x.z);
  }, [query, filtering, value]);

  return (
    <Combobox
      id={id}
      freeform
      placeholder="Type a city: New York, Chicago, Los Angeles…"
      value={query}
      selectedOptions={value ? [value] : []}
      expandIcon={{ tabIndex: -1 }}
      onKeyDownCapture={arrow.onKeyDownCapture}
      onChange={(e) => {
        arrow.typed();
        setFiltering(true);
        setQuery(e.target.value);
        onChange(e.target.value);
      }}
      onOptionSelect={(_, d) => {
        if (!d.optionValue) return;
        setQuery(d.optionValue);
        setFiltering(false);
        onChange(d.optionValue);
      }}
    >
      {shown.map((z) => (
        <Option key={z} value={z}>
          {z}
        </Option>
      ))}
    </Combobox>
  );
}
