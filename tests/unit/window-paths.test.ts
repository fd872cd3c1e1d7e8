/**
 * A window never names a path on disk: Sunshine's folders are named by their own names, and a
 * path in the history (a production's folder, a backup's) or a document's origin by its last part.
 */
import { describe, expect, it } from 'vitest';
import { folderName, shownPlace } from '../../renderer/src/format.ts';
import { describeValue } from '../../renderer/src/audit-labels.ts';

describe('paths in the window', () => {
  it('names a folder by its own name, on any system', () => {
    expect(folderName('/home/ana.ruiz/Sunshine/data')).toBe('data');
    expect(folderName('/home/ana.ruiz/Sunshine/backups/')).toBe('backups');
    expect(folderName('C:\\Users\\Ana Ruiz\\Sunshine')).toBe('Sunshine');
    expect(folderName('\\\\server\\share\\vol1')).toBe('vol1');
  });

  it('shows an absolute path as its last part, and leaves other text alone', () => {
    expect(shownPlace('/home/ana.ruiz/Desktop/from J/tip.eml › notes.txt')).toBe('…/tip.eml › notes.txt');
    expect(shownPlace('D:\\VOL001\\memo.pdf')).toBe('…/memo.pdf');
    expect(shownPlace('Hot/Sponsors')).toBe('Hot/Sponsors');
    expect(shownPlace('upload 1f2e')).toBe('upload 1f2e');
  });

  it('keeps paths out of history values, wherever they sit in them', () => {
    const after = { name: 'Vol 1', prefix: 'WQB-', folder: '/home/ana.ruiz/Sunshine/productions/Vol 1', documents: [[63, 1, 2, 'produced']], from: 'C:\\Users\\ana\\backup-1' };
    const shown = describeValue(after);
    expect(shown).not.toContain('ana');
    expect(JSON.parse(shown)).toEqual({ ...after, folder: '…/Vol 1', from: '…/backup-1' });
    expect(describeValue('/srv/sunshine/backups')).toBe('…/backups');
    expect(describeValue('')).toBe('(empty)');
  });
});
