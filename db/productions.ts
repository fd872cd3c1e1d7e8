/** Productions and the Bates numbers they took. */
import { jsonElements } from './dialect.ts';
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

// A prefix is one "whatever its case" (ABC-00000001 and abc-00000001 would read as the same
// numbers): lower() on both engines; PostgreSQL's index is on lower(prefix).

/** Earlier productions under this prefix whose numbers meet [first, last]. */
export async function overlapping(q: Reader, prefix: string, first: number, last: number): Promise<ProductionRow[]> {
  return await q.all<ProductionRow>('SELECT * FROM productions WHERE lower(prefix) = lower(?) AND first_number <= ? AND last_number >= ? ORDER BY first_number', [prefix, last, first]);
}

/** The first number no production under this prefix has used. */
export async function nextFreeNumber(q: Reader, prefix: string): Promise<number> {
  const row = await q.get<{ last: number | null }>('SELECT max(last_number) AS last FROM productions WHERE lower(prefix) = lower(?)', [prefix]);
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

/** `notes`: what else the production's history entry says (the choices and decisions it was made with). */
export async function recordProduction(w: Writer, p: Omit<ProductionRow, 'id' | 'produced_at'>, docs: ProducedDocument[], reference: string | null, notes: Record<string, unknown> = {}): Promise<number> {
  const { lastId: id } = await w.run(
    `INSERT INTO productions (name, request_id, recipient, prefix, first_number, last_number, padding, documents, pages, folder, produced_at)
       VALUES (@name, @request_id, @recipient, @prefix, @first_number, @last_number, @padding, @documents, @pages, @folder, @at) RETURNING id`,
    { ...p, at: w.at },
  );
  await w.run(
    `INSERT INTO production_documents (production_id, document_id, begin_number, end_number, disposition)
     SELECT CAST(@id AS BIGINT), CAST(j.value ->> 'documentId' AS BIGINT), CAST(j.value ->> 'begin' AS BIGINT), CAST(j.value ->> 'end' AS BIGINT), j.value ->> 'disposition'
     FROM ${jsonElements(w.kind, 'docs')} j`,
    { id, docs: JSON.stringify(docs) },
  );
  await w.audit({
    action: 'productions.create',
    entity: 'production',
    entityId: String(id),
    after: { ...p, ...notes, request: reference, documents: docs.map((d) => [d.documentId, d.begin, d.end, d.disposition]) },
  });
  return id!;
}

export interface ProducedPages {
  document_id: number;
  name: string;
  prefix: string;
  padding: number;
  begin_number: number;
  end_number: number;
  page_count: number;
}

/** Documents our own productions numbered within first..last under this prefix (any case), in number order. */
export async function producedInBatesRange(q: Reader, prefix: string, first: number, last: number, limit: number): Promise<ProducedPages[]> {
  return await q.all<ProducedPages>(
    `SELECT pd.document_id, d.name, pr.prefix, pr.padding, pd.begin_number, pd.end_number, d.page_count
       FROM productions pr JOIN production_documents pd ON pd.production_id = pr.id JOIN documents d ON d.id = pd.document_id
      WHERE lower(pr.prefix) = lower(@prefix) AND pr.first_number <= @last AND pr.last_number >= @first AND pd.begin_number <= @last AND pd.end_number >= @first
      ORDER BY pd.begin_number, pd.document_id LIMIT @limit`,
    { prefix, first, last, limit },
  );
}

/** The prefixes our own productions used, with their padding. */
export async function producedPrefixes(q: Reader): Promise<{ prefix: string; width: number }[]> {
  return await q.all<{ prefix: string; width: number }>('SELECT prefix, max(padding) AS width FROM productions GROUP BY prefix ORDER BY prefix');
}
