/**
 * Boxes around the hit words on a shown page. pdf.js gives a PDF page's text as runs (a run is
 * often a whole line), OCR gives a scanned page's words with their boxes; hit-words.ts finds
 * which characters of which runs the query's words are, and here each such part becomes a box
 * over just those characters — on a PDF placed along the run's own line, so it stays on the words
 * when the page is turned or zoomed. Pure, so it is tested without a PDF or a picture.
 */
import type { PageWord } from '../../../../core/api.ts';
import { hitParts, type HitPart } from '../../../../core/shared/hit-words.ts';

/** A place on a page: fractions of the page from its top left. */
export interface HitBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * One run of a PDF page's text as drawn: its string, its transform onto the canvas (the
 * viewport's times the item's), its length along the line in canvas pixels, and the CSS font
 * family pdf.js gives for its font.
 */
export interface PlacedRun {
  str: string;
  t: readonly number[];
  length: number;
  fontFamily: string;
}

/** How wide a string is in the run's font, in any unit, or null when it cannot be measured. */
export type Measure = (s: string) => number | null;

/** A canvas 2D context as far as measuring text goes. */
export interface TextRuler {
  font: string;
  measureText(s: string): { width: number };
}

/**
 * Measures for each run in its font at its height, with a canvas 2D context; none without one
 * (spans are then counted in characters). pdf.js does the same to lay its text over a page: the
 * family is generic (the embedded font is not at hand), but the ratio of widths is close.
 */
export function rulerFor(ctx: TextRuler | null): ((run: PlacedRun) => Measure) | undefined {
  if (!ctx) return undefined;
  return (run) => (s) => {
    ctx.font = `${Math.hypot(run.t[2] ?? 0, run.t[3] ?? 0)}px ${run.fontFamily}`;
    const width = ctx.measureText(s).width;
    return Number.isFinite(width) ? width : null;
  };
}

/**
 * Where characters [start, end) lie along a run, as fractions of its length: measured in the
 * run's font when it can be (a W is wider than an i), else by counting characters.
 */
export function partSpan(str: string, start: number, end: number, measure?: Measure): [number, number] {
  const whole = measure?.(str);
  if (measure && whole && whole > 0) {
    const before = measure(str.slice(0, start));
    const through = measure(str.slice(0, end));
    if (before !== null && through !== null) return [Math.min(before / whole, 1), Math.min(through / whole, 1)];
  }
  return [start / str.length, end / str.length];
}

/**
 * The box of a span of a run on a canvas of `size`, as fractions of the page: from the run's
 * baseline up its font's height, and a fifth of it below for descenders, along the run's direction
 * (a line on a turned page runs up or down the canvas).
 */
export function spanBox(run: PlacedRun, [from, to]: [number, number], size: { width: number; height: number }): HitBox {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = run.t;
  const along = Math.hypot(a, b) || 1;
  const height = Math.hypot(c, d);
  // On the canvas (y down) the item's up is (c, d): its text space's y axis, already flipped by the viewport.
  const dir = [a / along, b / along] as const;
  const up = height ? ([c / height, d / height] as const) : ([0, -1] as const);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of [from * run.length, to * run.length]) {
    for (const h of [-0.2 * height, height]) {
      xs.push(e + dir[0] * s + up[0] * h);
      ys.push(f + dir[1] * s + up[1] * h);
    }
  }
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left: left / size.width, top: top / size.height, width: (Math.max(...xs) - left) / size.width, height: (Math.max(...ys) - top) / size.height };
}

/** One box per hit part, each over just its characters of its run. */
export function hitBoxes(runs: readonly PlacedRun[], parts: readonly HitPart[], size: { width: number; height: number }, measureFor?: (run: PlacedRun) => Measure | undefined): HitBox[] {
  return parts.map((p) => {
    const run = runs[p.run]!;
    return spanBox(run, partSpan(run.str, p.start, p.end, measureFor?.(run)), size);
  });
}

/** One box per hit part on a page OCR read (a picture, a scanned PDF): the word's box, narrowed to the hit's characters of it. */
export function wordHitBoxes(words: readonly PageWord[], terms: string[]): HitBox[] {
  return hitParts(
    words.map((w) => w.text),
    terms,
  ).map((p) => {
    const w = words[p.run]!;
    const [from, to] = partSpan(w.text, p.start, p.end);
    return { left: w.x + w.width * from, top: w.y, width: w.width * (to - from), height: w.height };
  });
}
