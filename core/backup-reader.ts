/**
 * A backup's rows, whatever its format, at this Sunshine's schema, so a restore into either engine
 * has one path: reader → checks → writer (docs/engines.md §5.2). Format 3 is read from its table
 * files once each file's SHA-256 matches its manifest; format 2 (a SQLite file) from a private
 * copy of it. A backup of an older schema is first loaded into a temporary SQLite file, where
 * every numbered migration exists, and brought up to date there: PostgreSQL never needs them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Blob } from './backup-files.ts';
import type { BackupManifest } from './backups.ts';
import { AppError } from './errors.ts';
import { sha256OfFile } from './sha256.ts';
import { OWNER_DIR, makePrivate } from './private-files.ts';
import type { ProductionRow } from '../db/productions.ts';
import { engineSource, loadRows, type RowSource } from '../db/copy-rows.ts';
import { StoreError } from '../db/errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../db/migrations/index.ts';
import { checkRowFiles, rowFilesSource } from '../db/row-files.ts';
import { tablesAt } from '../db/tables.ts';
import { openRawDb, openStore, type NativeOptions, type Store } from '../db/store.ts';
import { TABLES } from '../db/tables.ts';

export const BACKUP_FORMAT = 'sunshine-backup';

const notOne = (folder: string, why: string) => new AppError('BAD_INPUT', `from: ${folder.slice(0, 300)} is not a Sunshine backup (${why}); nothing was changed.`);

/** The manifest of a finished backup this Sunshine can read; refused in words otherwise. */
export function readManifest(folder: string): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw notOne(folder, 'no readable manifest.json — an unfinished backup has none');
  }
  if (manifest.format !== BACKUP_FORMAT) throw notOne(folder, 'its manifest is of another kind');
  if (manifest.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new AppError('DB_TOO_NEW', `from: the backup was made by a newer Sunshine (${manifest.appVersion}, schema ${manifest.schemaVersion}); this one reads up to schema ${LATEST_SCHEMA_VERSION}. Nothing was changed.`);
  }
  if (manifest.formatVersion === 3 ? !Array.isArray(manifest.tables) : !manifest.database) throw notOne(folder, 'its manifest lists neither a database nor tables');
  return manifest;
}

/** Every row of one table of `source`. */
async function rowsOfTable(source: RowSource, name: string): Promise<Record<string, unknown>[]> {
  const spec = TABLES.find((t) => t.name === name)!;
  const rows: Record<string, unknown>[] = [];
  for await (const batch of source.batches(spec, await source.columns(name))) rows.push(...batch);
  return rows;
}

/** The stored files the rows name. */
export const blobsIn = async (source: RowSource): Promise<Blob[]> => (await rowsOfTable(source, 'documents')).map((d) => ({ sha256: String(d.sha256), size: Number(d.size) }));

export interface BackupRows {
  manifest: BackupManifest;
  source: RowSource;
  /** The stored files its rows name (not the manifest's list, which only the manifest vouches for). */
  vault: Blob[];
  /** Its productions, to tell what a restore would forget. */
  productions: ProductionRow[];
  close(): void;
}

/** A private scratch folder for the temporary database, removed on close. */
function scratch(): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-restore-'));
  fs.chmodSync(dir, OWNER_DIR);
  return { file: path.join(dir, 'sunshine.db'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Check a backup's files against its manifest and open its rows at the current schema. Changes nothing outside a temporary folder. */
export async function openBackupRows(folder: string, native: NativeOptions = {}): Promise<BackupRows> {
  const manifest = readManifest(folder);
  const tmp = scratch();
  let store: Store | undefined;
  try {
    let source: RowSource;
    if (manifest.formatVersion === 3) {
      const files = { tables: manifest.tables!, head: manifest.auditHead };
      try {
        await checkRowFiles(folder, files, manifest.schemaVersion);
      } catch (e) {
        throw e instanceof StoreError ? new AppError('INTEGRITY', `from: ${e.message} Nothing was changed.`) : e;
      }
      source = rowFilesSource(folder, files);
      if (manifest.schemaVersion < LATEST_SCHEMA_VERSION) {
        // Loaded at the schema it was made with, then migrated as a data folder of that age would be.
        const old = openStore(tmp.file, { ...native, migrations: MIGRATIONS.slice(0, manifest.schemaVersion) });
        try {
          await loadRows(source, old.engine, { tables: tablesAt(manifest.schemaVersion) });
        } finally {
          old.close();
        }
        store = openStore(tmp.file, native);
        source = engineSource(store.engine);
      }
    } else {
      const file = path.join(folder, 'sunshine.db');
      const db = manifest.database!;
      if (!fs.existsSync(file) || fs.statSync(file).size !== db.size || (await sha256OfFile(file)) !== db.sha256) {
        throw new AppError('INTEGRITY', `from: the backup's database is missing or changed since the backup was made; nothing was changed.`);
      }
      fs.copyFileSync(file, tmp.file);
      makePrivate(tmp.file);
      const raw = openRawDb(tmp.file, native);
      try {
        const ok = raw.pragma('integrity_check', { simple: true });
        if (ok !== 'ok') throw new AppError('INTEGRITY', `from: the backup's database is damaged (${String(ok)}); nothing was changed.`);
        if ((raw.pragma('user_version', { simple: true }) as number) !== manifest.schemaVersion) throw notOne(folder, 'its database and manifest disagree');
      } finally {
        raw.close();
      }
      store = openStore(tmp.file, native);
      source = engineSource(store.engine);
    }
    const opened = store;
    return {
      manifest,
      source,
      vault: await blobsIn(source),
      productions: (await rowsOfTable(source, 'productions')) as unknown as ProductionRow[],
      close() {
        opened?.close();
        tmp.remove();
      },
    };
  } catch (e) {
    store?.close();
    tmp.remove();
    throw e;
  }
}
