/**
 * Where each word of a PDF page's text layer is drawn, for redaction by search: pdf.js gives the
 * text as runs (often a whole line) with a transform and length; each run is cut into words, and
 * each word's place along the run is measured in a font of the run's family (the embedded font's
 * own widths are not at hand; the ratio of widths is close, as pdf.js finds when it lays its text
 * over a page), or counted in characters where nothing can measure. A box reaches a little past
 * its word on each side: a redaction that leaves the edge of a letter readable has failed, one a
 * hair wider has not. Runs in the file reader's helper process: the PDF is untrusted.
 */
import fs from 'node:fs';
import { FileProblem } from './types.ts';

/** A word of a page and its box: fractions of the page from its top left, as redaction boxes are. */
export interface WordBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The word boxes of pages `pages` (1-based) of a PDF's text layer: the file is opened once for them all. */
export interface PdfWordsJob {
  pdfWords: { file: string; pages: number[] };
}

/** A run of text as pdf.js gives it: its string, transform (in PDF user space) and length along its line. */
interface Run {
  str: string;
  fontName?: string;
  transform: number[];
  width: number;
  height: number;
}

/** How far below the baseline a box reaches, as a share of the font's height (descenders: g, p, y). */
const DESCENT = 0.25;
/** How far past each end of its word a box reaches, as a share of the font's height. */
const MARGIN = 0.15;

/** How wide a string is in a font family (any unit), or null when it cannot be measured. */
export type Measure = (s: string, family: string) => number | null;

/** Measures with a canvas of @napi-rs/canvas; none (characters are counted) when it cannot be had. */
async function canvasMeasure(): Promise<Measure | undefined> {
  try {
    const { createCanvas } = await import('@napi-rs/canvas');
    const g = createCanvas(1, 1).getContext('2d');
    return (str, family) => {
      g.font = `100px ${family}`;
      const w = g.measureText(str).width;
      return Number.isFinite(w) && w > 0 ? w : null;
    };
  } catch {
    return undefined;
  }
}

/** Where characters [start, end) of a run lie along it, as fractions of its length. */
function span(text: string, start: number, end: number, family: string, measure?: Measure): [number, number] {
  const whole = measure?.(text, family);
  if (measure && whole) {
    const before = start === 0 ? 0 : measure(text.slice(0, start), family);
    const through = measure(text.slice(0, end), family);
    if (before !== null && through !== null) return [Math.min(before / whole, 1), Math.min(through / whole, 1)];
  }
  return [start / text.length, end / text.length];
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The boxes of the words of one run: `toPage` maps a point of PDF user space onto the page as
 * shown (rotation and crop box applied), in fractions of its size.
 */
export function runWords(run: Run, toPage: (x: number, y: number) => [number, number], family = 'sans-serif', measure?: Measure): WordBox[] {
  const text = run.str.normalize('NFKC');
  if (!text.trim()) return [];
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = run.transform;
  const along = Math.hypot(a, b) || 1;
  const size = Math.hypot(c, d) || run.height || 1;
  const height = run.height || size;
  const dir = [a / along, b / along];
  const up = [c / size, d / size];
  const out: WordBox[] = [];
  for (const m of text.matchAll(/\S+/gu)) {
    const [a0, a1] = span(text, m.index, m.index + m[0].length, family, measure);
    const from = a0 * run.width - MARGIN * height;
    const to = a1 * run.width + MARGIN * height;
    const corners = [from, to].flatMap((s) =>
      [-DESCENT * height, height].map((h) => toPage(e + dir[0]! * s + up[0]! * h, f + dir[1]! * s + up[1]! * h)),
    );
    const xs = corners.map(([x]) => clamp(x));
    const ys = corners.map(([, y]) => clamp(y));
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const width = Math.max(...xs) - x;
    const h = Math.max(...ys) - y;
    if (width > 0 && h > 0) out.push({ text: m[0], x, y, width, height: h });
  }
  return out;
}

/** Each page's word boxes, in the order asked. */
export async function pdfPageWords(file: string, pageNos: number[]): Promise<WordBox[][]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(fs.readFileSync(file));
  // Untrusted input: no eval, no fonts loaded, no network (as extractPdf reads it).
  const doc = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  try {
    const measure = await canvasMeasure();
    const out: WordBox[][] = [];
    for (const pageNo of pageNos) {
      if (pageNo < 1 || pageNo > doc.numPages) throw new FileProblem(`the PDF has no page ${pageNo}`);
      const page = await doc.getPage(pageNo);
      const viewport = page.getViewport({ scale: 1 });
      const toPage = (x: number, y: number): [number, number] => {
        const [vx, vy] = viewport.convertToViewportPoint(x, y) as [number, number];
        return [vx / viewport.width, vy / viewport.height];
      };
      const content = await page.getTextContent({ disableNormalization: true });
      const words: WordBox[] = [];
      for (const item of content.items) {
        if ('str' in item) words.push(...runWords(item, toPage, content.styles[item.fontName]?.fontFamily ?? 'sans-serif', measure));
      }
      page.cleanup();
      out.push(words);
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
