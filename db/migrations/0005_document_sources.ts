import type { Migration } from './types.ts';
import { remakePagesFts } from './pages-fts.ts';

/** An email date as an ISO timestamp: kept if it is one, else read, else null. */
function isoEmailDate(date: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}T/.test(date)) return date;
  const t = new Date(date);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}
const EMAIL_DATES = 'SELECT id, email_date FROM documents WHERE email_date IS NOT NULL';
const FIX_EMAIL_DATE = 'UPDATE documents SET email_date = ? WHERE id = ?';

const BACKFILL_DOC_DATES = `
      UPDATE documents SET doc_date = coalesce(email_date, file_date);
      -- Attachments (up to the depth families are opened to) take their email's date.
      UPDATE documents SET doc_date = (SELECT p.doc_date FROM documents p WHERE p.id = documents.parent_id) WHERE doc_date IS NULL AND parent_id IS NOT NULL;
      UPDATE documents SET doc_date = (SELECT p.doc_date FROM documents p WHERE p.id = documents.parent_id) WHERE doc_date IS NULL AND parent_id IS NOT NULL;
      UPDATE documents SET doc_date = (SELECT p.doc_date FROM documents p WHERE p.id = documents.parent_id) WHERE doc_date IS NULL AND parent_id IS NOT NULL;
    `;

/**
 * Where a document came from, as the user names it ("ICE, 2nd interim
 * release", "OIG hotline"), kept apart from the path it was read from; and
 * the document's own date (sent, created, else last modified), for filtering.
 * The old `source` columns held paths, so they become `path`. Search gets a
 * compact page locator and prefix indexes (the full-text index is rebuilt).
 */
export const m0005: Migration = {
  version: 5,
  name: 'document sources and dates',
  up(db) {
    db.exec(`
      ALTER TABLE documents RENAME COLUMN source TO path;
      ALTER TABLE documents ADD COLUMN source TEXT NOT NULL DEFAULT '';
      ALTER TABLE documents ADD COLUMN doc_date TEXT;
      CREATE INDEX documents_doc_date ON documents(doc_date);

      ALTER TABLE document_names RENAME COLUMN source TO path;
      ALTER TABLE document_names ADD COLUMN source TEXT NOT NULL DEFAULT '';
      CREATE INDEX document_names_source ON document_names(source, document_id);

      -- Which document and page a page id is, without reading the page's text: search
      -- looks up thousands of matching pages at a time, and the pages table is mostly text.
      CREATE INDEX pages_locator ON pages(id, document_id, page_no);

      -- The full-text index again, now with prefix indexes for 2 and 3 characters: "sp*"
      -- otherwise merges the lists of every word it expands to (seconds at a million pages).
      ${remakePagesFts('porter unicode61 remove_diacritics 2')}
    `);

    // Outlook dates were kept as the reader gave them ("Tue, 04 Mar 2025 15:30:00 GMT"):
    // as ISO timestamps they sort and filter like every other date.
    const fix = db.prepare(FIX_EMAIL_DATE);
    for (const r of db.prepare(EMAIL_DATES).all() as { id: number; email_date: string }[]) {
      const iso = isoEmailDate(r.email_date);
      if (iso !== r.email_date) fix.run(iso, r.id);
    }
    db.exec(BACKFILL_DOC_DATES);
  },
  // tsvector search needs no rebuild for prefixes: the GIN index answers 'sp:*' as it is.
  async pg(tx) {
    await tx.exec(`
      ALTER TABLE documents RENAME COLUMN source TO path;
      ALTER TABLE documents ADD COLUMN source text NOT NULL DEFAULT '';
      ALTER TABLE documents ADD COLUMN doc_date text;
      CREATE INDEX documents_doc_date ON documents(doc_date);

      ALTER TABLE document_names RENAME COLUMN source TO path;
      ALTER TABLE document_names ADD COLUMN source text NOT NULL DEFAULT '';
      CREATE INDEX document_names_source ON document_names(source, document_id);

      CREATE INDEX pages_locator ON pages(id, document_id, page_no);
    `);
    for (const r of await tx.all<{ id: number; email_date: string }>(EMAIL_DATES)) {
      const iso = isoEmailDate(r.email_date);
      if (iso !== r.email_date) await tx.run(FIX_EMAIL_DATE, [iso, r.id]);
    }
    await tx.exec(BACKFILL_DOC_DATES);
  },
};
