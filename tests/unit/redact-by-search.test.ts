import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { picture } from './pictures.ts';
import { makeDocx, makePdf } from './fixtures.ts';
import { fails, ok, query, tamperWith, tempDir, testCore } from './helpers.ts';
import { boxesForRanges, termRanges } from '../../core/redactions/page-hits.ts';
import { MAX_HITS, NO_POSITIONS, termQueries } from '../../core/redactions/by-search.ts';
import type { Core } from '../../core/index.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { pageWordBoxes, pagesWordBoxes } from '../../core/documents/word-boxes.ts';

const word = (text: string, x: number, y: number) => ({ text, x, y, width: 0.1, height: 0.02 });

describe('hits on a page', () => {
  it('are found across line breaks and line-end hyphens, and boxed one word at a time', () => {
    const text = 'Met the spon-\nsor, then released to\nthe sponsor again.';
    const ranges = termRanges(text, ['sponsor', 'released to the sponsor']);
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['spon-\nsor', 'released to\nthe sponsor']);
    const words = [word('Met', 0, 0), word('the', 0.1, 0), word('spon-', 0.2, 0), word('sor,', 0, 0.1), word('then', 0.1, 0.1), word('released', 0.2, 0.1), word('to', 0.3, 0.1), word('the', 0, 0.2), word('sponsor', 0.1, 0.2), word('again.', 0.2, 0.2)];
    const boxes = boxesForRanges(text, words, ranges);
    // "spon-" and "sor," whole: the comma left out would be a cut by characters into the r.
    expect(boxes[0]).toEqual([
      { x: 0.2, y: 0, width: 0.1, height: 0.02 },
      { x: 0, y: 0.1, width: 0.1, height: 0.02 },
    ]);
    expect(boxes[1]!.map((b) => [b.x, b.y])).toEqual([
      [0.2, 0.1],
      [0.3, 0.1],
      [0, 0.2],
      [0.1, 0.2],
    ]);
  });

  it('part of a word (a finder\'s character range) is boxed by its characters, with half a character to spare', () => {
    const text = 'Call SSN:123-45-6789 today';
    const start = text.indexOf('123');
    const [box] = boxesForRanges(text, [word('Call', 0, 0), { text: 'SSN:123-45-6789', x: 0.2, y: 0, width: 0.3, height: 0.02 }, word('today', 0.6, 0)], [{ start, end: start + 11 }]);
    expect(box).toEqual([{ x: expect.closeTo(0.2 + (0.3 * 3.5) / 15, 6), y: 0, width: expect.closeTo((0.3 * 11.5) / 15, 6), height: 0.02 }]);
  });

  it('a word of a term list is also looked for as its two halves, so a hyphenated page is read', () => {
    expect(termQueries('sponsor')).toEqual(['"sponsor" OR ("sp" AND "onsor") OR ("spo" AND "nsor") OR ("spon" AND "sor") OR ("spons" AND "or")']);
  });
});

/** A workspace with a two-page text PDF, a scanned page read by OCR, a scan read before word positions were kept, and a Word file. */
async function corpus(): Promise<{ core: Core; pdf: number; scan: number; oldScan: number; docx: number }> {
  const core = await testCore();
  const src = tempDir('sunshine-redact-');
  await makePdf(path.join(src, 'memo.pdf'), ['Witness zebrafinch met the spon-\nsor on Tuesday', 'Nothing here but zebrafinch notes']);
  fs.writeFileSync(path.join(src, 'scan.png'), picture(1000, 500, [['QUOKKABERG', 50, 100]]).png);
  fs.writeFileSync(path.join(src, 'old-scan.png'), picture(1000, 500, [['QUOKKABERG WAS HERE', 50, 100]]).png);
  await makeDocx(path.join(src, 'letter.docx'), ['A letter naming zebrafinch']);
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  const id = (name: string) => r.files.find((f) => path.basename(f.path) === name)!.documentId!;
  // As OCR stores a page: its text, and each word's box in pixels of the picture it read.
  const words = JSON.stringify({ w: 1000, h: 500, words: [['Signed', 50, 100, 200, 40], ['Quokkaberg', 300, 100, 400, 40], ['today', 50, 200, 150, 40]] });
  await tamperWith(core, 'UPDATE pages SET text = ?, words = ?, ocr = 1 WHERE document_id = ?', ['Signed Quokkaberg\ntoday', words, id('scan.png')]);
  await tamperWith(core, 'UPDATE pages SET text = ?, ocr = 1 WHERE document_id = ?', ['Quokkaberg was here', id('old-scan.png')]);
  return { core, pdf: id('memo.pdf'), scan: id('scan.png'), oldScan: id('old-scan.png'), docx: id('letter.docx') };
}

