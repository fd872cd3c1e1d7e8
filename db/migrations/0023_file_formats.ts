import type { Migration } from './types.ts';
import { FIELDS_22 } from './0022_received_productions.ts';
import { createFieldsIndexPg, createFieldsIndexSqlite, DROP_FIELDS_INDEX_PG, DROP_FIELDS_INDEX_SQLITE, type FieldsIndex } from './fields-index.ts';

/** The fields since 0023: `folder:`, the mailbox folder a message was filed in ("Inbox/ORR placements"). */
export const FIELDS_23: FieldsIndex = {
  columns: {
    ...FIELDS_22.columns,
    folder: () => `coalesce(d.folder, '')`,
  },
  sourceColumns: `${FIELDS_22.sourceColumns}, folder`,
};

/**
 * What the wider range of files needs on a document:
 * - an email's Message-ID, In-Reply-To and References (normalized: lower case, without < >;
 *   references space-separated), the thread it was grouped into and whether it is inclusive
 *   (the last email of a branch, holding the others);
 * - a message read out of a mailbox (PST/OST, mbox): the mailbox document it came from and the
 *   folder it was filed in;
 * - a file stored as received but not read (a kind Sunshine has no reader for): why;
 * - a spreadsheet: its cell grid (sheets, cells, hidden rows, comments, formulas), a JSON file in
 *   the vault under this hash and size (backed up, copied and verified like the document's own file).
 */
export const m0023: Migration = {
  version: 23,
  name: 'file formats',
  up(db) {
    db.exec(`
      ALTER TABLE documents ADD COLUMN message_id TEXT;
      ALTER TABLE documents ADD COLUMN in_reply_to TEXT;
      ALTER TABLE documents ADD COLUMN email_refs TEXT;
      ALTER TABLE documents ADD COLUMN thread_id INTEGER;
      ALTER TABLE documents ADD COLUMN inclusive INTEGER;
      ALTER TABLE documents ADD COLUMN container_id INTEGER REFERENCES documents(id);
      ALTER TABLE documents ADD COLUMN folder TEXT;
      ALTER TABLE documents ADD COLUMN not_read TEXT;
      ALTER TABLE documents ADD COLUMN grid_sha256 TEXT;
      ALTER TABLE documents ADD COLUMN grid_size INTEGER;
      CREATE INDEX documents_message_id ON documents(message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX documents_in_reply_to ON documents(in_reply_to);
      CREATE INDEX documents_thread ON documents(thread_id) WHERE thread_id IS NOT NULL;
      CREATE INDEX documents_container ON documents(container_id) WHERE container_id IS NOT NULL;

      ${DROP_FIELDS_INDEX_SQLITE}
      ${createFieldsIndexSqlite(FIELDS_23)}
    `);
  },
  pg: (tx) =>
    tx.exec(`
      ALTER TABLE documents
        ADD COLUMN message_id text,
        ADD COLUMN in_reply_to text,
        ADD COLUMN email_refs text,
        ADD COLUMN thread_id bigint,
        ADD COLUMN inclusive integer,
        ADD COLUMN container_id bigint REFERENCES documents(id),
        ADD COLUMN folder text,
        ADD COLUMN not_read text,
        ADD COLUMN grid_sha256 text,
        ADD COLUMN grid_size bigint;
      CREATE INDEX documents_message_id ON documents(message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX documents_in_reply_to ON documents(in_reply_to);
      CREATE INDEX documents_thread ON documents(thread_id) WHERE thread_id IS NOT NULL;
      CREATE INDEX documents_container ON documents(container_id) WHERE container_id IS NOT NULL;

      ${DROP_FIELDS_INDEX_PG}
      ${createFieldsIndexPg(FIELDS_23)}
    `),
};
