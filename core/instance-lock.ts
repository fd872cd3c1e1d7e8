/**
 * Which Sunshine holds a data folder open. The desktop app and browser mode
 * write `sunshine.lock` (their process id) while they run — one at a time —
 * and every process with the database open, the `sunshine` command included,
 * leaves a mark in `in-use/`, so a restore from the command line can refuse
 * to swap the database from under any of them. Marks of processes that are
 * gone are ignored (and cleared).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.ts';

const lockFile = (dataDir: string) => path.join(dataDir, 'sunshine.lock');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, run by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Mark the data folder as held by this process; returns the release. A
 * second desktop app or browser mode on the same folder is refused (two
 * would each think the folder theirs), a lock left by a crash is taken over.
 */
export function holdDataDir(dataDir: string): () => void {
  const file = lockFile(dataDir);
  const other = otherHolder(dataDir);
  if (other) {
    throw new AppError(
      'CONFLICT',
      `Sunshine is already open on this data folder (process ${other.pid}, since ${other.since || 'unknown'}); use that one. If it is not running, delete ${file}.`,
    );
  }
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  try {
    fs.writeFileSync(file, mine, { flag: 'wx' }); // created only if absent: two starting together cannot both get it
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A lock of a process that is gone (or unreadable): taken over in one rename, then read back to see who won.
    const claim = `${file}.${process.pid}`;
    fs.writeFileSync(claim, mine);
    fs.renameSync(claim, file);
    const now = otherHolder(dataDir);
    if (now) throw new AppError('CONFLICT', `Sunshine is already open on this data folder (process ${now.pid}, since ${now.since || 'unknown'}); use that one.`);
  }
  return () => {
    try {
      const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown };
      if (held.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Already gone, or replaced by another: not ours to remove.
    }
  };
}

/** Another live process holding the data folder open, if any. */
export function otherHolder(dataDir: string): { pid: number; since: string } | null {
  try {
    const held = JSON.parse(fs.readFileSync(lockFile(dataDir), 'utf8')) as { pid?: unknown; since?: unknown };
    if (typeof held.pid !== 'number' || held.pid === process.pid || !alive(held.pid)) return null;
    return { pid: held.pid, since: typeof held.since === 'string' ? held.since : '' };
  } catch {
    return null;
  }
}

const inUseDir = (dataDir: string) => path.join(dataDir, 'in-use');

/** Note that this process has the database open; returns the removal. */
export function markInUse(dataDir: string): () => void {
  const file = path.join(inUseDir(dataDir), String(process.pid));
  fs.mkdirSync(inUseDir(dataDir), { recursive: true });
  fs.writeFileSync(file, new Date().toISOString());
  return () => fs.rmSync(file, { force: true });
}

/** Other live processes with the database open; marks of dead ones are cleared. */
export function othersUsing(dataDir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(inUseDir(dataDir));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const pid = Number(n);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return [];
    if (alive(pid)) return [pid];
    fs.rmSync(path.join(inUseDir(dataDir), n), { force: true });
    return [];
  });
}

const restoringFile = (dataDir: string) => path.join(dataDir, 'restoring');

/**
 * Note that a restore is under way; returns the removal. Written before the
 * restore's last look for other users, as every process writes its in-use
 * mark before looking for this: whichever comes second sees the other.
 */
export function markRestoring(dataDir: string): () => void {
  fs.writeFileSync(restoringFile(dataDir), String(process.pid));
  return () => fs.rmSync(restoringFile(dataDir), { force: true });
}

/** The live process restoring this data folder, other than this one; a mark left by a dead one is cleared. */
export function restoreUnderWay(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(restoringFile(dataDir), 'utf8'));
  } catch {
    return null;
  }
  if (pid === process.pid) return null;
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) return pid;
  fs.rmSync(restoringFile(dataDir), { force: true });
  return null;
}
