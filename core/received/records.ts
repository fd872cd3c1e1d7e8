/**
 * From load files to documents-to-be: each DAT record, read through the field
 * mapping, gets its pages from the OPT/LFP (the image lines from its first to
 * its last Bates number), its family and its problems. Pure: no files are
 * opened here (volume.ts and validate.ts look at the files); the same input
 * always gives the same plan, so a dry run and the import agree.
 */
import { splitBates } from '../shared/bates-number.ts';
import type { DatTable, FieldMapping, FieldTarget, ImageLine, ImageTable, LoadProblem } from './types.ts';

/** A record's mapped values: the targets the mapping names, as written (trimmed). */
export type MappedFields = Partial<Record<FieldTarget, string>>;

export interface PlannedRecord {
  /** The DAT (or CSV) file the record is in, and its line. */
  file: string;
  line: number;
  beg: string;
  end: string;
  fields: MappedFields;
  /** Unmapped columns (name → value), empty values left out; the confidentiality column too. */
  metadata: Record<string, string>;
  /** The record's page images, in order. */
  pages: ImageLine[];
  /** The first Bates number of the family's parent (from BegAttach or the parent field), when the record is an attachment. */
  parentBeg?: string;
  /** The record cannot be imported: a blocking problem names why. */
  blocked: boolean;
}

export interface RecordPlan {
  records: PlannedRecord[];
  problems: LoadProblem[];
}

/** An OPT `Y`, an LFP `D` (a document) or `C` (an attachment): a record starts at this page. */
const startsDocument = (l: ImageLine) => l.docBreak || l.childBreak;

const problem = (p: Omit<LoadProblem, 'severity'>, severity: LoadProblem['severity'] = 'blocking'): LoadProblem => ({ severity, ...p });

/** The mapped values and the metadata of one DAT record. */
export function mapRecord(header: string[], values: string[], mapping: FieldMapping): { fields: MappedFields; metadata: Record<string, string> } {
  const fields: MappedFields = {};
  const metadata: Record<string, string> = {};
  header.forEach((name, i) => {
    const use = mapping[name] ?? 'metadata';
    const value = (values[i] ?? '').trim();
    if (use === 'ignore' || value === '') return;
    // A confidentiality designation is shown and searched with the metadata, under its own column's name.
    if (use === 'metadata' || use === 'confidentiality') metadata[name] = value;
    if (use !== 'metadata' && fields[use] === undefined) fields[use] = value;
  });
  return { fields, metadata };
}

/** Where each page's Bates number is in the image lines, first line kept when a key repeats. */
function keyIndex(images: ImageLine[]): Map<string, number> {
  const at = new Map<string, number>();
  images.forEach((l, i) => {
    const k = l.key.toUpperCase();
    if (!at.has(k)) at.set(k, i);
  });
  return at;
}

/** "ABC0003 follows ABC0001": two Bates numbers next to each other that are not one apart. */
function gapBetween(before: string, after: string): number | null {
  const a = splitBates(before);
  const b = splitBates(after);
  if (!a || !b || a.prefix.toUpperCase() !== b.prefix.toUpperCase()) return null;
  const missing = b.number - a.number - 1;
  return missing > 0 ? missing : null;
}

/**
 * The plan for one volume: the DAT's records with their pages from the image
 * load file. `images` may be null (a volume with no OPT/LFP): every record is
 * then blocked, as it has no pages to show.
 */
