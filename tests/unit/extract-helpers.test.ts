/**
 * Untrusted files are read in helper processes: a helper that crashes or runs
 * out of memory costs its one file, never the app, and the batch goes on;
 * pages and images that would need a canvas of any size are refused first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, PDFNumber, concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } from 'pdf-lib';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { forkHelper, type SpawnHelper } from '../../core/documents/helper-process.ts';
import { ingest } from '../../core/documents/ingest.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { stampPdf } from '../../core/productions/stamp.ts';
import { MAX_PAGE_SIDE, renderDpi } from '../../core/documents/extract/render.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { makePdf, write } from './fixtures.ts';
import { ok, query, rowCount, tamperWith, tempDir, testCore } from './helpers.ts';

const pools: ExtractPool[] = [];
afterEach(async () => {
  while (pools.length) await pools.pop()!.close();
});
function pool(opts: ConstructorParameters<typeof ExtractPool>[0] = {}): ExtractPool {
  const p = new ExtractPool({ size: 1, ...opts });
  pools.push(p);
  return p;
}
const byName = (r: DocumentImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name)!;

/** An import of `src` through `readers`, into a fresh workspace (the test process plays the app). */
async function importWith(readers: ExtractPool, src: string) {
  const core = await testCore();
  const report = await ingest(
    { store: core.workspace, dataDir: core.dataDir, actor: 'Test', pool: readers, signal: new AbortController().signal, progress: () => undefined },
    { paths: [src] },
  );
  return { core, report };
}
const documentCount = (core: Parameters<typeof rowCount>[0]) => rowCount(core, 'documents');

/** A one-page PDF with no text whose page box is `size` points square and whose UserUnit is `userUnit`. */
async function hugePagePdf(file: string, size: number, userUnit?: number): Promise<void> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([size, size]);
  if (userUnit) page.node.set(PDFName.of('UserUnit'), PDFNumber.of(userUnit));
  fs.writeFileSync(file, await doc.save());
}

describe('helper processes', () => {
  it('a helper that crashes while reading a file costs that file only; the next file imports and the app goes on', async () => {
    const src = tempDir('sunshine-src-');
    write(src, 'a-before.txt', 'read before the crash');
    write(src, 'b-crashes.txt', 'CRASH-HERE: this file takes its reader down');
    write(src, 'c-after.txt', 'read after the crash');
    // A native crash, as a damaged file could cause in a decoder: SIGSEGV to the helper that is handed this file.
    const pids: number[] = [];
    const crashing: SpawnHelper = (script, memoryMb, on) => {
      const helper = forkHelper(script, memoryMb, on);
      pids.push(helper.pid!);
      return {
        pid: helper.pid,
        kill: helper.kill,
        send(job) {
          // The signal first: a pending signal ends the helper before it can read (and answer) the job.
          const file = (job as { file?: string }).file;
          if (file && fs.readFileSync(file, 'utf8').startsWith('CRASH-HERE')) process.kill(helper.pid!, 'SIGSEGV');
          helper.send(job);
        },
      };
    };
    const { core, report } = await importWith(pool({ spawn: crashing }), src);
    expect(byName(report, 'b-crashes.txt')).toMatchObject({ status: 'failed', error: 'the reader stopped while reading this file (it may be damaged or too large)' });
    expect(byName(report, 'a-before.txt')).toMatchObject({ status: 'added' });
    expect(byName(report, 'c-after.txt')).toMatchObject({ status: 'added' });
    expect(new Set(pids).size).toBe(2); // a new helper took over
    // Nothing of the failed file is kept (no document, no stored file), and the app still answers.
    expect(await documentCount(core)).toBe(2);
    expect(fs.existsSync(blobPath(core.dataDir, byName(report, 'b-crashes.txt').sha256!))).toBe(false);
    expect((await ok(core.invoke('documents.search', { query: 'crash' }))).hits.map((h) => h.name).sort()).toEqual(['a-before.txt', 'c-after.txt']);
  });

  it('a file that needs more memory than its helper has is stopped with that error, and the batch goes on', async () => {
    const src = tempDir('sunshine-src-');
    // 48 MB of text against a 32 MB helper: its decoded text alone does not fit.
    fs.writeFileSync(path.join(src, 'a-huge.txt'), Buffer.alloc(48 * 1024 * 1024, 'word '));
    write(src, 'b-small.txt', 'small and fine');
    const { core, report } = await importWith(pool({ memoryMb: 32 }), src);
    expect(byName(report, 'a-huge.txt')).toMatchObject({
      status: 'failed',
      error: 'the reader stopped while reading this file: it needed more than 32 MB of memory (it may be damaged or too large)',
    });
    expect(byName(report, 'b-small.txt')).toMatchObject({ status: 'added' });
    expect(await documentCount(core)).toBe(1);
    expect(fs.existsSync(blobPath(core.dataDir, byName(report, 'a-huge.txt').sha256!))).toBe(false);
  }, 60_000);
});

