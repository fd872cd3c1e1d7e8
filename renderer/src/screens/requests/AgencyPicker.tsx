import { useMemo, useState } from 'react';
import { Combobox, Option } from '@fluentui/react-components';
import type { Agency } from '../../../../core/api.ts';
import { useFirstOptionOnArrowDown } from '../../components/use-first-option.ts';

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

/** Type to filter by abbreviation or name; the value is the abbreviation. */
export function AgencyPicker({ agencies, value, onChange, id }: { agencies: Agency[]; value: string; onChange: (abbr: string) => void; id?: string }) {
  const [query, setQuery] = useState(value);
  const arrow = useFirstOptionOnArrowDown();
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return agencies.slice(0, 60);
    return agencies
      .map((a, i) => ({ a, i, r: rank(a, q) }))
      .filter((x): x is { a: Agency; i: number; r: number } => x.r !== null)
      .sort((x, y) => x.r - y.r || x.i - y.i)
      .slice(0, 60)
      .map((x) => x.a);
  }, [agencies, query]);

  return (
    <Combobox
      id={id}
      freeform
      placeholder="Type ICE, HHS, Office of Refugee Resettlement…"
      value={query}
      selectedOptions={value ? [value] : []}
      // The chevron opens the list for a mouse; from the keyboard Alt+↓ does that, so Tab goes
      // straight on to the next field instead of stopping on it (where typing went to the agency).
      expandIcon={{ tabIndex: -1 }}
      onKeyDownCapture={arrow.onKeyDownCapture}
      onChange={(e) => {
        arrow.typed();
        setQuery(e.target.value);
        onChange(e.target.value);
      }}
      onOptionSelect={(_, d) => {
        setQuery(d.optionValue ?? '');
        onChange(d.optionValue ?? '');
      }}
    >
      {shown.map((a) => (
        <Option key={a.id} value={a.abbreviation} text={a.abbreviation}>
          {`${a.abbreviation} — ${a.name}`}
        </Option>
      ))}
    </Combobox>
  );
}
