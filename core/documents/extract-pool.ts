/**
 * A small pool of helper processes that read untrusted files (one per core,
 * at most two here): each job gets a time limit and each helper a memory
 * limit. A helper that times out, runs out of memory or crashes costs that
 * one file (a per-file error), never the app; the next job gets a new helper.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../sha256.ts';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import type { ExtractJob, Extracted, RenderJob, Rendered } from './extract/types.ts';
import type { ImagePageJob, PageImage } from './extract/image-page.ts';
import type { TiffPageJob } from './extract/tiff-page.ts';
import type { PdfWordsJob, WordBox } from './extract/pdf-words.ts';
import type { AssemblePagesJob, Assembled } from './extract/assemble-pages.ts';
import type { CheckImagesJob, CheckedImage } from './extract/check-images.ts';
import type { MailboxBatch, MailboxBatchJob } from './extract/mailbox-batch.ts';
import type { UnpackArchiveJob, Unpacked } from './extract/unpack-archive.ts';
import { forkHelper, type Helper, type HelperExit, type SpawnHelper } from './helper-process.ts';

export class ExtractionFailed extends Error {}

/** 20 MB/s: how fast an archive's entries are at least expected to be written out. */
const UNPACK_BYTES_PER_MS = 20_000;

type PoolJob = ExtractJob | RenderJob | ImagePageJob | TiffPageJob | PdfWordsJob | AssemblePagesJob | CheckImagesJob | MailboxBatchJob | UnpackArchiveJob;
type PoolResult = Extracted | Rendered | PageImage | Uint8Array | WordBox[][] | Assembled | CheckedImage[] | MailboxBatch | Unpacked;

interface Slot {
  helper: Helper;
  busy: boolean;
  /** The job in flight hears its reply or its helper's end here. */
  onReply?: (reply: Reply) => void;
  onExit?: (how: HelperExit) => void;
  exited: boolean;
}

interface Reply {
  ok: boolean;
  result?: PoolResult;
  error?: string;
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
 * Running from the TypeScript sources (CLI, browser mode, tests): the helper's
 * own code bundled into plain JavaScript with esbuild, packages left to Node.
 * Through tsx every helper would transform pdf.js again — 300 MB and two
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
  const name = `extract-worker-${sha256Hex(code).slice(0, 16)}.mjs`;
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

/** The helper's script: the sources bundled on the fly, or the bundled file beside the app. */
function helperScript(): string {
  if (import.meta.url.endsWith('.ts')) return devWorkerBundle();
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [`${here}extract-worker.js`, `${here}../extract-worker.js`];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error('The file reader (extract-worker.js) is missing from the app; reinstall Sunshine.');
  return found;
}

/** What a file whose helper ended mid-job is told. */
export function stoppedMessage(how: HelperExit, memoryMb: number): string {
  return how.outOfMemory
    ? `the reader stopped while reading this file: it needed more than ${memoryMb} MB of memory (it may be damaged or too large)`
    : 'the reader stopped while reading this file (it may be damaged or too large)';
}

export interface PoolOptions {
  size?: number;
  /** Time limit for one job (one file read, one page rendered). */
  timeoutMs?: number;
  /** JavaScript heap limit of each helper. */
  memoryMb?: number;
  /** How helpers are started (the desktop app passes Electron's utilityProcess). */
  spawn?: SpawnHelper;
}

export class ExtractPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: (() => void)[] = [];
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private readonly spawnHelper: SpawnHelper;
  private closed = false;

  constructor(opts: PoolOptions = {}) {
    this.size = opts.size ?? Math.max(1, Math.min(2, os.availableParallelism()));
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.memoryMb = opts.memoryMb ?? 1024;
    this.spawnHelper = opts.spawn ?? forkHelper;
  }

  private spawn(): Slot {
    // The events arrive later (a message, an exit), by which time `slot` is set.
    const helper: Helper = this.spawnHelper(helperScript(), this.memoryMb, {
      message: (reply) => slot.onReply?.(reply as Reply),
      exit: (how) => {
        slot.exited = true;
        this.drop(slot);
        slot.onExit?.(how);
      },
    });
    const slot: Slot = { helper, busy: false, exited: false };
    this.slots.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  /** Stop a helper (timed out, or the pool closing); it is replaced when next needed. */
  private retire(slot: Slot): void {
    this.drop(slot);
    if (!slot.exited) slot.helper.kill();
  }

  /**
   * A helper for one job, marked busy before it is handed out: two jobs asked
   * for in the same tick (two OCR lanes starting together) must never both be
   * given the same helper, whose one reply would then go to both.
   */
  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new ExtractionFailed('extraction was stopped');
      const slot = this.slots.find((s) => !s.busy) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (slot) {
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot): void {
    slot.busy = false;
    this.waiting.shift()?.();
  }

  /**
   * A job's time limit: the pool's, except for unpacking an archive, which may write up to its
   * budget (20 GB) in one job: it gets the time to write that at a slow disk's 20 MB/s.
   */
  private timeLimit(job: PoolJob): number {
    return 'unpackArchive' in job ? Math.max(this.timeoutMs, job.unpackArchive.budget / UNPACK_BYTES_PER_MS) : this.timeoutMs;
  }

  run(job: ExtractJob): Promise<Extracted>;
  run(job: RenderJob): Promise<Rendered>;
  run(job: ImagePageJob): Promise<PageImage>;
  run(job: TiffPageJob): Promise<Uint8Array>;
  run(job: PdfWordsJob): Promise<WordBox[][]>;
  run(job: AssemblePagesJob): Promise<Assembled>;
  run(job: CheckImagesJob): Promise<CheckedImage[]>;
  run(job: MailboxBatchJob): Promise<MailboxBatch>;
  run(job: UnpackArchiveJob): Promise<Unpacked>;
  async run(job: PoolJob): Promise<PoolResult> {
    const slot = await this.acquire();
    const limitMs = this.timeLimit(job);
    try {
      return await new Promise<PoolResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          this.retire(slot);
          reject(new ExtractionFailed(`reading it took longer than ${Math.round(limitMs / 1000)} s; it was stopped`));
        }, limitMs);
        const cleanup = () => {
          clearTimeout(timer);
          slot.onReply = undefined;
          slot.onExit = undefined;
        };
        slot.onReply = (m) => {
          cleanup();
          if (m.ok) resolve(m.result!);
          else reject(new ExtractionFailed(m.error ?? 'could not be read'));
        };
        slot.onExit = (how) => {
          cleanup();
          reject(new ExtractionFailed(this.closed ? 'extraction was stopped' : stoppedMessage(how, this.memoryMb)));
        };
        slot.helper.send(job);
      });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w();
    for (const slot of [...this.slots]) this.retire(slot);
  }
}
