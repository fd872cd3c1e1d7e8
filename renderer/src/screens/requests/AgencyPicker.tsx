import type { Agency } from '../../../../core/api.ts';
import { FilterCombobox } from '../../components/FilterCombobox.tsx';

/**
 * How well an agency answers what was typed, best first: the exact abbreviation ("ICE" is ICE,
 * not USMS whose name holds "serv-ice"), then an abbreviation or name that starts with it, then
 * one that merely contains it. Null when it does not match at all.
 */
function rank(a: Agency, q: string): number | null {
  const abbr = a.abbreviation.toLowerCase();
  const name = a.name.toLowerCase();
  if (abbr === q) return 0;
  if (abbr.startsWith(q)) return 1;
  if (name.startsWith(q)) return 2;
  if (abbr.includes(q)) return 3;
  if (name.includes(q)) return 4;
  return null;
}

const key = (a: Agency) => a.id;
const abbreviation = (a: Agency) => a.abbreviation;
const label = (a: Agency) => `${a.abbreviation} — ${a.name}`;

/** Type to filter by abbreviation or name; the value is the abbreviation. */
export function AgencyPicker({ agencies, value, onChange, id }: { agencies: Agency[]; value: string; onChange: (abbr: string) => void; id?: string }) {
  return (
    <FilterCombobox
      id={id}
      items={agencies}
      rank={rank}
      keyOf={key}
      valueOf={abbreviation}
      labelOf={label}
      value={value}
      onChange={onChange}
      placeholder="Type ICE, HHS, Office of Refugee Resettlement…"
    />
  );
}
