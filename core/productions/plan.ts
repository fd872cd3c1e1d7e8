/**
 * The production plan: every document that would go out, why, what of it
 * goes, its Bates numbers, and everything that stands in the way — all of it
 * at once, never only the first problem. Nothing is written. Producing plans
 * again at commit time and goes ahead only when every blocking problem has a
 * recorded decision, so coding, redactions or links changed meanwhile are
 * caught.
 */
import path from 'node:path';
import type { Reader } from '../../db/engine.ts';
import { documentById, pagesOf, type DocumentRow } from '../../db/documents.ts';
import type { WordBox } from '../documents/word-boxes.ts';
import { reviewOf } from '../../db/review.ts';
import { disclosuresOfDocument } from '../../db/disclosures.ts';
import { nextFreeNumber, overlapping } from '../../db/productions.ts';
import { redactionsOf, type RedactionRow } from '../../db/redactions.ts';
import { ledgerClash, nextBatesNumber, paddingFor } from '../bates-ledger.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { canRedact } from '../shared/redactable.ts';
import { EXEMPTIONS, exemptionLabel, privilegeLabel, type Exemption, type PrivilegeBasis } from '../shared/vocabulary.ts';
import { formatBates } from './bates.ts';
import { receivedRange } from '../documents/received-range.ts';
import { batesRangeText } from '../shared/bates-number.ts';
import { formOf } from './forms.ts';
import { unusableOutputFolder } from './output-folders.ts';
import { redactedPageText } from './redacted-text.ts';
import { inWords, namedSources, type Place, type SourceCheck } from './source-gate.ts';
import { piiFound } from './pii-warnings.ts';
import { countUnscannedPagesOf } from '../../db/pii.ts';
import type { CompiledPattern } from '../pii/find.ts';
import { approvalOf } from '../redactions/approval.ts';
import { DEFAULT_PADDING, type PageImageFormat } from '../shared/production-options.ts';
import type { UnreviewedFamily } from '../shared/production-choices.ts';
import type { PlanLogEntryOut } from '../api-productions.ts';

export type { UnreviewedFamily } from '../shared/production-choices.ts';

export interface Decision {
  document: number;
  problem: string;
  reason: string;
}

export interface LogOverride {
  document: number;
  author?: string | undefined;
  to?: string | undefined;
  cc?: string | undefined;
  description?: string | undefined;
}

export interface ProduceOptions {
  name: string;
  /** Everything that would go out: the matched documents and their families. */
  documentIds: number[];
  /** The documents the tag or search named (the rest joined as family). */
  matched: number[];
  prefix: string;
  start: number;
  /** Digits asked for; left out, the prefix's own (8 for a new prefix). The plan's `padding` is the one used. */
  padding?: number | undefined;
  folder: string;
  request: { id: number; reference: string } | null;
  recipient: string;
  /** Kinds of document sent as their original file behind a slip sheet instead of page images. */
  natives: readonly string[];
  images: PageImageFormat;
  unreviewedFamily: UnreviewedFamily;
  decisions: Decision[];
  logEntries: LogOverride[];
  sources: SourceCheck;
  /** Redacted documents go out only once a second reviewer approved their boxes as they are (core/redactions/approval.ts). */
  secondReviewer: boolean;
  /** The user's own PII patterns, compiled, and the scan version they make: the plan warns of personal data on what goes out. */
  pii: { patterns: readonly CompiledPattern[]; scan: string };
}

export type ProblemCode =
  | 'nothing-to-produce'
  | 'folder'
  | 'padding'
  | 'bates-clash'
  | 'sources-locked'
  | 'source-linked'
  | 'source-named'
  | 'log-names-source'
  | 'family-unreviewed'
  | 'needs-redaction'
  | 'privilege-not-withheld'
  | 'exemptions-unredacted'
  | 'redaction-without-reason'
  | 'file-missing'
  | 'file-unreadable'
  | 'text-unread'
  | 'redactions-unapproved'
  | 'personal-data';

export interface Problem {
  code: ProblemCode;
  message: string;
  /** Whether a recorded reason may let it go out as it is (else it must be fixed). */
  decidable: boolean;
  decision: string | null;
  /** The error producing stops with when it is left undecided. */
  error: ErrorCode;
}

