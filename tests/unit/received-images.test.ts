import { describe, expect, it } from 'vitest';
import { readLfp, readOpt } from '../../core/received/load-files/images.ts';

describe('readOpt', () => {
  it('reads pages in order, counting the frames of a multi-page TIFF named once per page', () => {
    const opt = [
      'ABC0001,VOL001,.\\IMAGES\\001\\ABC0001.tif,Y,,,3',
      'ABC0002,VOL001,.\\IMAGES\\001\\ABC0001.tif,,,,',
      'ABC0003,VOL001,.\\images\\001\\abc0001.TIF,,,,',
      '',
      ' ABC0004 , VOL001 , \\IMAGES\\001\\ABC0004.tif , Y , , , 1 ',
      'ABC0005,VOL001,IMAGES\\001\\ABC0005.jpg,Y',
    ].join('\r\n');
    const table = readOpt(opt, 'VOL001.opt');
    expect(table.problems).toEqual([]);
    expect(table.pages.map((p) => [p.key, p.path, p.docBreak, p.frame, p.pageCount, p.line])).toEqual([
      ['ABC0001', '.\\IMAGES\\001\\ABC0001.tif', true, 0, 3, 1],
      ['ABC0002', '.\\IMAGES\\001\\ABC0001.tif', false, 1, undefined, 2],
      ['ABC0003', '.\\images\\001\\abc0001.TIF', false, 2, undefined, 3],
      ['ABC0004', '\\IMAGES\\001\\ABC0004.tif', true, 0, 1, 5],
      ['ABC0005', 'IMAGES\\001\\ABC0005.jpg', true, 0, undefined, 6],
    ]);
    expect(table.pages[0]).toMatchObject({ volume: 'VOL001', childBreak: false });
  });

  it('names malformed lines and reads the rest', () => {
    const table = readOpt(['ABC0001,VOL001,a.tif,Y,,,1', ',VOL001,b.tif,Y', 'ABC0003,VOL001,,Y', 'ABC0004,VOL001,d.tif,maybe', 'ABC0005,VOL001,e.tif,Y,,,two', 'ABC0006,VOL001,f.tif,Y,,,1,extra', 'ABC0007,VOL001,g.tif'].join('\n'), 'v.opt');
    expect(table.pages.map((p) => p.key)).toEqual(['ABC0001', 'ABC0007']);
    expect(table.problems.map((p) => [p.line, p.record, p.message])).toEqual([
      [2, undefined, "line 2: no image key (the page's Bates number) in the first field"],
      [3, 'ABC0003', 'line 3: no image path in the third field'],
      [4, 'ABC0004', 'line 4: the document break is "maybe"; it must be Y or empty'],
      [5, 'ABC0005', 'line 5: the page count is "two"; it must be a whole number'],
      [6, 'ABC0006', 'line 6: 8 fields; an OPT line has 7 (ImageKey,Volume,Path,DocBreak,FolderBreak,BoxBreak,PageCount)'],
    ]);
    expect(table.problems.every((p) => p.file === 'v.opt' && p.severity === 'blocking')).toBe(true);
  });
});

describe('readLfp', () => {
  it('reads IM lines with D and C breaks and 1-based offsets into 0-based frames, ignoring other kinds', () => {
    const lfp = [
      'IM,ICE0001,D,1,@VOL003;IMAGES\\001;ICE0001.tif;2',
      'IM,ICE0002,,2,@VOL003;IMAGES\\001;ICE0001.tif;2',
      'FT,ICE0001,1,1,@VOL003;TEXT\\001;ICE0001.txt',
      'IM,ICE0003,C,0,@VOL003;IMAGES\\002\\;ICE0003, final.tif;2',
      '',
      'IM,ICE0004,D,,@;;ICE0004.jpg;4',
    ].join('\r\n');
    const table = readLfp(lfp, 'VOL003.lfp');
    expect(table.problems).toEqual([]);
    expect(table.pages.map((p) => [p.key, p.volume, p.path, p.docBreak, p.childBreak, p.frame, p.line])).toEqual([
      ['ICE0001', 'VOL003', 'IMAGES\\001\\ICE0001.tif', true, false, 0, 1],
      ['ICE0002', 'VOL003', 'IMAGES\\001\\ICE0001.tif', false, false, 1, 2],
      ['ICE0003', 'VOL003', 'IMAGES\\002\\ICE0003, final.tif', false, true, 0, 4],
      ['ICE0004', '', 'ICE0004.jpg', true, false, 0, 6],
    ]);
  });

  it('names malformed IM lines', () => {
    const table = readLfp(['IM,K1,D,1', 'IM,,D,1,@V;D;f.tif;2', 'IM,K3,X,1,@V;D;f.tif;2', 'IM,K4,D,one,@V;D;f.tif;2', 'IM,K5,D,1,V;D;f.tif;2', 'IM,K6,D,1,@V;D;;2'].join('\n'), 'x.lfp');
    expect(table.pages).toEqual([]);
    expect(table.problems.map((p) => p.message)).toEqual([
      'line 1: an IM line has 5 fields (IM,Key,D|C|blank,PageOffset,@Volume;Dir;File;Type)',
      "line 2: no image key (the page's Bates number) in the second field",
      'line 3: the break is "X"; it must be D, C or empty',
      'line 4: the page offset is "one"; it must be a whole number',
      'line 5: the image location must start with @ (@Volume;Dir;File;Type)',
      'line 6: no image file name in the location (@Volume;Dir;File;Type)',
    ]);
    expect(table.problems[2]).toMatchObject({ file: 'x.lfp', line: 3, record: 'K3', severity: 'blocking' });
  });
});
