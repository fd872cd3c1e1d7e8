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

const marker = (labels: Set<string>) => `[REDACTED ${[...labels].join(', ')}]`;

export function wholePageMarker(pageNo: number, boxes: LabelledBox[]): string {
  return `[Page ${pageNo} redacted: ${[...new Set(boxes.map((b) => b.label))].join(', ')}]`;
}

export function redactedPageText(words: WordBox[], boxes: LabelledBox[]): string {
  const lines: string[][] = [];
  let line: string[] = [];
  let prev: WordBox | null = null;
  let removed: Set<string> | null = null;
  const flush = () => {
    if (removed) line.push(marker(removed));
    removed = null;
  };
  for (const w of words) {
    // A word that starts left of the last one, or clearly below it, begins a new line.
    if (prev && (w.x < prev.x || w.y > prev.y + prev.height * 0.6)) {
      flush();
      lines.push(line);
      line = [];
    }
    prev = w;
    const area = Math.max(w.width * w.height, 1e-12);
    const under = boxes.filter((b) => overlap(w, b) > area * 0.1);
    if (under.length) {
      removed ??= new Set();
      for (const b of under) removed.add(b.label);
    } else {
      flush();
      line.push(w.text);
    }
  }
  flush();
  lines.push(line);
  return lines.map((l) => l.join(' ')).join('\n');
}
