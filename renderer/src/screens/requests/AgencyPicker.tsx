import { useMemo, useState } from 'react';
import { Combobox, Option } from '@fluentui/react-components';
import type { Agency } from '../../../../core/api.ts';

/** Type to filter by abbreviation or name; the value is the abbreviation. */
export function AgencyPicker({ agencies, value, onChange, id }: { agencies: Agency[]; value: string; onChange: (abbr: string) => void; id?: string }) {
  const [query, setQuery] = useState(value);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? agencies.filter((a) => a.abbreviation.toLowerCase().includes(q) || a.name.toLowerCase().includes(q)) : agencies;
    return list.slice(0, 60);
  }, [agencies, query]);
  return (
    <Combobox
      id={id}
      freeform
      placeholder="Type ICE, HHS, Office of Refugee Resettlement…"
      value={query}
      selectedOptions={value ? [value] : []}
      onChange={(e) => {
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
