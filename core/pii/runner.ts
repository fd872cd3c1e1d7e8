/**
 * The background PII scan: like the OCR queue (core/documents/ocr.ts), it works through pages in
 * the background — pages never scanned, pages OCR has just filled, and every page again when the
 * custom patterns change — a batch at a time, each batch one short write, yielding between
 * batches so calls are served meanwhile. Two apps of a team may scan the same batch: both write
 * the same hits (the table's key keeps one of each).
 */
import type { WorkspaceStore } from '../../db/store.ts';
import { countPagesToScan, pagesToScan, saveScan } from '../../db/pii.ts';
import type { Progress } from '../contract.ts';
import { compilePatterns } from './custom.ts';
import { findPii } from './find.ts';
import { scanVersion, storedPatterns } from './patterns.ts';

export const PII_ACTOR = 'Sunshine PII finder';
/** Pages per write: small enough that a write is short (a call waiting on it waits little), large enough that a million pages are a few thousand writes. */
const BATCH = 500;

const breather = () => new Promise<void>((resolve) => setImmediate(resolve));

export class PiiRunner {
  private running: Promise<number> | null = null;
  /** Asked to start again while running: the patterns may have changed under the running pass. */
  private again = false;
  private stopped = false;

  constructor(private readonly o: { store: WorkspaceStore; onProgress?: (p: Progress) => void }) {}

  /** Scan what waits, unless already at it (then once more after); resolves with pages scanned. */
  kick(onProgress = this.o.onProgress): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let done = 0;
      do {
        this.again = false;
        done += await this.pass(onProgress);
      } while (this.again && !this.stopped);
      return done;
    })().finally(() => (this.running = null));
    return this.running;
  }

  /** Start in the background: a failure (the store closing under it) is logged, and the next nudge starts over where pages wait. */
  nudge(): void {
    this.kick().catch((e: unknown) => {
      // Closing stops it on purpose: the store may close under its last write.
      if (!this.stopped) console.error(`[sunshine] the PII scan stopped: ${(e as Error)?.message ?? String(e)}`);
    });
  }

  private async pass(onProgress?: (p: Progress) => void): Promise<number> {
    const { store } = this.o;
    const patterns = await storedPatterns(store.engine);
    const scan = scanVersion(patterns);
    const custom = compilePatterns(patterns);
    const total = onProgress ? await countPagesToScan(store.engine, scan) : 0;
    let done = 0;
    let after = 0;
    while (!this.stopped) {
      const pages = await pagesToScan(store.engine, scan, after, BATCH);
      if (pages.length === 0) break;
      const scanned = pages.map((p) => ({ ...p, hits: findPii(p.text, custom) }));
      const hits = scanned.reduce((n, p) => n + p.hits.length, 0);
      await store.write(PII_ACTOR, async (w) => {
        const recorded = await saveScan(w, scan, scanned);
        // One row per batch: which pages, how many finds; never what was found.
        await w.audit({ action: 'documents.piiScan', entity: 'pii', entityId: scan, after: { pages: recorded, hits, firstPage: pages[0]!.id, lastPage: pages.at(-1)!.id } });
      });
      after = pages.at(-1)!.id;
      done += pages.length;
      onProgress?.({ done, total: Math.max(total, done), message: 'Looking for personal data' });
      await breather();
    }
    return done;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }
}
