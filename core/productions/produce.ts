/**
 * A production: chosen documents numbered with Bates numbers and written out
 * as a folder review platforms load —
 *
 *   IMAGES/  one Bates-stamped single-page PDF per page, in folders of a
 *            thousand (page-images.ts): PDFs' own pages, pictures, emails
 *            and texts drawn as pages (forms.ts); a slip sheet for a
 *            document produced in native form or withheld
 *   NATIVES/ originals of the kinds the production sends native
 *            (spreadsheets by default)
 *   TEXT/    extracted text, one file per produced document; a redacted
 *            page keeps the words not under a box (redacted-text.ts)
 *   DATA/    NAME.dat (Concordance), NAME.opt (Opticon, a line per page)
 *   NAME-privilege-log.csv and .xlsx: what was withheld, and why
 *
 * Everything is checked before a byte is written (the folder, the Bates
 * range, every stored file, documents still waiting for redaction). The
 * folder is built under a hidden temporary name beside the target and renamed
 * into place only when complete, so an interrupted export never leaves a
 * folder that looks finished; only then is the production recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../sha256.ts';
import { AppError } from '../errors.ts';
import type { Progress } from '../contract.ts';
import type { WorkspaceStore } from '../../db/store.ts';
import type { Reader } from '../../db/engine.ts';
import { pagesOf, type DocumentRow } from '../../db/documents.ts';
import { recordProduction, type ProducedDocument } from '../../db/productions.ts';
import { recordIssued, takeBackIssued, type IssuedRange } from '../bates-ledger.ts';
import { blobPath } from '../documents/vault.ts';
import { mkdirPrivate, writePrivate } from '../private-files.ts';
import { HOUR_MS, sweepStale } from '../sweep.ts';
import { extensionFor } from '../documents/sniff.ts';
import { toCsv } from '../csv.ts';
import { picturesPdf, slipSheet, stampPdf } from './stamp.ts';
import { drawnLayout } from './forms.ts';
import { drawTextPages } from './render-pages.ts';
import { imageFolder, splitPdf, tiffOf } from './page-images.ts';
import { redactedPageText, wholePageMarker } from './redacted-text.ts';
import { pageWordBoxes, type WordBox } from '../documents/word-boxes.ts';
import { RedactionReadBack } from './read-back.ts';
import { approvalOf } from '../redactions/approval.ts';
import { datFile, optFile, type DatRow, type OptDocument } from './load-files.ts';
import { receivedRange } from '../documents/received-range.ts';
import { receivedProductionById } from '../../db/received.ts';
import { xlsx } from '../xlsx.ts';
import { formatBates } from './bates.ts';
import type { RedactionRow } from '../../db/redactions.ts';
import type { ExtractPool } from '../documents/extract-pool.ts';
import { DEFAULT_LIMITS, type Rendered } from '../documents/extract/types.ts';
import { privilegeLabel } from '../shared/vocabulary.ts';
import { assertCleared, decisionsUsed, keptOut, logRow, planProduction, privilegeLogHeader, rangeClash, reasonLabel, type Decision, type PageWords, type Planned, type ProduceOptions, type UnreviewedFamily } from './plan.ts';

export type { ProduceOptions } from './plan.ts';

export interface ProductionReport {
  id: number;
  folder: string;
  firstBates: string;
  lastBates: string;
  documents: number;
  produced: number;
  withheld: number;
  /** Family members nobody reviewed, sent as "Withheld — not reviewed" slip sheets. */
  notReviewed: number;
  pages: number;
  unreviewedFamily: UnreviewedFamily;
  /** The reasons recorded for blocking problems, as they went into the production's history. */
  decisions: Decision[];
  /** Whether redacted documents needed a second reviewer's approval. */
  secondReviewer: boolean;
  /** Redacted pages read back (text layer and OCR) after they were written: none still showed a word under a box. */
  redactedPagesReadBack: number;
}

/** A document's DAT columns for the range it was received with (empty when it came with none). */
function receivedDatFields(d: DocumentRow, parties: ReadonlyMap<number, string>): Pick<DatRow, 'RECEIVEDBEGBATES' | 'RECEIVEDENDBATES' | 'PRODUCINGPARTY'> {
  const r = receivedRange(d);
  return { RECEIVEDBEGBATES: r?.begin ?? '', RECEIVEDENDBATES: r?.end ?? '', PRODUCINGPARTY: d.received_id === null ? '' : (parties.get(Number(d.received_id)) ?? '') };
}

