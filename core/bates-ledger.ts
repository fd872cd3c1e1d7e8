/**
 * The Bates ledger: every range of Bates numbers ever handed out in this data
 * folder, kept outside the database so that restoring an older backup cannot
 * hand the same numbers out again.
 *
 *   DATA/bates-ledger.jsonl         one line per production, appended, owner-only
 *   PRODUCTION/.sunshine-production.json   the same line inside each production folder
 *
 * The database stays the record of what was produced; the ledger only ever
 * grows, and a restore never replaces it. Its line is written (and flushed)
 * before the production is committed to the database: a crash between the two
 * leaves numbers counted as used that nothing carries (a gap), never numbers
 * carried that nothing counts. A production the database then refuses (a
 * clash found inside its transaction) appends a `void` line undoing its own.
 * If the ledger itself is lost, the markers in the data folder's productions/
 * put its lines back the next time it is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reader } from '../db/engine.ts';
import { listProductions, nextFreeNumber, type ProductionRow } from '../db/productions.ts';
import { formatBates } from './productions/bates.ts';
import { OWNER_FILE } from './private-files.ts';
import { AppError } from './errors.ts';
import { DEFAULT_PADDING } from './shared/production-options.ts';
import type { ForgottenProductions } from './api.ts';

export interface IssuedRange {
  prefix: string;
  first: number;
  last: number;
  padding: number;
  name: string;
  /** When it was handed out (ISO). */
  at: string;
  folder: string;
  /** This line takes back the last live line with the same range: its production was refused after all. */
  void?: true;
}

export const ledgerPathIn = (dataDir: string) => path.join(dataDir, 'bates-ledger.jsonl');
export const MARKER = '.sunshine-production.json';

const keyOf = (r: { prefix: string; first: number; last: number }) => `${r.prefix.toLowerCase()}\u0000${r.first}\u0000${r.last}`;
const rowRange = (p: ProductionRow): IssuedRange => ({ prefix: p.prefix, first: p.first_number, last: p.last_number, padding: p.padding, name: p.name, at: p.produced_at, folder: p.folder });

/** One line appended and flushed to disk before this returns: what is written here must survive a crash that follows. */
function append(dataDir: string, lines: IssuedRange[]): void {
  if (!lines.length) return;
  const fd = fs.openSync(ledgerPathIn(dataDir), 'a', OWNER_FILE);
  try {
    fs.writeSync(fd, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const isRange = (v: unknown): v is IssuedRange => {
  const r = v as IssuedRange;
  return typeof r === 'object' && r !== null && typeof r.prefix === 'string' && Number.isInteger(r.first) && Number.isInteger(r.last);
};

/** The ledger's live lines; a torn last line (a crash mid-write) or a foreign one is skipped. */
function readLedger(dataDir: string): IssuedRange[] {
  let text: string;
  try {
    text = fs.readFileSync(ledgerPathIn(dataDir), 'utf8');
  } catch {
    return [];
  }
  const live: IssuedRange[] = [];
  for (const line of text.split('\n')) {
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRange(r)) continue;
    if (!r.void) live.push(r);
    else {
      const i = live.map(keyOf).lastIndexOf(keyOf(r));
      if (i >= 0) live.splice(i, 1);
    }
  }
  return live;
}

/** Markers of the productions in the data folder's productions/ (where a window's productions go). */
function markersIn(dataDir: string): IssuedRange[] {
  const dir = path.join(dataDir, 'productions');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      const r: unknown = JSON.parse(fs.readFileSync(path.join(dir, n, MARKER), 'utf8'));
      return isRange(r) && !r.void ? [{ ...r, folder: path.join(dir, n) }] : [];
    } catch {
      return [];
    }
  });
}

/** Add to the ledger whatever of `known` it lacks (productions from before it existed, a lost ledger's markers). */
function remember(dataDir: string, have: IssuedRange[], known: IssuedRange[]): IssuedRange[] {
  const keys = new Set(have.map(keyOf));
  const missing = known.filter((r) => !keys.has(keyOf(r)) && keys.add(keyOf(r)));
  try {
    append(dataDir, missing);
  } catch {
    // Counted all the same; written down the next time the folder can be written to.
  }
  return [...have, ...missing];
}

/** Every range handed out here: the ledger, made whole from the production folders' markers and, if given, a database's productions. */
export async function issuedRanges(dataDir: string, q?: Reader): Promise<IssuedRange[]> {
  const known = q ? (await productionsOf(q)).map(rowRange) : [];
  return remember(dataDir, readLedger(dataDir), [...markersIn(dataDir), ...known]);
}

