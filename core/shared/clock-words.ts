/**
 * How a deadline clock's state reads, in one wording for the request page and
 * `sunshine requests show`: an answer after the due date is not "met".
 */
export function clockStateWords(c: { state: 'running' | 'paused' | 'met' | 'late'; lateBy?: number }): string {
  if (c.state !== 'late') return c.state;
  const n = c.lateBy ?? 0;
  // An answer on a weekend or holiday just after the due date is late by no working day, but still late.
  return n === 0 ? 'answered late, on a day off after the due date' : `answered late, by ${n} working day${n === 1 ? '' : 's'}`;
}
