/**
 * The OCR queue: pages without a text layer (scans, photos) wait in ocr_queue,
 * which lives in the database and so survives restarts. A runner works through
 * them in the background, one page per core at a time (tesseract runs on one
 * thread) — rendering PDF pages in a helper process, reading them with the
 * system's Tesseract or tesseract.js (ocr-engines.ts), with no network — and
 * fills in their text, so search finds them as it goes.
 */
import os from 'node:os';
import type { WorkspaceStore } from '../../db/store.ts';
import { countPendingOcr, nextOcrItem, noteOcrFailure, saveOcrText } from '../../db/documents.ts';
import { blobPath } from './vault.ts';
import type { ExtractPool } from './extract-pool.ts';
import type { Progress } from '../contract.ts';
import { startRecognizer, type OcrResult, type Recognizer } from './ocr-engines.ts';
import { oversizeImage } from './extract/image-size.ts';

const MAX_ATTEMPTS = 3;
export const OCR_ACTOR = 'Sunshine OCR';

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
  /** Pages read at once (default: one per core, at most two). */
  lanes?: number;
}

export class OcrRunner {
  private running: Promise<number> | null = null;
  private stopped = false;
  private readonly recognizers: Promise<Recognizer>[] = [];

  constructor(private readonly o: OcrRunnerOptions) {}

  /** Start working through the queue unless already at it; resolves with pages done. */
  kick(limit = Infinity, onProgress = this.o.onProgress): Promise<number> {
    this.running ??= this.loop(limit, onProgress).finally(() => (this.running = null));
    return this.running;
  }

  private async loop(limit: number, onProgress?: (p: Progress) => void): Promise<number> {
    let done = 0;
    const taken = new Set<number>();
    // Lanes pick one at a time, each marking its page taken before the next looks: two lanes
    // waiting on the query at once would otherwise both get the oldest page (and overrun the limit).
    let picking: Promise<unknown> = Promise.resolve();
    const pick = () => {
      const next = picking.then(async () => {
        if (done + taken.size >= limit) return undefined;
        const item = await nextOcrItem(this.o.store.engine, MAX_ATTEMPTS, taken);
        if (item) taken.add(item.page_id);
        return item;
      });
      picking = next.catch(() => undefined);
      return next;
    };
    const lane = async (n: number): Promise<void> => {
      while (!this.stopped && done + taken.size < limit && (await this.o.enabled())) {
        const item = await pick();
        if (!item) return;
        try {
          const file = blobPath(this.o.dataDir, item.sha256);
          const image = await pageToRead(this.o.pool(), file, item);
          this.recognizers[n] ??= startRecognizer();
          const read = await (await this.recognizers[n]).recognize(image);
          if (this.stopped) return;
          await this.o.store.write(OCR_ACTOR, (w) => saveOcrText(w, item, read.text.trim(), wordsJson(read)));
          done++;
          onProgress?.({ done, total: done + (await countPendingOcr(this.o.store.engine)), message: 'Reading scanned pages' });
        } catch (e) {
          if (this.stopped) return;
          await noteOcrFailure(this.o.store.engine, item.page_id, (e as Error)?.message ?? String(e));
        } finally {
          taken.delete(item.page_id);
        }
      }
    };
    const lanes = this.o.lanes ?? Math.max(1, Math.min(2, os.availableParallelism()));
    await Promise.all(Array.from({ length: lanes }, (_, n) => lane(n)));
    return done;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    // Lanes start their recognizer on first use: some may have none.
    for (const r of this.recognizers) if (r) await (await r.catch(() => null))?.terminate();
  }
}
