/**
 * The fields of a parsed query (`from:ice`, `tag:"Hot/Sponsors"`, `date:2024-01..2024-03`) as
 * conditions on documents (db/document-fields.ts): field words in the engine's own syntax, tag
 * paths as the ids of the tag and the tags under it.
 */
import type { Reader } from '../../db/engine.ts';
import type { FieldColumn, FieldCondition } from '../../db/document-fields.ts';
import { tagByPath, tagSubtree } from '../../db/review.ts';
import { AppError } from '../errors.ts';
import type { FieldNode, QueryNode, SplitQuery, TextField } from '../shared/search-query.ts';
import { ftsPhrase, tsPhrase } from './query-render.ts';

const COLUMN: Record<TextField, FieldColumn> = {
  from: 'email_from',
  to: 'email_to',
  cc: 'email_cc',
  bcc: 'email_bcc',
  subject: 'subject',
  filename: 'filename',
  custodian: 'custodian',
  metadata: 'metadata',
  folder: 'folder',
};

/** Every field condition of a split query, all required; undefined when the query names no field. */
export async function fieldConditions(q: Reader, fields: SplitQuery['fields']): Promise<FieldCondition | undefined> {
  if (fields.length === 0) return undefined;
  const items = await Promise.all(fields.map(async ({ node, negated }) => (negated ? { kind: 'not' as const, item: await condition(q, node) } : condition(q, node))));
  return items.length === 1 ? items[0] : { kind: 'and', items };
}

/** A tree of fields only (splitFields made it so) as one condition. */
async function condition(q: Reader, node: QueryNode): Promise<FieldCondition> {
  switch (node.kind) {
    case 'field':
      return field(q, node);
    case 'and':
    case 'or':
      return { kind: node.kind, items: await Promise.all(node.items.map((n) => condition(q, n))) };
    case 'not':
      return { kind: 'and', items: [await condition(q, node.include), { kind: 'not', item: await condition(q, node.exclude) }] };
    default:
      throw new Error('Page words reached the field compiler: split the query with splitFields first.');
  }
}

async function field(q: Reader, node: FieldNode): Promise<FieldCondition> {
  switch (node.field) {
    case 'tag': {
      const tag = await tagByPath(q, node.path);
      if (!tag) throw new AppError('BAD_INPUT', `query: tag:"${node.path.slice(0, 100)}" at position ${node.at}: there is no such tag; write its path as the tag list shows it (tag:"Hot/Sponsors").`);
      return { kind: 'tags', tagIds: await tagSubtree(q, tag.id) };
    }
    case 'type':
      return { kind: 'type', type: node.type };
    case 'date':
      return { kind: 'date', ...(node.from ? { from: node.from } : {}), ...(node.before ? { before: node.before } : {}) };
    case 'bates':
      return { kind: 'bates', prefix: node.prefix, ...(node.first === undefined ? {} : { first: node.first, last: node.last! }) };
    default:
      return { kind: 'words', column: COLUMN[node.field], match: q.kind === 'sqlite' ? ftsPhrase(node.value) : tsPhrase(node.value) };
  }
}
