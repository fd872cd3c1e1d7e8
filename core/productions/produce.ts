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
import { documentById, pagesOf, type DocumentRow } from '../../db/documents.ts';
import { reviewOf } from '../../db/review.ts';
import { nextFreeNumber, overlapping, recordProduction, type ProducedDocument } from '../../db/productions.ts';
import { ledgerClash, nextBatesNumber, recordIssued, takeBackIssued, type IssuedRange } from '../bates-ledger.ts';
import { blobPath } from '../documents/vault.ts';
import { mkdirPrivate, writePrivate } from '../private-files.ts';
import { HOUR_MS, sweepStale } from '../sweep.ts';
import { extensionFor } from '../documents/sniff.ts';
import { toCsv } from '../csv.ts';
import { picturesPdf, slipSheet, stampPdf } from './stamp.ts';
import { drawnLayout, formOf } from './forms.ts';
import { drawTextPages } from './render-pages.ts';
import { imageFolder, splitPdf, tiffOf } from './page-images.ts';
import type { PageImageFormat } from '../shared/production-options.ts';
import { redactedPageText, wholePageMarker } from './redacted-text.ts';
import { pageWordBoxes } from '../documents/word-boxes.ts';
import { datFile, optFile, type DatRow, type OptDocument } from './load-files.ts';
import { xlsx } from '../xlsx.ts';
import { formatBates } from './bates.ts';
import { unusableOutputFolder } from './output-folders.ts';
import { redactionsOf, type RedactionRow } from '../../db/redactions.ts';
import type { ExtractPool } from '../documents/extract-pool.ts';
import { DEFAULT_LIMITS, type Rendered } from '../documents/extract/types.ts';
import { canRedact } from '../shared/redactable.ts';
import { EXEMPTIONS, exemptionLabel, privilegeLabel, type Exemption, type PrivilegeBasis } from '../shared/vocabulary.ts';

export interface ProduceOptions {
  name: string;
  documentIds: number[];
  prefix: string;
  start: number;
  padding: number;
  folder: string;
  /** How refusals name the folder when a window chose it (its name only: a window never shows a path). */
  folderShown?: string;
  request: { id: number; reference: string } | null;
  recipient: string;
  /** Kinds of document sent as their original file behind a slip sheet instead of page images. */
  natives: readonly string[];
  images: PageImageFormat;
}

export interface ProductionReport {
  id: number;
  folder: string;
  firstBates: string;
  lastBates: string;
  documents: number;
  produced: number;
  withheld: number;
  pages: number;
}

interface Planned {
  doc: DocumentRow;
  family: number;
  /** Pages it takes: its page images, or one slip sheet. */
  pages: number;
  withheld: PrivilegeBasis | 'privileged' | null;
  redactions: RedactionRow[];
  /** Whether its original file goes into NATIVES/. */
  native: boolean;
  begin: number;
  end: number;
}

/** Redacted pages are drawn at this resolution: sharp enough to read, small enough to produce by the thousand. */
const BURN_DPI = 200;

const byPage = (boxes: RedactionRow[]) => {
  const m = new Map<number, RedactionRow[]>();
  for (const b of boxes) m.set(b.page_no, [...(m.get(b.page_no) ?? []), b]);
  return m;
};

/** "(b)(6)" for an exemption, "Attorney client" for a privilege. */
const reasonLabel = (reason: string) => ((EXEMPTIONS as readonly string[]).includes(reason) ? exemptionLabel(reason as Exemption) : privilegeLabel(reason as PrivilegeBasis));

/**
 * What the privilege log says a document is: the reviewer's log description,
 * else only its kind and date — never its subject, name or reviewer notes,
 * which can give away what is withheld.
 */
const logDescription = (d: DocumentRow, written: string | null | undefined) =>
  written?.trim() || `${d.type === 'eml' || d.type === 'msg' ? 'Email' : d.type === 'pdf' ? 'PDF document' : 'Document'}${d.doc_date ? ` dated ${d.doc_date.slice(0, 10)}` : ''}`;

const PRIVILEGE_LOG_HEADER = ['Bates', 'Date', 'Author', 'To', 'Cc', 'Privilege', 'FOIA exemptions', 'Description', 'Withheld or redacted'] as const;

/**
 * One line of the privilege log (CSV and XLSX alike). Author and recipients
 * are an email's own; other documents have none to give.
 */
