/**
 * Receiving a production: read its load files, map their fields, plan one
 * document per record, check every file, and report — then, when asked, import
 * the records that can be (parents before attachments, two at a time through the
 * file readers), each in its own transaction, keyed on its first Bates number so
 * a re-run (or a run after a crash) adds only what is missing. The received
 * production is recorded with its report, on its request's timeline and in the history.
 */
import { rethread } from '../documents/threads.ts';
import fs from 'node:fs';
import path from 'node:path';
import {
  finishReceivedProduction,
  insertReceivedProduction,
  partyMapping,
  receivedDocumentByBates,
  receivedRangesOfParty,
  type ReceivedRange,
  savePartyMapping,
  openReceivedProduction,
} from '../../db/received.ts';
import type { IngestContext } from '../documents/ingest.ts';
import type { ReceiveReportOut, ReceivedVolumeOut } from '../api-received.ts';
import { AppError } from '../errors.ts';
import type { Day } from '../deadlines/dates.ts';
import { splitBates } from '../shared/bates-number.ts';
import { checkMapping, columnSamples, suggestMapping } from './load-files/fields.ts';
import { openZipVolume } from './zip-volume.ts';
import { scratchDir } from '../documents/vault.ts';
import { findProduction, type ProductionFiles } from './volume.ts';
import { checkOverlaps, parentsFirst, planRecords } from './records.ts';
import { checkFiles, type CheckedRecord } from './validate.ts';
import { importRecord } from './import-record.ts';
import { addToTimeline, productionLine } from './timeline-entry.ts';
import type { FieldMapping, LoadProblem } from './types.ts';

/** What an import of files needs (the store, the data folder, who acts, the file readers, cancel and progress), and today for the timeline. */
export interface ReceiveContext extends IngestContext {
  today: Day;
}

export interface ReceiveOptions {
  /** The production's folder or ZIP on this computer (already allowed by the caller). */
  source: string;
  party?: string;
  request?: { id: number; reference: string; agency: string };
  mapping?: FieldMapping;
  dryRun: boolean;
  validOnly: boolean;
}

/** Problems listed in a report; past this they are counted. */
const MAX_LISTED = 2000;

const isZip = (file: string): boolean => {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50;
  } finally {
    fs.closeSync(fd);
  }
};

/** The party a production is from when not named: the request's agency, else its Bates prefix ("ICE-" → "ICE"). */
function defaultParty(o: ReceiveOptions, firstBates: string | undefined, fallback: string): string {
  if (o.party) return o.party;
  if (o.request?.agency) return o.request.agency;
  const prefix = firstBates ? splitBates(firstBates)?.prefix.replace(/[\s\-_.]+$/, '') : undefined;
  return prefix || fallback;
}

/**
 * The earlier range (if any) that meets `from`–`to` under a prefix: ranges sorted by their first
 * number, found by halving — a party's earlier productions may hold a million pages.
 */
function rangeIndex(ranges: ReceivedRange[]): (prefix: string, from: number, to: number) => ReceivedRange | undefined {
  const byPrefix = new Map<string, ReceivedRange[]>();
  for (const r of ranges) {
    const list = byPrefix.get(r.prefix.toUpperCase()) ?? [];
    list.push(r);
    byPrefix.set(r.prefix.toUpperCase(), list);
  }
  for (const list of byPrefix.values()) list.sort((a, b) => a.first - b.first);
  return (prefix, from, to) => {
    const list = byPrefix.get(prefix.toUpperCase()) ?? [];
    // The last range starting at or before `to`; ranges received before do not overlap each other.
    let lo = 0;
    let hi = list.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.first <= to) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 && list[at]!.last >= from ? list[at] : undefined;
  };
}

export async function receiveProduction(ctx: ReceiveContext, o: ReceiveOptions): Promise<ReceiveReportOut> {
  let st: fs.Stats;
  try {
    st = fs.statSync(o.source);
  } catch {
    throw new AppError('NOT_FOUND', 'path: no production folder or ZIP is there; check the path.');
  }
  const name = path.basename(o.source).replace(/\.zip$/i, '');
  if (st.isDirectory()) return await receiveFrom(ctx, o, o.source, name);
  if (!st.isFile() || !isZip(o.source)) throw new AppError('BAD_INPUT', 'path: a production is a folder (with its load files) or a ZIP of one; this is neither.');
  ctx.progress({ done: 0, total: 0, message: 'Unpacking the ZIP' });
  const zip = await openZipVolume(o.source, scratchDir(ctx.dataDir), {}).catch((e: unknown) => {
    throw new AppError('BAD_INPUT', `path: the ZIP cannot be used as a production: ${(e as Error).message}`);
  });
  try {
    return await receiveFrom(ctx, o, zip.root, name);
  } finally {
    zip.cleanup();
  }
}