/** One row of the privilege log, as it will be written (the plan shows it as it is). */
export type LogEntry = PlanLogEntryOut;

export interface Planned {
  doc: DocumentRow;
  family: number;
  /** The matched document whose family brought it in; null when the tag or search matched it itself. */
  joinedOf: number | null;
  /** Pages it takes: its page images, or one slip sheet. */
  pages: number;
  withheld: PrivilegeBasis | 'privileged' | null;
  /** A family member nobody reviewed, sent as a "Withheld — not reviewed" slip sheet. */
  notReviewed: boolean;
  redactions: RedactionRow[];
  /** Whether its original file goes into NATIVES/. */
  native: boolean;
  /** Set for a container (forms.ts): the lines of the slip sheet that stands for it. */
  slip?: string[];
  begin: number;
  end: number;
  problems: Problem[];
  warnings: Problem[];
  log: LogEntry | null;
}

export interface ProductionPlan {
  documents: Planned[];
  /** Problems of the production as a whole (its folder, its numbers, the source check). */
  problems: Problem[];
  warnings: Problem[];
  first: number;
  last: number;
  /** Digits in its Bates numbers: the prefix's own. */
  padding: number;
  sourceCheck: SourceCheck['state'];
}

const problem = (code: ProblemCode, message: string, decidable = true, error: ErrorCode = 'BAD_INPUT'): Problem => ({ code, message, decidable, decision: null, error });

/** "(b)(6)" for an exemption, "Attorney client" for a privilege. */
export const reasonLabel = (reason: string) => ((EXEMPTIONS as readonly string[]).includes(reason) ? exemptionLabel(reason as Exemption) : privilegeLabel(reason as PrivilegeBasis));

/**
 * What the privilege log says a document is: the reviewer's log description,
 * else only its kind and date — never its subject, name or reviewer notes,
 * which can give away what is withheld.
 */
const logDescription = (d: DocumentRow, written: string | null | undefined) =>
  written?.trim() || `${d.type === 'eml' || d.type === 'msg' ? 'Email' : d.type === 'pdf' ? 'PDF document' : 'Document'}${d.doc_date ? ` dated ${d.doc_date.slice(0, 10)}` : ''}`;

const PRIVILEGE_LOG_HEADER = ['Bates', 'Date', 'Author', 'To', 'Cc', 'Privilege', 'FOIA exemptions', 'Description', 'Withheld or redacted'] as const;
/** The privilege log's header; "Received as" last, when the production holds documents received with a producing party's range. */
export const privilegeLogHeader = (withReceived: boolean): string[] => [...PRIVILEGE_LOG_HEADER, ...(withReceived ? ['Received as'] : [])];
/** One line of the privilege log (CSV and XLSX alike), from the entry the plan shows. */
export const logRow = (e: LogEntry, withReceived: boolean): string[] => [e.bates, e.date, e.author, e.to, e.cc, e.privilege, e.exemptions, e.description, e.kind, ...(withReceived ? [e.receivedAs] : [])];

const isEmail = (d: DocumentRow) => d.type === 'eml' || d.type === 'msg';

