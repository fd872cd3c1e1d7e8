/**
 * Leftovers of work that was killed half-way — an import's staged file, an
 * upload nobody imported, a backup's or a production's hidden work folder —
 * are removed once nothing has touched them for a while, so that work still
 * going on in another Sunshine process is never pulled from under it.
 */
import fs from 'node:fs';
import path from 'node:path';

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * When anything in `p` last changed: its own time or a direct child's. A
 * folder's own time stops changing once its entries exist, while a long copy
 * or production still touches the files (or sub-folders) it is writing.
 */
export function lastTouched(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let latest = st.mtimeMs;
  for (const n of fs.readdirSync(p)) {
    try {
      latest = Math.max(latest, fs.statSync(path.join(p, n)).mtimeMs);
    } catch {
      // removed meanwhile
    }
  }
  return latest;
}

export interface SweepOptions {
  /** Which entries of the folder are leftovers (by name); nothing else is ever touched. */
  match: (name: string) => boolean;
  olderThanMs: number;
  /** The time to judge age by (ms); tests pass their own. */
  now?: number;
}

/** Remove the matching entries of `dir` untouched for longer than `olderThanMs`; returns what was removed. A missing folder has none. */
export function sweepStale(dir: string, o: SweepOptions): string[] {
  const now = o.now ?? Date.now();
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names.filter(o.match)) {
    const p = path.join(dir, n);
    try {
      if (now - lastTouched(p) <= o.olderThanMs) continue;
      fs.rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      // gone already, or not ours to remove: left for the next sweep
    }
  }
  return removed;
}