/** Redacted pages are drawn at this resolution: sharp enough to read, small enough to produce by the thousand. */
const BURN_DPI = 200;

const byPage = (boxes: RedactionRow[]) => {
  const m = new Map<number, RedactionRow[]>();
  for (const b of boxes) m.set(b.page_no, [...(m.get(b.page_no) ?? []), b]);
  return m;
};

/** Redaction boxes as burned into a drawn page: where, and the reason written inside. */
const burnBoxes = (rows: RedactionRow[]) => rows.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, label: reasonLabel(b.reason) }));

/**
 * A picture document as a PDF, a page per picture page: every page drawn in
 * the file reader (a TIFF's pages decoded there), the boxes of its page
 * burned into the pixels, as a redacted PDF page is.
 */
async function picturePages(ctx: { pool: ExtractPool; dataDir: string }, p: Planned, labels: string[]): Promise<Uint8Array> {
  const d = p.doc;
  const boxesOf = byPage(p.redactions);
  const file = blobPath(ctx.dataDir, d.sha256);
  // A TIFF imported before its pages were counted one by one was recorded as one page:
  // producing only that page would leave the rest out without a word.
  const inFile = (await ctx.pool.run({ file, type: 'image', limits: DEFAULT_LIMITS }).catch(() => null))?.pages.length;
  if (inFile !== undefined && inFile !== p.pages) {
    throw new AppError('BAD_INPUT', `Document #${d.id} ${d.name} holds ${inFile} pages, but ${p.pages} ${p.pages === 1 ? 'was' : 'were'} recorded when it was imported; withhold it or take it out of the production. Nothing was produced.`);
  }
  try {
    const pages: Rendered[] = [];
    for (let page = 1; page <= p.pages; page++) {
      const boxes = burnBoxes(boxesOf.get(page) ?? []);
      const drawn = await ctx.pool.run({ imagePage: { file, page, boxes, asPng: true } });
      pages.push({ png: drawn.bytes, dpi: drawn.dpi });
    }
    return await picturesPdf(pages, labels);
  } catch (e) {
    throw new AppError('BAD_INPUT', `Document #${d.id} ${d.name} could not be stamped (${(e as Error).message.slice(0, 200)}). Nothing was produced.`);
  }
}

/** Where productions under way note their hidden work folders (one small file each, naming it). */
const underWayDir = (dataDir: string) => path.join(dataDir, 'producing');
/** A production's hidden work folder: `.NAME.partial-1a2b3c4d` beside the folder it becomes. */
const WORK_FOLDER = /^\..+\.partial-[0-9a-f]{8}$/;

function noteUnderWay(dataDir: string, work: string): () => void {
  mkdirPrivate(underWayDir(dataDir));
  const note = path.join(underWayDir(dataDir), randomBytes(8).toString('hex'));
  writePrivate(note, work, 'wx');
  return () => fs.rmSync(note, { force: true });
}

/**
 * Work folders of productions that were killed (a crash, a closed window):
 * removed once untouched for an hour, as backups' are — a younger one may
 * still be at work in another Sunshine process. Only folders a production
 * noted as its own work folder are looked at; a finished production was
 * renamed away from that name and is never touched.
 */
export function sweepInterruptedProductions(dataDir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  let notes: string[];
  try {
    notes = fs.readdirSync(underWayDir(dataDir));
  } catch {
    return removed;
  }
  for (const n of notes) {
    const note = path.join(underWayDir(dataDir), n);
    try {
      const work = fs.readFileSync(note, 'utf8');
      const name = path.basename(work);
      const ours = path.isAbsolute(work) && WORK_FOLDER.test(name);
      const swept = ours ? sweepStale(path.dirname(work), { match: (x) => x === name, olderThanMs: HOUR_MS, now }) : [];
      removed.push(...swept);
      // A note whose folder is gone (or that names none) goes once an hour old: younger, its production may be about to make it.
      if (swept.length || (!(ours && fs.existsSync(work)) && now - fs.statSync(note).mtimeMs > HOUR_MS)) fs.rmSync(note, { force: true });
    } catch {
      // removed meanwhile by the production that wrote it
    }
  }
  return removed;
}

/** The stored file's bytes, checked against its SHA-256 (a changed vault file is never produced). */
function storedBytes(dataDir: string, d: DocumentRow): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(blobPath(dataDir, d.sha256));
  } catch {
    throw new AppError('INTEGRITY', `Document #${d.id} ${d.name}: its stored file is missing from the vault; run "sunshine verify". Nothing was produced.`);
  }
  if (sha256Hex(bytes) !== d.sha256) {
    throw new AppError('INTEGRITY', `Document #${d.id} ${d.name}: its stored file no longer matches its SHA-256; run "sunshine verify". Nothing was produced.`);
  }
  return bytes;
}