/** The producing party's range a document was received with, as the privilege log names it, or ''. */
const receivedAsText = (d: DocumentRow): string => {
  const r = receivedRange(d);
  return r ? batesRangeText(r) : '';
};

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
export async function rangeClash(q: Reader, o: { prefix: string; padding: number }, first: number, last: number, dataDir?: string): Promise<AppError | null> {
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

const SOURCE_CODES: readonly ProblemCode[] = ['source-linked', 'source-named', 'log-names-source'];

/** The checks of one document's coding: what it says to keep back, it must keep back. */
function codingProblems(p: Planned, review: Awaited<ReturnType<typeof reviewOf>>): Problem[] {
  const d = `#${p.doc.id} ${p.doc.name}`;
  const out: Problem[] = [];
  if (review?.status === 'needs-redaction' && p.redactions.length === 0) {
    out.push(problem('needs-redaction', `${d} is marked "needs redaction" but has no redactions; redact it or change its status.`));
  } else if (!p.withheld && review?.privilege) {
    out.push(problem('privilege-not-withheld', `${d} has a privilege basis but is not marked privileged; mark it privileged to withhold it, or clear the basis.`));
  } else if (!p.withheld && p.redactions.length === 0 && review && (JSON.parse(review.exemptions) as string[]).length > 0) {
    out.push(problem('exemptions-unredacted', `${d} has FOIA exemptions but no redactions and is not withheld; redact it, withhold it, or clear the exemptions.`));
  }
  if (p.redactions.some((r) => !r.reason.trim())) out.push(problem('redaction-without-reason', `${d} has a redaction without a reason; give each box its exemption or privilege.`, false));
  return out;
}

/** Where the words of a page stand (core/documents/word-boxes.ts: OCR's, or a PDF's text layer's); null when nothing says. */
export type PageWords = (documentId: number, pageNo: number) => Promise<WordBox[] | null>;

/**
 * A page as the source gate reads it: a redacted page as its TEXT will carry it — with word
 * positions (OCR's, or a PDF text layer's), only the words outside its boxes (redacted-text.ts),
 * so redacting a source's name clears the problem; without positions the whole page, as nothing
 * says which words the boxes hide.
 */
async function pagePlace(words: PageWords, documentId: number, pg: { page_no: number; text: string }, boxes: RedactionRow[]): Promise<Place> {
  if (boxes.length === 0) return { where: `page ${pg.page_no}`, text: pg.text };
  const placed = await words(documentId, pg.page_no);
  if (!placed) return { where: `page ${pg.page_no} (redacted in part; without word positions the whole page was checked)`, text: pg.text };
  return { where: `page ${pg.page_no} (outside its redactions)`, text: redactedPageText(placed, boxes.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, label: '' }))) };
}

/** What of a document goes out with its metadata, for the source gate: only what the production will carry. */
async function placesOf(q: Reader, words: PageWords, p: Planned): Promise<{ places: Place[]; unread: boolean }> {
  const d = p.doc;
  if (p.notReviewed) return { places: [], unread: false };
  const custodian: Place = { where: 'the custodian', text: d.source };
  if (p.withheld) return { places: [custodian], unread: false };
  const pages = await pagesOf(q, d.id);
  const places: Place[] = [];
  for (const pg of pages) places.push(await pagePlace(words, d.id, pg, p.redactions.filter((r) => r.page_no === pg.page_no)));
  return {
    places: [
      ...places,
      { where: 'the From field', text: d.email_from },
      { where: 'the To field', text: d.email_to },
      { where: 'the Cc field', text: d.email_cc },
      { where: 'the subject', text: d.email_subject },
      { where: 'the title', text: d.title },
      { where: 'the file name', text: d.name },
      custodian,
    ],
    unread: pages.length === 0 || d.status === 'ocr-pending',
  };
}

