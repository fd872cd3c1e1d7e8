/**
 * `sunshine workspace copy`: a whole workspace from a data folder or a PostgreSQL database to
 * another (either way), stored files included. The order keeps an interrupted copy from ever
 * looking complete: files first (content-addressed, so a re-run resumes), then every row in one
 * transaction on the target that is checked (rows per table, audit head, every file present) and
 * audited before it commits; a data folder's database appears under its real name only then.
 */
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit, osAccount } from '../db/audit.ts';
import { copyWorkspaceRows, type CopyReport } from '../db/copy-rows.ts';
import { allDocumentBlobs } from '../db/documents.ts';
import { allSealedIdentities } from '../db/disclosures.ts';
import type { Engine, Reader } from '../db/engine.ts';
import { StoreError } from '../db/errors.ts';
import { PgEngine } from '../db/pg/engine.ts';
import { migratePg } from '../db/pg/migrate.ts';
import { openPgStore, type PgStore } from '../db/pg/store.ts';
import { openStore, type Store } from '../db/store.ts';
import { copyBlobs, type Blob } from './backup-files.ts';
import { ledgerPathIn } from './bates-ledger.ts';
import { dbPathIn, filesDirIn } from './datadir.ts';
import { AppError } from './errors.ts';
import { OWNER_FILE, mkdirPrivate } from './private-files.ts';
import { prepareCopiedIdentities, resealCopiedIdentities, type CopyIdentities, type Prepared } from './disclosures/copy-identities.ts';

/** Where a workspace is: a data folder, or a PostgreSQL database with the folder its stored files are in. */
export type WorkspacePlace = { kind: 'folder'; dir: string } | { kind: 'database'; url: string; files: string };

export interface CopyPlaces {
  from: string;
  to: string;
  /** The stored files of a database given as --from. */
  fromFiles?: string;
  /** The stored files of a database given as --to. */
  files?: string;
}

export interface WorkspaceCopyReport {
  tables: CopyReport['tables'];
  rows: number;
  files: { copied: number; bytes: number; total: number };
  auditHead: CopyReport['auditHead'];
  /** Whether the source's own history says where its data went (false when the source cannot be written). */
  recordedAtSource: boolean;
  /**
   * Sealed sources copied from a data folder to a team workspace: re-sealed for the copying login
   * (its new key's fingerprint), or left under the office passphrase (no passphrase given).
   */
  identities: { sealed: number; resealed: number; fingerprint: string | null; login: string | null };
}

const isDatabaseUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/** A place as typed: an address (postgres://…) needs the folder its stored files are kept in. */
export function placeOf(text: string, files: string | undefined, flag: '--from-files' | '--files'): WorkspacePlace {
  if (!isDatabaseUrl(text)) {
    if (files !== undefined) throw new AppError('BAD_INPUT', `${flag}: only a database keeps its stored files apart; a data folder holds its own.`);
    return { kind: 'folder', dir: path.resolve(text) };
  }
  if (!files) throw new AppError('BAD_INPUT', `${flag}: say which folder holds the stored files of the database ${flag === '--files' ? 'copied to' : 'copied from'}.`);
  return { kind: 'database', url: text, files: path.resolve(files) };
}

/** A place as the history and messages name it: never a password, never a whole path. */
function describePlace(p: WorkspacePlace): Record<string, string> {
  if (p.kind === 'folder') return { engine: 'sqlite', folder: path.basename(p.dir) };
  const u = new URL(p.url);
  return { engine: 'postgres', database: `${decodeURIComponent(u.pathname.slice(1))} on ${u.hostname || 'this computer'}${u.port ? `:${u.port}` : ''}` };
}

/** A team workspace's shared folder is laid out as a data folder is, less the database: its stored files are in files/. */
const filesRoot = (p: WorkspacePlace) => filesDirIn(p.kind === 'folder' ? p.dir : p.files);

const asAppError = (e: unknown) => (e instanceof StoreError ? new AppError(e.code, e.message) : e);

interface OpenSource {
  engine: Engine;
  write: Store['write'];
  close(): Promise<void>;
}

