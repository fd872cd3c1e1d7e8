/**
 * A ZIP archive's entries unpacked, in the file reader's helper process, into a private folder the
 * import made for it (vault.ts scratchDir): each file entry under a number of its own (never its
 * name, so no name can reach outside the folder), with its path inside made safe to show. The rules
 * are those of every ZIP (zip-entries.ts); an entry refused is listed with the reason, and the others
 * go on. A ZIP whose directory is lost (cut short) is walked by its local headers instead.
 */
import path from 'node:path';
import type { FileReport } from '../../api.ts';
import { splitPages, type Extracted, type ExtractLimits } from './types.ts';
import { safeName } from '../sniff.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { directoryEntries, freeBytes, localEntries, openZip, walkEntries, type EntryProblem, type RawEntry, type ZipLimits } from '../zip-entries.ts';

export interface UnpackArchiveJob {
  /** `budget`: bytes the outermost archive has left, for this one and all inside it. */
  unpackArchive: { file: string; outDir: string; limits: ZipLimits; budget: number };
}

export interface UnpackedEntry {
  /** Its path inside the archive, each part made safe to show: ["Sponsors", "2021", "list.xlsx"]. */
  parts: string[];
  /** Where its bytes were written, in the job's folder. */
  file: string;
  size: number;
}

export interface Unpacked {
  entries: UnpackedEntry[];
  /** Entries not unpacked, each with its path inside (made safe) and why. */
  refused: { parts: string[]; status: FileReport['status']; error: string }[];
  /** Bytes written, counted against the budget of the outermost archive. */
  bytes: number;
  /** What was wrong with the archive as a whole (its directory damaged, too many entries). */
  notes: string[];
}

const size = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.round(bytes / 1024 ** 2).toLocaleString('en-US')} MB`);

/** What the report says of an entry refused. */
function entryRefusal(problem: EntryProblem, limits: ZipLimits): { status: FileReport['status']; error: string } {
  switch (problem.kind) {
    case 'escapes':
      return { status: 'failed', error: 'its name leads outside the archive (.., an absolute path or a drive); not opened' };
    case 'link':
      return { status: 'skipped', error: 'is a link; links are not opened' };
    case 'encrypted':
      return { status: 'skipped', error: 'is encrypted; not opened' };
    case 'bomb':
      return { status: 'failed', error: `inflates over ${limits.maxRatio} times its packed size (a ZIP bomb); not opened` };
    case 'budget':
      return {
        status: 'failed',
        error: `would take the archive past ${size(limits.maxTotalBytes)} unpacked (the limit for one archive and the archives inside it, or the free disk space); it and the entries after it were not opened`,
      };
    case 'entries':
      return { status: 'failed', error: `the archive lists ${problem.count.toLocaleString('en-US')} entries, over the limit of ${limits.maxEntries.toLocaleString('en-US')}` };
    case 'damaged':
      return { status: 'failed', error: `is damaged (${damage(problem.error)}); not opened` };
  }
}

/** An error in words that name no path on disk (a file system's error names its file: only its code is told). */
function damage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC') return 'the disk filled up while unpacking it';
  if (code && /^E[A-Z]+$/.test(code)) return `it could not be written: ${code}`;
  return ((e as Error)?.message ?? String(e)).replace(/\s+/g, ' ').slice(0, 200);
}

/** A refused entry's name as the ZIP spells it ("../../evil.txt"), without controls or bidi marks: one part. */
const refusedName = (name: string): string[] => [visibleText(name).slice(0, 200) || 'unnamed'];

export async function unpackArchive(job: UnpackArchiveJob['unpackArchive']): Promise<Unpacked> {
  const { file, outDir, limits } = job;
  const out: Unpacked = { entries: [], refused: [], bytes: 0, notes: [] };
  const budget = Math.min(job.budget, freeBytes(outDir));
  let next = 0;
  const walk = (entries: AsyncIterable<RawEntry>) =>
    walkEntries(entries, limits, budget, {
      target: () => path.join(outDir, String(++next)),
      written: (parts, target, bytes) => {
        out.entries.push({ parts: parts.map((p) => safeName(p)), file: target, size: bytes });
        out.bytes += bytes;
      },
      refused: (name, problem) => {
        const why = entryRefusal(problem, limits);
        if (problem.kind === 'entries') out.notes.push(`${why.error}; its entries were not opened`);
        else out.refused.push({ parts: refusedName(name), ...why });
      },
    });
  let zip;
  try {
    zip = await openZip(file);
  } catch (e) {
    // No directory (cut short, or not a ZIP past its first bytes): what the local headers still hold.
    const before = out.entries.length + out.refused.length;
    try {
      await walk(localEntries(file));
    } catch {
      // As far as the headers went.
    }
    const found = out.entries.length + out.refused.length - before;
    out.notes.push(
      found
        ? `the archive is damaged (${damage(e)}): its directory cannot be read; the ${found.toLocaleString('en-US')} entries found before the damage were opened`
        : `the archive is damaged (${damage(e)}): its directory cannot be read and no entry could be found; stored as received`,
    );
    return out;
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      out.notes.push(`${entryRefusal({ kind: 'entries', count: zip.entryCount }, limits).error}; its entries were not opened`);
      return out;
    }
    try {
      await walk(directoryEntries(zip));
    } catch (e) {
      const read = out.entries.length + out.refused.length;
      out.notes.push(`the archive's directory is damaged after ${read.toLocaleString('en-US')} entries (${damage(e)}); the entries after that were not opened`);
    }
    return out;
  } finally {
    zip.close();
  }
}

/**
 * The archive's own text: the paths of the files it lists, one a line, so that it is found by the
 * names inside it and its page says what it holds. Only the directory is read; nothing is inflated.
 */
export async function archiveListing(file: string, limits: ExtractLimits): Promise<Extracted> {
  const lines: string[] = [];
  let chars = 0;
  let zip;
  try {
    zip = await openZip(file);
  } catch {
    // No directory to list: opening it (archive-import.ts) says what is wrong.
    return { pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [] };
  }
  try {
    for await (const entry of directoryEntries(zip)) {
      if (entry.name.endsWith('/')) continue;
      const line = visibleText(entry.name);
      chars += line.length + 1;
      if (chars > limits.maxChars) break;
      lines.push(line);
    }
  } catch {
    // A damaged directory: the names read before the damage.
  } finally {
    zip.close();
  }
  return { pages: splitPages(lines.join('\n')), ocrPages: [], meta: {}, attachments: [], notes: [] };
}

