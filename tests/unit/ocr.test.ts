import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { fails, ok, reopenCore, tempDir, testCore } from './helpers.ts';
import { makePdf } from './fixtures.ts';
import { startRecognizer, systemTesseract } from '../../core/documents/ocr-engines.ts';
import { OcrRunner } from '../../core/documents/ocr.ts';
import { insertDocument } from '../../db/documents.ts';
import { openStore } from '../../db/store.ts';


/** A "scan": a page of large printed text turned into a picture, as PNG and as an image-only PDF. */
async function scans(dir: string): Promise<{ png: string; pdf: string }> {
  const text = path.join(dir, 'text.pdf');
  await makePdf(text, ['SPONSOR VETTING RECORDS\nUNACCOMPANIED CHILDREN PLACED IN 2024']);
  const pool = new ExtractPool({ size: 1 });
  const { png: image } = await pool.run({ render: { file: text, page: 1 } });
  await pool.close();
  const png = path.join(dir, 'scan.png');
  fs.writeFileSync(png, image);
  const doc = await PDFDocument.create();
  const embedded = await doc.embedPng(image);
  doc.addPage([embedded.width, embedded.height]).drawImage(embedded, { x: 0, y: 0, width: embedded.width, height: embedded.height });
  const pdf = path.join(dir, 'scan.pdf');
  fs.writeFileSync(pdf, await doc.save());
  fs.rmSync(text);
  return { png, pdf };
}

describe('OCR', () => {
  it('reads scanned PDF pages and images, offline, and makes them searchable', async () => {
    const src = tempDir('sunshine-scans-');
    await scans(src);
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r.files.map((f) => [path.basename(f.path), f.type, f.ocrPages])).toEqual([
      ['scan.pdf', 'pdf', 1],
      ['scan.png', 'image', 1],
    ]);
    expect((await ok(core.invoke('app.status', {}))).counts.ocrPending).toBe(2);
    expect((await ok(core.invoke('documents.search', { query: 'sponsor' }))).total).toBe(0);

    expect(await ok(core.invoke('documents.runOcr', {}))).toEqual({ done: 2, pending: 0 });
    const hits = await ok(core.invoke('documents.search', { query: '"vetting records"' }));
    expect(hits.hits.map((h) => h.name).sort()).toEqual(['scan.pdf', 'scan.png']);
    const d = await ok(core.invoke('documents.get', { id: hits.hits[0]!.documentId }));
    expect(d.status).toBe('ready');
    const page = await ok(core.invoke('documents.page', { id: d.id, page: 1 }));
    expect(page.text).toMatch(/UNACCOMPANIED CHILDREN/);

    // The scanned PDF keeps where OCR found its words, for the viewer to box them on the drawn page.
    const pdf = hits.hits.find((h) => h.name === 'scan.pdf')!.documentId;
    const { words } = await ok(core.invoke('documents.pageWords', { id: pdf, page: 1 }));
    const vetting = words?.find((w) => w.text === 'VETTING');
    expect(vetting?.x).toBeGreaterThan(0);
    expect(vetting!.x + vetting!.width).toBeLessThan(1);
    expect(await fails(core.invoke('documents.pageWords', { id: pdf, page: 2 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has 1 page\./) });
  }, 120_000);

  it('can be turned off, and picks up its queue when the app opens again', async () => {
    const src = tempDir('sunshine-scans-');
    const { png } = await scans(src);
    fs.rmSync(path.join(src, 'scan.pdf'));
    const first = await testCore();
    await ok(first.invoke('settings.update', { ocrEnabled: false }));
    await ok(first.invoke('documents.import', { paths: [png] }));
    expect(await ok(first.invoke('documents.runOcr', {}))).toEqual({ done: 0, pending: 1 });
    await ok(first.invoke('settings.update', { ocrEnabled: true }));
    first.close();

    // Opened again with background OCR (as the desktop app and browser mode do): the queue empties by itself.
    const again = await reopenCore(first, { backgroundOcr: true });
    for (let i = 0; i < 200 && (await ok(again.invoke('app.status', {}))).counts.ocrPending > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await ok(again.invoke('app.status', {}))).counts.ocrPending).toBe(0);
    expect((await ok(again.invoke('documents.search', { query: 'sponsor' }))).total).toBe(1);
  }, 120_000);
});

