/**
 * The files behind each planned record, checked before anything is written:
 * every page image is in the volume and opens as an image (checked in the file
 * reader's helpers), the text file is there and reads in its encoding, the native
 * is there; files no record names are listed. Records with a blocking problem
 * stay out of the import; the report names each by its load file, line and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExtractPool } from '../documents/extract-pool.ts';
import { decodeText } from './load-files/decode.ts';
import { resolveIn, type VolumeFiles } from './volume.ts';
import type { PlannedRecord } from './records.ts';
import type { FieldMapping, FieldTarget, LoadProblem, PageSource } from './types.ts';

export interface CheckedRecord extends PlannedRecord {
  volume: VolumeFiles;
  images: PageSource[];
  /** Absolute paths of the record's text file and native, when it has them and they are there. */
  text?: string;
  native?: string;
}

/** A document's text file is read whole; past this it is no text file but something else misnamed. */
const TEXT_FILE_LIMIT = 64 * 1024 * 1024;

/** How many files one helper job checks. */
const CHECK_BATCH = 400;

const columnOf = (mapping: FieldMapping, target: FieldTarget) => Object.keys(mapping).find((k) => mapping[k] === target);

/** What is wrong with a record's text file (read whole, so never one over the limit), and whether its text can be used. */
function textProblems(file: string): { usable: boolean; problems: { code: string; message: string }[] } {
  const size = fs.statSync(file).size;
  if (size > TEXT_FILE_LIMIT) {
    return { usable: false, problems: [{ code: 'text-too-large', message: `is ${Math.round(size / 1024 / 1024)} MB, over the ${TEXT_FILE_LIMIT / 1024 / 1024} MB a document's text may have; its pages go to OCR` }] };
  }
  if (size === 0) return { usable: false, problems: [{ code: 'text-empty', message: 'is empty (0 bytes); its pages go to OCR' }] };
  const bytes = fs.readFileSync(file);
  const decoded = decodeText(bytes);
  const problems = decoded.problems.map((message) => ({ code: 'text-encoding', message }));
  if (!decoded.text.trim()) return { usable: false, problems: [...problems, { code: 'text-empty', message: 'is empty; its pages go to OCR' }] };
  return { usable: true, problems };
}

/** Resolve and check the files of `records` (one volume's); adds problems, marks blocked records, returns every record with its files. */
export async function checkFiles(
  volume: VolumeFiles,
  records: PlannedRecord[],
  mapping: FieldMapping,
  pool: ExtractPool,
  problems: LoadProblem[],
  named: Set<string>,
  signal: AbortSignal,
): Promise<CheckedRecord[]> {
  const checked: CheckedRecord[] = [];
  const imageOwners = new Map<string, { rec: CheckedRecord; page: number }[]>();
  const noteNamed = (abs: string) => named.add(path.relative(volume.productionRoot, abs).split(path.sep).join('/'));
  for (const r of records) {
    const rec: CheckedRecord = { ...r, volume, images: [] };
    checked.push(rec);
    const where = { file: r.file, line: r.line, record: r.beg };
    r.pages.forEach((p, i) => {
      const found = resolveIn(volume, p.path);
      if ('problem' in found) {
        problems.push({ severity: 'blocking', ...where, field: 'image', code: 'image-missing', message: `page ${i + 1} (${p.key}): ${found.problem}` });
        rec.blocked = true;
        return;
      }
      noteNamed(found.file);
      rec.images.push({ bates: p.key, file: found.file, frame: p.frame });
      const owners = imageOwners.get(found.file) ?? [];
      owners.push({ rec, page: i + 1 });
      imageOwners.set(found.file, owners);
    });
    if (r.fields.textPath) {
      const found = resolveIn(volume, r.fields.textPath);
      const field = columnOf(mapping, 'textPath');
      if ('problem' in found) problems.push({ severity: 'warning', ...where, field, code: 'text-missing', message: `text file: ${found.problem}; its pages go to OCR` });
      else {
        noteNamed(found.file);
        const why = textProblems(found.file);
        for (const p of why.problems) problems.push({ severity: 'warning', ...where, field, code: p.code, message: `text file ${path.basename(found.file)} ${p.message}` });
        if (why.usable) rec.text = found.file;
      }
    }
    if (r.fields.nativePath) {
      const found = resolveIn(volume, r.fields.nativePath);
      if ('problem' in found) problems.push({ severity: 'warning', ...where, field: columnOf(mapping, 'nativePath'), code: 'native-missing', message: `native: ${found.problem}` });
      else {
        noteNamed(found.file);
        rec.native = found.file;
      }
    }
  }

  // Every image opened once, in the helpers (a hostile file costs a helper, not the app).
  const files = [...imageOwners.keys()];
  for (let i = 0; i < files.length; i += CHECK_BATCH) {
    if (signal.aborted) break;
    const batch = files.slice(i, i + CHECK_BATCH);
    const results = await pool.run({ checkImages: { files: batch } });
    for (const res of results) {
      const owners = imageOwners.get(res.file) ?? [];
      const frames = res.problem ? 0 : res.frames;
      for (const { rec, page } of owners) {
        const img = rec.images[page - 1];
        const why = res.problem ?? (img && img.frame >= frames ? `has ${frames} page${frames === 1 ? '' : 's'}; page ${img.frame + 1} of it is named` : undefined);
        if (why && !rec.blocked) {
          problems.push({ severity: 'blocking', file: rec.file, line: rec.line, record: rec.beg, field: 'image', code: 'image-unreadable', message: `page ${page} (${path.basename(res.file)}) ${why}` });
          rec.blocked = true;
        }
      }
    }
  }
  return checked;
}
