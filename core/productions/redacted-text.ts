/**
 * The TEXT of a redacted page: every word not under a redaction box, in
 * reading order, with "[REDACTED (b)(6)]" where words were taken out (one
 * marker for a run of them). A word any tenth of which lies under a box
 * goes: its picture is cut there too, and text that says more than the
 * page image would undo the redaction. Without word positions the page
 * is replaced by one marker for the whole page.
 */
import type { WordBox } from '../documents/word-boxes.ts';

export interface LabelledBox {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

const overlap = (a: WordBox, b: LabelledBox) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

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
    const area = Math.max(w.width * w.height, 1e-12);
    const under = boxes.filter((b) => overlap(w, b) > area * 0.1);
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
