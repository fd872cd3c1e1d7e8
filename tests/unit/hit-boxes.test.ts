import { describe, expect, it } from 'vitest';
import { hitParts, hitRanges } from '../../core/shared/hit-words.ts';
import { queryTerms } from '../../renderer/src/screens/documents/hit-words.ts';
import { hitBoxes, partSpan, rulerFor, spanBox, wordHitBoxes, type PlacedRun } from '../../renderer/src/screens/documents/hit-boxes.ts';

/** The marked pieces of a text, as written there. */
const marked = (text: string, query: string) => hitRanges(text, queryTerms(query)).map(([s, e]) => text.slice(s, e));

describe('which words a page marks', () => {
  it('marks whole words as the index folds them: any case, with or without accents, never inside another word', () => {
    // Words as written, as the search finds them; with ~ their forms too, with ? any one letter there.
    expect(marked('Sponsor SPONSORS unsponsored sponsorship', 'sponsor')).toEqual(['Sponsor']);
    expect(marked('Sponsor SPONSORS unsponsored sponsored', 'sponsor~')).toEqual(['Sponsor', 'SPONSORS', 'sponsored']);
    expect(marked('team term teem tram', 'te?m')).toEqual(['team', 'term', 'teem']);
    expect(marked('José Ramírez and JOSE RAMIREZ', 'jose ramirez')).toEqual(['José', 'Ramírez', 'JOSE', 'RAMIREZ']);
    expect(marked('Jose called', 'JOSÉ')).toEqual(['Jose']);
    // Numbers have no forms: 13 is not 130.
    expect(marked('cell 13, cell 130', '13~')).toEqual(['13']);
  });

  it('marks a prefix term on the words starting so, and a phrase across its separator as one hit', () => {
    expect(marked('the sponsorship of sponsors; a responsor', 'sponsor*')).toEqual(['sponsorship', 'sponsors']);
    expect(marked('members of MS-13, MS 13 and ms13; Ms. Lee', 'MS-13')).toEqual(['MS-13', 'MS 13']);
    expect(marked('paid $291,000 of 291 000', '291,000')).toEqual(['291,000', '291 000']);
  });

  it('leaves out words only excluded by NOT, and marks nothing for a query the search refuses', () => {
    expect(marked('tattoos seen by ICE', 'tattoos AND NOT ice')).toEqual(['tattoos']);
    expect(queryTerms('"unclosed')).toEqual([]);
    expect(hitRanges('anything', [])).toEqual([]);
  });

  it('finds a phrase whose words lie in two runs, as a part of each', () => {
    // pdf.js: runs within a line carry their own spaces; the last of a line is followed by a line break.
    const runs = ['Members of MS-', '13 were', 'seen; MS', '13 again'];
    const parts = hitParts(runs, queryTerms('ms-13'), (n) => (n === 2 ? ' ' : ''));
    expect(parts).toEqual([
      { run: 0, start: 11, end: 14 },
      { run: 1, start: 0, end: 2 },
      { run: 2, start: 6, end: 8 },
      { run: 3, start: 0, end: 2 },
    ]);
  });
});

