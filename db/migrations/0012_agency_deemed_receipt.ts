import type { Migration } from './types.ts';


/**
 * Per agency: whether its regulations deem a request that arrives on a
 * weekend or holiday received on the next working day (that day is then day 0
 * of the response clock). Off by default: the statute counts working days
 * after receipt, so the next working day is day 1.
 */
export const m0012: Migration = {
  version: 12,
  name: 'agency deemed receipt',
  up(db) {
    db.exec('ALTER TABLE agencies ADD COLUMN receipt_next_working_day INTEGER NOT NULL DEFAULT 0 CHECK (receipt_next_working_day IN (0, 1))');
  },
  // Yes/no as smallint on PostgreSQL, as every other one.
  pg: (tx) => tx.exec('ALTER TABLE agencies ADD COLUMN receipt_next_working_day smallint NOT NULL DEFAULT 0 CHECK (receipt_next_working_day IN (0, 1))'),
};
