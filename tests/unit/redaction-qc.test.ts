import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { redactionLeaks, termReadable } from '../../core/productions/redaction-qc.ts';
import { RedactionReadBack, hiddenTerms } from '../../core/productions/read-back.ts';
import { picturesPdf, stampPdf } from '../../core/productions/stamp.ts';
import { startRecognizer } from '../../core/documents/ocr-engines.ts';
import { tempDir } from './helpers.ts';

const pool = new ExtractPool({ size: 1 });
const recognizer = await startRecognizer();
afterAll(async () => {
  await pool.close();
  await recognizer.terminate();
});

const NAME = 'Zebediah Quarrington';
const PAGE = { width: 612, height: 792 };
const SIZE = 16;
const LINE_Y = 700;

/**
 * A one-page memo naming NAME on its first line, and where the name stands in
 * points from the bottom left (as pdf-lib draws) and as fractions of the page
 * from the top left (as redaction boxes are kept).
 */
async function memo(opts: { drawBox?: boolean } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const before = 'Interview notes: ';
  page.drawText(`${before}${NAME} reported it.`, { x: 72, y: LINE_Y, size: SIZE, font });
  page.drawText('Nothing else was said at the meeting.', { x: 72, y: LINE_Y - 40, size: SIZE, font });
  const box = { x: 72 + font.widthOfTextAtSize(before, SIZE) - 2, y: LINE_Y - 6, width: font.widthOfTextAtSize(NAME, SIZE) + 4, height: SIZE + 10 };
  // The mistake QC exists to catch: a black rectangle drawn over the words, which stay in the text layer.
  if (opts.drawBox) page.drawRectangle({ ...box, color: rgb(0, 0, 0) });
  const fraction = (b: typeof box) => ({ x: b.x / PAGE.width, y: (PAGE.height - b.y - b.height) / PAGE.height, width: b.width / PAGE.width, height: b.height / PAGE.height });
  const secondLine = { x: 70, y: LINE_Y - 46, width: 440, height: SIZE + 10 };
  return { bytes: await doc.save(), box: fraction(box), secondLine: fraction(secondLine) };
}

/** Bytes to a file, for the helpers that draw pages. */
function saved(bytes: Uint8Array, name = 'memo.pdf'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('termReadable', () => {
  it('compares folded and across spaces, hyphens and line breaks, from word start to word end', () => {
    expect(termReadable('Interview of ZEBEDIAH QUARRINGTON.', NAME)).toBe(true);
    expect(termReadable('Interview of Zebediah Quar-\nrington.', NAME)).toBe(true);
    expect(termReadable('Interview of Zebediah\nQuarrington.', NAME)).toBe(true);
    expect(termReadable('Interview of Zebedíah Quarríngton.', NAME)).toBe(true);
    expect(termReadable('Badge 4471 B', '4471-B')).toBe(true);
    expect(termReadable('The annual report', 'Ann')).toBe(false);
    expect(termReadable('Zebediah Quarringtons', NAME)).toBe(false);
    expect(termReadable('anything', ' - ')).toBe(false);
  });
});

describe('redaction read-back', () => {
  it('finds a term left in the text layer under a box that was only drawn over it', async () => {
    const { bytes } = await memo({ drawBox: true });
    const leaks = await redactionLeaks(bytes, [{ page: 1, terms: [NAME] }], { pool, recognizer });
    expect(leaks).toEqual([{ page: 1, term: NAME, via: 'text' }]);
  });

  it('finds nothing on the same page burned the way a production burns it', async () => {
    const { bytes, box } = await memo();
    const rendered = await pool.run({ render: { file: saved(bytes), page: 1, dpi: 150, boxes: [{ ...box, label: '(b)(6)' }] } });
    const produced = await stampPdf(bytes, ['QCTEST-000001'], new Map([[0, rendered]]));
    // The file on disk, by path, as a production's folder holds it.
    expect(await redactionLeaks(saved(produced, 'QCTEST-000001.pdf'), [{ page: 1, terms: [NAME] }], { pool, recognizer })).toEqual([]);
  });

  it('finds by OCR a term still readable in the picture when the box missed it', async () => {
    const { bytes, secondLine } = await memo();
    // A page burned with its box on the wrong line: no text layer, but the name is in the pixels.
    const rendered = await pool.run({ render: { file: saved(bytes), page: 1, dpi: 150, boxes: [{ ...secondLine, label: '(b)(6)' }] } });
    const produced = await picturesPdf([rendered], ['QCTEST-000002']);
    const leaks = await redactionLeaks(produced, [{ page: 1, terms: [NAME, 'Nothing else was said'] }], { pool, recognizer });
    expect(leaks).toEqual([{ page: 1, term: NAME, via: 'ocr' }]);
  });

  it('refuses a page the PDF does not have, rather than report it checked', async () => {
    const { bytes } = await memo();
    await expect(redactionLeaks(bytes, [{ page: 2, terms: [NAME] }], { pool, recognizer })).rejects.toThrow('The produced PDF has 1 page; its redactions on page 2 cannot be checked.');
  });

  it('refuses a missing file by its name, never its place on disk', async () => {
    const gone = path.join(tempDir(), 'QCTEST-000009.pdf');
    const refused = await redactionLeaks(gone, [{ page: 1, terms: [NAME] }], { pool, recognizer }).catch((e: Error) => e.message);
    expect(refused).toBe('The produced PDF QCTEST-000009.pdf is missing; its redactions cannot be checked.');
  });

  it('refuses a file that is no PDF', async () => {
    await expect(redactionLeaks(new TextEncoder().encode('not a pdf'), [{ page: 1, terms: [NAME] }], { pool, recognizer })).rejects.toThrow(/cannot be read back to check its redactions/);
  });
});

describe('the words a production reads back for', () => {
  const w = (text: string, x: number, y: number) => ({ text, x, y, width: 0.1, height: 0.02 });
  it('are those under a box, folded, neither lone characters nor words the page also shows outside the boxes', () => {
    const words = [w('Ramírez,', 0.1, 0.1), w('sponsor', 0.2, 0.1), w('6', 0.3, 0.1), w('the', 0.4, 0.1), w('the', 0.1, 0.5), w('sponsor', 0.2, 0.5)];
    expect(hiddenTerms(words, [{ x: 0.05, y: 0.09, width: 0.5, height: 0.04 }])).toEqual(['ramirez']);
    expect(hiddenTerms(words, [])).toEqual([]);
  });
});

describe("a production's read-back", () => {
  it('stops at a document whose boxed words can still be read, naming its page and how, never the words', async () => {
    const { bytes, box } = await memo({ drawBox: true });
    const words = [
      { text: 'Interview', x: 0.12, y: box.y, width: 0.12, height: box.height },
      { text: 'Zebediah', x: box.x, y: box.y, width: box.width / 2, height: box.height },
      { text: 'Quarrington', x: box.x + box.width / 2, y: box.y, width: box.width / 2, height: box.height },
    ];
    const readBack = new RedactionReadBack(pool);
    try {
      const failed = await readBack.check({ id: 7, name: 'memo.pdf' }, bytes, [{ page: 1, words, boxes: [box] }]).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(failed).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/^The redaction check failed for document #7 memo\.pdf: .*\(page 1: 2 words in its text layer\)/) });
      expect(failed!.message).not.toMatch(/zebediah|quarrington/i);
    } finally {
      await readBack.close();
    }
  });
});