describe('the OCR queue', () => {
  it('gives each lane its own page, and counts every failed attempt once', async () => {
    const store = openStore(path.join(tempDir(), 'sunshine.db'));
    try {
      await store.write('Test', (w) =>
        insertDocument(w, {
          sha256: 'f'.repeat(64), size: 10, type: 'pdf', mime: 'application/pdf', name: 'two-scanned-pages.pdf', path: 'two-scanned-pages.pdf', source: '',
          fileDate: null, docDate: null, parentId: null, title: null, emailFrom: null, emailTo: null, emailCc: null, emailDate: null, emailSubject: null,
          pages: ['', ''], ocrPages: [0, 1],
        }),
      );
      // Every page fails to draw; the first two draws wait for each other, so both lanes are at work at once.
      const drawn: number[] = [];
      let bothDrawing!: () => void;
      const together = new Promise<void>((r) => (bothDrawing = r));
      const pool = {
        run: async (job: { render: { page: number } }) => {
          drawn.push(job.render.page);
          if (drawn.length === 2) bothDrawing();
          if (drawn.length <= 2) await together;
          throw new Error('cannot draw this page');
        },
      } as unknown as ExtractPool;
      const runner = new OcrRunner({ store, dataDir: tempDir(), pool: () => pool, enabled: () => true, lanes: 2 });
      expect(await runner.kick()).toBe(0);
      await runner.close();
      expect(drawn.slice(0, 2).sort()).toEqual([1, 2]);
      // Three tries each, then the page is left for a person to look at.
      expect(await store.engine.all('SELECT attempts, last_error FROM ocr_queue ORDER BY page_id')).toEqual([
        { attempts: 3, last_error: 'cannot draw this page' },
        { attempts: 3, last_error: 'cannot draw this page' },
      ]);
      expect(drawn).toHaveLength(6);
    } finally {
      store.close();
    }
  });
});

describe('OCR engines', () => {
  const noSystem = systemTesseract() === null ? 'no tesseract with English is installed here (apt-get install tesseract-ocr)' : null;

  it.for<'wasm' | 'system'>(['wasm', 'system'])('the %s engine reads a scanned page', { timeout: 120_000 }, async (engine, ctx) => {
    // A skip, with its reason in the report, rather than a pass that tested nothing.
    if (engine === 'system' && noSystem) {
      console.warn(`[ocr] The system-Tesseract test is skipped: ${noSystem}.`);
      ctx.skip(noSystem);
    }
    const { png } = await scans(tempDir('sunshine-scans-'));
    const r = await startRecognizer(engine);
    try {
      expect(r.engine).toBe(engine);
      const read = await r.recognize(fs.readFileSync(png));
      expect(read.text).toMatch(/SPONSOR VETTING RECORDS\s+UNACCOMPANIED CHILDREN PLACED IN 2024/);
      // Where each word is, in pixels of the page as read: "SPONSOR" on the first line, left of "VETTING".
      const [sponsor, vetting] = ['SPONSOR', 'VETTING'].map((t) => read.words.find(([text]) => text === t)!);
      expect(read.width).toBeGreaterThan(1000);
      expect(sponsor![1]).toBeLessThan(vetting![1]);
      expect(Math.abs(sponsor![2] - vetting![2])).toBeLessThan(5);
      expect(sponsor![2]).toBeLessThan(read.height / 4);
      // Not an image at all: a clear failure, not a hang or made-up text.
      await expect(r.recognize(Buffer.from('not an image'))).rejects.toThrow();
    } finally {
      await r.terminate();
    }
  });
});
