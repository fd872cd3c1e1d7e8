/**
 * Reading the image load files that list a production's pages in order: an Opticon OPT
 * (`ImageKey,Volume,Path,DocBreak,FolderBreak,BoxBreak,PageCount`) or an IPRO LFP
 * (`IM,Key,D|C|blank,PageOffset,@Volume;Dir;File;Type`). Both arrive as text (decoded by the
 * caller with decodeText); a malformed line is named in `problems` and the rest is still read.
 */
import type { ImageLine, ImageTable, LoadProblem } from '../types.ts';

export function readOpt(text: string, file: string): ImageTable {
  const pages: ImageLine[] = [];
  const problems: LoadProblem[] = [];
  // A multi-page image file is named once per page: its pages are counted in the order named.
  const framesSeen = new Map<string, number>();
  forEachLine(text, (raw, line) => {
    const fields = raw.split(',').map((f) => f.trim());
    while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    const bad = (message: string) => problems.push({ file, line, severity: 'blocking', code: 'opt-line', message: `line ${line}: ${message}`, ...(fields[0] ? { record: fields[0] } : {}) });
    const [key = '', volume = '', path = '', docBreak = '', , , count = ''] = fields;
    if (fields.length > 7) return void bad(`${fields.length} fields; an OPT line has 7 (ImageKey,Volume,Path,DocBreak,FolderBreak,BoxBreak,PageCount)`);
    if (!key) return void bad('no image key (the page\'s Bates number) in the first field');
    if (!path) return void bad('no image path in the third field');
    if (!/^[YN]?$/i.test(docBreak)) return void bad(`the document break is "${docBreak}"; it must be Y or empty`);
    if (count && !/^\d+$/.test(count)) return void bad(`the page count is "${count}"; it must be a whole number`);
    pages.push({
      key,
      volume,
      path,
      docBreak: docBreak.toUpperCase() === 'Y',
      childBreak: false,
      frame: nextFrame(framesSeen, path),
      ...(count ? { pageCount: Number(count) } : {}),
      line,
    });
  });
  return { file, pages, problems };
}

export function readLfp(text: string, file: string): ImageTable {
  const pages: ImageLine[] = [];
  const problems: LoadProblem[] = [];
  forEachLine(text, (raw, line) => {
    const trimmed = raw.trim();
    // Only image lines (IM) name pages; the other kinds (full text, OCR, …) are not ours to read.
    if (!/^IM\s*,/i.test(trimmed)) return;
    // The path part may itself hold commas: the first four separate the fixed fields only.
    const fields: string[] = [];
    let rest = trimmed;
    for (let i = 0; i < 4; i++) {
      const comma = rest.indexOf(',');
      if (comma === -1) break;
      fields.push(rest.slice(0, comma).trim());
      rest = rest.slice(comma + 1);
    }
    fields.push(rest.trim());
    const [, key = '', brk = '', offset = '', location = ''] = fields;
    const bad = (message: string) => problems.push({ file, line, severity: 'blocking', code: 'lfp-line', message: `line ${line}: ${message}`, ...(key ? { record: key } : {}) });
    if (fields.length < 5) return void bad('an IM line has 5 fields (IM,Key,D|C|blank,PageOffset,@Volume;Dir;File;Type)');
    if (!key) return void bad('no image key (the page\'s Bates number) in the second field');
    if (!/^[DC]?$/i.test(brk)) return void bad(`the break is "${brk}"; it must be D, C or empty`);
    if (!/^\d*$/.test(offset)) return void bad(`the page offset is "${offset}"; it must be a whole number`);
    if (!location.startsWith('@')) return void bad('the image location must start with @ (@Volume;Dir;File;Type)');
    const [volume = '', dir = '', name = ''] = location.slice(1).split(';').map((p) => p.trim());
    if (!name) return void bad('no image file name in the location (@Volume;Dir;File;Type)');
    const path = dir ? `${dir.replace(/[\\/]+$/, '')}\\${name}` : name;
    pages.push({
      key,
      volume,
      path,
      docBreak: brk.toUpperCase() === 'D',
      childBreak: brk.toUpperCase() === 'C',
      // The offset counts pages inside the image file from 1; 0 or none is written for a single-page file.
      frame: Math.max(0, Number(offset || '1') - 1),
      line,
    });
  });
  return { file, pages, problems };
}

function forEachLine(text: string, each: (line: string, lineNo: number) => void): void {
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    if (raw.trim() !== '') each(raw, i + 1);
  });
}

function nextFrame(seen: Map<string, number>, path: string): number {
  const k = path.replace(/\//g, '\\').toLowerCase();
  const frame = seen.get(k) ?? 0;
  seen.set(k, frame + 1);
  return frame;
}
