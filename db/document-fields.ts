/**
 * The conditions on documents a fielded query (`from:ice NOT date:2024`) becomes, as SQL. Words in
 * a field are looked up in the fields index (migration 0017: FTS5 columns on SQLite, one tsvector
 * column each on PostgreSQL).
 */
import { idList, tsquery, type Kind } from './dialect.ts';

/** The indexed columns of document_fields. */
export type FieldColumn = 'email_from' | 'email_to' | 'email_cc' | 'email_bcc' | 'subject' | 'filename' | 'custodian' | 'metadata' | 'folder';

/** A condition on a document (`d`), as a fielded query asks it. */
export type FieldCondition =
  /** Words in one field; `match` is a phrase in the engine's own syntax (core/documents/query-render.ts). */
  | { kind: 'words'; column: FieldColumn; match: string }
  | { kind: 'tags'; tagIds: number[] }
  | { kind: 'type'; type: string }
  /** Dated on or after `from`, before `before` (days); an undated document is neither. */
  | { kind: 'date'; from?: string; before?: string }
  /** Numbered under this Bates prefix (any case) in one of our productions or as received, within first..last when given. */
  | { kind: 'bates'; prefix: string; first?: number; last?: number }
  | { kind: 'and' | 'or'; items: FieldCondition[] }
  | { kind: 'not'; item: FieldCondition };

/** The condition as SQL on `d`, its values added to `params` under names of their own. */
export function fieldConditionSql(kind: Kind, c: FieldCondition, params: Record<string, unknown>): string {
  const bind = (value: unknown) => {
    const name = `field${Object.keys(params).length}`;
    params[name] = value;
    return name;
  };
  // SQLite: "+d.id" keeps the id list a test on each row. Bare, SQLite drives the join from the
  // list into pages by document, and a field every document has (filename:bench on a million
  // pages) took 7 s instead of 31 ms.
  const id = kind === 'sqlite' ? '+d.id' : 'd.id';
  switch (c.kind) {
    case 'words':
      return kind === 'sqlite'
        ? `${id} IN (SELECT rowid FROM document_fields_fts WHERE document_fields_fts MATCH @${bind(`${c.column} : ${c.match}`)})`
        : // Through the function (migration 25): under row-level security the GIN index could not be used.
          `d.id IN (SELECT sunshine_field_matches('${c.column}', ${tsquery(bind(c.match))}))`;
    case 'tags':
      return `${id} IN (SELECT document_id FROM document_tags WHERE tag_id IN (${idList(kind, bind(JSON.stringify(c.tagIds)))}))`;
    case 'type':
      return `d.type = @${bind(c.type)}`;
    case 'date': {
      // IS NOT NULL first, so an undated document is false here, never NULL: NOT date:2024 keeps it.
      const parts = ['d.doc_date IS NOT NULL'];
      if (c.from !== undefined) parts.push(`d.doc_date >= @${bind(c.from)}`);
      if (c.before !== undefined) parts.push(`d.doc_date < @${bind(c.before)}`);
      return `(${parts.join(' AND ')})`;
    }
    case 'bates': {
      // A document's numbers are the range it took in a production; it matches where that range meets the one asked for.
      const prefix = bind(c.prefix);
      const [first, last] = c.first === undefined ? [] : [bind(c.first), bind(c.last)];
      const range = first === undefined ? '' : ` AND pd.begin_number <= @${last} AND pd.end_number >= @${first}`;
      // A received document's pages carry the producing party's numbers (page_bates, migration 22).
      const pageRange = first === undefined ? '' : ` AND b.number BETWEEN @${first} AND @${last}`;
      const folded = kind === 'sqlite' ? 'b.prefix COLLATE NOCASE' : 'lower(b.prefix)';
      return `(${id} IN (SELECT pd.document_id FROM production_documents pd JOIN productions pr ON pr.id = pd.production_id WHERE lower(pr.prefix) = lower(@${prefix})${range})
        OR ${id} IN (SELECT b.document_id FROM page_bates b WHERE ${folded} = lower(@${prefix})${pageRange}))`;
    }
    case 'and':
    case 'or':
      return `(${c.items.map((i) => fieldConditionSql(kind, i, params)).join(c.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `NOT (${fieldConditionSql(kind, c.item, params)})`;
  }
}
