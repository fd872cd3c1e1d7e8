/**
 * The hint under a field whose length the API limits: "Up to 500 characters"
 * while it is empty, then a count as it fills ("480 / 500 characters"), and
 * how many are too many past the limit. The numbers come from
 * core/shared/field-limits.ts, the same ones the API's schemas refuse by.
 */
const n = (x: number) => x.toLocaleString('en-US');

export function limitHint(value: string, max: number, hint?: string): string {
  const count = value.length === 0 ? `Up to ${n(max)} characters` : `${n(value.length)} / ${n(max)} characters${value.length > max ? ` — ${n(value.length - max)} too many` : ''}`;
  return hint ? `${hint} · ${count}` : count;
}

/** For a field holding a list (comma-separated or one per line) whose every item the API limits. */
export function eachLimitHint(max: number, hint?: string): string {
  const each = `Each up to ${n(max)} characters`;
  return hint ? `${hint} · ${each}` : each;
}
