/**
 * Every row of a workspace from one engine to another (SQLite or PostgreSQL, either way), read
 * from one unchanging view of the source and written in one transaction on the target, which is
 * checked before it commits: the same number of rows in every table and the same audit head. An
 * interrupted copy therefore leaves the target as it was: nothing half written ever looks complete.
 * Rows are copied verbatim (ids, text, dates as text, BLOBs), so every audit hash verifies on the
 * other engine too. Stored files are the caller's business (the vault is shared or copied apart).
 */
import type { Engine, Reader, Runner } from './engine.ts';
import { readChainHead, type ChainHead } from './audit.ts';
import { StoreError } from './errors.ts';
import { TABLES, copiedTables, type TableSpec } from './tables.ts';

/** Rows read at a time; also bounds the memory a copy takes. */
const BATCH = 2000;
/** Bound parameters per INSERT, under both engines' limits (SQLite 32,766; PostgreSQL 65,535). */
const MAX_PARAMS = 30_000;

export interface CopiedTable {
  name: string;
  rows: number;
}

export interface CopyReport {
  tables: CopiedTable[];
  auditHead: ChainHead | null;
}

export interface CopyOptions {
  /** Run first inside the target's transaction: bring the target's schema up (PostgreSQL's migrations). */
  prepareTarget?: (target: Engine) => Promise<void>;
  /** Run last inside the target's transaction, after the checks: what must be true before it commits (files, the audit entry). */
  beforeCommit?: (target: Engine, report: CopyReport) => Promise<void>;
  /** Told after each table, for a progress line. */
  onTable?: (t: CopiedTable) => void;
  /** The tables to copy, when the target is a workspace of an older schema (db/tables.ts tablesAt); all of them otherwise. */
  tables?: readonly TableSpec[];
}

const quote = (name: string) => `"${name}"`;

/** The columns a row of `table` is stored with: generated ones (PostgreSQL's tsv, requests.due_sort) are left out. */
export async function storedColumns(q: Reader, table: string): Promise<string[]> {
  if (q.kind === 'sqlite') {
    // hidden: 0 a stored column, 2 and 3 generated ones.
    const cols = await q.all<{ name: string; hidden: number }>('SELECT name, hidden FROM pragma_table_xinfo(?) ORDER BY cid', [table]);
    return cols.filter((c) => c.hidden === 0).map((c) => c.name);
  }
  const cols = await q.all<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position",
    [table],
  );
  return cols.map((c) => c.name);
}

/** Where rows come from: a live engine's snapshot, or a backup's files (db/row-files.ts). */
export interface RowSource {
  columns(table: string): Promise<string[]>;
  batches(t: TableSpec, columns: string[]): AsyncIterable<Record<string, unknown>[]>;
  count(table: string): Promise<number>;
  head(): Promise<ChainHead | null>;
}

/** Rows as an engine holds them; read inside one snapshot transaction for a consistent view. */
export const engineSource = (q: Reader): RowSource => ({
  columns: (table) => storedColumns(q, table),
  batches: (t, columns) => rowsOf(q, t, columns),
  count: (table) => countOf(q, table),
  head: () => readChainHead(q),
});

const countOf = async (q: Reader, table: string) => (await q.get<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table)}`))!.n;


/** Rows of one table in key order, a batch at a time (keyset paging: each batch starts after the last key). */
async function* rowsOf(q: Reader, t: TableSpec, columns: string[]): AsyncGenerator<Record<string, unknown>[]> {
  const keys = t.key.map(quote).join(', ');
  const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(t.name)}`;
  let after: unknown[] | null = null;
  for (;;) {
    const where: string = after ? ` WHERE (${keys}) > (${t.key.map(() => '?').join(', ')})` : '';
    const rows: Record<string, unknown>[] = await q.all(`${select}${where} ORDER BY ${keys} LIMIT ${BATCH}`, after ?? []);
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1)!;
    after = t.key.map((k) => last[k]);
  }
}