async function receiveFrom(ctx: ReceiveContext, o: ReceiveOptions, root: string, name: string): Promise<ReceiveReportOut> {
  const q = ctx.store.engine;
  ctx.progress({ done: 0, total: 0, message: 'Reading the load files' });
  const found: ProductionFiles = findProduction(root);
  const problems: LoadProblem[] = [...found.problems];
  const header = [...new Set(found.volumes.flatMap((v) => v.table.header))];
  const firstBates = found.volumes[0]?.table.records[0];
  const guessed = suggestMapping(header);
  const begColumn = Object.keys(guessed).find((k) => guessed[k] === 'begBates');
  const firstBeg = firstBates && begColumn ? firstBates.values[header.indexOf(begColumn)] : undefined;
  const party = defaultParty(o, firstBeg, name);
  const remembered = (await partyMapping(q, party)) as FieldMapping | null;
  const mapping: FieldMapping = { ...suggestMapping(header, remembered ?? undefined), ...(o.mapping ?? {}) };
  const mappingProblems = checkMapping(header, mapping);

  const named = new Set<string>();
  const records: CheckedRecord[] = [];
  const volumes: ReceivedVolumeOut[] = [];
  for (const v of found.volumes) {
    const plan = planRecords(v.table, v.dat, mapping, v.imageTable);
    problems.push(...plan.problems);
    named.add(v.dat);
    if (v.images) named.add(v.images);
    ctx.progress({ done: 0, total: plan.records.length, message: `Checking the files of ${v.name}` });
    const checked = await checkFiles(v, plan.records, mapping, ctx.pool, problems, named, ctx.signal);
    records.push(...checked);
    const ranged = checked.filter((r) => r.beg);
    volumes.push({
      name: v.name,
      dat: v.dat,
      images: v.images,
      encoding: v.table.format.encoding,
      records: checked.length,
      pages: checked.reduce((n, r) => n + r.pages.length, 0),
      first: ranged[0]?.beg ?? null,
      last: ranged.at(-1)?.end || ranged.at(-1)?.beg || null,
    });
  }
  // The volumes of one production against each other (each was checked on its own above).
  if (found.volumes.length > 1) checkOverlaps(records, problems, mapping, false);
  const unnamed = found.files.filter((f) => !named.has(f));
  if (unnamed.length) {
    problems.push({
      severity: 'warning',
      file: '',
      code: 'file-unnamed',
      message: `${unnamed.length} file${unnamed.length === 1 ? '' : 's'} in the production no record names: ${unnamed.slice(0, 20).join(', ')}${unnamed.length > 20 ? ', …' : ''}`,
    });
  }
  if (mappingProblems.length) for (const r of records) r.blocked = true;

  // Against what this party produced before: the same record again is "in already"; an overlap is refused.
  const already = new Map<CheckedRecord, number>();
  const earlier = rangeIndex(await receivedRangesOfParty(q, party));
  for (const r of records) {
    if (!r.beg) continue;
    const same = await receivedDocumentByBates(q, party, r.beg);
    if (same && (same.bates_end ?? same.bates_begin) === (r.end || r.beg)) {
      already.set(r, same.id);
      continue;
    }
    const s = splitBates(r.beg);
    const e = splitBates(r.end || r.beg);
    if (!s || !e) continue;
    const clash = earlier(s.prefix, s.number, e.number);
    if (clash && !r.blocked) {
      problems.push({
        severity: 'blocking',
        file: r.file,
        line: r.line,
        record: r.beg,
        code: 'overlap-received',
        message: `${r.beg}–${r.end || r.beg} overlaps ${clash.batesBegin}–${clash.batesEnd ?? clash.batesBegin}, received from ${party} before (${clash.volume})`,
      });
      r.blocked = true;
    }
  }

  const toImport = records.filter((r) => !r.blocked && !already.has(r));
  // A record the DAT reader could not split into one value per column is not among the records: it counts as blocked.
  const unreadable = found.volumes.reduce((n, v) => n + new Set(v.table.problems.filter((p) => p.severity === 'blocking' && (p.line ?? 0) > 1).map((p) => p.line)).size, 0);
  const blocked = records.filter((r) => r.blocked).length + unreadable;
  const pages = records.reduce((n, r) => n + r.pages.length, 0);
  const withBates = records.filter((r) => r.beg);
  const report: ReceiveReportOut = {
    party,
    name,
    volumes,
    header,
    mapping,
    mappingRemembered: remembered !== null,
    samples: Object.fromEntries(found.volumes.flatMap((v) => Object.entries(columnSamples(v.table, 3)))),
    mappingProblems,
    records: records.length + unreadable,
    pages,
    valid: toImport.length,
    blocked,
    already: already.size,
    first: withBates[0]?.beg ?? null,
    last: withBates.at(-1)?.end || withBates.at(-1)?.beg || null,
    problems: problems.slice(0, MAX_LISTED),
    problemsLeftOut: Math.max(0, problems.length - MAX_LISTED),
    dryRun: o.dryRun,
  };
  if (o.dryRun) return report;
  if (!found.volumes.length) throw new AppError('BAD_INPUT', `path: ${problems[0]?.message ?? 'no load files found'}; nothing was imported.`);
  if (blocked && !o.validOnly) return { ...report, refused: true, imported: 0 };
  return await importAll(ctx, o, report, toImport, already, problems);
}

