/**
 * The few SQL pieces that have no form both engines accept (docs/engines.md §1.12), each with its
 * SQLite and PostgreSQL text side by side, so a query is written once around them. Everything
 * that does have a portable form is written in that form where it is used, not here.
 */
import type { Reader } from './engine.ts';

export type Kind = Reader['kind'];

/**
 * A one-column (`id`) subquery over the ids in the JSON array bound as `@param`: one JSON text
 * travels on both engines, so callers bind `JSON.stringify(ids)` the same way.
 */
export const idList = (kind: Kind, param: string): string =>
  kind === 'sqlite' ? `SELECT CAST(value AS BIGINT) AS id FROM json_each(@${param})` : `SELECT CAST(value AS BIGINT) AS id FROM jsonb_array_elements_text(CAST(@${param} AS jsonb))`;

/**
 * A planner hint naming the index to use. SQLite needs it where its planner would otherwise read
 * the wide table (pages with their text) instead of a narrow covering index; PostgreSQL has no
 * hints and finds the index-only scan itself.
 */
export const indexedBy = (kind: Kind, index: string): string => (kind === 'sqlite' ? `INDEXED BY ${index}` : '');

/** The tables full-text search runs over: SQLite's FTS5 twin of each, PostgreSQL's `tsv` column on it. */
export type TextTable = 'pages' | 'requests';

/**
 * A one-column (`id`) subquery of the rows of `table` whose text matches the query bound as
 * `@param`, already in the engine's own syntax (core/documents/query-render.ts).
 */
export const textMatches = (kind: Kind, table: TextTable, param: string): string =>
  kind === 'sqlite' ? `SELECT rowid AS id FROM ${table}_fts WHERE ${table}_fts MATCH @${param}` : `SELECT id FROM ${table} WHERE tsv @@ ${tsquery(param, table)}`;

/**
 * PostgreSQL: the configuration that built a table's tsv column (db/migrations/pg-search.ts):
 * pages keep words as written (migration 17), the requests list's filter keeps stemming them.
 */
export const textConfig = (table: TextTable): string => (table === 'pages' ? 'sunshine_exact' : 'sunshine');

/** PostgreSQL: the tsquery from a bound query text, in the configuration that built the table's tsv column. */
export const tsquery = (param: string, table: TextTable = 'pages'): string => `to_tsquery('${textConfig(table)}', @${param})`;

/**
 * A JSON object's text without one of its keys. A bulk change's audit row lists every document it
 * touched (`ids`, 100,000 of them after tagging a search); a document's history needs the rest.
 * PostgreSQL: through `json`, which only checks the text, rather than `jsonb`, which builds every
 * id as a number first (three times slower on such a row); its other fields come back as written.
 */
export const jsonWithout = (kind: Kind, expr: string, key: string): string =>
  kind === 'sqlite'
    ? `json_remove(${expr}, '$.${key}')`
    : `CASE WHEN ${expr} IS NOT NULL THEN coalesce((SELECT CAST(json_object_agg(f.key, f.value) AS TEXT) FROM json_each(CAST(${expr} AS json)) f WHERE f.key <> '${key}'), '{}') END`;

/**
 * The elements of the JSON array bound as `@param`, as a FROM item (alias it) whose column `value`
 * is each element; `value ->> 'key'` reads a field of an object element on both engines.
 */
export const jsonElements = (kind: Kind, param: string): string =>
  kind === 'sqlite' ? `json_each(@${param})` : `jsonb_array_elements(CAST(@${param} AS jsonb))`;

/**
 * A tracking number as two are compared (db/requests.ts foldTracking): spaces trimmed, A–Z as
 * a–z and nothing else folded. SQLite's lower() folds ASCII only; PostgreSQL's folds all of
 * Unicode, so there the rule is spelled with translate(). Migration 0014 indexes this expression.
 */
export const foldedTracking = (kind: Kind, column: string): string =>
  kind === 'sqlite' ? `lower(trim(${column}))` : `translate(btrim(${column}), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;

/**
 * After a queue's `SELECT … LIMIT 1` that picks a row to claim: on PostgreSQL lock it, skipping rows
 * another transaction has locked, so claims made at the same moment take different rows. SQLite
 * runs one writing statement at a time, so there is nothing to skip.
 */
export const skipLocked = (kind: Kind): string => (kind === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '');

/**
 * The database server's clock as ISO text ("2026-12-01T14:02:03.456Z", the form every time here is
 * written in, so such texts compare in time order), `@param` seconds ahead when given. Leases
 * (db/review-batches.ts) are timed by it, never by a window's clock, which may be wrong.
 */
export const serverTime = (kind: Kind, param?: string): string =>
  kind === 'sqlite'
    ? `strftime('%Y-%m-%dT%H:%M:%fZ', 'now'${param ? `, '+' || CAST(@${param} AS TEXT) || ' seconds'` : ''})`
    : `to_char((clock_timestamp()${param ? ` + make_interval(secs => CAST(@${param} AS double precision))` : ''}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