async function insertRows(q: Runner, table: string, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const perInsert = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perInsert) {
    const part = rows.slice(i, i + perInsert);
    await q.run(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${part.map(() => tuple).join(', ')}`,
      part.flatMap((r) => columns.map((c) => r[c])),
    );
  }
}

/** Rows that name another row of the same table get that link once every row is in, so no row waits for a later one. */
async function linkSelfReferences(q: Runner, t: TableSpec, links: [unknown, unknown][]): Promise<void> {
  const [key] = t.key;
  const column = t.selfReference!;
  for (let i = 0; i < links.length; i += 500) {
    const part = links.slice(i, i + 500);
    // Both engines name a VALUES list's columns column1, column2, …
    await q.run(
      `UPDATE ${quote(t.name)} SET ${quote(column)} = v.column2 FROM (VALUES ${part.map(() => '(CAST(? AS BIGINT), CAST(? AS BIGINT))').join(', ')}) AS v WHERE ${quote(t.name)}.${quote(key!)} = v.column1`,
      part.flat(),
    );
  }
}

async function copyTable(src: RowSource, dst: Runner, t: TableSpec): Promise<number> {
  const columns = await src.columns(t.name);
  const target = await storedColumns(dst, t.name);
  if (columns.length === 0 || target.length === 0) {
    throw new StoreError('BAD_INPUT', `The table ${t.name} is missing from the ${columns.length === 0 ? 'source' : 'target'}: both workspaces must be at the same schema version.`);
  }
  if ([...columns].sort().join() !== [...target].sort().join()) {
    throw new StoreError('BAD_INPUT', `The table ${t.name} has different columns in the source and the target: both workspaces must be at the same schema version.`);
  }
  let copied = 0;
  const links: [unknown, unknown][] = [];
  for await (const rows of src.batches(t, columns)) {
    if (t.selfReference) {
      for (const r of rows) {
        if (r[t.selfReference] !== null) links.push([r[t.key[0]!], r[t.selfReference]]);
      }
    }
    const emptied = [...(t.selfReference ? [t.selfReference] : []), ...(t.cleared ?? [])];
    await insertRows(dst, t.name, columns, emptied.length ? rows.map((r) => ({ ...r, ...Object.fromEntries(emptied.map((c) => [c, null])) })) : rows);
    copied += rows.length;
  }
  await linkSelfReferences(dst, t, links);
  return copied;
}

/**
 * PostgreSQL hands out new ids from a sequence: start it after the highest id copied, never lower
 * than it was. A sequence is not rolled back with the transaction, so a restore stopped after this
 * must leave the old rows' ids still ahead of it; ids handed out later merely skip some numbers.
 */
async function advanceIdentities(dst: Runner): Promise<void> {
  if (dst.kind !== 'postgres') return;
  for (const t of TABLES) {
    if (t.key.length !== 1) continue;
    const seq = await dst.get<{ s: string | null }>('SELECT pg_get_serial_sequence(?, ?) AS s', [t.name, t.key[0]]);
    if (!seq?.s) continue;
    await dst.get(
      `SELECT setval(?, GREATEST((SELECT max(${quote(t.key[0]!)}) FROM ${quote(t.name)}), coalesce(pg_sequence_last_value(CAST(? AS regclass)), 0)), true) WHERE EXISTS (SELECT 1 FROM ${quote(t.name)})`,
      [seq.s, seq.s],
    );
  }
}

/**
 * Copy every table from `source` into the empty workspace `target`. Throws, with the target
 * untouched, when the target already holds data, the schemas differ, or the checks fail.
 */
export async function copyWorkspaceRows(source: Engine, target: Engine, opts: CopyOptions = {}): Promise<CopyReport> {
  return source.transaction((src) => loadRows(engineSource(src), target, opts), { snapshot: true });
}

/** Every table of `source` into the empty workspace `target`, in one transaction checked before it commits. */
export async function loadRows(source: RowSource, target: Engine, opts: CopyOptions = {}): Promise<CopyReport> {
  return target.transaction(async (dst) => {
    await opts.prepareTarget?.(dst);
    // Every change a person makes is audited; rows a new workspace starts with (the agency list) are not.
    const audited = await countOf(dst, 'audit_log');
    if (audited > 0) throw new StoreError('CONFLICT', `The target workspace is in use (${audited} changes in its history): copy only into a new, empty one.`);
    // Rows written long ago keep their actors: the audit log's trigger (migration 24) lets them in for an admin only.
    if (dst.kind === 'postgres') await dst.get("SELECT set_config('sunshine.copying_history', 'on', true)");
    // The target keeps its members (its creator, its admins), whatever the source's were.
    const all = copiedTables(opts.tables);
    for (const t of [...all].reverse()) await dst.run(`DELETE FROM ${quote(t.name)}`);
    const tables: CopiedTable[] = [];
    for (const t of all) {
      const copied = { name: t.name, rows: await copyTable(source, dst, t) };
      tables.push(copied);
      opts.onTable?.(copied);
    }
    await advanceIdentities(dst);
    // Checked before the target commits: what a person opens afterwards is all of it or nothing.
    for (const t of tables) {
      const [there, here] = [await countOf(dst, t.name), await source.count(t.name)];
      if (there !== t.rows || here !== t.rows) {
        throw new StoreError('INTERNAL', `The copy of ${t.name} holds ${there} rows where the source has ${here}; nothing was kept.`);
      }
    }
    const [head, copiedHead] = [await source.head(), await readChainHead(dst)];
    if (head?.seq !== copiedHead?.seq || head?.hash !== copiedHead?.hash) {
      throw new StoreError('INTERNAL', 'The copied audit log does not end where the source’s does; nothing was kept.');
    }
    const report = { tables, auditHead: head };
    await opts.beforeCommit?.(dst, report);
    return report;
  });
}