/** A database's productions; none when it has no such table (older than productions) or cannot be read (a damaged one being restored over). */
export async function productionsOf(q: Reader): Promise<ProductionRow[]> {
  try {
    return await listProductions(q);
  } catch {
    return [];
  }
}

/**
 * A production about to be committed: its marker in its (work) folder and its line in the ledger, flushed.
 * The marker travels with the folder to its recipient, so it names no path on this computer (its place is its folder).
 */
export function recordIssued(dataDir: string, workFolder: string, r: IssuedRange): void {
  const { folder: _here, ...marker } = r;
  fs.writeFileSync(path.join(workFolder, MARKER), JSON.stringify(marker, null, 2), { mode: OWNER_FILE });
  append(dataDir, [r]);
}

/** The database refused the production after its line was written: its numbers were never handed out. */
export const takeBackIssued = (dataDir: string, r: IssuedRange) => append(dataDir, [{ ...r, void: true }]);

/** A range handed out under this prefix that [first, last] would meet; null if none. */
export async function ledgerClash(dataDir: string, prefix: string, first: number, last: number): Promise<IssuedRange | null> {
  const p = prefix.toLowerCase();
  return (await issuedRanges(dataDir)).find((r) => r.prefix.toLowerCase() === p && r.first <= last && r.last >= first) ?? null;
}

/** The next Bates number for a prefix: past everything the database and the ledger know of. */
export async function nextBatesNumber(q: Reader, dataDir: string, prefix: string): Promise<number> {
  return (await nextBatesNumbers(q, dataDir))[prefix.toLowerCase()] ?? (await nextFreeNumber(q, prefix));
}

/** The next Bates number of every prefix used here (keys in lower case: prefixes differing in case print the same numbers). */
export async function nextBatesNumbers(q: Reader, dataDir: string): Promise<Record<string, number>> {
  const next: Record<string, number> = {};
  for (const r of await issuedRanges(dataDir, q)) {
    const p = r.prefix.toLowerCase();
    next[p] = Math.max(next[p] ?? 1, r.last + 1);
  }
  return next;
}

export type Forgotten = ForgottenProductions;

/**
 * What restoring a backup whose database holds `restored` would forget: the
 * productions handed out here (the ledger, made whole from the database now
 * in use) that the backup does not know. Their numbers stay used.
 */
export async function forgottenBy(dataDir: string, current: Reader | null, restored: ProductionRow[]): Promise<Forgotten> {
  const known = new Set(restored.map((p) => keyOf(rowRange(p))));
  const lost = (await issuedRanges(dataDir, current ?? undefined))
    .filter((r) => !known.has(keyOf(r)))
    .sort((a, b) => a.prefix.localeCompare(b.prefix) || a.first - b.first);
  const runs: IssuedRange[] = [];
  for (const r of lost) {
    const prev = runs.at(-1);
    if (prev && prev.prefix.toLowerCase() === r.prefix.toLowerCase() && r.first <= prev.last + 1) prev.last = Math.max(prev.last, r.last);
    else runs.push({ ...r });
  }
  const ranges = runs.map((r) => `${formatBates(r.prefix, r.first, r.padding)}–${formatBates(r.prefix, r.last, r.padding)}`);
  const n = lost.length;
  return {
    productions: n,
    ranges,
    sentence: n ? `${n} production${n === 1 ? '' : 's'} made since this backup, ${ranges.join(', ')}; their numbers stay used` : null,
  };
}

/**
 * The digits a production under `prefix` gets: one padding per prefix, so
 * HSGAC-00000123 never has an HSGAC-000124 beside it. The padding its
 * earlier ranges have (database and ledger; the latest if they ever
 * differed); `asked` must agree with it, and without one, 8 for a new prefix.
 */
export async function paddingFor(q: Reader, dataDir: string, prefix: string, asked: number | undefined): Promise<number> {
  const p = prefix.toLowerCase();
  const used = (await issuedRanges(dataDir, q)).filter((r) => r.prefix.toLowerCase() === p).sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  if (!used) return asked ?? DEFAULT_PADDING;
  if (asked !== undefined && asked !== used.padding) {
    throw new AppError(
      'BAD_INPUT',
      `padding: numbers under ${used.prefix} have ${used.padding} digits (${formatBates(used.prefix, used.last, used.padding)} in "${used.name}"); give ${used.padding} digits, or leave the padding out to take it.`,
    );
  }
  return used.padding;
}
