/**
 * Which files a window may import. The sunshine command (the machine's own
 * user at a terminal) imports any path; a window is trusted less — a page
 * that went wrong must not read `~/.ssh/id_rsa` into the vault and back out
 * through `documents.original`. So, for calls from a window:
 *
 * - Browser mode takes typed paths, but only under the folders it was started
 *   with (`sunshine web --import-from DIR`, repeatable; default the home folder).
 * - The desktop app takes no paths at all: only tokens for what its own file
 *   dialog or drop handler picked (see picked-paths.ts).
 * - Wherever a path comes from, it is judged by where it really is (symlinks
 *   followed), never inside Sunshine's own data folder, and — typed or dropped —
 *   never hidden (a part starting with "."; .ssh, .gnupg, .config…). Only a
 *   hidden item picked by name in the system's dialog is taken: the user chose it there.
 * - Folders are walked without their hidden entries or the data folder; each
 *   skipped one has its line in the import report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';
import type { PickedPaths } from './picked-paths.ts';

export interface ImportPlaces {
  /** Folders (real paths) a path must lie under; null: anywhere on this machine. */
  roots: readonly string[] | null;
  /** Refuse a path with a hidden part (below its root). */
  refuseHidden: boolean;
  /** Sunshine's data folder (real path): never imported from. */
  dataDir: string;
}

/** Why a file or folder met while walking a folder is left out, or null to take it. */
export type WalkGuard = (file: string, name: string) => string | null;

const HIDDEN = 'hidden files and folders (such as .ssh) are not imported from a window; the sunshine command imports them';

const isHidden = (part: string) => part.startsWith('.');

/** Whether `p` is `dir` or lies inside it (both real paths). */
export function isWithin(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Where a path really is: symlinks followed. A path that cannot be resolved
 * (missing, unreadable) is judged by its nearest folder that can, so a link
 * further up still counts (the import then reports the file itself).
 */
export function realPathOf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    const parent = path.dirname(p);
    return parent === p ? p : path.join(realPathOf(parent), path.basename(p));
  }
}

/**
 * The folders browser mode imports from, as real paths: those named (each must
 * be a folder), else the home folder (none when there is no home folder, as for
 * some service accounts: then nothing typed is imported from a window).
 */
export function importRoots(dirs: readonly string[] = []): string[] {
  if (dirs.length === 0) {
    const home = os.homedir();
    return home && fs.statSync(home, { throwIfNoEntry: false })?.isDirectory() ? [fs.realpathSync.native(home)] : [];
  }
  return dirs.map((dir) => {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dir);
    } catch {
      st = undefined;
    }
    if (!st?.isDirectory()) throw new AppError('BAD_INPUT', `--import-from: ${dir} is not a folder on this computer; name an existing folder.`);
    return fs.realpathSync.native(path.resolve(dir));
  });
}

/**
 * The real path a window may import `p` from, or an AppError saying why not
 * and what to do instead. `p` must be a full path: a window has no working folder.
 */
export function allowedImportPath(p: string, places: ImportPlaces): string {
  const shown = `"${p.slice(0, 300)}"`;
  if (!path.isAbsolute(p)) throw new AppError('BAD_INPUT', `paths: ${shown} is not a full path; give it from the top (for example /home/you/Productions/ICE).`);
  const real = realPathOf(path.resolve(p));
  if (isWithin(real, places.dataDir)) {
    throw new AppError('FORBIDDEN', `paths: ${shown} is inside Sunshine's own data folder; its files are already in Sunshine. Nothing was imported.`);
  }
  let below: string;
  if (places.roots) {
    const root = places.roots.find((r) => isWithin(real, r));
    if (!root) {
      throw new AppError(
        'FORBIDDEN',
        `paths: ${shown} is outside the folders browser mode may import from (the home folder, or those named with "sunshine web --import-from DIR"). Nothing was imported.`,
      );
    }
    below = path.relative(root, real);
  } else below = path.relative(path.parse(real).root, real);
  const hidden = places.refuseHidden ? below.split(path.sep).find(isHidden) : undefined;
  if (hidden) throw new AppError('FORBIDDEN', `paths: ${shown} is or lies in a hidden file or folder ("${hidden.slice(0, 80)}"); ${HIDDEN}. Nothing was imported.`);
  return real;
}