describe('where a hit is boxed', () => {
  const line = 'The placement sponsor was never vetted by the agency';
  const start = line.indexOf('sponsor');
  const end = start + 'sponsor'.length;

  it('spans only the hit characters of a run: measured in its font, or counted in characters without one', () => {
    // Every character one unit wide but W three: the measured span follows the widths.
    const measure = (s: string) => [...s].reduce((n, c) => n + (c === 'W' ? 3 : 1), 0);
    expect(partSpan('aWb', 1, 2, measure)).toEqual([1 / 5, 4 / 5]);
    expect(partSpan('aWb', 1, 2)).toEqual([1 / 3, 2 / 3]);
    // A ruler that cannot measure (width 0) falls back to characters.
    expect(partSpan('aWb', 1, 2, () => 0)).toEqual([1 / 3, 2 / 3]);
    expect(partSpan(line, start, end)).toEqual([start / line.length, end / line.length]);
  });

  it('boxes a word on a line as the word, not the line, from its baseline up its height', () => {
    // A 12-point run at (60, 700) on a 612×792 page drawn at 1.5: pdf.js's viewport flips y.
    const size = { width: 918, height: 1188 };
    const run: PlacedRun = { str: line, t: [18, 0, 0, -18, 90, 138], length: 500, fontFamily: 'sans-serif' };
    const parts = hitParts([line], queryTerms('sponsor'));
    const [box] = hitBoxes([run], parts, size);
    expect(box!.left * size.width).toBeCloseTo(90 + (500 * start) / line.length);
    expect(box!.width * size.width).toBeCloseTo((500 * 7) / line.length);
    expect(box!.top * size.height).toBeCloseTo(138 - 18);
    expect(box!.height * size.height).toBeCloseTo(18 * 1.2);
    expect(box!.width * size.width).toBeLessThan(500 / 5);
  });

  it('follows a turned page: a run going down the canvas gets a box going down', () => {
    // The page turned a quarter clockwise: the line runs down, its "up" points right.
    const run: PlacedRun = { str: 'abcdefghij', t: [0, 18, 18, 0, 100, 50], length: 200, fontFamily: 'serif' };
    const box = spanBox(run, [0.5, 0.6], { width: 1000, height: 1000 });
    expect(box.left * 1000).toBeCloseTo(100 - 0.2 * 18);
    expect(box.width * 1000).toBeCloseTo(18 * 1.2);
    expect(box.top * 1000).toBeCloseTo(50 + 100);
    expect(box.height * 1000).toBeCloseTo(20);
  });

  it('measures with a canvas context in the run font at its height, and without one counts characters', () => {
    const fonts: string[] = [];
    const ctx = {
      font: '',
      measureText(s: string) {
        fonts.push(this.font);
        return { width: [...s].reduce((n, c) => n + (c === 'W' ? 3 : 1), 0) };
      },
    };
    const run: PlacedRun = { str: 'aWb', t: [18, 0, 0, -18, 0, 100], length: 50, fontFamily: 'sans-serif' };
    const [measured] = hitBoxes([run], [{ run: 0, start: 1, end: 2 }], { width: 100, height: 200 }, rulerFor(ctx));
    expect(measured!.left * 100).toBeCloseTo(10);
    expect(measured!.width * 100).toBeCloseTo(30);
    expect(new Set(fonts)).toEqual(new Set(['18px sans-serif']));
    expect(rulerFor(null)).toBeUndefined();
  });

  it('on a page OCR read, boxes the hit words where OCR found them, a phrase split over its words', () => {
    const words = [
      { text: 'SEEN', x: 0.1, y: 0.2, width: 0.1, height: 0.05 },
      { text: 'MS-13', x: 0.25, y: 0.2, width: 0.1, height: 0.05 },
      { text: 'SPONSOR,', x: 0.4, y: 0.2, width: 0.16, height: 0.05 },
      { text: 'MS', x: 0.1, y: 0.3, width: 0.04, height: 0.05 },
      { text: '13', x: 0.15, y: 0.3, width: 0.04, height: 0.05 },
    ];
    const boxes = wordHitBoxes(words, queryTerms('ms-13 OR sponsor'));
    expect(boxes).toHaveLength(4);
    expect(boxes[0]).toMatchObject({ left: 0.25, top: 0.2, height: 0.05 });
    expect(boxes[0]!.width).toBeCloseTo(0.1);
    // The comma after SPONSOR is not boxed.
    expect(boxes[1]!.left).toBeCloseTo(0.4);
    expect(boxes[1]!.width).toBeCloseTo(0.14);
    expect(boxes.slice(2).map((b) => [b.left, b.top])).toEqual([
      [0.1, 0.3],
      [0.15, 0.3],
    ]);
  });
});
