/**
 * Where an imported CSV's text comes from: the call itself, or a file the
 * browser streamed to /api/upload (browser mode caps a call's body at 1 MiB).
 * The upload is used up either way, like a dropped document.
 */
import fs from 'node:fs';
import { AppError } from './errors.ts';
import { dropUpload, findUpload } from './documents/uploads.ts';

export const MAX_CSV_BYTES = 50_000_000;

export function csvText(input: { csv?: string | undefined; upload?: string | undefined }, dataDir: string): string {
  if (input.csv !== undefined) return input.csv;
  const id = input.upload!;
  try {
    const { file } = findUpload(dataDir, id);
    if (fs.statSync(file).size > MAX_CSV_BYTES) throw new AppError('BAD_INPUT', 'csv: the file is larger than 50 MB.');
    return fs.readFileSync(file, 'utf8');
  } finally {
    dropUpload(dataDir, id);
  }
}
