/**
 * Running long jobs: each gets an AbortController so `jobs.cancel` can stop it,
 * and a throttled progress reporter so a tight loop cannot flood a transport.
 */
import type { ProgressEvent, Progress } from './contract.ts';
import { AppError } from './errors.ts';

export class JobRegistry {
  private readonly running = new Map<string, AbortController>();

  start(jobId: string): AbortSignal {
    if (this.running.has(jobId)) throw new AppError('CONFLICT', `A job with id ${jobId} is already running; use a new id.`);
    const c = new AbortController();
    this.running.set(jobId, c);
    return c.signal;
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }

  get size(): number {
    return this.running.size;
  }
}

/** Emit at most one progress event per `intervalMs`, but always the final one (done === total). */
export function throttledProgress(
  jobId: string,
  emit: (e: ProgressEvent) => void,
  intervalMs = 100,
  clock: () => number = Date.now,
): (p: Progress) => void {
  let last = -Infinity;
  return (p) => {
    const t = clock();
    if (t - last < intervalMs && p.done !== p.total) return;
    last = t;
    emit({ kind: 'progress', jobId, progress: p });
  };
}

/** Let other work (IPC, HTTP) run between batches of a long synchronous job. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
