/** Extra closure days (executive orders, shutdowns): every working-day clock follows them. */
import { prepared } from './prepared.ts';
import type { Database } from 'better-sqlite3';
import type { Writer } from './store.ts';

export interface ClosureRow {
  date: string;
  reason: string;
}

export const listClosures = (db: Database): ClosureRow[] => prepared(db, 'SELECT date, reason FROM closures ORDER BY date').all() as ClosureRow[];

export function putClosure(w: Writer, c: ClosureRow): void {
  const before = prepared(w.db, 'SELECT date, reason FROM closures WHERE date = ?').get(c.date) as ClosureRow | undefined;
  prepared(w.db, 'INSERT INTO closures (date, reason) VALUES (@date, @reason) ON CONFLICT(date) DO UPDATE SET reason = excluded.reason').run(c);
  w.audit({ action: before ? 'closures.update' : 'closures.add', entity: 'closure', entityId: c.date, before, after: c });
}

export function deleteClosure(w: Writer, date: string): boolean {
  const before = prepared(w.db, 'SELECT date, reason FROM closures WHERE date = ?').get(date) as ClosureRow | undefined;
  if (!before) return false;
  prepared(w.db, 'DELETE FROM closures WHERE date = ?').run(date);
  w.audit({ action: 'closures.remove', entity: 'closure', entityId: date, before });
  return true;
}
