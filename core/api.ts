/**
 * The API contract: every call the UI, the CLI and the tests can make, with its
 * input schema and result type. Dispatchers (IPC, HTTP, in-process), the preload
 * bridge and the renderer's typed client are all derived from this one table.
 *
 * This module must stay free of Node imports: the renderer imports its types.
 */
import type { Role } from './shared/roles.ts';
import { z } from 'zod';
import { FIELD_LIMITS as L } from './shared/field-limits.ts';
import { RESULT_GROUPS, RESULT_SORTS } from './shared/search-view.ts';
import { call } from './contract.ts';
import { reviewCalls } from './api-review.ts';
import { teamCalls } from './api-team.ts';
import { keyCalls } from './api-keys.ts';
import { reviewBatchCalls } from './api-review-batches.ts';
import { productionCalls } from './api-productions.ts';
import { receivedCalls } from './api-received.ts';
import { disclosureCalls } from './api-disclosures.ts';
import { termReportCalls } from './api-term-report.ts';
import { piiCalls } from './api-pii.ts';
export type { AccessOut, DisclosureOut, IdentityOut } from './api-disclosures.ts';
export type { PlanProblemOut, ProductionOut, ProductionPlanOut, ProductionReportOut } from './api-productions.ts';
export type { ReceiveReportOut, ReceivedProductionOut, ReceivedProductionDetailOut, ReceivedVolumeOut, ColumnUse, FieldMapping, LoadProblem } from './api-received.ts';
export type { RedactionApprovalOut, RedactionBatchOut, RedactionHitOut, RedactionHitsOut, RedactionOut, ReviewOut, SavedSearchOut, TagOut } from './api-review.ts';
export type { TermCounts, TermReportOut, TermReportRow } from './api-term-report.ts';
export type { MemberOut } from './api-team.ts';
export type { MyKeyOut, ShareOut } from './api-keys.ts';
export type { BatchOut, LeaseOut, NextInBatchOut, PersonOut, ReviewerProgressOut } from './api-review-batches.ts';
import { BACKUP_NAME, documentFilters, documentRef, fromBeforeTo, fromBeforeToError, isoDate, loadedVersion, randomId, realDate } from './api-schemas.ts';
import type { Result } from './result.ts';
import type { CoreEvent } from './contract.ts';
import type { LauncherStatus, PlaceChoice } from './shared/launcher.ts';
import type { GridPage, GridRow, GridSheet } from './shared/sheet-grid.ts';
import {
  APPEAL_OUTCOMES,
  DETERMINATIONS,
  EVENT_TYPES,
  EXEMPTIONS,
  FEE_CATEGORIES,
  PRIORITIES,
  REQUEST_KINDS,
  STATUSES,
  TOLL_REASONS,
  TRACKING_KINDS,
  type EventType,
  type RequestKind,
  type Status,
} from './shared/vocabulary.ts';
import { RULES } from './deadlines/rules.ts';
import { canonicalZone, zoneProblem } from './deadlines/zones.ts';
import type { Deadline } from './deadlines/rules.ts';
import type { Closure } from './deadlines/calendar.ts';
import { parseDay } from './deadlines/dates.ts';
import type { Clock } from './requests/timeline.ts';

export type { Progress, CoreEvent, ChangedEvent } from './contract.ts';
export type { Result } from './result.ts';
export type { Deadline } from './deadlines/rules.ts';
export type { Clock } from './requests/timeline.ts';
export type { ApiError, ErrorCode } from './errors.ts';

// ---- shared value types -------------------------------------------------------

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface Settings {
  /** Name written as the actor of every change in the audit log. */
  userName: string;
  /** Office or committee the workspace belongs to; shown in the title bar. */
  officeName: string;
  theme: Theme;
  /** Read scanned pages and images in the background. */
  ocrEnabled: boolean;
  /** Back up the database on this schedule while the app runs; 0 = never automatically. */
  backupEveryHours: number;
  /** Automatic backups kept in the backup folder (older ones are removed). */
  backupKeep: number;
  /** Where backups go; '' = the data folder's backups/ (set only from the desktop app's folder picker or the CLI). */
  backupFolder: string;
  /** The zone a due hour is read in unless another is chosen (IANA name, e.g. America/New_York). */
  officeTimeZone: string;
}

export interface BackupReport {
  folder: string;
  createdAt: string;
  schemaVersion: number;
  auditEntries: number;
  vaultFiles: number;
  removedOld: string[];
  /** Stored files copied into the backup folder's files/ this time (each file is copied once across its backups). */
  filesCopied: number;
  bytesCopied: number;
  /** Stored files the database names that the vault lacks (or holds changed): this backup cannot give them back. */
  filesMissing: number;
}

/** Productions made since a backup: a restore forgets them, but their Bates numbers stay used. */
export interface ForgottenProductions {
  productions: number;
  ranges: string[];
  /** "2 productions made since this backup, RST-00000001–RST-00000020; their numbers stay used"; null when none. */
  sentence: string | null;
}

export interface BackupListing {
  /** The backup's folder name inside the backup folder. */
  name: string;
  createdAt: string;
  appVersion: string;
  schemaVersion: number;
  bytes: number;
  vaultFiles: number;
}

