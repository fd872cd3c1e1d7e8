import { Dropdown, Field, Option } from '@fluentui/react-components';
import { TAG_SHORTCUT_KEYS } from '../../../../core/shared/vocabulary.ts';

/** A tag's colour and keyboard-review key, as the new-tag form and the edit dialog both ask for them; `taken` are other tags' keys. */
export function TagLookFields(p: { color: string; onColor(c: string): void; shortcut: string; onShortcut(k: string): void; taken: Set<string | null>; colorClassName?: string }) {
  return (
    <>
      <Field label="Colour">
        {/* Fluent has no colour input; the native one, labelled here (Field labels only its own inputs). */}
        <input className={p.colorClassName} type="color" aria-label="Colour" value={p.color} onChange={(e) => p.onColor(e.target.value)} />
      </Field>
      <Field label="Shortcut key">
        <Dropdown value={p.shortcut || 'none'} selectedOptions={[p.shortcut]} onOptionSelect={(_, d) => p.onShortcut(d.optionValue ?? '')}>
          <Option value="">none</Option>
          {TAG_SHORTCUT_KEYS.filter((k) => !p.taken.has(k)).map((k) => (
            <Option key={k} value={k}>
              {k}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </>
  );
}
