/**
 * What a drop (or the browser's file picker) brought: on the desktop, tokens
 * for the dropped files and folders (the main process keeps their paths; the
 * core reads folders itself); in browser mode, the files' bytes, folders
 * walked here with their relative paths kept.
 */
import type { PickedFile } from '../../../../core/api.ts';
import { pickDropped } from '../../api/client.ts';

export type Dropped = ({ kind: 'picked' } & PickedFile) | { kind: 'file'; file: File; name: string };

export const droppedLabel = (d: Dropped) => d.name;

export const picks = (list: PickedFile[]): Dropped[] => list.map((p) => ({ kind: 'picked', ...p }));

/** Every file under a dropped folder entry, with its path from the dropped folder. */
async function walkEntry(entry: FileSystemEntry, out: Dropped[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ kind: 'file', file, name: entry.fullPath.replace(/^\//, '') || file.name });
  } else if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands out a folder in batches until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) break;
      for (const e of batch) await walkEntry(e, out);
    }
  }
}

export async function fromDataTransfer(dt: DataTransfer): Promise<Dropped[]> {
  if (pickDropped) return picks(await pickDropped([...dt.files]));
  // Entries must be taken before the first await: the DataTransfer empties once the drop event ends.
  const entries = [...dt.items].map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null));
  const files = [...dt.files];
  const out: Dropped[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry) await walkEntry(entry, out);
    else {
      const f = files[i];
      if (f) out.push({ kind: 'file', file: f, name: f.name });
    }
  }
  return out;
}

/** Files from an <input type="file"> (webkitRelativePath is set when a folder was picked). */
export const fromFileList = (list: FileList): Dropped[] => [...list].map((file) => ({ kind: 'file', file, name: file.webkitRelativePath || file.name }));