describe('word boxes of any page', () => {
  it('come from a PDF\'s text layer, from OCR\'s stored words, and are null for a page with neither', async () => {
    const { core, pdf, scan, oldScan, docx } = await corpus();
    const pool = new ExtractPool({ size: 1 });
    try {
      const ctx = { store: core.workspace, dataDir: core.dataDir, pool: () => pool };
      const words = (await pageWordBoxes(ctx, pdf, 1))!;
      expect(words.map((w) => w.text)).toEqual(['Witness', 'zebrafinch', 'met', 'the', 'spon-', 'sor', 'on', 'Tuesday']);
      // Left to right along the first line, then the second line below it; all within the page.
      expect(words[1]!.x).toBeGreaterThan(words[0]!.x + words[0]!.width - 0.001);
      expect(words[5]!.y).toBeGreaterThan(words[4]!.y);
      for (const w of words) expect([w.x, w.y, w.x + w.width, w.y + w.height].every((v) => v >= 0 && v <= 1)).toBe(true);
      // Each word of the first line wholly under its box, as Helvetica draws it (a box short of its
      // word's last letters leaves them readable), and the box at most a letter wider.
      const { PDFDocument, StandardFonts } = await import('pdf-lib');
      const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
      const line = 'Witness zebrafinch met the spon-';
      for (const [i, m] of [...line.matchAll(/\S+/g)].entries()) {
        const start = 50 + font.widthOfTextAtSize(line.slice(0, m.index), 12);
        const end = start + font.widthOfTextAtSize(m[0], 12);
        const w = words[i]!;
        expect(w.x * 612, m[0]).toBeLessThanOrEqual(start);
        expect((w.x + w.width) * 612, m[0]).toBeGreaterThanOrEqual(end);
        expect(w.width * 612, m[0]).toBeLessThanOrEqual(end - start + 8);
      }
      expect(await pageWordBoxes(ctx, scan, 1)).toEqual([
        { text: 'Signed', x: 0.05, y: 0.2, width: 0.2, height: 0.08 },
        { text: 'Quokkaberg', x: 0.3, y: 0.2, width: 0.4, height: 0.08 },
        { text: 'today', x: 0.05, y: 0.4, width: 0.15, height: 0.08 },
      ]);
      expect(await pageWordBoxes(ctx, oldScan, 1)).toBeNull();
      expect(await pageWordBoxes(ctx, docx, 1)).toBeNull();
      expect([...(await pagesWordBoxes(ctx, pdf, [1, 2])).values()].map((w) => w?.length)).toEqual([8, 5]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('word boxes on a turned PDF page', () => {
  it('are placed on the page as shown, turned as it is drawn', async () => {
    const { PDFDocument, StandardFonts, degrees } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    page.drawText('Turnstile', { x: 50, y: 740, size: 12, font });
    page.setRotation(degrees(90));
    const file = path.join(tempDir('sunshine-turned-'), 'turned.pdf');
    fs.writeFileSync(file, await doc.save());
    const pool = new ExtractPool({ size: 1 });
    try {
      const w = (await pool.run({ pdfWords: { file, pages: [1] } }))[0]![0];
      // Turned a quarter clockwise, the page shows 792 wide and 612 high: the top line runs down its right edge.
      expect(w!.text).toBe('Turnstile');
      expect(w!.x).toBeGreaterThan(720 / 792);
      expect(w!.x + w!.width).toBeLessThan(770 / 792);
      expect(w!.y).toBeLessThanOrEqual(50 / 612);
      expect(w!.y + w!.height).toBeGreaterThanOrEqual((50 + font.widthOfTextAtSize('Turnstile', 12)) / 612);
      expect(w!.height).toBeGreaterThan(w!.width);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('redaction by search', () => {
  it('finds every hit on text-layer PDF pages and OCR pages, with context and a box a word', async () => {
    const { core, pdf, scan, oldScan, docx } = await corpus();
    const found = await ok(core.invoke('redactions.findHits', { terms: ['Zebrafinch', '', 'sponsor', 'quokkaberg'] }));
    expect(found).toMatchObject({ total: 5, capped: false, message: null });
    const on = (doc: number, page: number) => found.hits.filter((h) => h.documentId === doc && h.page === page);

    // The first line of the PDF: baseline 740 pt up a 792 pt page, 12 pt Helvetica from x = 50 pt.
    const [zebra, sponsor] = on(pdf, 1);
    expect(zebra).toMatchObject({ text: 'zebrafinch', before: 'Witness', after: expect.stringMatching(/^met the spon- sor/), problem: null });
    expect(zebra!.boxes).toHaveLength(1);
    const z = zebra!.boxes![0]!;
    expect(z.x).toBeGreaterThan(60 / 612);
    expect(z.x + z.width).toBeLessThan(200 / 612);
    expect(z.y).toBeLessThan((792 - 740) / 792);
    expect(z.y + z.height).toBeGreaterThan((792 - 740) / 792);
    // Hyphenated across two lines: a box on each.
    expect(sponsor).toMatchObject({ text: 'spon- sor' });
    expect(sponsor!.boxes!.map((b) => b.y > z.y + z.height / 2)).toEqual([false, true]);
    expect(on(pdf, 2)).toHaveLength(1);

    // OCR's word boxes, as fractions of the picture.
    expect(on(scan, 1)).toMatchObject([{ text: 'Quokkaberg', before: 'Signed', after: 'today', boxes: [{ x: 0.3, y: 0.2, width: 0.4, height: 0.08 }] }]);
    // A page without word positions is listed, never dropped.
    expect(on(oldScan, 1)).toMatchObject([{ text: 'Quokkaberg', boxes: null, problem: NO_POSITIONS }]);
    // A Word file has no pages to box: listed as skipped, with why.
    expect(found.skipped).toEqual([{ documentId: docx, document: 'letter.docx', hits: 1, reason: expect.stringMatching(/docx file: boxes are drawn on PDF pages and pictures/) }]);
  }, 60_000);

  it('by a search in Sunshine\'s language: its words, wildcards and prefixes as the index has them', async () => {
    const { core, pdf, scan, oldScan } = await corpus();
    const found = await ok(core.invoke('redactions.findHits', { search: { query: 'zebraf?nch OR quokka*' } }));
    expect(found.hits.map((h) => [h.documentId, h.page, h.text]).sort()).toEqual(
      [
        [pdf, 1, 'zebrafinch'],
        [pdf, 2, 'zebrafinch'],
        [scan, 1, 'Quokkaberg'],
        [oldScan, 1, 'Quokkaberg'],
      ].sort(),
    );
    expect(await fails(core.invoke('redactions.findHits', { search: { query: 'from:nobody' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no words to find on the pages/) });
    expect(await fails(core.invoke('redactions.findHits', { search: { query: '"unclosed' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Unclosed quote/) });
  }, 60_000);

  it('apply boxes every hit but those kept, as one batch audited once; undo takes away exactly that batch', async () => {
    const { core, pdf, scan } = await corpus();
    const byHand = await ok(core.invoke('redactions.add', { id: pdf, page: 2, x: 0.1, y: 0.5, width: 0.2, height: 0.05, reason: 'b5' }));
    const found = await ok(core.invoke('redactions.findHits', { terms: ['zebrafinch', 'sponsor', 'quokkaberg'] }));
    const keep = found.hits.find((h) => h.page === 2 && h.documentId === pdf)!.id;
    const auditBefore = (await query(core, 'SELECT count(*) AS n FROM audit_log'))[0]!.n;

    const applied = await ok(core.invoke('redactions.applyHits', { terms: ['zebrafinch', 'sponsor', 'quokkaberg'], exclude: [keep], reason: 'b6' }));
    // zebrafinch and sponsor (2 boxes) on page 1, Quokkaberg on the scan; the old scan's hit cannot be boxed.
    expect(applied).toMatchObject({ batch: expect.stringMatching(/^[a-f0-9]{32}$/), hits: 3, boxes: 4, documents: 2, unboxed: [{ problem: NO_POSITIONS }] });
    const boxes = (await ok(core.invoke('redactions.list', { id: pdf }))).redactions;
    expect(boxes.map((b) => [b.page, b.reason])).toEqual([
      [1, 'b6'],
      [1, 'b6'],
      [1, 'b6'],
      [2, 'b5'],
    ]);
    expect((await ok(core.invoke('redactions.list', { id: scan }))).redactions).toMatchObject([{ page: 1, x: 0.3, y: 0.2, reason: 'b6' }]);
    const audit = await query<{ action: string; after: string }>(core, 'SELECT action, after FROM audit_log ORDER BY seq DESC LIMIT 1');
    expect(Number((await query(core, 'SELECT count(*) AS n FROM audit_log'))[0]!.n)).toBe(Number(auditBefore) + 1);
    expect(audit[0]!.action).toBe('redactions.batch');
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ boxes: 4, documents: 2, reason: 'b6', terms: 3 });
    expect(audit[0]!.after).not.toMatch(/zebrafinch/);

    expect(await ok(core.invoke('redactions.undoBatch', { batch: applied.batch }))).toEqual({ removed: 4 });
    expect((await ok(core.invoke('redactions.list', { id: pdf }))).redactions.map((b) => b.id)).toEqual([byHand.id]);
    expect((await ok(core.invoke('redactions.list', { id: scan }))).redactions).toEqual([]);
    expect(await fails(core.invoke('redactions.undoBatch', { batch: applied.batch }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/undone already/) });
  }, 60_000);

  it('skips documents withheld as privileged, and refuses an empty term list, a line without words, a stale exclusion and a search that finds nothing', async () => {
    const { core, pdf } = await corpus();
    await ok(core.invoke('review.set', { ids: [pdf], status: 'privileged', privilege: 'attorney-client' }));
    const found = await ok(core.invoke('redactions.findHits', { terms: ['zebrafinch'] }));
    expect(found.hits.filter((h) => h.documentId === pdf)).toEqual([]);
    expect(found.skipped).toContainEqual({ documentId: pdf, document: 'memo.pdf', hits: 2, reason: expect.stringMatching(/withheld as privileged/) });

    expect(await fails(core.invoke('redactions.findHits', { terms: [' ', ''] }))).toMatchObject({ code: 'BAD_INPUT', message: 'terms: the list is empty; give one word or phrase a line.' });
    expect(await fails(core.invoke('redactions.findHits', { terms: ['zebrafinch', '--'] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/line 2 \("--"\) has no letters or digits/) });
    expect(await fails(core.invoke('redactions.applyHits', { terms: ['quokkaberg'], exclude: ['1:1:999'], reason: 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/1:1:999 no longer name a hit.*Nothing was redacted/) });
    expect(await fails(core.invoke('redactions.applyHits', { terms: ['nowhereword'], reason: 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: 'terms: nothing found to redact on any page.' });
    expect(await fails(core.invoke('redactions.applyHits', { terms: ['quokkaberg'], reason: 'b99' as 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/FOIA exemption/) });
    expect(await fails(core.invoke('redactions.findHits', { terms: ['x'], search: { query: 'x' } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/give one of search, terms or pii/) });
    expect(await rowsOfRedactions(core)).toBe(0);
  }, 60_000);
});

describe('personal data by kind', () => {
  it('boxes every SSN the PII finder finds, and nothing of another kind; an unknown kind is refused', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-redact-pii-');
    await makePdf(path.join(src, 'intake.pdf'), ['Sponsor Wombatella SSN 123-45-6789 call (202) 555-0147', 'Second sponsor SSN 234-56-7890']);
    await makePdf(path.join(src, 'plain.pdf'), ['Nothing personal here at all']);
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const intake = r.files.find((f) => path.basename(f.path) === 'intake.pdf')!.documentId!;

    const found = await ok(core.invoke('redactions.findHits', { pii: 'ssn' }));
    expect(found.hits.map((h) => [h.documentId, h.page, h.text, h.boxes?.length])).toEqual([
      [intake, 1, '123-45-6789', 1],
      [intake, 2, '234-56-7890', 1],
    ]);
    const applied = await ok(core.invoke('redactions.applyHits', { pii: 'ssn', reason: 'b6' }));
    expect(applied).toMatchObject({ hits: 2, boxes: 2, documents: 1 });
    const audit = await query<{ after: string }>(core, "SELECT after FROM audit_log WHERE action = 'redactions.batch' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ pii: 'ssn', boxes: 2 });
    expect((await ok(core.invoke('redactions.findHits', { pii: 'any' }))).hits.map((h) => h.text)).toEqual(['123-45-6789', '(202) 555-0147', '234-56-7890']);
    expect(await fails(core.invoke('redactions.findHits', { pii: 'shoe-size' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^pii: there is no kind "shoe-size"/) });
    expect(await fails(core.invoke('redactions.findHits', { pii: 'ssn', terms: ['x'] }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/give one of search, terms or pii/) });
  }, 60_000);
});

describe('too many hits', () => {
  it('are counted, not listed past the cap, and refused for applying with what to do', async () => {
    const { core, oldScan } = await corpus();
    await tamperWith(core, 'UPDATE pages SET text = ? WHERE document_id = ?', ['capword '.repeat(MAX_HITS + 1), oldScan]);
    const found = await ok(core.invoke('redactions.findHits', { terms: ['capword'] }));
    expect(found).toMatchObject({ total: MAX_HITS + 1, capped: true, message: expect.stringMatching(/^20,001 hits, more than the 20,000 that can be redacted at once: narrow the search/) });
    expect(found.hits.length).toBeLessThanOrEqual(MAX_HITS);
    expect(await fails(core.invoke('redactions.applyHits', { terms: ['capword'], reason: 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: found.message });
    expect(await rowsOfRedactions(core)).toBe(0);
  }, 60_000);
});

const rowsOfRedactions = async (core: Core) => Number((await query(core, 'SELECT count(*) AS n FROM redactions'))[0]!.n);
