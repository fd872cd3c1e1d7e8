import { describe, expect, it } from 'vitest';
import { parseCsv, readCsvTable, toCsv } from '../../core/csv.ts';

describe('CSV', () => {
  it('round-trips quotes, commas, newlines, formulas and non-ASCII text', () => {
    const rows = [
      ['a,b', 'say "hi"', 'line1\nline2'],
      ['=HYPERLINK("http://x")', '+1', 'Ñandú — “quoted”'],
      ['', ' padded ', '-5'],
    ];
    const csv = toCsv(['x', 'y', 'z'], rows);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(parseCsv(csv).map((r) => r.cells)).toEqual([['x', 'y', 'z'], ...rows]);
  });

  it('reports the line of a broken row', () => {
    expect(() => parseCsv('a,b\n1,"unclosed\n')).toThrowError(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('a,b\n1,x"y\n')).toThrowError(/line 2: a quote in the middle/);
  });

  it('names unknown and missing columns', () => {
    expect(() => readCsvTable('name,colour\n', ['name', 'abbreviation'], ['name'])).toThrowError(/unknown column\(s\) colour/);
    expect(() => readCsvTable('name\n', ['name', 'abbreviation'], ['name', 'abbreviation'])).toThrowError(/missing column\(s\) abbreviation/);
    expect(() => readCsvTable('', ['name'], ['name'])).toThrowError(/empty/);
  });
});
