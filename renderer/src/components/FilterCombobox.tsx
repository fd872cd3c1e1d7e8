import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Combobox, Option } from '@fluentui/react-components';

/** At most this many options are offered at once; typing narrows the rest. */
const SHOWN = 60;

export interface FilterComboboxProps<T> {
  items: readonly T[];
  /** How well an item answers the typed text (lower case, trimmed), best first; null when it does not. */
  rank: (item: T, query: string) => number | null;
  keyOf: (item: T) => string | number;
  /** What the field holds once the item is chosen. */
  valueOf: (item: T) => string;
  /** What the option reads as in the list. */
  labelOf: (item: T) => string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  id?: string;
}

/**
 * A typed-into, filtered list (the agency picker, the zone picker). Typed text
 * is passed on as it is, so the core judges anything the list does not hold
 * and says what is wrong with it. Until something is typed the list offers the
 * first items, the chosen one first, rather than only the chosen one.
 */
export function FilterCombobox<T>({ items, rank, keyOf, valueOf, labelOf, value, onChange, placeholder, id }: FilterComboboxProps<T>) {
  const [query, setQuery] = useState(value);
  const [filtering, setFiltering] = useState(false);
  const typedSince = useRef(false);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !filtering) {
      const chosen = items.find((i) => valueOf(i) === value);
      return (chosen ? [chosen, ...items.filter((i) => i !== chosen)] : items).slice(0, SHOWN);
    }
    return items
      .map((item, i) => ({ item, i, r: rank(item, q) }))
      .filter((x): x is { item: T; i: number; r: number } => x.r !== null)
      .sort((x, y) => x.r - y.r || x.i - y.i)
      .slice(0, SHOWN)
      .map((x) => x.item);
  }, [items, rank, valueOf, query, filtering, value]);

  // Typing highlights the first option the text begins with, and ↓ would then step past it to the
  // second (ICE ↓ Enter picked USMS). After typing, ↓ lands on the first — best — option instead.
  function onKeyDownCapture(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key !== 'ArrowDown' || e.altKey || !typedSince.current) return;
    typedSince.current = false;
    const input = e.currentTarget;
    const list = document.getElementById(input.getAttribute('aria-controls') ?? '');
    const first = list?.querySelector('[role="option"]');
    if (first && first.id === input.getAttribute('aria-activedescendant')) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  return (
    <Combobox
      id={id}
      freeform
      placeholder={placeholder}
      value={query}
      selectedOptions={value ? [value] : []}
      // The chevron opens the list for a mouse; from the keyboard Alt+↓ does that, so Tab goes
      // straight on to the next field instead of stopping on it (where typing went to the list).
      expandIcon={{ tabIndex: -1 }}
      onKeyDownCapture={onKeyDownCapture}
      onChange={(e) => {
        typedSince.current = true;
        setFiltering(true);
        setQuery(e.target.value);
        onChange(e.target.value);
      }}
      onOptionSelect={(_, d) => {
        if (d.optionValue === undefined) return;
        setQuery(d.optionValue);
        setFiltering(false);
        onChange(d.optionValue);
      }}
    >
      {shown.map((item) => (
        <Option key={keyOf(item)} value={valueOf(item)} text={valueOf(item)}>
          {labelOf(item)}
        </Option>
      ))}
    </Combobox>
  );
}
