/**
 * Who has a data folder open, kept as one small file per process in three
 * folders beside the database:
 *
 * - `holders/<pid>`: the desktop app or browser mode, which keep it open for
 *   long — one at a time (two would each think the folder theirs);
 * - `in-use/<pid>`: every process with the database open, the `sunshine`
 *   command included;
 * - `restoring/<pid>`: a restore swapping the database.
 *
 * Each process writes its own mark first and only then looks for others', so
 * of two starting together each sees the other (and one or both step back):
 * never do both go ahead. A mark whose process is gone is ignored and
 * removed; each names its file, so a user can clear one by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.ts';
import { mkdirPrivate, writePrivate } from './private-files.ts';

type Kind = 'holders' | 'in-use' | 'restoring';

const markFile = (dataDir: string, kind: Kind, pid = process.pid) => path.join(dataDir, kind, String(pid));

/** Whether a process of this id still runs (on this machine). */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, run by another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface Mark {
  pid: number;
  since: string;
  file: string;
}

/** Write this process's mark; returns its removal. */
function mark(dataDir: string, kind: Kind): () => void {
  const file = markFile(dataDir, kind);
  mkdirPrivate(path.dirname(file));
  writePrivate(file, new Date().toISOString());
  return () => fs.rmSync(file, { force: true });
}

/** Live marks of other processes, oldest first; marks of processes that are gone are removed. */
function others(dataDir: string, kind: Kind): Mark[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dataDir, kind));
  } catch {
    return [];
  }
  return names
    .flatMap((n) => {
      const pid = Number(n);
      if (!/^\d+$/.test(n) || pid === process.pid) return [];
      const file = markFile(dataDir, kind, pid);
      if (!alive(pid)) {
        fs.rmSync(file, { force: true });
        return [];
      }
      let since = '';
      try {
        since = fs.readFileSync(file, 'utf8').trim();
      } catch {
        return []; // removed meanwhile: its process has let go
      }
      return [{ pid, since, file }];
    })
    .sort((a, b) => a.since.localeCompare(b.since));
}

/**
 * Hold the data folder as the desktop app or browser mode; returns the
 * release. Refused while another holds it.
 */
export function holdDataDir(dataDir: string): () => void {
  const release = mark(dataDir, 'holders');
  const other = others(dataDir, 'holders')[0];
  if (other) {
    release();
    throw new AppError('CONFLICT', `Sunshine is already open on this data folder (process ${other.pid}, since ${other.since || 'unknown'}); use that one. If it is not running, delete ${other.file}.`);
  }
  return release;
}

/** Another live process holding the data folder (the desktop app or browser mode), if any. */
export const otherHolder = (dataDir: string): Mark | null => others(dataDir, 'holders')[0] ?? null;

/** Note that this process has the database open; returns the removal. */
export const markInUse = (dataDir: string) => mark(dataDir, 'in-use');

/** Other live processes with the database open. */
export const othersUsing = (dataDir: string): Mark[] => others(dataDir, 'in-use');

/**
 * Note that a restore is under way; returns the removal. Written before the
 * restore's last look for other users, as every process writes its in-use
 * mark before looking for this.
 */
export const markRestoring = (dataDir: string) => mark(dataDir, 'restoring');

/** Another live process restoring this data folder, if any. */
export const restoreUnderWay = (dataDir: string): Mark | null => others(dataDir, 'restoring')[0] ?? null;

/** "process 123 (marked in …/in-use/123)" — so a user can clear a mark left by a process that reused its number. */
export const describeMarks = (marks: Mark[]) => marks.map((m) => `process ${m.pid} (marked in ${m.file})`).join(', ');
