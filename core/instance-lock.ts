/**
 * Which Sunshine holds a data folder open. The desktop app and browser mode
 * write `sunshine.lock` (their process id) while they run, so a restore from
 * the command line can refuse to swap the database from under them. A lock
 * left by a process that is gone is ignored.
 */
import fs from 'node:fs';
import path from 'node:path';

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

/** Mark the data folder as held by this process; returns the release. */
export function holdDataDir(dataDir: string): () => void {
  const file = lockFile(dataDir);
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
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
