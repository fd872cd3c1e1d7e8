/**
 * Every table of a workspace, in an order that loads parents before children, with the key that
 * orders its rows. One list for copying a workspace between engines and for backups made of rows;
 * a test checks it against the schema of both engines, so a migration that adds a table must add
 * it here too. Derived data is left out: the full-text indexes (pages_fts, requests_fts on SQLite,
 * the generated tsv columns on PostgreSQL, document_fields_fts on both) are rebuilt by the target,
 * and generated columns are never written.
 */
/** Derived tables a trigger keeps (PostgreSQL's vocabulary of the page index, migration 17): never copied, filled by the target's own trigger. */
export const DERIVED_TABLES: readonly string[] = ['page_vocabulary'];

export interface TableSpec {
  name: string;
  /** The primary key, in order: rows are read in this order, a batch at a time. */
  key: readonly string[];
  /** A column naming another row of the same table, filled in once every row is there. */
  selfReference?: string;
  /** Columns that belong to the running apps of the place copied from, left empty in the copy. */
  cleared?: readonly string[];
  /** The migration that made the table, for tables added since backups of rows began: a backup made at an older schema has no rows for it. */
  since?: number;
  /** Rows that belong to the place itself, never copied in or restored over: a workspace's people are the logins of its own server. */
  ownPlace?: true;
}

export const TABLES: readonly TableSpec[] = [
  { name: 'settings', key: ['key'] },
  { name: 'team_members', key: ['login'], since: 24, ownPlace: true },
  { name: 'user_keys', key: ['login'], since: 26 },
  { name: 'counters', key: ['name'] },
  { name: 'closures', key: ['date'] },
  { name: 'identity_keyring', key: ['id'] },
  { name: 'agencies', key: ['id'], selfReference: 'parent_id' },
  { name: 'requests', key: ['id'] },
  { name: 'tracking_numbers', key: ['id'] },
  { name: 'request_events', key: ['id'] },
  { name: 'disclosures', key: ['id'] },
  { name: 'disclosure_identities', key: ['disclosure_id'] },
  { name: 'disclosure_keys', key: ['disclosure_id', 'login'], since: 26 },
  { name: 'disclosure_contacts', key: ['id'] },
  { name: 'disclosure_referrals', key: ['id'] },
  { name: 'request_disclosures', key: ['request_id', 'disclosure_id'] },
  { name: 'disclosure_grants', key: ['disclosure_id', 'login'], since: 25 },
  { name: 'received_productions', key: ['id'], since: 22 },
  { name: 'party_mappings', key: ['party'], since: 22 },
  { name: 'documents', key: ['id'], selfReference: 'parent_id' },
  { name: 'document_names', key: ['id'] },
  { name: 'pages', key: ['id'] },
  { name: 'page_bates', key: ['page_id'], since: 22 },
  { name: 'pii_scans', key: ['page_id'], since: 19 },
  { name: 'pii_hits', key: ['page_id', 'kind', 'start_at'], since: 19 },
  { name: 'redaction_approvals', key: ['document_id', 'fingerprint', 'approved_by'], since: 21 },
  // A page's claim is a reader's of the source; in the copy every page waits for a reader again.
  { name: 'ocr_queue', key: ['page_id'], cleared: ['taken_by', 'taken_at'] },
  { name: 'document_links', key: ['document_id', 'request_id'] },
  { name: 'document_disclosures', key: ['document_id', 'disclosure_id'] },
  { name: 'tags', key: ['id'], selfReference: 'parent_id' },
  { name: 'document_tags', key: ['tag_id', 'document_id'] },
  { name: 'reviews', key: ['document_id'] },
  { name: 'redactions', key: ['id'] },
  { name: 'productions', key: ['id'] },
  { name: 'production_documents', key: ['production_id', 'document_id'] },
  { name: 'saved_searches', key: ['id'] },
  { name: 'review_batches', key: ['id'], since: 28 },
  { name: 'review_batch_documents', key: ['batch_id', 'document_id'], since: 28 },
  // A lease copied along lapses within minutes, as its holder's window is not renewing it there.
  { name: 'document_leases', key: ['document_id'], since: 28 },
  { name: 'audit_log', key: ['seq'] },
  { name: 'audit_head', key: ['id'] },
  { name: 'document_audit', key: ['document_id', 'seq'] },
];

/** The tables a workspace at this schema version has: what a backup made at it holds rows for. */
export const tablesAt = (schemaVersion: number): readonly TableSpec[] => TABLES.filter((t) => (t.since ?? 0) <= schemaVersion);

/** The tables a copy or a restore loads: every one but those that belong to the place itself (its members keep their own, whatever the source's were). */
export const copiedTables = (tables: readonly TableSpec[] = TABLES): readonly TableSpec[] => tables.filter((t) => !t.ownPlace);