async function openSource(p: WorkspacePlace, password?: string): Promise<OpenSource> {
  if (p.kind === 'folder') {
    const store = openStore(dbPathIn(p.dir));
    return { engine: store.engine, write: store.write.bind(store), close: async () => store.close() };
  }
  const store: PgStore = await openPgStore(p.url, { password });
  return { engine: store.engine, write: store.write.bind(store), close: () => store.close() };
}

interface OpenTarget {
  engine: Engine;
  prepare?: (tx: Engine) => Promise<void>;
  /** After the rows committed: make the copy the place's workspace. */
  finish(): Promise<void>;
  /** After a failure: leave nothing behind that looks like a workspace. */
  abandon(): Promise<void>;
}

async function openTarget(p: WorkspacePlace, password?: string): Promise<OpenTarget> {
  if (p.kind === 'database') {
    const engine = await PgEngine.open(p.url, { password });
    const where = `database ${describePlace(p).database}`;
    return {
      engine,
      // The schema is made inside the copy's transaction: a copy that stops leaves the database as empty as it was.
      prepare: async (tx) => void (await migratePg(tx, where)),
      finish: () => engine.close(),
      abandon: () => engine.close(),
    };
  }
  const final = dbPathIn(p.dir);
  if (fs.existsSync(final)) throw new AppError('CONFLICT', `to: ${p.dir} already holds a workspace; copy into a new folder.`);
  mkdirPrivate(p.dir);
  const copying = `${final}.copying`;
  // Left by a copy that was stopped: never a workspace, only a start that did not finish.
  const leftovers = [copying, `${copying}-wal`, `${copying}-shm`];
  for (const f of leftovers) fs.rmSync(f, { force: true });
  const store = openStore(copying);
  return {
    engine: store.engine,
    async finish() {
      store.close(); // folds the WAL into the file
      fs.chmodSync(copying, OWNER_FILE);
      const fd = fs.openSync(copying, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(copying, final);
    },
    async abandon() {
      store.close();
      for (const f of leftovers) fs.rmSync(f, { force: true });
    },
  };
}

/** Every stored file the workspace names (a received document's native too). */
const blobsOf = async (q: Reader): Promise<Blob[]> => (await allDocumentBlobs(q)).map(({ sha256, size }) => ({ sha256, size }));

function checkFilesFolder(root: string, which: 'from' | 'to'): void {
  try {
    if (which === 'to') {
      mkdirPrivate(root);
      fs.accessSync(root, fs.constants.W_OK);
    } else {
      fs.accessSync(root, fs.constants.R_OK);
    }
  } catch (e) {
    throw new AppError('BAD_INPUT', `${which === 'to' ? '--files' : '--from-files'}: the stored files folder cannot be ${which === 'to' ? 'written' : 'read'} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was copied.`);
  }
}

export async function copyWorkspace(
  places: CopyPlaces,
  opts: { password?: { from?: string; to?: string }; onTable?: (name: string, rows: number) => void; identities?: CopyIdentities } = {},
): Promise<WorkspaceCopyReport> {
  const from = placeOf(places.from, places.fromFiles, '--from-files');
  const to = placeOf(places.to, places.files, '--files');
  if (from.kind === 'folder' && to.kind === 'folder' && from.dir === to.dir) throw new AppError('BAD_INPUT', 'to: the copy must go somewhere other than where it comes from.');
  if (from.kind === 'database' && to.kind === 'database' && from.url === to.url) throw new AppError('BAD_INPUT', 'to: the copy must go somewhere other than where it comes from.');
  if (from.kind === 'folder' && !fs.existsSync(dbPathIn(from.dir))) throw new AppError('NOT_FOUND', `from: there is no Sunshine workspace in ${from.dir}.`);
  // A data folder that never stored a file has no files folder yet; a team's must be reachable.
  if (from.kind === 'database') checkFilesFolder(from.files, 'from');
  if (opts.identities && !(from.kind === 'folder' && to.kind === 'database')) {
    throw new AppError('BAD_INPUT', 'passphrase: sealed sources are re-sealed with per-user keys only when a data folder is copied to a team database; nothing was copied.');
  }
  checkFilesFolder(filesRoot(to), 'to');

  let source: OpenSource | undefined;
  let target: OpenTarget | undefined;
  let committed = false;
  try {
    source = await openSource(from, opts.password?.from);
    target = await openTarget(to, opts.password?.to);
    const sealedCount = (await allSealedIdentities(source.engine)).length;
    // The login copying: a team workspace's identities are re-sealed for it.
    const login = to.kind === 'database' ? (await target.engine.get<{ u: string }>('SELECT session_user AS u'))!.u : null;
    const prepared: Prepared | null = opts.identities && login ? await prepareCopiedIdentities(source.engine, login, opts.identities) : null;
    const identities: WorkspaceCopyReport['identities'] = { sealed: sealedCount, resealed: 0, fingerprint: null, login };
    // Files first: rows that name a file only ever arrive where the file already is.
    const first = await copyBlobs(filesRoot(from), filesRoot(to), await blobsOf(source.engine));
    const files = { copied: first.filesCopied, bytes: first.bytesCopied, total: 0 };
    if (first.filesMissing) throw missingFiles(first.filesMissing);

    const report = await copyWorkspaceRows(source.engine, target.engine, {
      prepareTarget: target.prepare,
      onTable: (t) => opts.onTable?.(t.name, t.rows),
      async beforeCommit(dst, r) {
        // Documents added at the source while the files were copying came with the rows: their files too.
        const blobs = await blobsOf(dst);
        const late = await copyBlobs(filesRoot(from), filesRoot(to), blobs);
        if (late.filesMissing) throw missingFiles(late.filesMissing);
        files.copied += late.filesCopied;
        files.bytes += late.bytesCopied;
        files.total = new Set(blobs.map((b) => b.sha256)).size;
        if (prepared && login) Object.assign(identities, await resealCopiedIdentities(dst, login, prepared));
        await appendAudit(dst, osAccount(), new Date().toISOString(), { action: 'workspace.copy', entity: 'workspace', entityId: 'copy', after: { ...copySummary(from, to, r, files.total), identities: identitiesSummary(identities) } }, osAccount());
      },
    });
    committed = true;
    if (from.kind === 'folder' && to.kind === 'folder') copyLedger(from.dir, to.dir);
    await target.finish();
    let recordedAtSource = true;
    try {
      await source.write(osAccount(), async (w) => void (await w.audit({ action: 'workspace.copiedTo', entity: 'workspace', entityId: 'copy', after: copySummary(from, to, report, files.total) })));
    } catch {
      recordedAtSource = false;
    }
    return { tables: report.tables, rows: report.tables.reduce((n, t) => n + t.rows, 0), files, auditHead: report.auditHead, recordedAtSource, identities };
  } catch (e) {
    if (!committed) await target?.abandon().catch(() => undefined);
    throw asAppError(e);
  } finally {
    await source?.close().catch(() => undefined);
  }
}

/** What the history says of the sealed sources copied: how many, and under what; never a key. */
const identitiesSummary = (i: WorkspaceCopyReport['identities']) =>
  i.sealed === 0 ? 'none' : i.resealed ? { resealed: i.resealed, for: i.login, fingerprint: i.fingerprint } : { sealed: i.sealed, under: 'the office passphrase' };

const missingFiles = (n: number) =>
  new AppError('INTEGRITY', `from: ${n} stored file${n === 1 ? ' is' : 's are'} missing or changed at the source; run "sunshine verify" there first. Nothing was copied into the target's database.`);

function copySummary(from: WorkspacePlace, to: WorkspacePlace, r: CopyReport, files: number) {
  return { from: describePlace(from), to: describePlace(to), tables: Object.fromEntries(r.tables.map((t) => [t.name, t.rows])), files, head: r.auditHead };
}

/** Bates numbers handed out stay handed out in the copy (docs/engines.md §2.2): the ledger travels with a data folder. */
function copyLedger(fromDir: string, toDir: string): void {
  const ledger = ledgerPathIn(fromDir);
  if (!fs.existsSync(ledger)) return;
  fs.copyFileSync(ledger, ledgerPathIn(toDir));
  fs.chmodSync(ledgerPathIn(toDir), OWNER_FILE);
}
