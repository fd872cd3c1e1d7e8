import fs from 'node:fs';
import { FileProblem, type BurnBox } from './types.ts';

/**
 * One PDF page as a PNG, for OCR (or, with boxes, as a redacted page for a
 * production): rendered by pdf.js onto @napi-rs/canvas, by default at
 * 150 dpi — 8-point type still reads back exactly, and tesseract takes a
 * third less time than at 200 dpi (bench/ocr.ts).
 */
export async function renderPdfPage(file: string, pageNo: number, dpi = 150, boxes: BurnBox[] = []): Promise<Uint8Array> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(fs.readFileSync(file));
  const doc = await getDocument({ data, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    if (pageNo < 1 || pageNo > doc.numPages) throw new FileProblem(`the PDF has no page ${pageNo}`);
    const page = await doc.getPage(pageNo);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js's types name DOM canvases; @napi-rs/canvas implements the same drawing API.
    type RenderParams = Parameters<typeof page.render>[0];
    await page.render({ canvasContext: context, canvas, viewport } as unknown as RenderParams).promise;
    page.cleanup();
    // Redactions: solid black over the pixels, the reason in white inside — in the image
    // itself, so nothing of what was under a box survives in the produced page.
    for (const b of boxes) {
      const x = b.x * canvas.width;
      const y = b.y * canvas.height;
      const w = b.width * canvas.width;
      const h = b.height * canvas.height;
      context.fillStyle = 'black';
      context.fillRect(Math.floor(x), Math.floor(y), Math.ceil(w) + 1, Math.ceil(h) + 1);
      const size = Math.max(8, Math.min(h * 0.7, (dpi / 72) * 10));
      context.font = `${Math.round(size)}px sans-serif`;
      context.fillStyle = 'white';
      context.textBaseline = 'middle';
      if (context.measureText(b.label).width < w - 4) context.fillText(b.label, x + 3, y + h / 2);
    }
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    await doc.destroy();
  }
}
