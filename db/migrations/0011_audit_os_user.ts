import type { Migration } from './types.ts';

/** The same statement on both engines. */
const ADD_OS_USER = 'ALTER TABLE audit_log ADD COLUMN os_user TEXT';

/**
 * The operating-system account that made each change, beside the display name
 * (which anyone at the window can change). Rows written before have none and
 * keep the hash they were written with; newer rows' hashes cover it.
 */
export const m0011: Migration = {
  version: 11,
  name: 'audit os account',
  up(db) {
    db.exec(ADD_OS_USER);
  },
  pg: (tx) => tx.exec(ADD_OS_USER),
};
