/**
 * A workspace's rows as files, one per table (tables/<name>.jsonl: one JSON array per row, in the
 * listed column order; BLOBs as {"b64": …}), the same whichever engine wrote them and loadable into
 * either: the backup form that lets a backup of a SQLite workspace be restored into PostgreSQL and
 * back (docs/engines.md §5.2). Written from one snapshot; each file's SHA-256 is listed, so a
 * damaged or edited file is refused before anything is loaded from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { ChainHead } from './audit.ts';
import type { Engine } from './engine.ts';
import { StoreError } from './errors.ts';
import { engineSource, type RowSource } from './copy-rows.ts';
import { TABLES, tablesAt, type TableSpec } from './tables.ts';
import { LATEST_SCHEMA_VERSION } from './migrations/index.ts';

export interface TableFile {
  name: string;
  columns: string[];
  rows: number;
  bytes: number;
  sha256: string;
}

export interface RowFiles {
  tables: TableFile[];
  /** The audit log's last row when the rows were read: the loaded copy must end there too. */
  head: ChainHead | null;
}

const tablesDir = (dir: string) => path.join(dir, 'tables');
const fileOf = (dir: string, table: string) => path.join(tablesDir(dir), `${table}.jsonl`);

const encode = (v: unknown) => (Buffer.isBuffer(v) ? { b64: v.toString('base64') } : v);
const decode = (v: unknown) => (v !== null && typeof v === 'object' && 'b64' in v ? Buffer.from(String((v as { b64: unknown }).b64), 'base64') : v);

/** Every table of `source`, from one snapshot, into `dir`/tables (owner-only files). */
export async function writeRowFiles(source: Engine, dir: string): Promise<RowFiles> {
  fs.mkdirSync(tablesDir(dir), { recursive: true, mode: 0o700 });
  return source.transaction(
    async (q) => {
      const src = engineSource(q);
      const tables: TableFile[] = [];
      for (const t of TABLES) {
        const columns = await src.columns(t.name);
        // A table the source's schema does not have yet (a workspace of an older version): no rows to list.
        if (columns.length === 0) continue;
        const out = fs.createWriteStream(fileOf(dir, t.name), { flags: 'wx', mode: 0o600 });
        const hash = createHash('sha256');
        let rows = 0;
        let bytes = 0;
        for await (const batch of src.batches(t, columns)) {
          const text = batch.map((r) => `${JSON.stringify(columns.map((c) => encode(r[c])))}\n`).join('');
          hash.update(text);
          bytes += Buffer.byteLength(text);
          rows += batch.length;
          if (!out.write(text)) await once(out, 'drain');
        }
        out.end();
        await once(out, 'finish');
        // On disk before the manifest that vouches for it is written (the caller writes that last).
        const fd = fs.openSync(fileOf(dir, t.name), 'r');
        try {
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        tables.push({ name: t.name, columns, rows, bytes, sha256: hash.digest('hex') });
      }
      return { tables, head: await src.head() };
    },
    { snapshot: true },
  );
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Throws, naming the table, when a file is missing, cut short or changed since it was written, or
 * a table the backup's schema has is not listed at all.
 */
export async function checkRowFiles(dir: string, files: RowFiles, schemaVersion = LATEST_SCHEMA_VERSION): Promise<void> {
  const listed = new Set(files.tables.map((t) => t.name));
  const missing = tablesAt(schemaVersion).filter((t) => !listed.has(t.name));
  if (missing.length) throw new StoreError('BAD_INPUT', `The backup lists no rows for ${missing.map((t) => t.name).join(', ')}: it was made by another version of Sunshine or is incomplete.`);
  for (const t of files.tables) {
    const file = fileOf(dir, t.name);
    if (!fs.existsSync(file) || fs.statSync(file).size !== t.bytes || (await sha256Of(file)) !== t.sha256) {
      throw new StoreError('BAD_INPUT', `The backup's rows of ${t.name} are missing or were changed after the backup was made (their SHA-256 does not match); restore from another backup.`);
    }
  }
}

/** The rows of checked files, for loadRows. */
export function rowFilesSource(dir: string, files: RowFiles, batch = 2000): RowSource {
  const byName = new Map(files.tables.map((t) => [t.name, t]));
  const table = (name: string) => {
    const t = byName.get(name);
    if (!t) throw new StoreError('BAD_INPUT', `The backup has no rows for ${name}.`);
    return t;
  };
  return {
    columns: async (name) => table(name).columns,
    count: async (name) => table(name).rows,
    head: async () => files.head,
    async *batches(t: TableSpec, columns: string[]) {
      const listed = table(t.name).columns;
      const lines = readline.createInterface({ input: fs.createReadStream(fileOf(dir, t.name)), crlfDelay: Infinity });
      let rows: Record<string, unknown>[] = [];
      for await (const line of lines) {
        if (!line) continue;
        const values = JSON.parse(line) as unknown[];
        const row: Record<string, unknown> = {};
        listed.forEach((c, i) => (row[c] = decode(values[i])));
        rows.push(Object.fromEntries(columns.map((c) => [c, row[c]])));
        if (rows.length === batch) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length) yield rows;
    },
  };
}
