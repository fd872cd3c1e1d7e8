import { describe, expect, it } from 'vitest';
import { readDat, splitMulti } from '../../core/received/load-files/dat.ts';

const S = '\u0014';
const Q = 'þ';

/** A Concordance line: each value between þ, U+0014 between them. */
function dat(values: string[], sep = S, quote = Q): string {
  return values.map((v) => `${quote}${v}${quote}`).join(sep);
}

/** Bytes in Windows-1252 for text that holds only Latin-1 characters (þ, ®, é are one byte each). */
function cp1252(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

describe('readDat', () => {
  it('reads a Windows-1252 Concordance DAT: þ and ® one byte each, ® a line break, ; kept raw', () => {
    const text = [dat(['BegBates', 'EndBates', 'Custodian', 'Note']), dat(['ABC0001', 'ABC0002', 'Doe, Jane; Roe, Rick', 'Résumé®second line']), dat(['ABC0003', 'ABC0003', '', ''])].join('\r\n') + '\r\n';
    const bytes = cp1252(text);
    expect(bytes.length).toBe(text.length);
    const table = readDat(bytes, 'VOL001.dat');
    expect(table.format).toEqual({ encoding: 'windows-1252', separator: S, quote: Q, newline: '®', multi: ';' });
    expect(table.header).toEqual(['BegBates', 'EndBates', 'Custodian', 'Note']);
    expect(table.records).toEqual([
      { line: 2, values: ['ABC0001', 'ABC0002', 'Doe, Jane; Roe, Rick', 'Résumé\nsecond line'] },
      { line: 3, values: ['ABC0003', 'ABC0003', '', ''] },
    ]);
    expect(table.problems).toEqual([]);
    expect(splitMulti(table.records[0]!.values[2]!, table.format)).toEqual(['Doe, Jane', 'Roe, Rick']);
  });

  it('reads the same DAT in UTF-8 with and without a BOM, and in UTF-16LE/BE with a BOM', () => {
    const text = [dat(['BegBates', 'Subject']), dat(['ABC0001', 'Zoë’s memo®page 2'])].join('\r\n') + '\r\n';
    const le = Buffer.from(text, 'utf16le');
    const variants: [Buffer, string][] = [
      [Buffer.from(text, 'utf8'), 'utf-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le.map((_, i) => le[i ^ 1]!))]), 'utf-16be'],
    ];
    for (const [bytes, encoding] of variants) {
      const table = readDat(bytes, 'x.dat');
      expect(table.format.encoding).toBe(encoding);
      expect(table.header).toEqual(['BegBates', 'Subject']);
      expect(table.records).toEqual([{ line: 2, values: ['ABC0001', 'Zoë’s memo\npage 2'] }]);
      expect(table.problems).toEqual([]);
    }
  });

  it('reads a literal ¶ as the separator, and a DAT whose þ and U+0014 swapped roles', () => {
    const pilcrow = readDat(Buffer.from([dat(['BegBates', 'EndBates'], '¶'), dat(['P0001', 'P0002'], '¶')].join('\n'), 'utf8'), 'p.dat');
    expect(pilcrow.format.separator).toBe('¶');
    expect(pilcrow.records).toEqual([{ line: 2, values: ['P0001', 'P0002'] }]);
    const swapped = readDat(cp1252([dat(['BegBates', 'EndBates', 'Title'], Q, S), dat(['SW0001', 'SW0002', 'A title'], Q, S)].join('\r\n')), 's.dat');
    expect(swapped.format).toMatchObject({ separator: Q, quote: S });
    expect(swapped.header).toEqual(['BegBates', 'EndBates', 'Title']);
    expect(swapped.records).toEqual([{ line: 2, values: ['SW0001', 'SW0002', 'A title'] }]);
    expect(swapped.problems).toEqual([]);
  });

  it('reads a DAT without qualifiers, and one whose header has none while its records do', () => {
    const bare = readDat(cp1252(['BegBates\u0014Note', 'N0001\u0014a®b', 'N0002\u0014'].join('\r\n')), 'n.dat');
    expect(bare.format).toMatchObject({ separator: S, quote: '', newline: '®' });
    expect(bare.records).toEqual([
      { line: 2, values: ['N0001', 'a\nb'] },
      { line: 3, values: ['N0002', ''] },
    ]);
    const mixed = readDat(cp1252(['BegBates\u0014Note', dat(['N0003', 'x'])].join('\n')), 'n.dat');
    expect(mixed.format.quote).toBe(Q);
    expect(mixed.records).toEqual([{ line: 2, values: ['N0003', 'x'] }]);
  });

  it('reads CSV with quotes, doubled quotes and real line breaks, keeping each record\'s first line', () => {
    const csv = 'BegBates,Subject,Custodian\r\nC0001,"Re: budget, ""final""","Doe"\r\nC0002,"two\r\nline\nsubject",Roe\r\n\r\n\r\nC0003,plain,\r\n';
    const table = readDat(Buffer.from(csv, 'utf8'), 'meta.csv');
    expect(table.format).toMatchObject({ separator: ',', quote: '"', newline: '' });
    expect(table.records).toEqual([
      { line: 2, values: ['C0001', 'Re: budget, "final"', 'Doe'] },
      { line: 3, values: ['C0002', 'two\nline\nsubject', 'Roe'] },
      { line: 8, values: ['C0003', 'plain', ''] },
    ]);
    expect(table.problems).toEqual([]);
  });

  it('reads tab- and pipe-separated TXT metadata', () => {
    expect(readDat(Buffer.from('BegBates\tTitle\nT0001\tA|B\n'), 't.txt').records[0]!.values).toEqual(['T0001', 'A|B']);
    expect(readDat(Buffer.from('BegBates|Title\nT0001|A\tB\n'), 't.txt').records[0]!.values).toEqual(['T0001', 'A\tB']);
  });

  it('keeps a last record without a line ending, and skips blank lines between records', () => {
    const text = [dat(['BegBates', 'EndBates']), '', dat(['L0001', 'L0001']), '', '', dat(['L0002', 'L0003'])].join('\r\n');
    const table = readDat(cp1252(text), 'l.dat');
    expect(table.records).toEqual([
      { line: 3, values: ['L0001', 'L0001'] },
      { line: 6, values: ['L0002', 'L0003'] },
    ]);
  });

  it('names a field-count mismatch on line 9000 of a 10,000-record DAT and reads the rest, fast', () => {
    const header = Array.from({ length: 15 }, (_, i) => (i === 0 ? 'BegBates' : `Field${i}`));
    const lines = [dat(header)];
    for (let n = 1; n <= 10_000; n++) {
      const values = header.map((_, i) => (i === 0 ? `ABC${String(n).padStart(7, '0')}` : `value ${n}.${i} with some words in it`));
      if (n === 8999) values.pop();
      lines.push(dat(values));
    }
    const bytes = cp1252(lines.join('\r\n') + '\r\n');
    const started = performance.now();
    const table = readDat(bytes, 'big.dat');
    const ms = performance.now() - started;
    expect(table.records).toHaveLength(9_999);
    expect(table.records.at(-1)).toMatchObject({ line: 10_001 });
    expect(table.problems).toEqual([
      { file: 'big.dat', line: 9000, record: 'ABC0008999', severity: 'blocking', code: 'field-count', message: 'line 9000: 14 fields, the header has 15' },
    ]);
    console.log(`10,000-record DAT (15 columns, ${(bytes.length / 1e6).toFixed(1)} MB) read in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
  });

  it('names a last record truncated mid-field without swallowing the file', () => {
    const text = [dat(['BegBates', 'EndBates', 'Note']), dat(['T0001', 'T0001', 'fine']), `${Q}T0002${Q}${S}${Q}T0002${Q}${S}${Q}cut off here`].join('\r\n');
    const table = readDat(cp1252(text), 't.dat');
    expect(table.records).toEqual([{ line: 2, values: ['T0001', 'T0001', 'fine'] }]);
    expect(table.problems).toEqual([
      expect.objectContaining({ line: 3, record: 'T0002', field: 'Note', severity: 'blocking', code: 'unclosed-quote', message: 'line 3: a field opened with þ is never closed (the file ends inside it); the record is left out' }),
    ]);
  });

  it('recovers at the next record when a field is left open in the middle of the file', () => {
    const text = [dat(['BegBates', 'Note']), `${Q}M0001${Q}${S}${Q}left open`, 'still the note', dat(['M0002', 'ok']), dat(['M0003', 'ok'])].join('\r\n') + '\r\n';
    const table = readDat(cp1252(text), 'm.dat');
    expect(table.records).toEqual([
      { line: 4, values: ['M0002', 'ok'] },
      { line: 5, values: ['M0003', 'ok'] },
    ]);
    expect(table.problems).toEqual([expect.objectContaining({ line: 2, record: 'M0001', field: 'Note', code: 'unclosed-quote', message: 'line 2: a field opened with þ is never closed (it runs into line 4, which starts a record); the record is left out' })]);
  });

  it('recovers at the next line of a CSV whose quote is never closed', () => {
    const table = readDat(Buffer.from('BegBates,Note\nC0001,"open\nC0002,ok\n'), 'c.csv');
    expect(table.problems).toEqual([expect.objectContaining({ line: 2, record: 'C0001', code: 'unclosed-quote' })]);
    expect(table.problems[0]!.message).toMatch(/never closed \(the file ends inside it; reading goes on at line 3\)/);
    expect(table.records).toEqual([{ line: 3, values: ['C0002', 'ok'] }]);
  });

  it('names duplicate and empty header names, and an empty file', () => {
    const dup = readDat(cp1252(dat(['BegBates', 'Custodian', 'CUSTODIAN', ''])), 'd.dat');
    expect(dup.problems.map((p) => [p.code, p.field ?? '', p.message])).toEqual([
      ['duplicate-header', 'CUSTODIAN', 'line 1: the header names "CUSTODIAN" twice; rename one of them'],
      ['empty-header-name', '', 'line 1: column 4 of the header has no name'],
    ]);
    const empty = readDat(new Uint8Array(0), 'e.dat');
    expect(empty.records).toEqual([]);
    expect(empty.problems).toEqual([{ file: 'e.dat', severity: 'blocking', code: 'empty-file', message: 'e.dat is empty' }]);
  });
});

describe('splitMulti', () => {
  it('splits on ; and drops empty values', () => {
    expect(splitMulti('a@x.gov; b@x.gov;;c@x.gov ', { multi: ';' })).toEqual(['a@x.gov', 'b@x.gov', 'c@x.gov']);
    expect(splitMulti('  ', { multi: ';' })).toEqual([]);
  });
});
