import fs from 'node:fs';
import { FileProblem } from './types.ts';

/**
 * One PDF page as a PNG, for OCR: rendered by pdf.js onto @napi-rs/canvas at
 * 150 dpi — 8-point type still reads back exactly, and tesseract takes a
 * third less time than at 200 dpi (bench/ocr.ts).
 */
export async function renderPdfPage(file: string, pageNo: number, dpi = 150): Promise<Uint8Array> {
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
    return new Uint8Array(canvas.toBuffer('image/png'));
  } finally {
    await doc.destroy();
  }
}
