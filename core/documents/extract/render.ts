import fs from 'node:fs';
import { FileProblem, type BurnBox, type Rendered } from './types.ts';

/**
 * Pixels one rendered page may have: 50 megapixels is a 34 × 22 inch drawing
 * at 150 dpi (200 MB of canvas). A page's box and its UserUnit are the file's
 * own say, so a hostile PDF could otherwise ask for a canvas of any size and
 * take the process down with it.
 */
export const MAX_PAGE_PIXELS = 50_000_000;
/** Longest side of a canvas (Skia's own limit is 32,767). */
export const MAX_PAGE_SIDE = 32_000;
/** Below this the picture is no use for reading or for a produced page: the page is refused instead. */
export const MIN_RENDER_DPI = 50;
/**
 * Pixels of one image inside a PDF that pdf.js will decode for drawing
 * (`maxImageSize`): 100 megapixels is a letter page scanned at 1,000 dpi.
 * Checked against the image's declared size before anything is decoded.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

const inches = (pt: number) => {
  const v = pt / 72;
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 10) / 10);
};

/**
 * The dpi a page of `width` × `height` points (UserUnit applied) is drawn at:
 * `wanted`, or less so the page stays within MAX_PAGE_PIXELS and
 * MAX_PAGE_SIDE; refused with a FileProblem when even MIN_RENDER_DPI would not.
 */
export function renderDpi(width: number, height: number, wanted: number, pageNo: number): number {
  if (!(Number.isFinite(width) && Number.isFinite(height) && width > 0 && height > 0)) {
    throw new FileProblem(`page ${pageNo} has no usable size (its page box or UserUnit is damaged)`);
  }
  const byArea = Math.sqrt(MAX_PAGE_PIXELS / ((width / 72) * (height / 72)));
  const bySide = MAX_PAGE_SIDE / (Math.max(width, height) / 72);
  const dpi = Math.min(wanted, Math.floor(Math.min(byArea, bySide)));
  if (dpi < MIN_RENDER_DPI) {
    throw new FileProblem(
      `page ${pageNo} is ${inches(width)} × ${inches(height)} inches (its page box or UserUnit); too large to draw even at ${MIN_RENDER_DPI} dpi within ${MAX_PAGE_PIXELS / 1_000_000} megapixels`,
    );
  }
  return dpi;
}

/**
 * pdf.js drops an image over `maxImageSize` with only a warning; a page drawn
 * without it would be read or produced as if it were whole. This helper
 * process handles one job at a time, so listening to the console for the
 * length of one render hears only that render's warnings.
 */
async function refusingOversizeImages<T>(pageNo: number, draw: () => Promise<T>): Promise<T> {
  const original = console.warn;
  let dropped = false;
  console.warn = (...args: unknown[]) => {
    if (/Image exceeded maximum allowed size/.test(String(args[0]))) dropped = true;
  };
  try {
    const out = await draw();
    if (dropped) throw new FileProblem(`page ${pageNo} holds an image of more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels; it was not drawn`);
    return out;
  } finally {
    console.warn = original;
  }
}

/** The drawing surface of @napi-rs/canvas, as far as burning boxes needs it. */
interface Surface {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: unknown;
    font: string;
    textBaseline: unknown;
    fillRect(x: number, y: number, w: number, h: number): void;
    fillText(t: string, x: number, y: number): void;
    measureText(t: string): { width: number };
  };
}

/**
 * Redactions: solid black over the pixels, the reason in white inside — in the
 * image itself, so nothing of what was under a box survives in the produced
 * page. Used for drawn PDF pages and for pictures alike.
 */
export function burnBoxes(canvas: Surface, boxes: BurnBox[], dpi: number): void {
  const context = canvas.getContext('2d');
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
}

/**
 * One PDF page as a PNG, for OCR (or, with boxes, as a redacted page for a
 * production): rendered by pdf.js onto @napi-rs/canvas, by default at
 * 150 dpi — 8-point type still reads back exactly, and tesseract takes a
 * third less time than at 200 dpi (bench/ocr.ts). A page too large for that
 * is drawn at a lower dpi (see renderDpi); the dpi used comes back with it.
 */
export async function renderPdfPage(file: string, pageNo: number, wantedDpi = 150, boxes: BurnBox[] = []): Promise<Rendered> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(fs.readFileSync(file));
  // Warnings on (verbosity 1) so an image dropped for its size is heard; see refusingOversizeImages.
  const doc = await getDocument({ data, isEvalSupported: false, verbosity: 1, maxImageSize: MAX_IMAGE_PIXELS }).promise;
  try {
    if (pageNo < 1 || pageNo > doc.numPages) throw new FileProblem(`the PDF has no page ${pageNo}`);
    const page = await doc.getPage(pageNo);
    // The viewport at scale 1 is the page's size in points with its UserUnit and rotation applied.
    const natural = page.getViewport({ scale: 1 });
    const dpi = renderDpi(natural.width, natural.height, wantedDpi, pageNo);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const { createCanvas } = await import('@napi-rs/canvas');
    // Whole pixels, without the float noise of the scale (31,800.000001 is not 31,801).
    const canvas = createCanvas(Math.ceil(viewport.width - 1e-6), Math.ceil(viewport.height - 1e-6));
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js's types name DOM canvases; @napi-rs/canvas implements the same drawing API.
    type RenderParams = Parameters<typeof page.render>[0];
    await refusingOversizeImages(pageNo, () => page.render({ canvasContext: context, canvas, viewport } as unknown as RenderParams).promise);
    page.cleanup();
    burnBoxes(canvas, boxes, dpi);
    return { png: new Uint8Array(canvas.toBuffer('image/png')), dpi };
  } finally {
    await doc.destroy();
  }
}