export async function produce(
  ctx: { store: WorkspaceStore; dataDir: string; actor: string; pool: ExtractPool; signal: AbortSignal; progress(p: Progress): void },
  o: ProduceOptions,
): Promise<ProductionReport> {
  const words: PageWords = (id, page) => pageWordBoxes({ store: ctx.store, dataDir: ctx.dataDir, pool: () => ctx.pool }, id, page);
  // Planned again here, at commit time: coding, redactions or links changed since the user's plan are caught.
  const planned = await planProduction(ctx.store.engine, ctx.dataDir, o, words);
  assertCleared(planned);
  const { documents: plan, first, last, padding } = planned;
  // Every stored file is checked before anything is written.
  for (const p of plan.filter((x) => !x.notReviewed)) {
    if (!fs.existsSync(blobPath(ctx.dataDir, p.doc.sha256)) || fs.statSync(blobPath(ctx.dataDir, p.doc.sha256)).size !== p.doc.size) {
      throw new AppError('INTEGRITY', `Document #${p.doc.id} ${p.doc.name}: its stored file is missing or changed; run "sunshine verify". Nothing was produced.`);
    }
  }
  const bates = (n: number) => formatBates(o.prefix, n, padding);
  const parent = path.dirname(path.resolve(o.folder));
  mkdirPrivate(parent);
  const work = path.join(parent, `.${path.basename(o.folder)}.partial-${randomBytes(4).toString('hex')}`);
  // Noted in the data folder while under way: a production killed half-way is found and cleared at the next start, wherever it was going.
  const unnote = noteUnderWay(ctx.dataDir, work);
  const discardWork = () => {
    fs.rmSync(work, { recursive: true, force: true });
    unnote();
  };
  const base = o.name.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'production';
  const readBack = new RedactionReadBack(ctx.pool);
  try {
    for (const sub of ['IMAGES', 'NATIVES', 'TEXT', 'DATA']) mkdirPrivate(path.join(work, sub));
    const dat: DatRow[] = [];
    const opt: OptDocument[] = [];
    const log: string[][] = [];
    const famRange = new Map<number, { begin: number; end: number }>();
    for (const p of plan) {
      const r = famRange.get(p.family);
      famRange.set(p.family, { begin: Math.min(r?.begin ?? p.begin, p.begin), end: Math.max(r?.end ?? p.end, p.end) });
    }
    const withheldIds = keptOut(plan);
    // The producing party's numbers go out only in a production holding documents that came with
    // them: one made of our own files keeps the DAT and privilege log it always had (platforms and
    // scripts that map those columns by position see no change), and a receiving platform maps
    // load-file columns by the header row, so columns present only sometimes cost it nothing.
    const withReceived = plan.some((p) => receivedRange(p.doc) !== null);
    const parties = new Map<number, string>();
    for (const id of new Set(plan.flatMap((p) => (p.doc.received_id === null ? [] : [Number(p.doc.received_id)])))) {
      parties.set(id, (await receivedProductionById(ctx.store.engine, id))?.party ?? '');
    }
    const stopIfCancelled = () => {
      if (ctx.signal.aborted) throw new AppError('CANCELLED', 'The production was cancelled; nothing was kept.');
    };
    let pageNo = 0;
    /** Each page its own file under IMAGES/ (a PDF, or drawn from it as a TIFF): the OPT lines of the document. */
    const writePages = async (files: Uint8Array[], labels: string[]) => {
      if (files.length !== labels.length) throw new Error(`${labels.length} Bates numbers for ${files.length} pages`);
      const pages: OptDocument['pages'] = [];
      for (const [k, bytes] of files.entries()) {
        // Checked a page at a time too: a long document drawn as TIFF takes a while.
        stopIfCancelled();
        const folder = imageFolder(pageNo++);
        const file = `${folder}/${labels[k]}.${o.images === 'tiff' ? 'tif' : 'pdf'}`;
        mkdirPrivate(path.join(work, folder));
        writePrivate(path.join(work, file), o.images === 'tiff' ? await tiffOf(ctx.pool, work, bytes, labels[k]!) : bytes);
        pages.push({ bates: labels[k]!, image: file.replaceAll('/', '\\') });
      }
      return pages;
    };
    for (const [i, p] of plan.entries()) {
      stopIfCancelled();
      const d = p.doc;
      const beg = bates(p.begin);
      const labels = Array.from({ length: p.pages }, (_, k) => bates(p.begin + k));
      let nativePath = '';
      let textPath = '';
      let pages: OptDocument['pages'];
      if (p.log) log.push(logRow(p.log, withReceived));
      if (p.notReviewed) {
        pages = await writePages([await slipSheet(beg, ['Withheld — not reviewed', 'Part of an email family; nothing of it is produced.'])], labels);
      } else if (p.withheld) {
        const basis = p.withheld === 'privileged' ? 'privileged' : privilegeLabel(p.withheld);
        pages = await writePages([await slipSheet(beg, ['Document withheld', `Privilege: ${basis}`, 'See the privilege log.'])], labels);
      } else {
        const bytes = storedBytes(ctx.dataDir, d);
        let images: Uint8Array;
        try {
          if (p.slip) {
            images = await slipSheet(beg, p.slip);
          } else if (p.native) {
            images = await slipSheet(beg, ['Document produced in native form', d.name, `See NATIVES\\${beg}${extensionFor(d.mime)}`]);
          } else if (d.type === 'pdf') {
            const burned = new Map<number, Rendered>();
            for (const [page, boxes] of byPage(p.redactions)) {
              // A very large page comes back drawn at a lower dpi than asked; the stamp sizes it by the dpi used.
              const rendered = await ctx.pool.run({
                render: { file: blobPath(ctx.dataDir, d.sha256), page, dpi: BURN_DPI, boxes: burnBoxes(boxes) },
              });
              burned.set(page - 1, rendered);
            }
            images = await stampPdf(bytes, labels, burned);
          } else if (d.type === 'image') {
            images = await picturePages(ctx, p, labels);
          } else {
            // Laid out as the plan counted it; text that changed since would not fit its Bates numbers.
            const drawn = await drawnLayout(ctx.store.engine, d, withheldIds);
            if (drawn.length !== p.pages) throw new AppError('CONFLICT', `Document #${d.id} ${d.name} changed while it was being produced; produce again. Nothing was produced.`);
            images = await stampPdf(await drawTextPages(drawn), labels);
          }
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw new AppError('BAD_INPUT', `Document #${d.id} ${d.name} could not be stamped (${(e as Error).message.slice(0, 200)}). Nothing was produced.`);
        }
        pages = await writePages(await splitPdf(images), labels);
        if (p.native) {
          nativePath = `NATIVES\\${beg}${extensionFor(d.mime)}`;
          writePrivate(path.join(work, 'NATIVES', `${beg}${extensionFor(d.mime)}`), bytes);
        }
        const redactedPages = byPage(p.redactions);
        const placed = new Map<number, WordBox[] | null>();
        for (const page of redactedPages.keys()) placed.set(page, await words(d.id, page));
        // Read back as it went out: a word under a box still readable stops the production (its pages are the original's, in order).
        if (redactedPages.size) await readBack.check(d, images, [...redactedPages].map(([page, boxes]) => ({ page, words: placed.get(page) ?? null, boxes })));
        const text: string[] = [];
        for (const pg of await pagesOf(ctx.store.engine, d.id)) {
          const boxes = redactedPages.get(pg.page_no);
          const onPage = boxes ? placed.get(pg.page_no) : undefined;
          if (!boxes) text.push(pg.text);
          else text.push(onPage ? redactedPageText(onPage, burnBoxes(boxes)) : wholePageMarker(pg.page_no, burnBoxes(boxes)));
        }
        textPath = `TEXT\\${beg}.txt`;
        writePrivate(path.join(work, 'TEXT', `${beg}.txt`), text.join('\f'));
      }
      const fam = famRange.get(p.family)!;
      const hidden = p.withheld || p.notReviewed;
      dat.push({
        BEGBATES: beg,
        ENDBATES: bates(p.end),
        BEGATTACH: bates(fam.begin),
        ENDATTACH: bates(fam.end),
        CUSTODIAN: p.notReviewed ? '' : d.source,
        FROM: hidden ? '' : (d.email_from ?? ''),
        TO: hidden ? '' : (d.email_to ?? ''),
        CC: hidden ? '' : (d.email_cc ?? ''),
        SUBJECT: hidden ? '' : (d.email_subject ?? ''),
        DATESENT: p.notReviewed ? '' : (d.email_date ?? '').slice(0, 10),
        SHA256: hidden ? '' : d.sha256,
        FILENAME: hidden ? '' : d.name,
        PAGECOUNT: String(p.pages),
        TEXTPATH: textPath,
        NATIVEPATH: nativePath,
        // The producing party's numbers say which of its pages this is, never what it holds: kept for withheld documents too.
        ...(withReceived ? receivedDatFields(d, parties) : {}),
      });
      opt.push({ pages });
      ctx.progress({ done: i + 1, total: plan.length, message: `${beg} ${d.name}` });
    }
    writePrivate(path.join(work, 'DATA', `${base}.dat`), datFile(dat, withReceived));
    writePrivate(path.join(work, 'DATA', `${base}.opt`), optFile(base.slice(0, 20), opt));
    writePrivate(path.join(work, `${base}-privilege-log.csv`), toCsv(privilegeLogHeader(withReceived), log));
    writePrivate(path.join(work, `${base}-privilege-log.xlsx`), await xlsx('Privilege log', privilegeLogHeader(withReceived), log));
  } catch (e) {
    discardWork();
    throw e;
  } finally {
    await readBack.close();
  }
  // Complete: in the Bates ledger first (see bates-ledger.ts), then on the record — the range
  // checked again inside the same transaction, so two productions at once can never both take
  // it — then into place. A crash between any two leaves numbers used and nothing out, never
  // numbers out twice.
  const docs: ProducedDocument[] = plan.map((p) => ({ documentId: p.doc.id, begin: p.begin, end: p.end, disposition: p.withheld || p.notReviewed ? 'withheld' : 'produced' }));
  const decisions = decisionsUsed(planned);
  const pages = plan.reduce((n, p) => n + p.pages, 0);
  const issued: IssuedRange = { prefix: o.prefix, first, last, padding, name: o.name, at: new Date().toISOString(), folder: path.resolve(o.folder) };
  let id: number;
  try {
    recordIssued(ctx.dataDir, work, issued);
  } catch (e) {
    discardWork();
    throw new AppError('INTERNAL', `The Bates ledger in the data folder could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was produced.`);
  }
  try {
    id = await ctx.store.write(ctx.actor, async (w) => {
      const clash = await rangeClash(w, { prefix: o.prefix, padding }, first, last);
      if (clash) throw clash;
      return await recordProduction(
        w,
        {
          name: o.name,
          request_id: o.request?.id ?? null,
          recipient: o.recipient,
          prefix: o.prefix,
          first_number: first,
          last_number: last,
          padding,
          documents: plan.length,
          pages,
          folder: issued.folder,
        },
        docs,
        o.request?.reference ?? null,
        // On the record with the production: how unreviewed family members went, and every reason that let a blocked document out.
        {
          unreviewedFamily: o.unreviewedFamily,
          decisions: decisions.map((x) => [x.document, x.problem, x.reason]),
          secondReviewer: o.secondReviewer,
          redactedPagesReadBack: readBack.pages,
          ...(o.secondReviewer ? { approvals: await approvalsOf(w, plan) } : {}),
        },
      );
    });
  } catch (e) {
    discardWork();
    try {
      takeBackIssued(ctx.dataDir, issued);
    } catch {
      // Left counted as used: a gap in the numbers, never a number handed out twice.
    }
    throw e;
  }
  try {
    if (fs.existsSync(o.folder)) fs.rmdirSync(o.folder); // checked empty above
    fs.renameSync(work, o.folder);
  } catch (e) {
    discardWork();
    throw new AppError(
      'INTERNAL',
      `The production was recorded as ${bates(first)}–${bates(last)}, but its folder could not be put in place (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); those numbers stay used — produce again from ${bates(last + 1)}.`,
    );
  }
  unnote();
  const withheld = plan.filter((p) => p.withheld).length;
  const notReviewed = plan.filter((p) => p.notReviewed).length;
  return {
    id,
    folder: path.resolve(o.folder),
    firstBates: bates(first),
    lastBates: bates(last),
    documents: plan.length,
    produced: plan.length - withheld - notReviewed,
    withheld,
    notReviewed,
    pages,
    unreviewedFamily: o.unreviewedFamily,
    decisions,
    secondReviewer: o.secondReviewer,
    redactedPagesReadBack: readBack.pages,
  };
}

/** Who approved each redacted document's boxes, for the production's record: [document, approver]. */
async function approvalsOf(q: Reader, plan: Planned[]): Promise<[number, string | null][]> {
  const out: [number, string | null][] = [];
  for (const p of plan) if (p.redactions.length && !p.withheld && !p.notReviewed) out.push([p.doc.id, (await approvalOf(q, p.doc.id, p.redactions)).approvedBy]);
  return out;
}
