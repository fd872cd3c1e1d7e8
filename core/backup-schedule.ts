/**
 * Automatic backups while the desktop app or browser mode runs: a check soon
 * after start and every few minutes after; a backup is made when the newest
 * one in the backup folder is older than the chosen interval (so a laptop
 * that slept through the hour catches up when it wakes, and a restart does
 * not add a backup that is not due).
 */
import path from 'node:path';
import type { ScheduledRun, Settings } from './api.ts';
import { describeBackups } from './backups.ts';

export const backupFolderOf = (s: Pick<Settings, 'backupFolder'>, dataDir: string) => s.backupFolder || path.join(dataDir, 'backups');

/** When the next automatic backup falls due; null when automatic backups are off. */
export function nextDue(newest: string | null, everyHours: number, now: Date): Date | null {
  if (everyHours <= 0) return null;
  if (!newest) return now;
  const t = Date.parse(newest);
  return Number.isNaN(t) ? now : new Date(t + everyHours * 3600_000);
}

export interface SchedulerOptions {
  settings(): Promise<Settings>;
  dataDir: string;
  now(): Date;
  /** Make one backup into the folder, keeping N; throws when it fails. */
  run(): Promise<string>;
  /** This workspace's id: only its own backups count (a folder may be shared). */
  workspace(): Promise<string | null>;
  /** True while nothing may be done (a restore is swapping the database). */
  paused?(): boolean;
  firstCheckMs?: number;
  checkEveryMs?: number;
}

export class BackupScheduler {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  last: ScheduledRun | null = null;

  constructor(private readonly o: SchedulerOptions) {}

  start(): void {
    const every = this.o.checkEveryMs ?? 10 * 60_000;
    const first = setTimeout(() => {
      void this.check();
      this.timer = setInterval(() => void this.check(), every);
      this.timer.unref();
    }, this.o.firstCheckMs ?? 60_000);
    first.unref();
    this.timer = first;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Back up now if one is due; never two at once. Resolves when done (or when nothing was due). */
  check(): Promise<void> {
    this.busy ??= this.checkOnce().finally(() => (this.busy = null));
    return this.busy;
  }

  private async checkOnce(): Promise<void> {
    if (this.o.paused?.()) return;
    const at = this.o.now().toISOString();
    try {
      const s = await this.o.settings();
      const newest = describeBackups(backupFolderOf(s, this.o.dataDir), await this.o.workspace()).mine[0]?.createdAt ?? null;
      const due = nextDue(newest, s.backupEveryHours, this.o.now());
      if (!due || due > this.o.now()) return;
      this.last = { at, ok: true, message: await this.o.run() };
    } catch (e) {
      // Kept for Settings to show; the next check tries again.
      this.last = { at, ok: false, message: (e as Error).message };
    }
  }
}
