import type { Migration } from './types.ts';

/** The same statements on both engines. */
const STATEMENTS = ['ALTER TABLE redactions ADD COLUMN batch TEXT', 'CREATE INDEX redactions_batch ON redactions(batch) WHERE batch IS NOT NULL'];

/**
 * Boxes applied together (redaction by search: every hit of a term list at once) share a batch
 * id, so the whole batch is undone in one step. Null for boxes drawn one by one.
 */
export const m0020: Migration = {
  version: 20,
  name: 'redaction batches',
  up(db) {
    for (const s of STATEMENTS) db.exec(s);
  },
  pg: async (tx) => {
    for (const s of STATEMENTS) await tx.exec(s);
  },
};
