import type { Migration } from './types.ts';

/**
 * Need-to-know for the two tables that hang off a page rather than a document: the OCR queue and
 * the personal-data scans. Under migration 25 a member could read them for pages of documents
 * hidden from them, and their app's OCR reader claimed such a page first when it was the oldest
 * waiting, found it could not read it, and stopped reading for good. Now a member sees (and
 * claims) only the pages they may see; an admin's app reads the rest. A data folder has nothing
 * to hide: the step is PostgreSQL's only.
 */
const seesPage = (column: string) => `(SELECT sunshine_sees_all()) OR ${column} NOT IN (SELECT sunshine_hidden_pages())`;

const PG = `
  -- SECURITY DEFINER, as sunshine_hidden_documents: the pages it names are themselves hidden from the caller.
  CREATE FUNCTION sunshine_hidden_pages() RETURNS SETOF bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
    AS $$ SELECT p.id FROM pages p WHERE p.document_id IN (SELECT sunshine_hidden_documents()) $$;
  ${['ocr_queue', 'pii_scans']
    .map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${t} FORCE ROW LEVEL SECURITY; CREATE POLICY need_to_know ON ${t} USING (${seesPage('page_id')});`)
    .join('\n  ')}
`;

export const m0029: Migration = {
  version: 29,
  name: 'need-to-know for the OCR queue and personal-data scans',
  up() {},
  pg: (tx) => tx.exec(PG),
};