export function planRecords(dat: DatTable, datFile: string, mapping: FieldMapping, images: ImageTable | null): RecordPlan {
  const problems: LoadProblem[] = [...dat.problems];
  const lines = images?.pages ?? [];
  if (images) problems.push(...images.problems);
  const at = keyIndex(lines);
  const claimed = new Array<boolean>(lines.length).fill(false);
  const badLines = new Set(dat.problems.filter((p) => p.severity === 'blocking' && p.line !== undefined).map((p) => p.line));
  const records: PlannedRecord[] = [];

  for (const r of dat.records) {
    const { fields, metadata } = mapRecord(dat.header, r.values, mapping);
    const beg = fields.begBates ?? '';
    const where = { file: datFile, line: r.line, record: beg || undefined };
    const rec: PlannedRecord = { file: datFile, line: r.line, beg, end: fields.endBates ?? '', fields, metadata, pages: [], blocked: badLines.has(r.line) };
    records.push(rec);
    if (!beg) {
      problems.push(problem({ ...where, field: mapped(mapping, 'begBates'), code: 'no-beg-bates', message: 'has no first Bates number; it cannot be placed' }));
      rec.blocked = true;
      continue;
    }
    if (!images) {
      problems.push(problem({ ...where, code: 'no-image-load-file', message: 'has no pages: the volume has no OPT or LFP image load file' }));
      rec.blocked = true;
      continue;
    }
    const first = at.get(beg.toUpperCase());
    if (first === undefined) {
      problems.push(problem({ ...where, field: mapped(mapping, 'begBates'), code: 'no-image-line', message: `${beg} is not in ${images.file}: the record has no page images` }));
      rec.blocked = true;
      continue;
    }
    let last: number | undefined;
    if (rec.end) {
      last = at.get(rec.end.toUpperCase());
      if (last === undefined || last < first) {
        problems.push(problem({ ...where, field: mapped(mapping, 'endBates'), code: 'no-image-line', message: `its last Bates number ${rec.end} is not in ${images.file} after ${beg}` }));
        rec.blocked = true;
        continue;
      }
    } else {
      // No last number: the pages run to the image load file's next document break.
      last = first;
      while (last + 1 < lines.length && !startsDocument(lines[last + 1]!)) last++;
      rec.end = lines[last]!.key;
    }
    rec.pages = lines.slice(first, last + 1);
    for (let i = first; i <= last; i++) claimed[i] = true;
    if (!startsDocument(lines[first]!)) {
      problems.push(problem({ ...where, code: 'break-disagrees', message: `${images.file} line ${lines[first]!.line} does not start a document at ${beg}; the DAT's range is used` }, 'warning'));
    }
    const inner = rec.pages.findIndex((p, i) => i > 0 && startsDocument(p));
    if (inner > 0) {
      problems.push(
        problem({ ...where, code: 'break-disagrees', message: `${images.file} starts a new document at ${rec.pages[inner]!.key}, inside this record's range ${beg}–${rec.end}; the DAT's range is used` }, 'warning'),
      );
    }
    const optCount = lines[first]!.pageCount;
    if (optCount !== undefined && optCount !== rec.pages.length) {
      problems.push(problem({ ...where, code: 'page-count', message: `${images.file} gives ${optCount} pages for ${beg}; its range ${beg}–${rec.end} has ${rec.pages.length}` }, 'warning'));
    }
    const datCount = fields.pageCount === undefined ? undefined : Number(fields.pageCount);
    if (datCount !== undefined && Number.isFinite(datCount) && datCount !== rec.pages.length) {
      problems.push(problem({ ...where, field: mapped(mapping, 'pageCount'), code: 'page-count', message: `says ${datCount} pages; its range ${beg}–${rec.end} has ${rec.pages.length}` }, 'warning'));
    }
    for (let i = 1; i < rec.pages.length; i++) {
      const gap = gapBetween(rec.pages[i - 1]!.key, rec.pages[i]!.key);
      if (gap) problems.push(problem({ ...where, code: 'bates-gap', message: `Bates gap inside the record: ${rec.pages[i]!.key} follows ${rec.pages[i - 1]!.key} (${gap} missing)` }, 'warning'));
    }
  }

  checkOverlaps(records, problems, mapping);
  linkFamilies(records);

  // Pages no record claims: images the production has but no document shows.
  const unclaimed = lines.filter((_, i) => !claimed[i]);
  if (images && unclaimed.length) {
    const shown = unclaimed.slice(0, 20).map((l) => l.key).join(', ');
    problems.push(
      problem({ file: images.file, line: unclaimed[0]!.line, code: 'pages-unclaimed', message: `${unclaimed.length} page${unclaimed.length === 1 ? '' : 's'} no DAT record covers: ${shown}${unclaimed.length > 20 ? ', …' : ''}` }, 'warning'),
    );
  }
  return { records, problems };
}

const mapped = (mapping: FieldMapping, target: FieldTarget): string | undefined => Object.keys(mapping).find((k) => mapping[k] === target);

/**
 * Records whose ranges overlap an earlier one are blocked; gaps between consecutive records are warned
 * of (`gaps` false: not again, when the volumes of one production are checked against each other).
 */