function logRow(d: DocumentRow, e: { bates: string; privilege: string; exemptions: string[]; description: string; disposition: 'withheld' | 'redacted' }): string[] {
  const email = d.type === 'eml' || d.type === 'msg';
  return [
    e.bates,
    (d.email_date ?? d.doc_date ?? '').slice(0, 10),
    email ? (d.email_from ?? '') : '',
    email ? (d.email_to ?? '') : '',
    email ? (d.email_cc ?? '') : '',
    e.privilege,
    e.exemptions.join(', '),
    e.description,
    e.disposition,
  ];
}

/** Top of each document's email family, within the chosen set. */
async function familyOf(q: Reader, d: DocumentRow, chosen: Set<number>): Promise<number> {
  let top = d;
  for (let i = 0; i < 10 && top.parent_id !== null && chosen.has(top.parent_id); i++) top = (await documentById(q, top.parent_id))!;
  return top.id;
}

/**
 * The clash of [first, last] with numbers already handed out under this prefix, as an error; null if none.
 * `dataDir` given: the Bates ledger counts too (productions a restored backup no longer knows of,
 * and on a team workspace one another Sunshine has begun and not yet recorded).
 */
async function rangeClash(q: Reader, o: ProduceOptions, first: number, last: number, dataDir?: string): Promise<AppError | null> {
  const row = (await overlapping(q, o.prefix, first, last))[0];
  const issued = row ? null : dataDir ? await ledgerClash(dataDir, o.prefix, first, last) : null;
  const clash = row ? { name: row.name, prefix: row.prefix, first: row.first_number, last: row.last_number, padding: row.padding } : issued;
  if (!clash) return null;
  const fmt = (x: number) => formatBates(o.prefix, x, o.padding);
  const theirs = (x: number) => formatBates(clash.prefix, x, clash.padding);
  const next = dataDir ? await nextBatesNumber(q, dataDir, o.prefix) : await nextFreeNumber(q, o.prefix);
  return new AppError(
    'CONFLICT',
    `start: ${fmt(first)}–${fmt(last)} would reuse numbers of the production "${clash.name}" (${theirs(clash.first)}–${theirs(clash.last)})${issued ? ', which this database does not hold: made before a backup was restored, or being made right now by another Sunshine' : ''}; the next free number is ${next}.`,
  );
}

const listed = (docs: DocumentRow[]) => `${docs.slice(0, 3).map((d) => `#${d.id} ${d.name}`).join(', ')}${docs.length > 3 ? ', …' : ''}`;
const some = (n: number, one: string, many: string) => `${n} document${n === 1 ? ` ${one}` : `s ${many}`}`;

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

