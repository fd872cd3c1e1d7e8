/** Productions and the Bates numbers they took. */
import type { Reader } from './engine.ts';
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
export async function overlapping(q: Reader, prefix: string, first: number, last: number): Promise<ProductionRow[]> {
  return await q.all<ProductionRow>('SELECT * FROM productions WHERE prefix = ? COLLATE NOCASE AND first_number <= ? AND last_number >= ? ORDER BY first_number', [prefix, last, first]);
}

/** The first number no production under this prefix has used. */
export async function nextFreeNumber(q: Reader, prefix: string): Promise<number> {
  const row = await q.get<{ last: number | null }>('SELECT max(last_number) AS last FROM productions WHERE prefix = ? COLLATE NOCASE', [prefix]);
  return (row?.last ?? 0) + 1;
}

export async function listProductions(q: Reader): Promise<(ProductionRow & { reference: string | null })[]> {
  return await q.all<ProductionRow & { reference: string | null }>('SELECT p.*, r.reference FROM productions p LEFT JOIN requests r ON r.id = p.request_id ORDER BY p.id DESC');
}

export interface ProducedDocument {
  documentId: number;
  begin: number;
  end: number;
  disposition: 'produced' | 'withheld';
}

export async function recordProduction(w: Writer, p: Omit<ProductionRow, 'id' | 'produced_at'>, docs: ProducedDocument[], reference: string | null): Promise<number> {
  const { lastId: id } = await w.run(
    `INSERT INTO productions (name, request_id, recipient, prefix, first_number, last_number, padding, documents, pages, folder, produced_at)
       VALUES (@name, @request_id, @recipient, @prefix, @first_number, @last_number, @padding, @documents, @pages, @folder, @at) RETURNING id`,
    { ...p, at: w.at },
  );
  await w.run(
    `INSERT INTO production_documents (production_id, document_id, begin_number, end_number, disposition)
     SELECT ?, j.value ->> '$.documentId', j.value ->> '$.begin', j.value ->> '$.end', j.value ->> '$.disposition' FROM json_each(?) j`,
    [id, JSON.stringify(docs)],
  );
  await w.audit({
    action: 'productions.create',
    entity: 'production',
    entityId: String(id),
    after: { ...p, request: reference, documents: docs.map((d) => [d.documentId, d.begin, d.end, d.disposition]) },
  });
  return id!;
}