export function checkOverlaps(records: PlannedRecord[], problems: LoadProblem[], mapping: FieldMapping, gaps = true): void {
  type Span = { rec: PlannedRecord; prefix: string; from: number; to: number };
  const spans: Span[] = [];
  // Which came first: the records' order (a volume's in file order, volumes in turn), not line numbers, which restart per file.
  const order = new Map(records.map((r, i) => [r, i] as const));
  const before = (a: PlannedRecord, b: PlannedRecord) => order.get(a)! - order.get(b)!;
  for (const rec of records) {
    if (!rec.beg) continue;
    const a = splitBates(rec.beg);
    const b = splitBates(rec.end || rec.beg);
    if (!a || !b || a.prefix.toUpperCase() !== b.prefix.toUpperCase() || b.number < a.number) {
      if (!rec.blocked && rec.end) {
        problems.push({ severity: 'blocking', file: rec.file, line: rec.line, record: rec.beg, field: mapped(mapping, 'endBates'), code: 'bad-range', message: `${rec.beg}–${rec.end} is not a range of Bates numbers` });
        rec.blocked = true;
      }
      continue;
    }
    spans.push({ rec, prefix: a.prefix.toUpperCase(), from: a.number, to: b.number });
  }
  spans.sort((x, y) => (x.prefix < y.prefix ? -1 : x.prefix > y.prefix ? 1 : x.from - y.from || before(x.rec, y.rec)));
  let prev: Span | undefined;
  for (const s of spans) {
    if (prev && prev.prefix === s.prefix) {
      if (s.from <= prev.to) {
        // The later record is the one refused: the earlier one was there first.
        const [keep, drop] = before(prev.rec, s.rec) < 0 ? [prev, s] : [s, prev];
        if (!drop.rec.blocked) {
          const at = `line ${keep.rec.line}${keep.rec.file === drop.rec.file ? '' : ` of ${keep.rec.file}`}`;
          problems.push({
            severity: 'blocking',
            file: drop.rec.file,
            line: drop.rec.line,
            record: drop.rec.beg,
            code: 'overlap',
            message:
              drop.rec.beg === keep.rec.beg
                ? `the same first Bates number as ${at}`
                : `${drop.rec.beg}–${drop.rec.end} overlaps ${keep.rec.beg}–${keep.rec.end} (${at})`,
          });
          drop.rec.blocked = true;
        }
        if (drop === prev) prev = s;
        continue;
      }
      const missing = s.from - prev.to - 1;
      if (gaps && missing > 0) {
        problems.push({
          severity: 'warning',
          file: s.rec.file,
          line: s.rec.line,
          record: s.rec.beg,
          code: 'bates-gap',
          message: `Bates gap: ${s.rec.beg} follows ${prev.rec.end} (${missing} number${missing === 1 ? '' : 's'} missing)`,
        });
      }
    }
    prev = s;
  }
}

/** Each attachment's parent, by the parent field (a first Bates number or a document id) or BegAttach (the family's first document). */
function linkFamilies(records: PlannedRecord[]): void {
  const byBeg = new Map<string, PlannedRecord>();
  const byDocId = new Map<string, PlannedRecord>();
  for (const r of records) {
    if (r.beg && !byBeg.has(r.beg.toUpperCase())) byBeg.set(r.beg.toUpperCase(), r);
    if (r.fields.docId && !byDocId.has(r.fields.docId.toUpperCase())) byDocId.set(r.fields.docId.toUpperCase(), r);
  }
  const self = (r: PlannedRecord, ref: string) => ref.toUpperCase() === r.beg.toUpperCase() || ref.toUpperCase() === r.fields.docId?.toUpperCase();
  for (const r of records) {
    if (!r.beg) continue;
    const ref = r.fields.parent && !self(r, r.fields.parent) ? r.fields.parent : r.fields.begAttach && !self(r, r.fields.begAttach) ? r.fields.begAttach : undefined;
    if (!ref) continue;
    // A parent outside this volume may be in one received before: the import looks there, and warns if it is nowhere.
    const p = byBeg.get(ref.toUpperCase()) ?? byDocId.get(ref.toUpperCase());
    r.parentBeg = p?.beg ?? ref;
  }
}

/** Records in an order where every parent comes before its attachments (a parent outside the volume counts as placed). */
export function parentsFirst<R extends PlannedRecord>(records: R[]): R[] {
  const byBeg = new Map(records.map((r) => [r.beg.toUpperCase(), r] as const));
  const placed = new Set<R>();
  const out: R[] = [];
  const place = (r: R, depth: number): void => {
    if (placed.has(r)) return;
    placed.add(r);
    const p = r.parentBeg ? byBeg.get(r.parentBeg.toUpperCase()) : undefined;
    // A loop of parents (A's parent is B, B's is A) is cut where it closes.
    if (p && p !== r && depth < 16) place(p, depth + 1);
    out.push(r);
  };
  for (const r of records) place(r, 0);
  return out;
}
