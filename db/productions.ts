/** Productions and the Bates numbers they took. */
import type { Database } from 'better-sqlite3';
import { insertedId, prepared } from './prepared.ts';
import type { Writer } from './store.ts';

export interface ProductionRow {
  id: number;
  name: string;
  request_id: number | null;
  recipient: string;
  prefix: string;
  first_number: number;
  last_number: number;
  padding: number;
  documents: number;
  pages: number;
  folder: string;
  produced_at: string;
}

/** Earlier productions under this prefix whose numbers meet [first, last]. */
export const overlapping = (db: Database, prefix: string, first: number, last: number) =>
  prepared(db, 'SELECT * FROM productions WHERE prefix = ? COLLATE NOCASE AND first_number <= ? AND last_number >= ? ORDER BY first_number').all(prefix, last, first) as ProductionRow[];

/** The first number no production under this prefix has used. */
export const nextFreeNumber = (db: Database, prefix: string) =>
  ((prepared(db, 'SELECT max(last_number) FROM productions WHERE prefix = ? COLLATE NOCASE', 'pluck').get(prefix) as number | null) ?? 0) + 1;

export const listProductions = (db: Database) =>
  prepared(db, 'SELECT p.*, r.reference FROM productions p LEFT JOIN requests r ON r.id = p.request_id ORDER BY p.id DESC').all() as (ProductionRow & { reference: string | null })[];

export interface ProducedDocument {
  documentId: number;
  begin: number;
  end: number;
  disposition: 'produced' | 'withheld';
}

export function recordProduction(w: Writer, p: Omit<ProductionRow, 'id' | 'produced_at'>, docs: ProducedDocument[], reference: string | null): number {
  const id = insertedId(w.db, `INSERT INTO productions (name, request_id, recipient, prefix, first_number, last_number, padding, documents, pages, folder, produced_at)
       VALUES (@name, @request_id, @recipient, @prefix, @first_number, @last_number, @padding, @documents, @pages, @folder, @at) RETURNING id`, { ...p, at: w.at });
  prepared(
    w.db,
    `INSERT INTO production_documents (production_id, document_id, begin_number, end_number, disposition)
     SELECT ?, j.value ->> '$.documentId', j.value ->> '$.begin', j.value ->> '$.end', j.value ->> '$.disposition' FROM json_each(?) j`,
  ).run(id, JSON.stringify(docs));
  w.audit({
    action: 'productions.create',
    entity: 'production',
    entityId: String(id),
    after: { ...p, request: reference, documents: docs.map((d) => [d.documentId, d.begin, d.end, d.disposition]) },
  });
  return id;
}
