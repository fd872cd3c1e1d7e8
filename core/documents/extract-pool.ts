/**
 * A small pool of extraction workers (one per core, at most two here): each
 * job gets a time limit and the workers a memory limit, so a hostile file can
 * cost a worker, never the app. A worker that times out or dies is replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';
import type { ExtractJob, Extracted, RenderJob } from './extract/types.ts';

export class ExtractionFailed extends Error {}

interface Slot {
  worker: Worker;
  busy: boolean;
}

let devBundle: string | undefined;

/** `dir/name` holding `code`, written by temp file and rename unless already there. */
function writeOnce(dir: string, name: string, code: string): string {
  const file = path.join(dir, name);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * Running from the TypeScript sources (CLI, browser mode, tests): the worker's
 * own code bundled into plain JavaScript with esbuild, packages left to Node.
 * Through tsx every worker would transform pdf.js again — 300 MB and two
 * seconds each. Kept under node_modules/.cache by content hash, so packages
 * resolve from there and a changed source makes a new file.
 */
function devWorkerBundle(): string {
  if (devBundle) return devBundle;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof Esbuild;
  const entry = fileURLToPath(new URL('./extract-worker.ts', import.meta.url));
  const built = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false });
  const code = built.outputFiles[0]!.text;
  const name = `extract-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
  const modules = path.resolve(path.dirname(entry), '../../node_modules');
  let file: string;
  try {
    file = writeOnce(path.join(modules, '.cache', 'sunshine'), name, code);
  } catch {
    // node_modules is read-only (a system-wide install): a fresh folder of this process's
    // own under the system's temp (never a shared, guessable one whose code another user
    // could plant), with a link to node_modules so the packages still resolve.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-worker-'));
    fs.symlinkSync(modules, path.join(dir, 'node_modules'), 'junction');
    file = writeOnce(dir, name, code);
  }
  return (devBundle = file);
}

/** How to start the worker: the sources bundled on the fly, or the bundled file beside the app. */
function workerSpec(): { file: string | URL; workerData?: unknown } {
  if (import.meta.url.endsWith('.ts')) return { file: devWorkerBundle() };
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [`${here}extract-worker.js`, `${here}../extract-worker.js`];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`The extraction worker is missing (looked for ${candidates.join(', ')}).`);
  return { file: found };
}

export interface PoolOptions {
  size?: number;
  timeoutMs?: number;
  memoryMb?: number;
}

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private closed = false;

  constructor(opts: PoolOptions = {}) {
    this.size = opts.size ?? Math.max(1, Math.min(2, os.availableParallelism()));
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.memoryMb = opts.memoryMb ?? 1024;
  }

  private spawn(): Slot {
    const spec = workerSpec();
    const worker = new Worker(spec.file, {
      workerData: spec.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: 64 },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    const slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new ExtractionFailed('extraction was stopped');
      const free = this.slots.find((s) => !s.busy);
      if (free) return free;
      if (this.slots.length < this.size) return this.spawn();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  run(job: ExtractJob): Promise<Extracted>;
  run(job: RenderJob): Promise<Uint8Array>;
  async run(job: ExtractJob | RenderJob): Promise<Extracted | Uint8Array> {
    const slot = await this.acquire();
    slot.busy = true;
    const { worker } = slot;
    try {
      return await new Promise<Extracted | Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          this.retire(slot);
          reject(new ExtractionFailed(`reading it took longer than ${Math.round(this.timeoutMs / 1000)} s; it was stopped`));
        }, this.timeoutMs);
        const onMessage = (m: { ok: boolean; result?: Extracted | Uint8Array; error?: string }) => {
          cleanup();
          if (m.ok) resolve(m.result!);
          else reject(new ExtractionFailed(m.error ?? 'could not be read'));
        };
        const onError = (e: Error & { code?: string }) => {
          cleanup();
          this.retire(slot);
          reject(new ExtractionFailed(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `reading it needed more than ${this.memoryMb} MB of memory; it was stopped` : `the reader crashed (${e.message})`));
        };
        const onExit = (code: number) => {
          cleanup();
          this.retire(slot);
          reject(new ExtractionFailed(`the reader stopped unexpectedly (exit ${code})`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.postMessage(job);
      });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w();
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
