import { Dropdown, Option } from '@fluentui/react-components';
import { useCall } from '../../use-call.ts';

/** Every tag by its path, to pick one to apply (search results, a term report's row). */
export function TagDropdown({ value, onChange, label }: { value: string; onChange(path: string): void; label?: string }) {
  const tags = useCall('tags.list', {});
  return (
    <Dropdown
      {...(label ? { 'aria-label': label } : {})}
      placeholder={tags.data?.tags.length ? 'Choose a tag' : 'No tags yet'}
      value={value}
      selectedOptions={[value]}
      onOptionSelect={(_, d) => onChange(d.optionValue ?? '')}
    >
      {(tags.data?.tags ?? []).map((t) => (
        <Option key={t.id} value={t.path}>
          {t.path}
        </Option>
      ))}
    </Dropdown>
  );
}