/** Check everything and number the documents; nothing is written. Throws only for input that names nothing plannable (a decision for a problem that is not there). */
export async function planProduction(q: Reader, dataDir: string, o: ProduceOptions, words: PageWords): Promise<ProductionPlan> {
  const planProblems: Problem[] = [];
  const planWarnings: Problem[] = [];
  if (o.documentIds.length === 0) planProblems.push(problem('nothing-to-produce', 'There is nothing to produce: no document matches.', false));
  const unusable = unusableOutputFolder(o.folder);
  // By its last part only: a plan is shown in windows, which never name a place on disk.
  if (unusable) planProblems.push(problem('folder', `folder: "${path.basename(o.folder)}" ${unusable}; name a new or empty folder.`, false));
  const src = o.sources;
  if (src.state === 'needs-passphrase') planProblems.push(problem('sources-locked', 'The check against sealed sources could not run: give the passphrase.', false));
  if (src.state === 'wrong-passphrase') planProblems.push(problem('sources-locked', 'The check against sealed sources could not run: that is not the passphrase.', false, 'UNAUTHORIZED'));
  if (src.state === 'not-shared') {
    planProblems.push(problem('sources-locked', `The check against sealed sources could not run: the source of ${src.reference} is not shared with you; ask a colleague who can reveal it to open it once (or share waiting keys in Settings → Protected sources).`, false, 'FORBIDDEN'));
  }
  if (src.state === 'damaged') planProblems.push(problem('sources-locked', `The check against sealed sources could not run: the sealed identity of ${src.reference} is damaged; restore it from a backup.`, false, 'INTEGRITY'));
  if (src.state === 'done') for (const n of src.matcher.notes) planWarnings.push(problem('sources-locked', `Source check: ${n}`));

  const chosen = new Set(o.documentIds);
  const matched = new Set(o.matched);
  const overrides = new Map(o.logEntries.map((e) => [e.document, e]));
  const planned: Planned[] = [];
  const reviews = new Map<number, Awaited<ReturnType<typeof reviewOf>>>();
  for (const id of o.documentIds) {
    const doc = (await documentById(q, id))!;
    const review = await reviewOf(q, id);
    reviews.set(id, review);
    const family = await familyOf(q, doc, chosen);
    const joined = !matched.has(id);
    const unreviewed = joined && (!review || review.status === 'unreviewed' || review.status === 'non-responsive');
    const notReviewed = unreviewed && o.unreviewedFamily === 'slip-sheet';
    const withheld = !notReviewed && review?.status === 'privileged' ? ((review.privilege as PrivilegeBasis | null) ?? 'privileged') : null;
    const redactions = notReviewed || withheld || !canRedact(doc.type) ? [] : await redactionsOf(q, id);
    const p: Planned = { doc, family, joinedOf: null, pages: 1, withheld, notReviewed, redactions, native: false, begin: 0, end: 0, problems: [], warnings: [], log: null };
    const name = `#${id} ${doc.name}`;
    const status = !review || review.status === 'unreviewed' ? 'has not been reviewed' : 'is coded not responsive';
    if (unreviewed && o.unreviewedFamily === 'block') {
      p.problems.push(problem('family-unreviewed', `${name} came in only as part of an email family and ${status}; review it, choose to slip-sheet or include such members, or record a reason.`));
    }
    if (unreviewed && o.unreviewedFamily === 'include') p.warnings.push(problem('family-unreviewed', `${name} ${status} and goes out whole, as chosen for this production.`));
    if (!notReviewed) p.problems.push(...codingProblems(p, review));
    for (const reference of await disclosuresOfDocument(q, id)) {
      p.problems.push(problem('source-linked', `${name} is linked to disclosure ${reference}: it is the source's own material; a user with the sources' passphrase must record a reason, or take it out.`));
    }
    if (src.state === 'done') {
      const { places, unread } = await placesOf(q, words, p);
      for (const n of namedSources(src.matcher, places)) {
        p.problems.push(problem('source-named', `${name} names the source of ${n.reference} in ${inWords(n.where)}; redact it there or record a reason.`));
      }
      if (unread) p.warnings.push(problem('text-unread', `${name} has no text read yet (or its OCR is waiting): only its name and metadata were checked against the sealed sources.`));
    }
    if (!notReviewed && !withheld) {
      if (o.secondReviewer && redactions.length) {
        const a = await approvalOf(q, id, redactions);
        if (!a.approvedBy) {
          p.problems.push(
            problem('redactions-unapproved', `${name}: its redactions, as they are now, have not been approved by a second reviewer (drawn by ${a.drawnBy.join(', ') || 'nobody named'}); one who drew none of them approves them under the page.`, false),
          );
        }
      }
      const pii = await piiFound(q, id, redactions, words, o.pii.patterns);
      if (pii) p.warnings.push(problem('personal-data', `${name} holds personal data outside any redaction: ${pii}. Redact it (Redact personal data…, or sunshine redact --pii KIND), or let it go as it is.`));
    }
    planned.push(p);
  }
  const unscanned = o.documentIds.length ? await countUnscannedPagesOf(q, o.pii.scan, o.documentIds) : 0;
  if (unscanned) {
    planWarnings.push(problem('personal-data', `The PII scan has not read ${unscanned.toLocaleString('en-US')} page${unscanned === 1 ? '' : 's'} of these documents yet: personal data there is not reported. Check the plan again once the scan has caught up.`));
  }
  for (const id of overrides.keys()) {
    if (!chosen.has(id)) throw new AppError('BAD_INPUT', `logEntries: document #${id} is not in this production; take its privilege-log entry out.`);
  }

  // An email or attachment file holds its whole family: if any of it is kept back, the
  // family's originals do not go out (their pages, text and slip sheets still do).
  const keptBack = new Set(planned.filter((p) => p.withheld || p.notReviewed || p.redactions.length).map((p) => p.family));
  const hidden = keptOut(planned);
  for (const p of planned) {
    if (p.notReviewed || p.withheld) continue;
    try {
      Object.assign(p, await formOf(q, dataDir, p.doc, { natives: o.natives, redacted: p.redactions.length > 0, familyKeptBack: keptBack.has(p.family), withheld: hidden }));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const message = e.message.replace(/^Document /, '').replace(/ Nothing was produced\.$/, '');
      p.problems.push(problem(e.code === 'INTEGRITY' ? 'file-missing' : 'file-unreadable', message, false, e.code));
    }
  }
  // Families stay together, the email first, in the order documents came in.
  planned.sort((a, b) => a.family - b.family || (a.doc.id === a.family ? -1 : b.doc.id === b.family ? 1 : a.doc.id - b.doc.id));
  let n = o.start;
  for (const p of planned) {
    p.begin = n;
    p.end = n + p.pages - 1;
    n = p.end + 1;
    // Why a family member is here: the first document of its family the tag or search matched.
    if (!matched.has(p.doc.id)) p.joinedOf = planned.find((x) => x.family === p.family && matched.has(x.doc.id))?.doc.id ?? null;
  }
  const first = o.start;
  const last = Math.max(n - 1, first);
  // One padding per prefix: the prefix's own, which an asked one must agree with.
  let padding = o.padding ?? DEFAULT_PADDING;
  try {
    padding = await paddingFor(q, dataDir, o.prefix, o.padding);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    planProblems.push(problem('padding', e.message, false));
  }
  if (last >= 10 ** padding) {
    planProblems.push(problem('padding', `padding: ${padding} digits end at ${'9'.repeat(padding)}, and this production would reach ${last}; use more digits or start lower.`, false));
  } else if (planned.length) {
    const clash = await rangeClash(q, { prefix: o.prefix, padding }, first, last, dataDir);
    if (clash) planProblems.push(problem('bates-clash', clash.message, false, 'CONFLICT'));
  }

  const bates = (x: number) => formatBates(o.prefix, x, padding);
  for (const p of planned) {
    const d = p.doc;
    if (!p.withheld && p.redactions.length === 0) {
      if (overrides.has(d.id)) throw new AppError('BAD_INPUT', `logEntries: #${d.id} ${d.name} is neither withheld nor redacted, so it has no privilege-log entry to change.`);
      continue;
    }
    const review = reviews.get(d.id);
    const o2 = overrides.get(d.id);
    const pagesRedacted = new Set(p.redactions.map((r) => r.page_no)).size;
    const reasons = [...new Set(p.redactions.map((b) => b.reason))];
    const isExemption = (r: string) => (EXEMPTIONS as readonly string[]).includes(r);
    // Author, To and Cc are an email's own; other documents have none to give (unless the entry is written).
    const email = isEmail(d);
    p.log = {
      bates: p.withheld ? bates(p.begin) : `${bates(p.begin)}–${bates(p.end)}`,
      date: (d.email_date ?? d.doc_date ?? '').slice(0, 10),
      author: o2?.author ?? (email ? (d.email_from ?? '') : ''),
      to: o2?.to ?? (email ? (d.email_to ?? '') : ''),
      cc: o2?.cc ?? (email ? (d.email_cc ?? '') : ''),
      privilege: p.withheld
        ? p.withheld === 'privileged'
          ? 'privileged'
          : privilegeLabel(p.withheld)
        : reasons
            .filter((r) => !isExemption(r))
            .map(reasonLabel)
            .join(', '),
      exemptions: (p.withheld ? (JSON.parse(review?.exemptions ?? '[]') as Exemption[]).map(exemptionLabel) : reasons.filter(isExemption).map(reasonLabel)).join(', '),
      description:
        o2?.description ??
        (p.withheld
          ? logDescription(d, review?.log_description)
          : `${logDescription(d, review?.log_description)}: ${p.redactions.length} redaction${p.redactions.length === 1 ? '' : 's'} on ${pagesRedacted} page${pagesRedacted === 1 ? '' : 's'}`),
      kind: p.withheld ? 'withheld' : 'redacted',
      receivedAs: receivedAsText(d),
    };
    if (src.state === 'done') {
      const places = [
        { where: 'its author', text: p.log.author },
        { where: 'its To field', text: p.log.to },
        { where: 'its Cc field', text: p.log.cc },
        { where: 'its description', text: p.log.description },
      ];
      for (const hit of namedSources(src.matcher, places)) {
        p.problems.push(problem('log-names-source', `#${d.id} ${d.name}: its privilege-log entry names the source of ${hit.reference} in ${inWords(hit.where)}; change the entry or record a reason.`));
      }
    }
  }

  applyDecisions(planned, o.decisions, src.state);
  return { documents: planned, problems: planProblems, warnings: planWarnings, first, last, padding, sourceCheck: src.state };
}

