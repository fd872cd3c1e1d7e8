import type { Migration } from './types.ts';

/** The same statements on both engines. */
const ADD_CLAIMS = 'ALTER TABLE ocr_queue ADD COLUMN taken_by TEXT; ALTER TABLE ocr_queue ADD COLUMN taken_at TEXT';

/**
 * Who is reading a queued page, and since when. With a team workspace every member's app reads
 * the queue in the background; a page is claimed in the database (one statement, so two machines
 * never take the same page) rather than in one process's memory. A claim older than the time a
 * page can take is treated as abandoned (its machine stopped) and the page taken again.
 */
export const m0016: Migration = {
  version: 16,
  name: 'ocr claims',
  up(db) {
    db.exec(ADD_CLAIMS);
  },
  pg: (tx) => tx.exec(ADD_CLAIMS),
};
