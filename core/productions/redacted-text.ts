/**
 * The TEXT of a redacted page: every word not under a redaction box, in
 * reading order, with "[REDACTED (b)(6)]" where words were taken out (one
 * marker for a run of them). A word goes when a box covers a tenth of its
 * width over a quarter of its height: its picture is cut there, and text
 * that says more than the page image would undo the redaction. A box that
 * only grazes the line above or below (a word's box is its whole line
 * height) leaves it: the page image still shows it whole. Without word
 * positions the page is replaced by one marker for the whole page.
 */
import type { WordBox } from '../documents/word-boxes.ts';

export interface LabelledBox {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

const across = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
/** Is the word cut by the box: a tenth of its width, over a quarter of its height? */
export const underBox = (w: WordBox, b: Omit<LabelledBox, 'label'>): boolean =>
  across(w.x, w.x + w.width, b.x, b.x + b.width) > w.width * 0.1 && across(w.y, w.y + w.height, b.y, b.y + b.height) > w.height * 0.25;

export function wholePageMarker(pageNo: number, boxes: LabelledBox[]): string {
  return `[Page ${pageNo} redacted: ${[...new Set(boxes.map((b) => b.label))].join(', ')}]`;
}

export function redactedPageText(words: WordBox[], boxes: LabelledBox[]): string {
  // A run of words taken out is one marker, where the run begins, even across lines.
  const lines: (string | Set<string>)[][] = [[]];
  let prev: WordBox | null = null;
  let run: Set<string> | null = null;
  for (const w of words) {
    // A word that starts left of the last one, or clearly below it, begins a new line.
    if (prev && (w.x < prev.x || w.y > prev.y + prev.height * 0.6)) lines.push([]);
    prev = w;
    const under = boxes.filter((b) => underBox(w, b));
    if (under.length) {
      if (!run) lines.at(-1)!.push((run = new Set()));
      for (const b of under) run.add(b.label);
    } else {
      run = null;
      lines.at(-1)!.push(w.text);
    }
  }
  return lines
    .filter((l) => l.length)
    .map((l) => l.map((t) => (typeof t === 'string' ? t : `[REDACTED ${[...t].join(', ')}]`)).join(' '))
    .join('\n');
}
