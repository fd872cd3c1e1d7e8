/**
 * Named counters (the `counters` table) that hand out reference numbers: REQ-YYYY-NNNN,
 * DIS-YYYY-NNNN. Each change is one upsert both engines accept (docs/engines.md §2.5): on
 * PostgreSQL the row lock it takes makes two claimers get different values even without the
 * workspace's writer lock.
 */
import type { Runner } from './engine.ts';

const CLAIM = 'INSERT INTO counters (name, value) VALUES (@name, @first) ON CONFLICT(name) DO UPDATE SET value = counters.value + 1 RETURNING value';

// SQLite has no greatest() and PostgreSQL's max() is only an aggregate: CASE says it for both.
const RAISE =
  'INSERT INTO counters (name, value) VALUES (@name, @value) ON CONFLICT(name) DO UPDATE SET value = CASE WHEN excluded.value > counters.value THEN excluded.value ELSE counters.value END';

/**
 * The counter's next value. A counter not yet kept starts at `first()`, asked only then (it may
 * scan); should another claimer create it meanwhile, the upsert still moves past that one's value.
 */
export async function claimCounter(w: Runner, name: string, first: () => Promise<number>): Promise<number> {
  const kept = (await w.get('SELECT 1 FROM counters WHERE name = ?', [name])) !== undefined;
  return (await w.get<{ value: number }>(CLAIM, { name, first: kept ? 0 : await first() }))!.value;
}


/** Make sure the counter never hands out `value` or less again. */
export async function raiseCounter(w: Runner, name: string, value: number): Promise<void> {
  await w.run(RAISE, { name, value });
}

/** The SQL texts, for the test that runs them on PostgreSQL too. */
export const COUNTER_SQL = { CLAIM, RAISE } as const;