/** Check everything and number the documents; nothing is written. */
export async function planProduction(q: Reader, dataDir: string, o: ProduceOptions): Promise<{ plan: Planned[]; first: number; last: number }> {
  if (o.documentIds.length === 0) throw new AppError('BAD_INPUT', 'There is nothing to produce: no document matches.');
  const unusable = unusableOutputFolder(o.folder);
  if (unusable) throw new AppError('BAD_INPUT', `folder: ${o.folderShown ?? o.folder} ${unusable}; ${o.folderShown ? 'choose' : 'name'} a new or empty folder.`);
  const chosen = new Set(o.documentIds);
  const docs: DocumentRow[] = [];
  for (const id of o.documentIds) docs.push((await documentById(q, id))!);
  const awaiting: DocumentRow[] = [];
  const unwithheld: DocumentRow[] = [];
  const unredacted: DocumentRow[] = [];
  const planned: Planned[] = [];
  for (const doc of docs) {
    const review = await reviewOf(q, doc.id);
    const withheld = review?.status === 'privileged' ? ((review.privilege as PrivilegeBasis | null) ?? 'privileged') : null;
    const redactions = withheld || !canRedact(doc.type) ? [] : await redactionsOf(q, doc.id);
    // Coding that says "keep this back" but would let it out whole is refused, not guessed at.
    if (review?.status === 'needs-redaction' && redactions.length === 0) awaiting.push(doc);
    else if (!withheld && review?.privilege) unwithheld.push(doc);
    else if (!withheld && redactions.length === 0 && review && (JSON.parse(review.exemptions) as string[]).length > 0) unredacted.push(doc);
    if (redactions.some((r) => !r.reason.trim())) throw new AppError('BAD_INPUT', `Document #${doc.id} ${doc.name} has a redaction without a reason; give each box its exemption or privilege.`);
    planned.push({ doc, family: await familyOf(q, doc, chosen), pages: 1, withheld, redactions, native: false, begin: 0, end: 0 });
  }
  if (awaiting.length) {
    throw new AppError('BAD_INPUT', `${some(awaiting.length, 'is', 'are')} marked "needs redaction" but ${awaiting.length === 1 ? 'has' : 'have'} no redactions (${listed(awaiting)}); redact ${awaiting.length === 1 ? 'it' : 'them'} or change the status before producing.`);
  }
  if (unwithheld.length) {
    throw new AppError('BAD_INPUT', `${some(unwithheld.length, 'has', 'have')} a privilege basis but ${unwithheld.length === 1 ? 'is' : 'are'} not marked privileged (${listed(unwithheld)}); mark ${unwithheld.length === 1 ? 'it' : 'them'} privileged to withhold, or clear the basis.`);
  }
  if (unredacted.length) {
    throw new AppError('BAD_INPUT', `${some(unredacted.length, 'has', 'have')} FOIA exemptions but no redactions and ${unredacted.length === 1 ? 'is' : 'are'} not withheld (${listed(unredacted)}); redact, withhold, or clear the exemptions.`);
  }
  // An email or attachment file holds its whole family: if any of it is kept back, the
  // family's originals do not go out (their pages and text still do).
  const keptBack = new Set(planned.filter((p) => p.withheld || p.redactions.length).map((p) => p.family));
  const withheldIds = new Set(planned.filter((p) => p.withheld).map((p) => p.doc.id));
  for (const p of planned) {
    if (p.withheld) continue;
    Object.assign(p, await formOf(q, dataDir, p.doc, { natives: o.natives, redacted: p.redactions.length > 0, familyKeptBack: keptBack.has(p.family), withheld: withheldIds }));
  }
  // Families stay together, the email first, in the order documents came in.
  planned.sort((a, b) => a.family - b.family || (a.doc.id === a.family ? -1 : b.doc.id === b.family ? 1 : a.doc.id - b.doc.id));
  let n = o.start;
  for (const p of planned) {
    p.begin = n;
    p.end = n + p.pages - 1;
    n = p.end + 1;
  }
  const first = o.start;
  const last = n - 1;
  if (last >= 10 ** o.padding) {
    throw new AppError('BAD_INPUT', `padding: ${o.padding} digits end at ${'9'.repeat(o.padding)}, and this production would reach ${last}; use more digits or start lower.`);
  }
  const clash = await rangeClash(q, o, first, last, dataDir);
  if (clash) throw clash;
  return { plan: planned, first, last };
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
  const { plan, first, last } = await planProduction(ctx.store.engine, ctx.dataDir, o);
  // Every stored file is checked before anything is written.
  for (const p of plan) {
    if (!fs.existsSync(blobPath(ctx.dataDir, p.doc.sha256)) || fs.statSync(blobPath(ctx.dataDir, p.doc.sha256)).size !== p.doc.size) {
      throw new AppError('INTEGRITY', `Document #${p.doc.id} ${p.doc.name}: its stored file is missing or changed; run "sunshine verify". Nothing was produced.`);
    }
  }
  const bates = (n: number) => formatBates(o.prefix, n, o.padding);
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
    const withheldIds = new Set(plan.filter((p) => p.withheld).map((p) => p.doc.id));
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
      if (p.withheld) {
        const basis = p.withheld === 'privileged' ? 'privileged' : privilegeLabel(p.withheld);
        pages = await writePages([await slipSheet(beg, ['Document withheld', `Privilege: ${basis}`, 'See the privilege log.'])], labels);
        const review = await reviewOf(ctx.store.engine, d.id);
        const exemptions = (JSON.parse(review?.exemptions ?? '[]') as Exemption[]).map(exemptionLabel);
        log.push(logRow(d, { bates: beg, privilege: basis, exemptions, description: logDescription(d, review?.log_description), disposition: 'withheld' }));
      } else {
        const bytes = storedBytes(ctx.dataDir, d);
        let images: Uint8Array;
        try {
          if (p.native) {
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
        const text: string[] = [];
        for (const pg of await pagesOf(ctx.store.engine, d.id)) {
          const boxes = redactedPages.get(pg.page_no);
          if (!boxes) text.push(pg.text);
          else {
            const words = await pageWordBoxes(ctx, d.id, pg.page_no);
            text.push(words ? redactedPageText(words, burnBoxes(boxes)) : wholePageMarker(pg.page_no, burnBoxes(boxes)));
          }
        }
        if (p.redactions.length) {
          const reasons = [...new Set(p.redactions.map((b) => b.reason))];
          const isExemption = (r: string) => (EXEMPTIONS as readonly string[]).includes(r);
          log.push(
            logRow(d, {
              bates: `${beg}–${bates(p.end)}`,
              privilege: reasons.filter((r) => !isExemption(r)).map(reasonLabel).join(', '),
              exemptions: reasons.filter(isExemption).map(reasonLabel),
              description: `${logDescription(d, (await reviewOf(ctx.store.engine, d.id))?.log_description)}: ${p.redactions.length} redaction${p.redactions.length === 1 ? '' : 's'} on ${redactedPages.size} page${redactedPages.size === 1 ? '' : 's'}`,
              disposition: 'redacted',
            }),
          );
        }
        textPath = `TEXT\\${beg}.txt`;
        writePrivate(path.join(work, 'TEXT', `${beg}.txt`), text.join('\f'));
      }
      const fam = famRange.get(p.family)!;
      dat.push({
        BEGBATES: beg,
        ENDBATES: bates(p.end),
        BEGATTACH: bates(fam.begin),
        ENDATTACH: bates(fam.end),
        CUSTODIAN: d.source,
        FROM: p.withheld ? '' : (d.email_from ?? ''),
        TO: p.withheld ? '' : (d.email_to ?? ''),
        CC: p.withheld ? '' : (d.email_cc ?? ''),
        SUBJECT: p.withheld ? '' : (d.email_subject ?? ''),
        DATESENT: (d.email_date ?? '').slice(0, 10),
        SHA256: p.withheld ? '' : d.sha256,
        FILENAME: p.withheld ? '' : d.name,
        PAGECOUNT: String(p.pages),
        TEXTPATH: textPath,
        NATIVEPATH: nativePath,
      });
      opt.push({ pages });
      ctx.progress({ done: i + 1, total: plan.length, message: `${beg} ${d.name}` });
    }
    writePrivate(path.join(work, 'DATA', `${base}.dat`), datFile(dat));
    writePrivate(path.join(work, 'DATA', `${base}.opt`), optFile(base.slice(0, 20), opt));
    writePrivate(path.join(work, `${base}-privilege-log.csv`), toCsv(PRIVILEGE_LOG_HEADER, log));
    writePrivate(path.join(work, `${base}-privilege-log.xlsx`), await xlsx('Privilege log', PRIVILEGE_LOG_HEADER, log));
  } catch (e) {
    discardWork();
    throw e;
  }
  // Complete: in the Bates ledger first (see bates-ledger.ts), then on the record — the range
  // checked again inside the same transaction, so two productions at once can never both take
  // it — then into place. A crash between any two leaves numbers used and nothing out, never
  // numbers out twice.
  const docs: ProducedDocument[] = plan.map((p) => ({ documentId: p.doc.id, begin: p.begin, end: p.end, disposition: p.withheld ? 'withheld' : 'produced' }));
  const pages = plan.reduce((n, p) => n + p.pages, 0);
  const issued: IssuedRange = { prefix: o.prefix, first, last, padding: o.padding, name: o.name, at: new Date().toISOString(), folder: path.resolve(o.folder) };
  let id: number;
  try {
    recordIssued(ctx.dataDir, work, issued);
  } catch (e) {
    discardWork();
    throw new AppError('INTERNAL', `The Bates ledger in the data folder could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was produced.`);
  }
  try {
    id = await ctx.store.write(ctx.actor, async (w) => {
      const clash = await rangeClash(w, o, first, last);
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
          padding: o.padding,
          documents: plan.length,
          pages,
          folder: issued.folder,
        },
        docs,
        o.request?.reference ?? null,
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
  const withheld = docs.filter((d) => d.disposition === 'withheld').length;
  return { id, folder: path.resolve(o.folder), firstBates: bates(first), lastBates: bates(last), documents: plan.length, produced: plan.length - withheld, withheld, pages };
}