/** Documents nothing of which goes out but a slip sheet: an email's drawn header lists them as withheld, never by name. */
export const keptOut = (planned: Planned[]): Set<number> => new Set(planned.filter((p) => p.withheld || p.notReviewed).map((p) => p.doc.id));

/**
 * Put each decision on the problem it answers. One that answers nothing in
 * this plan (fixed meanwhile, mistyped) is refused with the reason, as is a
 * reason about a source given without the sources' passphrase.
 */
function applyDecisions(planned: Planned[], decisions: Decision[], sourceCheck: SourceCheck['state']): void {
  const byId = new Map(planned.map((p) => [p.doc.id, p]));
  for (const dec of decisions) {
    const p = byId.get(dec.document);
    if (!p) throw new AppError('BAD_INPUT', `decisions: document #${dec.document} is not in this production; take the decision out.`);
    const found = p.problems.filter((x) => x.code === dec.problem);
    if (found.length === 0) throw new AppError('BAD_INPUT', `decisions: #${p.doc.id} ${p.doc.name} has no problem "${dec.problem}" in this plan (fixed meanwhile?); take the decision out.`);
    if (!found[0]!.decidable) throw new AppError('BAD_INPUT', `decisions: "${dec.problem}" of #${p.doc.id} ${p.doc.name} cannot be decided away; fix it.`);
    // Only someone who can open the sources may say a source's material may go out.
    if (SOURCE_CODES.includes(found[0]!.code) && sourceCheck !== 'done' && sourceCheck !== 'no-sources') {
      throw new AppError('UNAUTHORIZED', `decisions: a reason about a source (#${p.doc.id} ${p.doc.name}) is recorded only with the sources' passphrase; give it.`);
    }
    for (const x of found) x.decision = dec.reason;
  }
}

/** Every blocking problem nobody recorded a decision for: the plan-level ones first. */
export const undecided = (plan: ProductionPlan): Problem[] => [...plan.problems, ...plan.documents.flatMap((p) => p.problems)].filter((x) => x.decision === null);

/** Producing stops here unless every blocking problem has a decision, naming all of them. */
export function assertCleared(plan: ProductionPlan): void {
  const open = undecided(plan);
  if (open.length === 0) return;
  const shown = open.slice(0, 5).map((x) => x.message);
  throw new AppError(
    open[0]!.error,
    open.length === 1
      ? `${shown[0]} Nothing was produced.`
      : `${open.length} problems block this production; nothing was produced: ${shown.join(' ')}${open.length > shown.length ? ` … and ${open.length - shown.length} more (check the plan).` : ''}`,
  );
}

/** Every decision that was used, for the record. */
export const decisionsUsed = (plan: ProductionPlan): Decision[] =>
  plan.documents.flatMap((p) => [...new Map(p.problems.filter((x) => x.decision !== null).map((x) => [x.code, { document: p.doc.id, problem: x.code, reason: x.decision! }])).values()]);
