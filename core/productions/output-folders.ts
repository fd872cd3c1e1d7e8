/**
 * Where a production may be written. The sunshine command names any folder;
 * a window names none: its productions go to the data folder's productions/,
 * or into a folder the desktop app's own dialog chose, which the main process
 * registers here and the window gets back as a single-use token and a name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { PickedPaths, type PickWords } from '../documents/picked-paths.ts';
import { isWithin, realPathOf } from '../documents/import-roots.ts';

const OUTPUT_WORDS: PickWords = {
  field: 'folderPick',
  one: 'chosen output folder',
  many: 'chosen output folders',
  used: 'used for a production',
  useThem: 'produce into them',
  again: 'choose the folder again',
  nothing: 'Nothing was produced.',
};

/** Folders the desktop app's dialog chose to write productions into, under tokens for `productions.create`. */
export const outputFolderPicks = (opts: { ttlMs?: number; now?: () => number } = {}) => new PickedPaths({ ...opts, words: OUTPUT_WORDS });

/**
 * Why a production cannot be written into `folder` (a file is there, or a
 * folder that already holds files), or null: a new folder or an empty one.
 * Checked when the dialog's choice is registered and again before writing.
 */
export function unusableOutputFolder(folder: string): string | null {
  const st = fs.statSync(folder, { throwIfNoEntry: false });
  if (!st) return null;
  if (!st.isDirectory()) return 'is a file';
  return fs.readdirSync(folder).length > 0 ? 'already holds files' : null;
}

/**
 * The real path of a folder the desktop app's dialog chose to produce into,
 * or an AppError saying why not: a full path, an empty folder or a new one
 * whose parent is there, and not inside Sunshine's data folder (whose
 * productions/ is where a window's productions go without a chosen folder).
 * The messages name the folder only (a window shows them).
 */
export function judgeOutputFolder(folder: string, dataDir: string): string {
  const shown = `"${path.basename(folder).slice(0, 200) || folder.slice(0, 200)}"`;
  if (!path.isAbsolute(folder)) throw new AppError('BAD_INPUT', `folder: ${shown} is not a full path; choose the folder in the dialog.`);
  const real = realPathOf(path.resolve(folder));
  if (isWithin(real, realPathOf(path.resolve(dataDir)))) {
    throw new AppError('FORBIDDEN', `folder: ${shown} is inside Sunshine's own data folder; choose a folder outside it (without one, a production goes to the data folder's productions/ folder).`);
  }
  if (!fs.statSync(path.dirname(real), { throwIfNoEntry: false })?.isDirectory()) {
    throw new AppError('BAD_INPUT', `folder: the folder ${shown} is to be made in is not there; choose an existing folder or make one in the dialog.`);
  }
  const why = unusableOutputFolder(real);
  if (why) throw new AppError('BAD_INPUT', `folder: ${shown} ${why}; choose a new or empty folder (the dialog can make one).`);
  return real;
}
