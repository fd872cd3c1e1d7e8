/** Files the `sunshine` command reads and writes for the user (CSV in, exports out). */
import fs from 'node:fs';
import { writePrivate } from '../core/index.ts';

/** Write to a temporary file (owner-only) and rename, so a failed write never leaves half a file. */
export function writeFileSafely(file: string, content: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writePrivate(tmp, content);
  fs.renameSync(tmp, file);
}

/** A text file's content (`-`: standard input), or an error that says why it could not be read. */
export function readFileSafely(file: string): string | Error {
  try {
    if (file === '-') return fs.readFileSync(0, 'utf8');
    const st = fs.statSync(file);
    if (!st.isFile()) return new Error(`${file} is not a file.`);
    if (st.size > 50_000_000) return new Error(`${file} is larger than 50 MB.`);
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    return new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
