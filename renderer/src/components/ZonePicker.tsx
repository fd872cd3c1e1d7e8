import { FilterCombobox } from './FilterCombobox.tsx';

/** The zones US offices meet most, offered first before anything is typed. */
const COMMON = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'UTC'];

/** Every place's zone this browser knows (IANA names), the common ones first. */
const ZONES: string[] = [...COMMON, ...Intl.supportedValuesOf('timeZone').filter((z) => !COMMON.includes(z))];

/** How well a zone answers what was typed (spaces count as underscores: "new york"), best first; null when it does not. */
function rank(zone: string, typed: string): number | null {
  const q = typed.replace(/\s+/g, '_');
  const z = zone.toLowerCase();
  const city = z.slice(z.lastIndexOf('/') + 1);
  if (z === q || city === q) return 0;
  if (city.startsWith(q)) return 1;
  if (z.startsWith(q)) return 2;
  if (z.includes(q)) return 3;
  return null;
}

const itself = (z: string) => z;

/**
 * A time zone by the name of a place: type to filter ("new york", "chicago"),
 * ↓ and Enter to choose. An abbreviation typed anyway (EST) reaches the core,
 * which refuses it and says which place to use.
 */
export function ZonePicker({ value, onChange, id }: { value: string; onChange: (zone: string) => void; id?: string }) {
  return (
    <FilterCombobox
      id={id}
      items={ZONES}
      rank={rank}
      keyOf={itself}
      valueOf={itself}
      labelOf={itself}
      value={value}
      onChange={onChange}
      placeholder="Type a city: New York, Chicago, Los Angeles…"
    />
  );
}
