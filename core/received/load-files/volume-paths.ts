/**
 * Finding the files a load file names inside the production's volume folder, and only there.
 * Paths are written the Windows way (`\IMAGES\001\ABC0001.tif`, `.\TEXT\…`, `D:\VOL001\…`,
 * `\\server\share\VOL001\…`) and often differ in case from the files on disk, so names are
 * matched case-insensitively through an index of each folder read once (a production names
 * tens of thousands of files: one readdir per folder, not per lookup). A path that climbs out of
 * the folder, runs through a symbolic link or lands outside it is refused, never followed.
 */
import fs from 'node:fs';
import path from 'node:path';

interface Entry {
  name: string;
  kind: 'file' | 'dir' | 'link' | 'other';
}

interface Folder {
  mtimeMs: number;
  /** Lower-cased name → the entries of that name (several only on a case-sensitive disk). */
  byLower: Map<string, Entry[]>;
}

class Volume {
  private readonly folders = new Map<string, Folder>();
  constructor(readonly root: string) {}

  /** The folder's index, read on first use; `fresh` reads it again when the folder changed since. */
  folder(rel: string[], fresh = false): Folder {
    const key = rel.join('/');
    const cached = this.folders.get(key);
    const dir = path.join(this.root, ...rel);
    if (cached && !(fresh && mtime(dir) !== cached.mtimeMs)) return cached;
    const byLower = new Map<string, Entry[]>();
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      // A folder that is gone or unreadable has nothing in it to find.
    }
    for (const d of entries) {
      const kind = d.isSymbolicLink() ? 'link' : d.isFile() ? 'file' : d.isDirectory() ? 'dir' : 'other';
      const lower = d.name.toLowerCase();
      byLower.set(lower, [...(byLower.get(lower) ?? []), { name: d.name, kind }]);
    }
    const folder = { mtimeMs: mtime(dir), byLower };
    this.folders.set(key, folder);
    return folder;
  }

  /** The entry `name` in the folder `rel`, the same case preferred; the folder is read again once when it is not there. */
  find(rel: string[], name: string): Entry | undefined {
    const pick = (f: Folder) => {
      const list = f.byLower.get(name.toLowerCase());
      return list?.find((e) => e.name === name) ?? list?.[0];
    };
    return pick(this.folder(rel)) ?? pick(this.folder(rel, true));
  }
}

function mtime(dir: string): number {
  try {
    return fs.statSync(dir).mtimeMs;
  } catch {
    return -1;
  }
}

/** Volumes read lately, by the path they were asked for: an import resolves thousands of paths in one. */
const volumes = new Map<string, Volume>();
const KEEP_VOLUMES = 4;

function volumeAt(root: string): Volume {
  const key = path.resolve(root);
  let v = volumes.get(key);
  if (v) volumes.delete(key);
  else v = new Volume(fs.realpathSync.native(key));
  volumes.set(key, v);
  for (const old of volumes.keys()) {
    if (volumes.size <= KEEP_VOLUMES) break;
    volumes.delete(old);
  }
  return v;
}

/** Drops what was read of a volume's folders (after an import). */
export function forgetVolume(root: string): void {
  volumes.delete(path.resolve(root));
}

/**
 * The written path's segments, relative to the volume: a drive letter, a UNC or `\\?\` prefix and
 * leading separators dropped, `.` left out and `..` applied; null when `..` climbs above the top.
 */
function segmentsOf(written: string): string[] | null {
  let s = written.trim().replace(/\//g, '\\');
  if (/^\\\\[?.]\\/.test(s)) {
    s = s.slice(4);
    if (/^UNC\\/i.test(s)) s = `\\\\${s.slice(4)}`;
  }
  if (s.startsWith('\\\\')) s = s.slice(2).split('\\').slice(2).join('\\');
  s = s.replace(/^[A-Za-z]:/, '');
  const out: string[] = [];
  for (const seg of s.split('\\')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out;
}

export function resolveInVolume(root: string, written: string): { file: string } | { problem: string } {
  if (written.trim() === '') return { problem: 'no path is written' };
  if (written.includes('\0')) return { problem: `"${written.replaceAll('\0', '')}" has a NUL character in it` };
  const segments = segmentsOf(written);
  if (segments === null) return { problem: `"${written}": the path leaves the volume folder` };
  if (segments.length === 0) return { problem: `"${written}" names a folder, not a file` };
  const volume = volumeAt(root);
  // Relative to the volume first; then, when the path names the volume's own folder (D:\VOL001\…), what follows it.
  const rootName = path.basename(path.resolve(root)).toLowerCase();
  const candidates = [segments];
  segments.forEach((seg, i) => {
    if (seg.toLowerCase() === rootName && i + 1 < segments.length) candidates.push(segments.slice(i + 1));
  });
  for (const candidate of candidates) {
    const found = walk(volume, candidate, written);
    if (found) return found;
  }
  return { problem: `"${written}" is not in the volume` };
}

function walk(volume: Volume, segments: string[], written: string): { file: string } | { problem: string } | null {
  const actual: string[] = [];
  for (const [i, seg] of segments.entries()) {
    const entry = volume.find(actual, seg);
    if (!entry) return null;
    if (entry.kind === 'link') return { problem: `"${written}" runs through a symbolic link; links are not followed out of the volume` };
    const last = i === segments.length - 1;
    if (last ? entry.kind !== 'file' : entry.kind !== 'dir') return null;
    actual.push(entry.name);
  }
  const file = path.join(volume.root, ...actual);
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch {
    return null;
  }
  if (!real.startsWith(volume.root + path.sep)) return { problem: `"${written}" leads outside the volume folder` };
  return { file: real };
}

/** Every regular file in the volume, as a path relative to it with '/' between folders (to find files no record names). */
export function listVolumeFiles(root: string): string[] {
  const volume = volumeAt(root);
  const files: string[] = [];
  const visit = (rel: string[]) => {
    for (const list of volume.folder(rel, true).byLower.values()) {
      for (const e of list) {
        if (e.kind === 'file') files.push([...rel, e.name].join('/'));
        else if (e.kind === 'dir') visit([...rel, e.name]);
      }
    }
  };
  visit([]);
  return files.sort();
}
