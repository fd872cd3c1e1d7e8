import type { Migration } from './types.ts';

/** The same statement on both engines. */
const UNDATE_FILE_TIMES = `
      WITH RECURSIVE dated_by_file(id, file_date) AS (
        SELECT id, file_date FROM documents
         WHERE parent_id IS NULL AND file_date IS NOT NULL AND doc_date = file_date AND email_date IS NULL
        UNION ALL
        SELECT d.id, p.file_date FROM documents d JOIN dated_by_file p ON d.parent_id = p.id
         WHERE d.doc_date = p.file_date AND d.email_date IS NULL
      )
      UPDATE documents SET doc_date = NULL WHERE id IN (SELECT id FROM dated_by_file);
`;

/**
 * Documents imported before a file's modified time stopped counting as its
 * date were dated by when the file was last copied or saved. Where the date a
 * document carries is exactly its file's modified time (and it is no email,
 * whose date is its header's), it had no date of its own: it becomes undated,
 * and so do the attachments beneath it that took that date from it. The
 * modified time itself stays, as what it is (file_date).
 */
export const m0015: Migration = {
  version: 15,
  name: 'undate file times',
  up(db) {
    db.exec(UNDATE_FILE_TIMES);
  },
  pg: (tx) => tx.exec(UNDATE_FILE_TIMES),
};
