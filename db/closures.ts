/** Extra closure days (executive orders, shutdowns): every working-day clock follows them. */
import { prepared } from './prepared.ts';
import type { Database } from 'better-sqlite3';
import type { Writer } from './store.ts';

/** One entry: a single day (`until` = `date`) or a run of days, such as a shutdown, under one name. */
export interface ClosureRow {
  date: string;
  until: string;
  reason: string;
}

// Entries made before ranges existed have no `until`: they are one day.
const COLUMNS = 'date, coalesce(until, date) AS until, reason';

export const listClosures = (db: Database): ClosureRow[] => prepared(db, `SELECT ${COLUMNS} FROM closures ORDER BY date`).all() as ClosureRow[];

/** Entries sharing at least one day with [from, until]. */
export const overlappingClosures = (db: Database, from: string, until: string): ClosureRow[] =>
  prepared(db, `SELECT ${COLUMNS} FROM closures WHERE date <= ? AND coalesce(until, date) >= ? ORDER BY date`).all(until, from) as ClosureRow[];

/** Adds an entry; the caller has checked it overlaps none (the first day is the key). */
export function addClosure(w: Writer, c: ClosureRow): void {
  prepared(w.db, 'INSERT INTO closures (date, until, reason) VALUES (@date, @until, @reason)').run(c);
  w.audit({ action: 'closures.add', entity: 'closure', entityId: c.date, after: c });
}

/** Removes the entry starting on `date` (all of its days). */
export function deleteClosure(w: Writer, date: string): boolean {
  const before = prepared(w.db, `SELECT ${COLUMNS} FROM closures WHERE date = ?`).get(date) as ClosureRow | undefined;
  if (!before) return false;
  prepared(w.db, 'DELETE FROM closures WHERE date = ?').run(date);
  w.audit({ action: 'closures.remove', entity: 'closure', entityId: date, before });
  return true;
}