describe('page and image size caps', () => {
  it('draws a large page at a lower dpi to stay within the pixel cap, and refuses an absurd one', () => {
    expect(renderDpi(612, 792, 150, 1)).toBe(150);
    // 100 × 100 inches: 50 megapixels allow 70 dpi.
    expect(renderDpi(7200, 7200, 150, 1)).toBe(70);
    expect(() => renderDpi(14400 * 75000, 14400 * 75000, 150, 3)).toThrow(
      'page 3 is 15,000,000 × 15,000,000 inches (its page box or UserUnit); too large to draw even at 50 dpi within 50 megapixels',
    );
    expect(() => renderDpi(Infinity, 10, 150, 1)).toThrow(/page 1 has no usable size/);
  });

  it('renders a 300-inch-long page at the dpi that fits, in a helper', async () => {
    const file = path.join(tempDir(), 'long.pdf');
    const doc = await PDFDocument.create();
    doc.addPage([300 * 72, 72]);
    fs.writeFileSync(file, await doc.save());
    const { png, dpi } = await pool().run({ render: { file, page: 1 } });
    // 32,000 pixels over 300 inches.
    expect(dpi).toBe(106);
    const buf = Buffer.from(png);
    const width = buf.readUInt32BE(16);
    expect([width, buf.readUInt32BE(20)]).toEqual([31_800, 106]);
    expect(width).toBeLessThanOrEqual(MAX_PAGE_SIDE);
  });

  it('a page whose box and UserUnit are huge fails OCR with a clear error; the good page in the batch is read', async () => {
    const src = tempDir('sunshine-src-');
    await hugePagePdf(path.join(src, 'huge.pdf'), 14400, 75000);
    // The good one: a page of text drawn as a picture, as a scan is.
    const typed = path.join(tempDir(), 'typed.pdf');
    await makePdf(typed, ['SPONSOR VETTING RECORDS']);
    const { png } = await pool().run({ render: { file: typed, page: 1 } });
    fs.writeFileSync(path.join(src, 'scan.png'), png);
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(r.files.map((f) => [path.basename(f.path), f.status, f.ocrPages])).toEqual([
      ['huge.pdf', 'added', 1],
      ['scan.png', 'added', 1],
    ]);
    await ok(core.invoke('documents.runOcr', {}));
    expect((await ok(core.invoke('documents.search', { query: 'vetting' }))).hits.map((h) => h.name)).toEqual(['scan.png']);
    const failed = (await query(core, 'SELECT q.last_error AS error, p.text FROM ocr_queue q JOIN pages p ON p.id = q.page_id')) as { error: string; text: string }[];
    expect(failed).toEqual([{ error: expect.stringMatching(/^page 1 is 15,000,000 × 15,000,000 inches \(its page box or UserUnit\); too large to draw/), text: '' }]);
  }, 60_000);

  it('an absurd redacted page stops the production with its reason, and nothing is kept', async () => {
    const src = tempDir('sunshine-src-');
    await hugePagePdf(path.join(src, 'huge.pdf'), 14400, 75000);
    const core = await testCore();
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    await ok(core.invoke('redactions.add', { id, page: 1, x: 0.1, y: 0.1, width: 0.2, height: 0.1, reason: 'b6' }));
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [id] }));
    const out = path.join(tempDir('sunshine-out-'), 'vol');
    expect(await core.invoke('productions.create', { tag: 'Produce', prefix: 'H-', start: 1, folder: out })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/huge\.pdf could not be stamped \(page 1 is 15,000,000 × 15,000,000 inches .*\)\. Nothing was produced\./) },
    });
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });

  it('a burned page drawn at a lower dpi than asked is stamped at its own size', async () => {
    const original = await PDFDocument.create();
    original.addPage([144, 144]);
    const { createCanvas } = await import('@napi-rs/canvas');
    // 144 points at 50 dpi: 100 pixels.
    const png = new Uint8Array(createCanvas(100, 100).toBuffer('image/png'));
    const stamped = await PDFDocument.load(await stampPdf(await original.save(), ['X-1'], new Map([[0, { png, dpi: 50 }]])));
    expect(stamped.getPage(0).getSize()).toEqual({ width: 144, height: 144 });
  });

  it('refuses to draw a page holding an image that claims more than 100 megapixels', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([612, 792]);
    // 20,000 × 20,000 declared, a few bytes given: pdf.js must refuse it by its declared size, not decode it.
    const image = doc.context.register(doc.context.flateStream(new Uint8Array(64), { Type: 'XObject', Subtype: 'Image', Width: 20_000, Height: 20_000, ColorSpace: 'DeviceGray', BitsPerComponent: 8 }));
    const name = page.node.newXObject('Im', image);
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(612, 0, 0, 792, 0, 0), drawObject(name), popGraphicsState());
    const file = path.join(tempDir(), 'image.pdf');
    fs.writeFileSync(file, await doc.save());
    await expect(pool().run({ render: { file, page: 1 } })).rejects.toThrow('page 1 holds an image of more than 100 megapixels; it was not drawn');
  });

  it('keeps an image file that claims more than 100 megapixels, but never hands it to OCR', async () => {
    const src = tempDir('sunshine-src-');
    // A PNG header claiming 30,000 × 30,000 pixels.
    const head = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head);
    head.writeUInt32BE(13, 8);
    head.write('IHDR', 12, 'latin1');
    head.writeUInt32BE(30_000, 16);
    head.writeUInt32BE(30_000, 20);
    head.writeUInt8(8, 24);
    write(src, 'bomb.png', head);
    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'bomb.png')).toMatchObject({
      status: 'added',
      ocrPages: 0,
      notes: ['the image is 30,000 × 30,000 pixels, over the 100-megapixel limit; it was not read for text'],
    });
    expect((await ok(core.invoke('app.status', {}))).counts.ocrPending).toBe(0);

    // One queued before imports held such images back is refused by the OCR run, not decoded.
    await tamperWith(core, "INSERT INTO ocr_queue (page_id, queued_at) SELECT id, '2026-01-01T00:00:00Z' FROM pages");
    await ok(core.invoke('documents.runOcr', {}));
    expect((await query(core, 'SELECT last_error AS error FROM ocr_queue'))).toEqual([
      { error: 'the image is 30,000 × 30,000 pixels, over the 100-megapixel limit; it was not read for text' },
    ]);
  });
});
