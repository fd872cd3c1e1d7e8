/** Extra closure days (executive orders, shutdowns): every working-day clock follows them. */
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

/** One entry: a single day (`until` = `date`) or a run of days, such as a shutdown, under one name. */
export interface ClosureRow {
  date: string;
  until: string;
  reason: string;
}

// Entries made before ranges existed have no `until`: they are one day.
const COLUMNS = 'date, coalesce(until, date) AS until, reason';

export async function listClosures(q: Reader): Promise<ClosureRow[]> {
  return q.all<ClosureRow>(`SELECT ${COLUMNS} FROM closures ORDER BY date`);
}

/** Entries sharing at least one day with [from, until]. */
export async function overlappingClosures(q: Reader, from: string, until: string): Promise<ClosureRow[]> {
  return q.all<ClosureRow>(`SELECT ${COLUMNS} FROM closures WHERE date <= ? AND coalesce(until, date) >= ? ORDER BY date`, [until, from]);
}

/** Adds an entry; the caller has checked it overlaps none (the first day is the key). */
export async function addClosure(w: Writer, c: ClosureRow): Promise<void> {
  await w.run('INSERT INTO closures (date, until, reason) VALUES (@date, @until, @reason)', { ...c });
  await w.audit({ action: 'closures.add', entity: 'closure', entityId: c.date, after: c });
}

/** Removes the entry starting on `date` (all of its days). */
export async function deleteClosure(w: Writer, date: string): Promise<boolean> {
  const before = await w.get<ClosureRow>(`SELECT ${COLUMNS} FROM closures WHERE date = ?`, [date]);
  if (!before) return false;
  await w.run('DELETE FROM closures WHERE date = ?', [date]);
  await w.audit({ action: 'closures.remove', entity: 'closure', entityId: date, before });
  return true;
}