async function importAll(
  ctx: ReceiveContext,
  o: ReceiveOptions,
  report: ReceiveReportOut,
  toImport: CheckedRecord[],
  already: Map<CheckedRecord, number>,
  problems: LoadProblem[],
): Promise<ReceiveReportOut> {
  const q = ctx.store.engine;
  const volumeNames = report.volumes.map((v) => v.name).join(', ');
  const before = await openReceivedProduction(q, report.party, volumeNames);
  const receivedId =
    before?.id ??
    (await ctx.store.write(ctx.actor, (w) => insertReceivedProduction(w, { party: report.party, volume: volumeNames, requestId: o.request?.id ?? null, mapping: report.mapping })));

  // Parents first; an attachment waits for its parent's write (a lane may be ahead of it).
  const ordered = parentsFirst(toImport);
  const written = new Map<string, Promise<number | null>>();
  for (const [r, id] of already) written.set(r.beg.toUpperCase(), Promise.resolve(id));
  const parentOf = async (r: CheckedRecord): Promise<number | null> => {
    if (!r.parentBeg) return null;
    const here = written.get(r.parentBeg.toUpperCase());
    const id = here ? await here : ((await receivedDocumentByBates(q, report.party, r.parentBeg))?.id ?? null);
    if (id === null) {
      problems.push({ severity: 'warning', file: r.file, line: r.line, record: r.beg, code: 'parent-missing', message: `its parent ${r.parentBeg} is not in this production or one received before; it is imported on its own` });
    }
    return id;
  };
  const ctxRecord = { store: ctx.store, dataDir: ctx.dataDir, actor: ctx.actor, pool: ctx.pool, signal: ctx.signal, receivedId, party: report.party, ...(o.request ? { request: o.request } : {}) };
  let next = 0;
  let done = 0;
  let imported = 0;
  let failed = 0;
  let pagesIn = 0;
  let cancelled = false;
  const added: number[] = [];
  const settle = new Map<CheckedRecord, (id: number | null) => void>();
  for (const r of ordered) written.set(r.beg.toUpperCase(), new Promise((resolve) => settle.set(r, resolve)));
  const lane = async (): Promise<void> => {
    while (next < ordered.length) {
      if (ctx.signal.aborted) {
        cancelled = true;
        return;
      }
      const r = ordered[next++]!;
      let id: number | null = null;
      try {
        const result = await importRecord(ctxRecord, r, await parentOf(r), problems);
        if ('id' in result) {
          id = result.id;
          added.push(id);
          imported++;
          pagesIn += result.pages;
        } else if ('existing' in result) {
          problems.push({ severity: 'warning', file: r.file, line: r.line, record: r.beg, code: 'same-pages', message: `its pages are the same images as document ${result.existing}; not imported again` });
        } else {
          failed++;
          problems.push({ severity: 'blocking', file: r.file, line: r.line, record: r.beg, code: 'import-failed', message: result.failed });
        }
      } catch (e) {
        if (ctx.signal.aborted) {
          cancelled = true;
          settle.get(r)!(null);
          return;
        }
        failed++;
        problems.push({ severity: 'blocking', file: r.file, line: r.line, record: r.beg, code: 'import-failed', message: (e as Error).message });
      }
      settle.get(r)!(id);
      done++;
      ctx.progress({ done, total: ordered.length, message: `${r.beg} (${pagesIn} pages so far)` });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.pool.size) * 2 }, lane));
  for (const r of ordered) settle.get(r)!(null);

  const final: ReceiveReportOut = {
    ...report,
    receivedId,
    imported,
    failed,
    cancelled,
    problems: problems.slice(0, MAX_LISTED),
    problemsLeftOut: Math.max(0, problems.length - MAX_LISTED),
  };
  const complete = failed === 0 && report.blocked === 0;
  await ctx.store.write(ctx.actor, async (w) => {
    await savePartyMapping(w, report.party, report.mapping);
    // The production's email records join the threads of the emails already here.
    await rethread(w, added);
    // Cancelled: the production stays "importing" until a re-run finishes it. A re-run that found
    // everything in already keeps the report of the run that brought the documents.
    if (cancelled || (before?.finished_at && imported === 0 && failed === 0)) return;
    const row = await finishReceivedProduction(w, receivedId, { status: complete ? 'complete' : 'partial', report: final });
    // On the timeline once: when the production is first finished, not at each re-run that adds to it.
    if (o.request && !before?.finished_at && row.documents > 0) {
      const line = productionLine({ party: report.party, volume: volumeNames, first: row.first_bates, last: row.last_bates, documents: row.documents, pages: row.pages });
      const why = await addToTimeline(w, o.request.id, line, ctx.today);
      final.timeline = { added: why === null, line, ...(why ? { why } : {}) };
    }
  });
  return final;
}
