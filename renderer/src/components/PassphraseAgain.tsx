/**
 * A passphrase being set is typed twice: it seals every source and cannot be
 * recovered, so a slip of the finger would lock them away. One field and one
 * rule for every place a passphrase is set (the first source, a change).
 */
import { Field, Input } from '@fluentui/react-components';

/** Typed again and not the same (nothing typed yet is not a mismatch). */
export const passphrasesDiffer = (first: string, again: string) => again !== '' && again !== first;

export function PassphraseAgain({ label, of, first, value, onChange, className }: { label: string; of: string; first: string; value: string; onChange(v: string): void; className?: string }) {
  const mismatch = passphrasesDiffer(first, value);
  return (
    <Field label={label} required className={className} validationState={mismatch ? 'error' : 'none'} validationMessage={mismatch ? `This is not the same as the ${of}.` : undefined}>
      <Input type="password" value={value} onChange={(_, d) => onChange(d.value)} autoComplete="new-password" />
    </Field>
  );
}