export interface ScheduledRun {
  at: string;
  ok: boolean;
  /** The folder made, or what went wrong. */
  message: string;
}

export interface BackupsOverview {
  folder: string;
  /** The folder is the data folder's own backups/ (a folder on another disk is safer). */
  isDefaultFolder: boolean;
  everyHours: number;
  keep: number;
  /** Whether this shell makes the scheduled backups (the CLI does not). */
  scheduled: boolean;
  nextDue: string | null;
  lastScheduled: ScheduledRun | null;
  /** This workspace's, newest first. */
  backups: BackupListing[];
  /** Backups of other data folders in the same folder (never listed, counted or removed here). */
  otherWorkspaces: number;
  /** Why Sunshine makes no backups of this workspace (a team workspace on PostgreSQL); null where it does. */
  notHere: string | null;
}

export interface AppStatus {
  version: string;
  dataDir: string;
  dbPath: string;
  schemaVersion: number;
  latestSchemaVersion: number;
  actor: string;
  /** Who you are in a team workspace: your database login and role (null role: not a member); null in a data folder. */
  team: { login: string; role: Role | null } | null;
  /** Rows per kind of record; grows as kinds are added. */
  counts: { auditEntries: number; requests: number; documents: number; ocrPending: number };
  /** Whether other accounts on this machine can read the data folder, database, stored files or backup folder. */
  permissions: { ownerOnly: boolean; readableByOthers: { what: string; path: string; mode: string }[]; fix: string | null };
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  /** In a team workspace, the display name of the member whose login `actor` is; null when the actor names no member (a data folder, rows from before). */
  actorName: string | null;
  /** The operating-system account that made the change (null on rows from before it was recorded). */
  osUser: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export interface VerifyProblem {
  /** What failed: the database's own consistency, the audit chain, or a stored file. */
  check: 'database' | 'audit' | 'vault';
  /** The audit row concerned, when there is one. */
  seq?: number;
  /** The document concerned, when there is one. */
  documentId?: number;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** The database's own consistency (db/integrity.ts), and what that covered on this engine. */
  databaseIntegrity: 'ok' | 'failed';
  databaseChecked: string;
  auditEntriesChecked: number;
  filesChecked: number;
  /** The chain's last row and hash: note it outside the database to detect a rewrite later. */
  chainHead: { seq: number; hash: string } | null;
  problems: VerifyProblem[];
}

export interface Agency {
  id: number;
  name: string;
  abbreviation: string;
  parentId: number | null;
  parentAbbreviation: string | null;
  foiaEmail: string;
  portalUrl: string;
  appealDays: number;
  appealDayKind: 'calendar' | 'working';
  /** Its regulations deem a request arriving on a weekend or holiday received on the next working day (day 0). */
  receiptNextWorkingDay: boolean;
  notes: string;
  /** Raised by one with each edit: send it back with a save (core/versions.ts). */
  version: number;
}

export interface RequestSummary {
  id: number;
  reference: string;
  kind: RequestKind;
  agency: { id: number; abbreviation: string; name: string };
  subject: string;
  status: Status;
  open: boolean;
  /** The next due date among running clocks. */
  due: string | null;
  /** Calendar days from today to `due` (negative when overdue). */
  daysUntilDue: number | null;
  overdue: boolean;
  /** More than 20 working days past due. */
  longOverdue: boolean;
  openedOn: string | null;
  /** Calendar days since it was sent (or received), while it is open. */
  daysWaiting: number | null;
  assignee: string;
  priority: (typeof PRIORITIES)[number];
  trackingNumbers: string;
  appealedEver: boolean;
  /** Raised by one with each edit: send it back with a save (core/versions.ts). */
  version: number;
}

export interface RequestEvent {
  id: number;
  type: EventType;
  date: string;
  reason: string | null;
  outcome: string | null;
  exemptions: string[];
  statute: string | null;
  note: string;
}

export interface RequestDetail extends RequestSummary {
  recordsSought: string;
  recordsFrom: string | null;
  recordsTo: string | null;
  requester: string;
  expeditedRequested: boolean;
  expeditedGranted: boolean | null;
  feeWaiverRequested: boolean;
  feeWaiverGranted: boolean | null;
  feeCategory: (typeof FEE_CATEGORIES)[number] | null;
  feeEstimate: number | null;
  feePaid: number | null;
  dueAt: string | null;
  dueTz: string | null;
  dueAsap: boolean;
  notes: string;
  tracking: { kind: (typeof TRACKING_KINDS)[number]; number: string; agency: string }[];
  events: RequestEvent[];
  clocks: Clock[];
  /** Whistleblower disclosures this request follows up (by reference; never the source). */
  disclosures: { reference: string; status: string; receivedOn: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface DashboardSummary {
  today: string;
  overdue: RequestSummary[];
  dueSoon: RequestSummary[];
  awaitingAgency: RequestSummary[];
  appealsClosing: { request: RequestSummary; closes: string; daysLeft: number }[];
  openByAgency: { agency: string; open: number; overdue: number }[];
  overdueBuckets: { label: string; count: number }[];
}

export interface FileReport {
  path: string;
  status: 'added' | 'duplicate' | 'failed' | 'skipped';
  documentId?: number;
  sha256?: string;
  type?: string;
  pages?: number;
  /** Pages without a text layer, waiting for OCR. */
  ocrPages?: number;
  /** Name of the document these bytes already are. */
  duplicateOf?: string;
  error?: string;
  notes?: string[];
  /** An email's attachments, or an archive's entries: each a document of its own in its family. */
  attachments?: FileReport[];
  /** Stored as received but not read (no reader for its kind): why. Found by its name. */
  notRead?: string;
  /** A mailbox's messages that failed or were already here (each message is a document of its own, not of the mailbox's family); the ones added are counted, not listed. */
  messages?: FileReport[];
  /** How many messages were read from a mailbox. */
  messageCount?: number;
  /** Documents added from inside a mailbox and not listed in `messages`: messages and their attachments. */
  addedInside?: number;
}

export interface DocumentImportReport {
  files: FileReport[];
  added: number;
  duplicates: number;
  failed: number;
  pages: number;
  cancelled: boolean;
}

/** A file or folder the desktop app's dialog or drop handler picked: a single-use token for `documents.import` (or, for a production's folder, `productions.create`), and its name to show. */
export interface PickedFile {
  token: string;
  name: string;
}

export interface DocumentSummary {
  id: number;
  name: string;
  type: string;
  mime: string;
  size: number;
  sha256: string;
  pages: number;
  status: 'ready' | 'ocr-pending';
  addedAt: string;
  parentId: number | null;
  emailSubject: string | null;
  emailFrom: string | null;
  /** When the email was sent, ISO 8601 at the sender's offset (2024-03-05T14:02:00-05:00) when the header gave one. */
  emailDate: string | null;
  /** Where it came from, as the user named it at import ('' when not named). */
  source: string;
  /** Its own date as a UTC instant (sent, or created; an attachment's email's), or null when it has none: never the import day. */
  date: string | null;
  /** The producing party's Bates range, when it arrived with one in a received production. */
  bates: BatesRange | null;
  /** Stored as received but not read (no reader for its kind, or the reader could not): why; null when it was read. */
  notRead: string | null;
}

/** Where OCR found a word on a picture page: fractions of the page from its top left. */
export interface PageWord {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One page of a picture document, to show: the image (base64) and its OCR word boxes. */
export interface PageImageOut {
  mime: string;
  base64: string;
  width: number;
  height: number;
  /** Null when the page was read before word boxes were kept, or not read yet. */
  words: PageWord[] | null;
}

/** A Bates range as printed: the first page's number and the last's. */
export interface BatesRange {
  begin: string;
  end: string;
}

/** A document of a family, with the Bates range it arrived with (received productions), or null. */
export interface FamilyMember {
  id: number;
  name: string;
  bates: BatesRange | null;
}

/** A page a Bates number names: received with it ('received') or numbered so by one of our own productions ('produced'). */
export interface BatesHit {
  documentId: number;
  page: number;
  bates: string;
  name: string;
  batesBegin: string | null;
  batesEnd: string | null;
  from: 'received' | 'produced';
}

export interface BatesLookupOut {
  /** What the typed text was read as: one number, a range, or the start of numbers. */
  kind: 'exact' | 'range' | 'prefix';
  hits: BatesHit[];
}

export interface DocumentDetail extends DocumentSummary {
  /** Where the file was read from. */
  path: string;
  fileDate: string | null;
  title: string | null;
  emailTo: string | null;
  emailCc: string | null;
  /** Every name these bytes arrived under, first one first. */
  names: { name: string; path: string; source: string; addedAt: string }[];
  requests: string[];
  disclosures: string[];
  parent: DocumentSummary | null;
  children: DocumentSummary[];
  /** Received in a production: the load file's custodian, blind copies, unmapped columns (name → value). */
  custodian: string | null;
  emailBcc: string | null;
  metadata: Record<string, string> | null;
  /** The received production it came in, or null. */
  production: { id: number; party: string; volume: string } | null;
  /** The native file kept beside the page images ("save a copy of the original" gives it), or null. */
  native: { name: string; sha256: string; size: number; mime: string } | null;
  family: { parent: FamilyMember | null; children: FamilyMember[] };
  /** Other documents with the same native or the same text. */
  duplicates: (FamilyMember & { why: 'same native' | 'same text' })[];
  /** A message read from a mailbox (PST/OST, mbox): the mailbox document and the folder it was filed in; else null. */
  mailbox: { id: number; name: string; folder: string } | null;
  /** A mailbox: its folders with how many messages were read from each (first by name); else null. */
  mailboxFolders: { folder: string; messages: number }[] | null;
}

/** One email of a thread, in reply-tree order (each reply under what it answers). */
export interface ThreadEntry {
  id: number;
  name: string;
  subject: string | null;
  from: string | null;
  /** The email's own date (ISO, UTC), or null when undated. */
  date: string | null;
  /** As its Date header wrote it (with the sender's offset), or null. */
  emailDate: string | null;
  /** How deep in the reply tree: 0 for the thread's first email. */
  depth: number;
  /** No later email of its branch holds it (its text and attachments): what a reviewer reads. */
  inclusive: boolean;
}

export interface SearchHitOut {
  documentId: number;
  name: string;
  type: string;
  page: number;
  /** The producing party's Bates number of that page, when it was received with one; else null. */
  pageBates: string | null;
  /** The page's text around the hits; hits are wrapped in \uE000 … \uE001. */
  snippet: string;
  score: number;
  /** The document's own date (ISO), or null when undated. */
  date: string | null;
  /** The document's tags, by path. */
  tags: string[];
  /** The Bates range of the document's first production (HSGAC-00000001 … HSGAC-00000004), or null. */
  bates: { first: string; last: string } | null;
  /** With `group: 'documents'`: how many of the document's pages matched (the best one is `page`). */
  matchingPages?: number;
  /** On a spreadsheet (or CSV) page: the first cell holding a hit word, as "Sheet1!B7". */
  cell?: string;
}

/** A spreadsheet's sheets and pages (core/shared/sheet-grid.ts), and where a search hit on one page is. */
export interface SheetGridOut {
  sheets: GridSheet[];
  pages: GridPage[];
  /** With `page` and `query`: the first cell on that page holding a hit word (`line` is the row's place among the sheet's rows). */
  hit: { sheet: number; line: number; col: number; ref: string } | null;
}

export interface ImportReport {
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

// ---- input schemas ------------------------------------------------------------

const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, 'write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM')
  .refine((s) => {
    const [d, t] = s.split('T');
    const okDate = realDate(d!);
    const okTime = !t || (Number(t.slice(0, 2)) < 24 && Number(t.slice(3, 5)) < 60);
    return okDate && okTime;
  }, 'is not a real date and time');
/** A place's time zone, in its canonical spelling; abbreviations and fixed offsets are refused with what to use (zones.ts says why). */
const timeZone = z
  .string()
  .max(64)
  .superRefine((tz, ctx) => {
    const problem = zoneProblem(tz);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(canonicalZone);
const money = z.number().min(0).max(1_000_000_000).multipleOf(0.01, 'give amounts in dollars and cents');
const text = (max: number) => z.string().max(max);
const agencyRef = z.string().trim().min(1, 'name the agency (abbreviation or full name)').max(200);

const trackingInput = z
  .object({
    kind: z.enum(TRACKING_KINDS).default('agency'),
    number: z.string().trim().min(1, 'a tracking number cannot be empty').max(L.request.trackingNumber),
    agency: agencyRef.optional(),
  })
  .strict();

const requestFieldsInput = z
  .object({
    kind: z.enum(REQUEST_KINDS),
    agency: agencyRef,
    subject: z.string().trim().min(1, 'give the request a subject').max(L.request.subject),
    recordsSought: text(L.request.recordsSought).default(''),
    recordsFrom: isoDate.nullable().default(null),
    recordsTo: isoDate.nullable().default(null),
    trackingNumbers: z.array(trackingInput).max(50).default([]),
    requester: text(L.request.requester).default(''),
    assignee: text(L.request.assignee).default(''),
    priority: z.enum(PRIORITIES).default('normal'),
    expeditedRequested: z.boolean().default(false),
    expeditedGranted: z.boolean().nullable().default(null),
    feeWaiverRequested: z.boolean().default(false),
    feeWaiverGranted: z.boolean().nullable().default(null),
    feeCategory: z.enum(FEE_CATEGORIES).nullable().default(null),
    feeEstimate: money.nullable().default(null),
    feePaid: money.nullable().default(null),
    dueAt: isoDateTime.nullable().default(null),
    dueTz: timeZone.nullable().default(null),
    dueAsap: z.boolean().default(false),
    notes: text(L.request.notes).default(''),
  })
  .strict();

export const requestCreateInput = requestFieldsInput
  .extend({ sent: isoDate.optional(), received: isoDate.optional() })
  .refine((r) => !r.recordsFrom || !r.recordsTo || r.recordsFrom <= r.recordsTo, { message: 'the date range of records ends before it starts', path: ['recordsTo'] })
  .refine((r) => !r.sent || !r.received || r.sent <= r.received, { message: 'the agency cannot receive the request before it was sent', path: ['received'] });

const requestPatch = patchOf(requestFieldsInput);

const eventInput = z
  .object({
    reference: z.string().trim().min(1).max(40),
    type: z.enum(EVENT_TYPES),
    date: isoDate,
    reason: z.enum(TOLL_REASONS).nullable().default(null),
    outcome: z.enum([...DETERMINATIONS, ...APPEAL_OUTCOMES]).nullable().default(null),
    exemptions: z.array(z.enum(EXEMPTIONS)).max(EXEMPTIONS.length).default([]),
    statute: text(L.event.statute).nullable().default(null),
    note: text(L.event.note).default(''),
  })
  .strict();

const listInput = z
  .object({
    statuses: z.array(z.enum(STATUSES)).max(STATUSES.length).optional(),
    kinds: z.array(z.enum(REQUEST_KINDS)).max(REQUEST_KINDS.length).optional(),
    agencies: z.array(agencyRef).max(100).optional(),
    assignee: text(200).optional(),
    dueFrom: isoDate.optional(),
    dueTo: isoDate.optional(),
    openOnly: z.boolean().optional(),
    overdue: z.boolean().optional(),
    dueWithinDays: z.number().int().min(0).max(3650).optional(),
    text: text(500).optional(),
    sort: z.enum(['due', 'reference', 'kind', 'agency', 'status', 'opened', 'subject', 'priority']).default('due'),
    dir: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(50_000).default(200),
  })
  .strict();

const agencyInput = z
  .object({
    name: z.string().trim().min(1, 'give the agency a name').max(L.agency.name),
    abbreviation: z.string().trim().min(1, 'give the agency an abbreviation').max(L.agency.abbreviation),
    parent: agencyRef.nullable().default(null),
    foiaEmail: z.union([z.literal(''), z.email('is not an email address')]).default(''),
    portalUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) address' })]).default(''),
    appealDays: z.number().int().min(1).max(3650).default(90),
    appealDayKind: z.enum(['calendar', 'working']).default('calendar'),
    receiptNextWorkingDay: z.boolean().default(false),
    notes: text(L.agency.notes).default(''),
  })
  .strict();

/** A document and one request or disclosure, by reference. */
const linkInput = z
  .object({ id: documentRef, request: z.string().trim().min(1).max(40).optional(), disclosure: z.string().trim().min(1).max(40).optional() })
  .strict()
  .refine((v) => (v.request === undefined) !== (v.disclosure === undefined), { message: 'give either request or disclosure', path: ['request'] });

const searchQuery = z.string().trim().min(1, 'type something to search for').max(1000);

const searchInput = z
  .object({
    query: searchQuery,
    ...documentFilters,
    /** Only this document's pages (the viewer's next/previous hit). */
    document: z.number().int().positive().optional(),
    offset: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(200).default(50),
    /** One result a matching page, or one a document (its best page and how many pages matched). */
    group: z.enum(RESULT_GROUPS).default('pages'),
    /** Best first; newest document date first (undated last); or by Bates number (never produced last). */
    sort: z.enum(RESULT_SORTS).default('relevance'),
  })
  .strict()
  .refine(fromBeforeTo, fromBeforeToError);

/**
 * A patch: every field optional and no defaults, so fields a caller leaves out
 * stay as they are (zod would otherwise fill in the create defaults).
 */
function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [k, ((v instanceof z.ZodDefault ? v.unwrap() : v) as z.ZodType).optional()]),
  ) as unknown as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> };
  return z.object(shape).strict();
}

/** A CSV to import: its text, or (browser mode, where a call's body is capped at 1 MiB) the id of the file sent to /api/upload. */
const csvInput = z
  .object({
    csv: z.string().max(50_000_000, 'the file is larger than 50 MB').optional(),
    upload: randomId('an upload id').optional(),
  })
  .strict()
  .refine((v) => (v.csv === undefined) !== (v.upload === undefined), { message: 'give either the CSV text or the id of an uploaded CSV file', path: ['csv'] });

const settingsPatch = z
  .object({
    userName: z.string().trim().min(1, 'Your name cannot be empty.').max(L.profile.userName),
    officeName: z.string().trim().max(L.profile.officeName),
    theme: z.enum(THEMES),
    ocrEnabled: z.boolean(),
    backupEveryHours: z.number().int('backupEveryHours: whole hours').min(0).max(24 * 30, 'backupEveryHours: at most 720 (30 days)'),
    backupKeep: z.number().int().min(1, 'backupKeep: keep at least one backup').max(1000),
    officeTimeZone: timeZone,
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'Give at least one setting to change.');

const empty = z.object({}).strict();

// ---- the table ----------------------------------------------------------------

export const api = {
  ...reviewCalls,
  ...teamCalls,
  ...keyCalls,
  ...reviewBatchCalls,
  ...productionCalls,
  ...disclosureCalls,
  ...termReportCalls,
  ...piiCalls,
  ...receivedCalls,
  'app.status': call<AppStatus>()(empty, {
    summary: 'Data folder, schema version and counts.',
  }),
  'app.verify': call<VerifyReport>()(empty, {
    summary: 'SQLite integrity check and audit-chain verification.',
    job: true,
    // The chain is checked row by row, and in a team workspace only a login that reads every row (an admin,
    // or a superuser before anyone is granted) can: the handler asks the server that, not the members' list.
    role: 'viewer',
  }),
  'app.backup': call<BackupReport>()(
    z.object({ out: z.string().min(1).max(4096), keep: z.number().int().min(1).max(1000).optional() }).strict(),
    { summary: 'Back up the database (online) and the stored files not yet in the backup folder into a new backup there.', mutates: true, role: 'admin', localOnly: true },
  ),
  'app.backups': call<BackupsOverview>()(empty, { summary: 'The backup folder, schedule, last automatic run and the backups in it.' }),
  'app.backupNow': call<BackupReport>()(empty, { summary: 'Back up now into the backup folder, keeping the newest N.', mutates: true, role: 'admin' }),
  'app.setBackupFolder': call<BackupsOverview>()(
    z.object({ folder: z.string().trim().max(4096) }).strict(),
    { summary: "Choose the backup folder ('' = the data folder's backups/); it must be writable.", mutates: true, role: 'admin', localOnly: true },
  ),
  'app.restorePreview': call<{ backup: string; createdAt: string; forgotten: ForgottenProductions }>()(
    z.object({ backup: z.string().regex(BACKUP_NAME, 'backup: give the name of a backup listed in the backup folder') }).strict(),
    { role: 'admin', summary: 'What restoring a backup would forget: the productions made since (their Bates numbers stay used).' },
  ),
  'app.restore': call<{ restoredFrom: string; createdAt: string; schemaVersion: number; previous: string | null; forgotten: ForgottenProductions }>()(
    z.object({ backup: z.string().regex(BACKUP_NAME, 'backup: give the name of a backup listed in the backup folder') }).strict(),
    { summary: 'Verify a backup in the backup folder and put it in place of the database (the current one is kept beside it).', mutates: true, role: 'admin' },
  ),
  'settings.get': call<Settings>()(empty, { summary: 'Current settings.' }),
  'settings.update': call<Settings>()(settingsPatch, {
    summary: 'Change one or more settings.',
    mutates: true, role: 'viewer',
  }),
  'audit.list': call<{ entries: AuditEntry[]; total: number }>()(
    z
      .object({
        limit: z.number().int().min(1).max(1000).default(100),
        beforeSeq: z.number().int().positive().optional(),
        entity: z.string().max(100).optional(),
        entityId: z.string().max(200).optional(),
      })
      .strict(),
    { summary: 'Audit log entries, newest first.' },
  ),
  'audit.export': call<{ csv: string; rows: number }>()(
    z.object({ from: isoDate, to: isoDate }).strict().refine(fromBeforeTo, fromBeforeToError),
    { summary: 'The history for a range of days (UTC), as CSV with each row\'s hash.' },
  ),
  'agencies.list': call<Agency[]>()(empty, { summary: 'The agency directory.' }),
  'agencies.create': call<Agency>()(agencyInput, { summary: 'Add an agency or component.', mutates: true }),
  'agencies.update': call<Agency>()(
    z.object({ id: z.number().int().positive(), patch: patchOf(agencyInput), version: loadedVersion }).strict(),
    { summary: 'Change an agency.', mutates: true },
  ),
  'agencies.importCsv': call<ImportReport>()(csvInput, {
    summary: 'Add or update agencies from CSV (name, abbreviation, parent, foia_email, portal_url, appeal_days, appeal_day_kind, receipt_next_working_day, notes); all or nothing.',
    mutates: true,
  }),

  'requests.create': call<RequestDetail>()(requestCreateInput, { summary: 'Log a request, letter or subpoena.', mutates: true }),
  'requests.update': call<RequestDetail>()(
    z.object({ reference: z.string().trim().min(1).max(40), patch: requestPatch, version: loadedVersion }).strict(),
    { summary: 'Change a request’s fields (not its status: that comes from its timeline).', mutates: true },
  ),
  'requests.get': call<RequestDetail>()(z.object({ reference: z.string().trim().min(1).max(40) }).strict(), { summary: 'One request with its timeline and clocks.' }),
  'requests.list': call<{ rows: RequestSummary[]; total: number; today: string }>()(listInput, { summary: 'Requests, filtered, sorted and paged.' }),
  'requests.addEvent': call<RequestDetail>()(eventInput, { summary: 'Add a dated event to a request’s timeline.', mutates: true }),
  'requests.removeEvent': call<RequestDetail>()(
    z.object({ reference: z.string().trim().min(1).max(40), eventId: z.number().int().positive() }).strict(),
    { summary: 'Remove an event from a request’s timeline.', mutates: true },
  ),
  'requests.exportCsv': call<{ csv: string; count: number }>()(listInput.omit({ offset: true, limit: true }), { summary: 'Requests as CSV.' }),
  'requests.importCsv': call<ImportReport>()(csvInput, { summary: 'Create requests from CSV (as exported); all or nothing.', mutates: true }),
  'calendar.exportIcs': call<{ ics: string; count: number }>()(listInput.omit({ offset: true, limit: true, sort: true, dir: true }), {
    summary: 'Deadlines of open requests as an iCalendar file.',
  }),
  'dashboard.summary': call<DashboardSummary>()(empty, { summary: 'What is overdue, due soon, waiting and closing.' }),

  'deadlines.compute': call<Deadline>()(
    z
      .object({
        rule: z.enum(RULES),
        from: isoDate,
        appealDays: z.number().int().min(1).max(3650).optional(),
        appealDayKind: z.enum(['calendar', 'working']).optional(),
      })
      .strict(),
    { summary: 'Compute a statutory due date, with its explanation.' },
  ),
  'closures.list': call<Closure[]>()(empty, { summary: 'Extra closure days: single days and ranges (a shutdown), each with its reason.' }),
  'closures.add': call<Closure[]>()(
    z
      .object({
        date: isoDate,
        /** The last day of a range (a 35-day shutdown is one entry); omitted for a single day. */
        until: isoDate.optional(),
        reason: z.string().trim().min(1, 'say why offices were closed').max(L.closure.reason),
      })
      .strict()
      .refine((c) => c.until === undefined || c.until >= c.date, { path: ['until'], message: 'the last day cannot come before the first' })
      .refine((c) => c.until === undefined || parseDay(c.until) - parseDay(c.date) < 366, { path: ['until'], message: 'a closure can last a year at most' }),
    { summary: 'Add a closure day or a range of them; days already closed are refused; every clock follows.', mutates: true },
  ),
  'closures.remove': call<Closure[]>()(z.object({ date: isoDate }).strict(), {
    summary: 'Remove a closure entry (all its days), by its first day.',
    mutates: true,
  }),

  'documents.import': call<DocumentImportReport>()(
    z
      .object({
        /** Paths on this computer: any from the sunshine command; from a window, only in browser mode and only under its import folders. */
        paths: z.array(z.string().min(1).max(4096)).max(10_000).default([]),
        /** Tokens for what the desktop app's dialog or drop handler picked (single use; the window never sees the paths). */
        picked: z.array(randomId('a picked-file token')).max(10_000).default([]),
        /** Ids of files a browser sent to /api/upload (browser mode). */
        uploads: z.array(randomId('an upload id')).max(10_000).default([]),
        request: z.string().trim().min(1).max(40).optional(),
        /** A disclosure to link every document to (the source's own files). */
        disclosure: z.string().trim().min(1).max(40).optional(),
        /** Where these files came from ("ICE, 2nd interim release"); defaults to the request's agency. */
        source: z.string().trim().min(1).max(200).optional(),
      })
      .strict()
      .refine((v) => v.paths.length + v.picked.length + v.uploads.length > 0, { message: 'give at least one file or folder', path: ['paths'] }),
    { summary: 'Add files and folders (recursively) to the vault, read their text, index them.', job: true, mutates: true },
  ),
  'documents.list': call<{ rows: DocumentSummary[]; total: number }>()(
    z
      .object({
        ...documentFilters,
        /** Documents any of whose names holds this text, in any case. */
        name: z.string().trim().min(1).max(255).optional(),
        /** added: newest first; date: by their own date, latest first, undated last; bates: by the producing party's Bates number (prefix, then number), documents without one last. */
        sort: z.enum(['added', 'date', 'bates']).default('added'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict()
      .refine(fromBeforeTo, fromBeforeToError),
    { summary: 'Documents, newest first (or by their own date, undated last; or by received Bates number).' },
  ),
  'documents.get': call<DocumentDetail>()(z.object({ id: documentRef }).strict(), { summary: 'One document: names, links, family.' }),
  'documents.thread': call<{ entries: ThreadEntry[] }>()(z.object({ id: documentRef }).strict(), {
    summary: "The emails of an email's thread as a reply tree, inclusive ones marked (none for a document that is no email).",
  }),
  'documents.rethread': call<{ threads: number; emails: number }>()(z.object({}).strict(), {
    summary: 'Group every email into threads again and mark the inclusive ones (for emails imported before threads were kept); how many threads, and how many emails changed.',
    mutates: true,
  }),
  'documents.byBates': call<BatesLookupOut>()(z.object({ bates: z.string().min(1).max(200) }).strict(), {
    summary: 'The pages a Bates number (ICE-0004211), a range (ICE-0004211–ICE-0004260) or its start (ICE-00042) names: received and our own productions’.',
  }),
  'documents.page': call<{ page: number; pages: number; text: string; bates: string | null }>()(
    z.object({ id: documentRef, page: z.number().int().min(1) }).strict(),
    { summary: "The text of one page, and its Bates number as received (null when it came without one)." },
  ),
  'documents.grid': call<SheetGridOut>()(
    z.object({ id: documentRef, page: z.number().int().min(1).optional(), query: searchQuery.optional() }).strict(),
    { summary: "A spreadsheet's sheets (hidden ones marked) and which rows each page holds; with a page and a query, the cell the hit is in." },
  ),
  'documents.sheet': call<{ rows: GridRow[] }>()(
    z.object({ id: documentRef, sheet: z.number().int().min(0), from: z.number().int().min(0), count: z.number().int().min(1).max(1000) }).strict(),
    { summary: 'Rows of one sheet of a spreadsheet, from its cell grid: [row, hidden, [[column, shown value, formula?, comment?]…]].' },
  ),
  'documents.pageImage': call<PageImageOut>()(z.object({ id: documentRef, page: z.number().int().min(1) }).strict(), {
    summary: 'One page of a picture document (PNG, JPEG, TIFF…) as an image, with where OCR found its words.',
  }),
  'documents.pageWords': call<{ words: PageWord[] | null }>()(z.object({ id: documentRef, page: z.number().int().min(1) }).strict(), {
    summary: 'Where OCR found the words of one page (a scanned PDF page, a picture), as fractions of the page; words null when it has none.',
  }),
  'documents.readAgain': call<{ queued: number }>()(z.object({ id: documentRef }).strict(), {
    summary: 'Queue the pages of a picture read before word positions were kept for OCR again, so search words can be boxed on them.',
    mutates: true, role: 'reviewer',
  }),
  'documents.link': call<DocumentDetail>()(linkInput, { summary: 'Link a document to a request or a disclosure.', mutates: true }),
  'documents.unlink': call<DocumentDetail>()(linkInput, { summary: 'Unlink a document from a request or a disclosure.', mutates: true }),
  'documents.original': call<{ name: string; mime: string; base64: string }>()(z.object({ id: documentRef }).strict(), {
    summary: 'The original file, exactly as received (base64), for saving a copy.',
  }),
  'documents.saveCopy': call<{ file: string }>()(
    z.object({ id: documentRef, folder: z.string().min(1).max(4096) }).strict(),
    {
      summary: 'Copy the original, checked against its SHA-256, into a folder (read-only, never over an existing file).',
      localOnly: true,
    },
  ),
  'documents.runOcr': call<{ done: number; pending: number }>()(
    z.object({ limit: z.number().int().min(1).max(1_000_000).optional() }).strict(),
    { summary: 'Read pages waiting for OCR now (the app also does this in the background).', job: true, mutates: true },
  ),
  'documents.search': call<{
    hits: SearchHitOut[];
    /** Matching pages (documents, with `group: 'documents'`); when `capped`, more matched and the newest 5,000 pages were ranked, so counts are "at least". */
    total: number;
    capped: boolean;
    /** Matching documents per kind, request, source and year, and per kind of personal data found (`pii`; before the filters). */
    facets: Record<'types' | 'requests' | 'sources' | 'years' | 'tags' | 'statuses' | 'pii', { value: string; count: number }[]>;
    /** The matching pages the facets count over; `facetsCapped` when more matched than that. */
    facetPages: number;
    facetsCapped: boolean;
    /** When nothing matched: up to 3 queries with misspelt words replaced by indexed ones ("did you mean"). */
    suggestions: string[];
  }>()(searchInput, {
    summary: 'Full-text search over every page: words as written, word~ for its forms, "phrases", AND/OR/NOT, prefix*, te?m, w/N, pre/N, NEAR().',
  }),

  'documents.exportResults': call<{ csv: string; count: number; capped: boolean }>()(
    z
      .object({ query: searchQuery, ...documentFilters })
      .strict()
      .refine(fromBeforeTo, fromBeforeToError),
    {
      summary:
        "A search's results as CSV, one row a document: id, name, date, custodian, from, to, subject, the producing party's Bates range and name, the pages hit with each page's Bates number; capped when more pages matched than are ranked.",
    },
  ),

  'jobs.cancel': call<{ cancelled: boolean }>()(
    z.object({ jobId: z.string().min(1).max(100) }).strict(),
    { summary: 'Cancel a running job.' },
  ),
} as const;

// ---- derived types ------------------------------------------------------------

export type Api = typeof api;
export type CallName = keyof Api;
export type InputOf<K extends CallName> = z.input<Api[K]['input']>;
export type ParsedInputOf<K extends CallName> = z.output<Api[K]['input']>;
export type ResultOf<K extends CallName> = NonNullable<Api[K]['result']>;

/** Optional third argument of a call: a job id to follow its progress. */
export interface InvokeOptions {
  jobId?: string;
}

/**
 * What the preload script exposes as `window.sunshine` and what the HTTP
 * transport implements in browser mode. Every call goes through `invoke`.
 */
export interface Bridge {
  invoke(name: string, input: unknown, options?: InvokeOptions): Promise<Result<unknown>>;
  onEvent(listener: (event: CoreEvent) => void): () => void;
  openExternal(url: string): Promise<Result<null>>;
  /** The desktop app's file dialog: what the user picked, as tokens for `documents.import` (empty when cancelled). Browser mode has none (paths are typed instead). */
  choosePaths?(what: 'files' | 'folder'): Promise<Result<PickedFile[]>>;
  /** Desktop: files and folders dropped on the window, as tokens; their paths stay in the preload and the main process. */
  pickDropped?(files: File[]): Promise<Result<PickedFile[]>>;
  /** Browser mode: send one dropped file's bytes; the id goes to `documents.import` as `uploads`. */
  upload?(file: Blob, name: string, modified: number): Promise<Result<{ id: string }>>;
  /** Desktop: open a read-only copy of the original, checked against its SHA-256, in the system's app for its type. */
  openOriginal?(id: number): Promise<Result<null>>;
  /** Desktop: pick the backup folder in the system's dialog (the window never names a path); null when cancelled. */
  chooseBackupFolder?(): Promise<Result<BackupsOverview> | null>;
  /** Desktop: the folder to write a production into, chosen in the system's dialog, as a token for `productions.create` (`folderPick`) and its name; null when cancelled. */
  chooseProductionFolder?(): Promise<Result<PickedFile | null>>;
  /** The start screen's way to the shell: which workspace to open, and back to the start screen. */
  launcher?: LauncherBridge;
}

export interface LauncherBridge {
  status(): Promise<Result<LauncherStatus>>;
  open(choice: PlaceChoice): Promise<Result<null>>;
  /** Closes the open workspace; the window shows the start screen again. */
  switchWorkspace(): Promise<Result<null>>;
  /** Desktop: a folder picked in the system's dialog (null when cancelled); browser mode types it. */
  chooseFolder?(): Promise<Result<string | null>>;
}