/** What a folder walk for a window leaves out: hidden entries and the data folder. */
export function windowWalkGuard(dataDir: string): WalkGuard {
  return (file, name) => {
    if (isHidden(name)) return `is hidden; ${HIDDEN}`;
    if (isWithin(file, dataDir)) return "is Sunshine's own data folder; its files are already in Sunshine";
    return null;
  };
}

/** What windows may import from in this shell (see CallContext.imports). */
export interface WindowImports {
  /** Browser mode's import folders (real paths); null in the desktop app, whose windows send picked tokens only. */
  typedRoots: readonly string[] | null;
  /** Tokens the desktop app's main process handed out. */
  picked: PickedPaths;
}

const realDataDir = (dataDir: string) => realPathOf(path.resolve(dataDir));

/**
 * The paths an import reads, and what a folder walk leaves out. From the
 * sunshine command: as given. From a window: typed paths judged against the
 * import folders (all of them before any picked token is used up), picked
 * tokens traded for their paths.
 */
export function pathsToImport(
  input: { paths: readonly string[]; picked: readonly string[] },
  ctx: { trusted: boolean; dataDir: string; imports: WindowImports },
): { paths: string[]; guard?: WalkGuard } {
  if (ctx.trusted) return { paths: [...input.paths, ...ctx.imports.picked.take(input.picked)] };
  const dataDir = realDataDir(ctx.dataDir);
  const { typedRoots } = ctx.imports;
  if (input.paths.length && !typedRoots) {
    throw new AppError(
      'FORBIDDEN',
      'paths: the desktop app imports only what is chosen in its own dialog (Choose files…, Choose a folder…) or dropped on its window; a window cannot name a path. Nothing was imported.',
    );
  }
  const typed = input.paths.map((p) => allowedImportPath(p, { roots: typedRoots, refuseHidden: true, dataDir }));
  return { paths: [...typed, ...ctx.imports.picked.take(input.picked)], guard: windowWalkGuard(dataDir) };
}

/**
 * The desktop app's main process picked these (its dialog, or a drop on the
 * window): judged before a token is handed out. A drop's paths come through
 * the window's process, so they are held to the typed rules (no hidden parts)
 * except that they may lie anywhere; the dialog's are the user's own choice.
 */
export function judgePicked(paths: readonly string[], via: 'dialog' | 'drop', dataDir: string): string[] {
  const places: ImportPlaces = { roots: null, refuseHidden: via === 'drop', dataDir: realDataDir(dataDir) };
  return paths.map((p) => allowedImportPath(p, places));
}

/**
 * The one folder or file a call reads as a whole (a received production): a path from the sunshine
 * command or typed in browser mode (under its import folders), or a picked token — looked at
 * without using it up (`spend` false) when the call only reads, used up when it imports.
 */
export function onePathToRead(
  input: { path?: string; picked?: string },
  ctx: { trusted: boolean; dataDir: string; imports: WindowImports },
  spend: boolean,
): string {
  if (input.picked !== undefined) return spend ? ctx.imports.picked.take([input.picked])[0]! : ctx.imports.picked.peek(input.picked);
  const p = input.path ?? '';
  if (ctx.trusted) return path.resolve(p);
  if (!ctx.imports.typedRoots) {
    throw new AppError('FORBIDDEN', 'path: the desktop app reads only what is chosen in its own dialog; a window cannot name a path. Nothing was read.');
  }
  return allowedImportPath(p, { roots: ctx.imports.typedRoots, refuseHidden: true, dataDir: realDataDir(ctx.dataDir) });
}
