import { foldedTracking } from '../dialect.ts';
import type { Migration } from './types.ts';

/** A number folded (spaces trimmed, A–Z as a–z), the expression the index covers and trackingOwner compares. */
const FOLD = { sqlite: foldedTracking('sqlite', 'number'), pg: foldedTracking('postgres', 'number') };
const foldedClash = (fold: string) => `SELECT 1 FROM tracking_numbers GROUP BY agency_id, ${fold} HAVING count(*) > 1 LIMIT 1`;
const foldedIndex = (clashing: boolean, fold: string) => `CREATE ${clashing ? '' : 'UNIQUE '}INDEX tracking_numbers_folded ON tracking_numbers(agency_id, ${fold})`;
const CLOSURE_RANGES = ['ALTER TABLE closures ADD COLUMN until TEXT', 'UPDATE closures SET until = date'];

/**
 * Tracking numbers are one per agency regardless of case and surrounding
 * spaces ("2026-ICFO-001" and " 2026-icfo-001 " are the same number), and a
 * closure may span a range of days (a 35-day shutdown is one entry).
 *
 * Tracking: the rule is enforced in code (db/requests.ts trackingOwner), so
 * that an old workspace which already holds two numbers differing only in case
 * still opens. The index on the folded number is UNIQUE only where no such
 * pair exists; elsewhere it is a plain index that keeps the lookup fast, and
 * the pair stays as it was for the user to sort out. Stored numbers are
 * trimmed unless trimming one would collide with another.
 *
 * Closures: `until` is the last day of the entry (the same as `date` for a
 * single day); `date` stays the key, the first day.
 */
export const m0014: Migration = {
  version: 14,
  name: 'tracking numbers folded, closure ranges',
  up(db) {
    db.exec("UPDATE OR IGNORE tracking_numbers SET number = trim(number) WHERE number != trim(number)");
    const clashing = db.prepare(foldedClash(FOLD.sqlite)).get() !== undefined;
    db.exec(foldedIndex(clashing, FOLD.sqlite));

    for (const sql of CLOSURE_RANGES) db.exec(sql);
  },
  async pg(tx) {
    // PostgreSQL has no UPDATE OR IGNORE: a number whose trimmed form is taken stays as it is.
    // (A PostgreSQL workspace starts at a later schema with no numbers yet; the step is here so
    // the one list reads the same on both engines.)
    await tx.exec(`
      UPDATE tracking_numbers t SET number = trim(t.number)
       WHERE t.number != trim(t.number)
         AND NOT EXISTS (SELECT 1 FROM tracking_numbers o WHERE o.agency_id = t.agency_id AND o.number = trim(t.number))`);
    await tx.exec(foldedIndex((await tx.get(foldedClash(FOLD.pg))) !== undefined, FOLD.pg));
    for (const sql of CLOSURE_RANGES) await tx.exec(sql);
  },
};
