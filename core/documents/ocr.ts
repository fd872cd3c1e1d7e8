/**
 * The OCR queue: pages without a text layer (scans, photos) wait in ocr_queue,
 * which lives in the database and so survives restarts. A runner works through
 * them in the background, one page per core at a time (tesseract runs on one
 * thread) — rendering PDF pages in a helper process, reading them with the
 * system's Tesseract or tesseract.js (ocr-engines.ts), with no network — and
 * fills in their text, so search finds them as it goes.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { WorkspaceStore } from '../../db/store.ts';
import { claimOcrItem, countPendingOcr, noteOcrFailure, releaseOcrClaims, saveOcrText } from '../../db/documents.ts';
import { blobPath } from './vault.ts';
import type { ExtractPool } from './extract-pool.ts';
import type { Progress } from '../contract.ts';
import { startRecognizer, type OcrResult, type Recognizer } from './ocr-engines.ts';
import { oversizeImage } from './extract/image-size.ts';

const MAX_ATTEMPTS = 3;
export const OCR_ACTOR = 'Sunshine OCR';
/** A claim this old is of a reader that stopped (a page takes seconds): the page is taken again. */
const CLAIM_ABANDONED_MS = 30 * 60_000;

/**
 * The picture of one page for the recognizer: a PDF page drawn, or a page of
 * an image file — its own bytes, or a TIFF's page decoded to PNG — both in the
 * helper process. An image whose header claims too many pixels is refused
 * before anything decodes it (imports no longer queue such images,
 * extract.ts; this keeps ones queued before that from being decoded).
 */
async function pageToRead(pool: ExtractPool, file: string, item: { type: string; page_no: number }): Promise<Buffer> {
  if (item.type === 'pdf') return Buffer.from((await pool.run({ render: { file, page: item.page_no } })).png);
  const tooLarge = oversizeImage(file);
  if (tooLarge) throw new Error(tooLarge);
  return Buffer.from((await pool.run({ imagePage: { file, page: item.page_no } })).bytes);
}

/** Word boxes as stored with the page (migration 0013): compact JSON in the image's pixels. */
export function wordsJson(r: OcrResult): string | null {
  return r.words.length && r.width > 0 && r.height > 0 ? JSON.stringify({ w: r.width, h: r.height, words: r.words }) : null;
}

export interface OcrRunnerOptions {
  store: WorkspaceStore;
  dataDir: string;
  pool: () => ExtractPool;
  /** Checked before each page, so turning OCR off takes effect at once. */
  enabled: () => boolean | Promise<boolean>;
  onProgress?: (p: Progress) => void;
  /** Told after each page's text is saved (the PII scan takes it up). */
  afterPage?: () => void;
  /** Pages read at once (default: one per core, at most two). */
  lanes?: number;
}

export class OcrRunner {
  private running: Promise<number> | null = null;
  private stopped = false;
  private readonly recognizers: Promise<Recognizer>[] = [];
  /** Whose claims in the queue are this runner's: random, so nothing about the machine is stored. */
  private readonly owner = randomUUID();

  constructor(private readonly o: OcrRunnerOptions) {}

  /** Start working through the queue unless already at it; resolves with pages done. */
  kick(limit = Infinity, onProgress = this.o.onProgress): Promise<number> {
    this.running ??= this.loop(limit, onProgress).finally(() => (this.running = null));
    return this.running;
  }

  private async loop(limit: number, onProgress?: (p: Progress) => void): Promise<number> {
    let done = 0;
    let reading = 0;
    // Each page is claimed in the database, so lanes here and the apps of other team members
    // never read the same page; `reading` keeps this run within its limit.
    const claim = () => {
      const now = Date.now();
      return claimOcrItem(this.o.store.engine, MAX_ATTEMPTS, this.owner, new Date(now).toISOString(), new Date(now - CLAIM_ABANDONED_MS).toISOString());
    };
    const lane = async (n: number): Promise<void> => {
      while (!this.stopped && done + reading < limit && (await this.o.enabled())) {
        reading++;
        const item = await claim().catch((e: unknown) => {
          reading--;
          throw e;
        });
        if (!item) {
          reading--;
          return;
        }
        try {
          const file = blobPath(this.o.dataDir, item.sha256);
          const image = await pageToRead(this.o.pool(), file, item);
          this.recognizers[n] ??= startRecognizer();
          const read = await (await this.recognizers[n]).recognize(image);
          if (this.stopped) return;
          await this.o.store.write(OCR_ACTOR, (w) => saveOcrText(w, item, read.text.trim(), wordsJson(read)));
          this.o.afterPage?.();
          done++;
          onProgress?.({ done, total: done + (await countPendingOcr(this.o.store.engine)), message: 'Reading scanned pages' });
        } catch (e) {
          if (this.stopped) return;
          await noteOcrFailure(this.o.store.engine, item.page_id, (e as Error)?.message ?? String(e));
        } finally {
          reading--;
        }
      }
    };
    const lanes = this.o.lanes ?? Math.max(1, Math.min(2, os.availableParallelism()));
    try {
      await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
    } finally {
      // A page left half-read (stopped, or the store failing) goes back to the queue at once, not after the claim's time.
      await releaseOcrClaims(this.o.store.engine, this.owner).catch(() => undefined);
    }
    return done;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    // Lanes start their recognizer on first use: some may have none.
    for (const r of this.recognizers) if (r) await (await r.catch(() => null))?.terminate();
  }
}
