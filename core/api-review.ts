/**
 * The review part of the contract: tags, document coding and saved searches.
 * Spread into the table in api.ts.
 */
import { z } from 'zod';
import { FIELD_LIMITS as L } from './shared/field-limits.ts';
import { call } from './contract.ts';
import { documentFilters, documentRef, fromBeforeTo, fromBeforeToError, loadedVersion } from './api-schemas.ts';
import { RANDOM_ID } from './shared/ids.ts';
import type { LeftOutLeased } from './shared/coded-words.ts';
import { EXEMPTIONS, PRIVILEGE_BASES, RATINGS, REVIEW_STATUSES, TAG_SHORTCUT_KEYS } from './shared/vocabulary.ts';

export interface TagOut {
  id: number;
  name: string;
  /** "Privilege/Attorney-client": the names from the top, joined by "/". */
  path: string;
  parentId: number | null;
  color: string;
  shortcut: string | null;
  /** Documents carrying this tag itself. */
  count: number;
  /** Raised by one with each edit: send it back with a save (core/versions.ts). */
  version: number;
}

export interface ReviewOut {
  documentId: number;
  status: (typeof REVIEW_STATUSES)[number];
  rating: (typeof RATINGS)[number] | null;
  privilege: (typeof PRIVILEGE_BASES)[number] | null;
  exemptions: (typeof EXEMPTIONS)[number][];
  notes: string;
  /** What the privilege log says of it (notes stay internal). */
  logDescription: string;
  updatedAt: string | null;
  updatedBy: string | null;
  tags: { id: number; path: string; color: string }[];
  /** The version of the document's coding and tags together, raised by one with each change: send it back with a save. */
  version: number;
  /** Who coded or tagged it, and when (from the audit log), oldest first. */
  /** Who: the display name, and the operating-system account (null on rows from before it was recorded). */
  /** Newest first; `actorName`: the member's display name in a team workspace (core/team/display-names.ts). */
  history: { at: string; actor: string; actorName: string | null; osUser: string | null; what: string }[];
}

export interface RedactionOut {
  id: number;
  documentId: number;
  page: number;
  /** Fractions of the page as drawn, from its top left. */
  x: number;
  y: number;
  width: number;
  height: number;
  reason: string;
  createdAt: string;
  createdBy: string;
}

/** Whether a document's boxes, as they are now, were approved by a second reviewer (one who drew none of them). */
export interface RedactionApprovalOut {
  boxes: number;
  /** Who drew the boxes. */
  drawnBy: string[];
  /** Null while not approved (or changed since it was). */
  approvedBy: string | null;
  approvedAt: string | null;
}

/** A hit of a redaction by search (core/redactions/by-search.ts). */
export interface RedactionHitOut {
  /** Stable while the page's text is: the document, the page and where the hit starts. */
  id: string;
  documentId: number;
  document: string;
  page: number;
  text: string;
  before: string;
  after: string;
  /** Null when the page has no word positions (see `problem`). */
  boxes: { x: number; y: number; width: number; height: number }[] | null;
  problem: string | null;
}

export interface SkippedForRedaction {
  documentId: number;
  document: string;
  hits: number;
  reason: string;
}

export interface RedactionHitsOut {
  hits: RedactionHitOut[];
  /** Hits found (past MAX_HITS only MAX_HITS are listed, and `capped` says so). */
  total: number;
  capped: boolean;
  /** What to do when capped, in words; null otherwise. */
  message: string | null;
  /** Documents with hits that are not redacted: withheld as privileged, or of a kind without pages to box. */
  skipped: SkippedForRedaction[];
}

export interface RedactionBatchOut {
  batch: string;
  hits: number;
  boxes: number;
  documents: number;
  /** Hits kept unredacted because their page has no word positions: to be boxed by hand. */
  unboxed: RedactionHitOut[];
  skipped: SkippedForRedaction[];
}

/** Why text is redacted: a FOIA exemption or a privilege. */
export const REDACTION_REASONS = [...EXEMPTIONS, ...PRIVILEGE_BASES] as const;

export interface SavedSearchOut {
  id: number;
  name: string;
  query: string;
  filters: Record<string, string>;
  createdAt: string;
}

const tagName = z
  .string()
  .trim()
  .min(1, 'give the tag a name')
  .max(L.tag.name)
  .refine((s) => !s.includes('/'), 'cannot contain "/" (it separates a tag from the tags under it)')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'cannot contain control characters');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'write colours as #rrggbb');
const shortcut = z.enum(TAG_SHORTCUT_KEYS as [string, ...string[]], { error: 'a shortcut is one letter other than j and k (they step through results)' });
const tagRef = z.union([z.number().int().positive(), z.string().trim().min(1).max(500)]);

/** Which documents a bulk action touches: listed ids, or every result of a search (with or without words). */
const targetShape = {
  ids: z.array(documentRef).min(1).max(1_000_000).optional(),
  search: z
    .object({ query: z.string().trim().min(1).max(1000).optional(), ...documentFilters })
    .strict()
    .refine(fromBeforeTo, fromBeforeToError)
    .optional(),
  /** Also every document in the same email family (the email and all its attachments). */
  family: z.boolean().default(false),
};
const oneTarget = (v: { ids?: unknown; search?: unknown }) => (v.ids === undefined) !== (v.search === undefined);
const oneTargetError = { message: 'give either ids or search, not both', path: ['ids'] };
/** A version is one document's (the one a reviewer has open), so it comes with exactly one id and no family. */
const oneDocumentForVersion = (v: { ids?: unknown[]; family?: boolean; version?: number }) => v.version === undefined || (v.ids?.length === 1 && v.family !== true);
const oneDocumentForVersionError = { message: 'a version is given with exactly one document id (and no family)', path: ['version'] };

const reviewFields = {
  status: z.enum(REVIEW_STATUSES).optional(),
  rating: z.enum(RATINGS).nullable().optional(),
  privilege: z.enum(PRIVILEGE_BASES).nullable().optional(),
  exemptions: z.array(z.enum(EXEMPTIONS)).max(EXEMPTIONS.length).optional(),
  notes: z.string().max(L.review.notes).optional(),
  logDescription: z.string().trim().max(L.review.logDescription).optional(),
};

const redactionReason = z.enum(REDACTION_REASONS, { error: 'give the reason: a FOIA exemption (b1 … b9) or a privilege basis' });

/** What a redaction by search looks for: a search (its words; its filters choose the documents), or terms, one word or phrase each. */
const hitSource = {
  search: z
    .object({ query: z.string().trim().min(1, 'give the words to find').max(1000), ...documentFilters })
    .strict()
    .refine(fromBeforeTo, fromBeforeToError)
    .optional(),
  terms: z.array(z.string().max(200, 'a term is at most 200 characters')).max(10_000, 'at most 10,000 terms at once').optional(),
  /** Personal data of a kind: ssn, a-number … (core/shared/pii-kinds.ts), a custom pattern's name, or any. */
  pii: z.string().trim().min(1, 'give a kind of personal data, e.g. ssn, or any').max(100).optional(),
};
const oneSource = (v: { search?: unknown; terms?: unknown; pii?: unknown }) => [v.search, v.terms, v.pii].filter((x) => x !== undefined).length === 1;
const oneSourceError = { message: 'give one of search, terms or pii', path: ['search'] };

export const reviewCalls = {
  'tags.list': call<{ tags: TagOut[] }>()(z.object({}).strict(), { summary: 'Every tag, by path, with how many documents carry it.' }),
  'tags.create': call<TagOut>()(
    z.object({ name: tagName, parent: tagRef.optional(), color: color.default('#0f6cbd'), shortcut: shortcut.optional() }).strict(),
    { summary: 'A new tag, at the top or under another.', mutates: true, role: 'reviewer' },
  ),
  'tags.update': call<TagOut>()(
    z
      .object({ id: z.number().int().positive(), name: tagName.optional(), parent: tagRef.nullable().optional(), color: color.optional(), shortcut: shortcut.nullable().optional(), version: loadedVersion })
      .strict(),
    { summary: 'Rename, recolour, move a tag or change its shortcut.', mutates: true, role: 'reviewer' },
  ),
  'tags.delete': call<{ untagged: number }>()(z.object({ id: z.number().int().positive() }).strict(), {
    summary: 'Delete a tag and the tags under it; documents lose them.',
    mutates: true, role: 'reviewer',
  }),
  'tags.apply': call<{ tag: string; documents: number; changed: number; version?: number; leftOut?: LeftOutLeased }>()(
    z
      .object({ tag: tagRef, remove: z.boolean().default(false), ...targetShape, version: loadedVersion })
      .strict()
      .refine(oneTarget, oneTargetError)
      .refine(oneDocumentForVersion, oneDocumentForVersionError),
    { summary: 'Tag (or untag) documents: listed ones, or every result of a search; optionally their email families.', mutates: true, role: 'reviewer' },
  ),
  'review.get': call<ReviewOut>()(z.object({ id: documentRef }).strict(), { summary: "A document's coding, tags and who did what when." }),
  'review.set': call<{ documents: number; changed: number; version?: number; leftOut?: LeftOutLeased }>()(
    z
      .object({ ...reviewFields, ...targetShape, version: loadedVersion })
      .strict()
      .refine(oneTarget, oneTargetError)
      .refine(oneDocumentForVersion, oneDocumentForVersionError)
      .refine((v) => Object.keys(reviewFields).some((k) => v[k as keyof typeof v] !== undefined), 'give at least one field to set'),
    { summary: 'Code documents: review status, rating, privilege basis, FOIA exemptions, notes.', mutates: true, role: 'reviewer' },
  ),
  'redactions.list': call<{ redactions: RedactionOut[]; approval: RedactionApprovalOut }>()(z.object({ id: documentRef }).strict(), {
    summary: "A document's redaction boxes, page by page, and whether a second reviewer approved them as they are.",
  }),
  'redactions.approve': call<RedactionApprovalOut>()(z.object({ id: documentRef }).strict(), {
    summary: "Approve a document's redaction boxes as they are, as a second reviewer (one who drew none of them); a production may require it.",
    mutates: true, role: 'counsel',
  }),
  'redactions.add': call<RedactionOut>()(
    z
      .object({
        id: documentRef,
        page: z.number().int().min(1),
        x: z.number().min(0).max(1),
        y: z.number().min(0).max(1),
        width: z.number().gt(0, 'a box needs a width').max(1),
        height: z.number().gt(0, 'a box needs a height').max(1),
        reason: redactionReason,
      })
      .strict()
      .refine((v) => v.x + v.width <= 1.000001 && v.y + v.height <= 1.000001, { message: 'the box goes past the edge of the page', path: ['width'] }),
    { summary: 'Draw a redaction box on a page of a PDF, with its reason.', mutates: true, role: 'reviewer' },
  ),
  'redactions.remove': call<{ removed: true }>()(z.object({ redaction: z.number().int().positive() }).strict(), { summary: 'Take a redaction box away.', mutates: true, role: 'reviewer' }),
  'redactions.findHits': call<RedactionHitsOut>()(z.object(hitSource).strict().refine(oneSource, oneSourceError), {
    summary: 'Every hit of a search, of a term list or of a kind of personal data on every page, with its context and boxes (redaction by search).',
  }),
  'redactions.applyHits': call<RedactionBatchOut>()(
    z
      .object({
        ...hitSource,
        /** Hits (ids from findHits) to leave unredacted. */
        exclude: z.array(z.string().max(100)).max(100_000).default([]),
        reason: redactionReason,
      })
      .strict()
      .refine(oneSource, oneSourceError),
    { summary: 'Box every hit of a search, term list or kind of personal data but those excluded, with one reason, as one batch.', mutates: true, role: 'reviewer' },
  ),
  'redactions.undoBatch': call<{ removed: number }>()(z.object({ batch: z.string().regex(RANDOM_ID, 'a batch id is 32 letters and digits, as applying printed it') }).strict(), {
    summary: 'Take away every box of a redaction batch in one step.',
    mutates: true, role: 'reviewer',
  }),
  'searches.list': call<{ searches: SavedSearchOut[] }>()(z.object({}).strict(), { summary: 'Saved searches.' }),
  'searches.save': call<SavedSearchOut>()(
    z
      .object({
        name: z.string().trim().min(1, 'give the search a name').max(L.savedSearch.name),
        query: z.string().trim().max(1000).default(''),
        filters: z.object(documentFilters).strict().refine(fromBeforeTo, fromBeforeToError).default({}),
      })
      .strict(),
    { summary: 'Save a search under a name (the same name replaces it).', mutates: true, role: 'reviewer' },
  ),
  'searches.delete': call<{ deleted: true }>()(z.object({ id: z.number().int().positive() }).strict(), { summary: 'Delete a saved search.', mutates: true, role: 'reviewer' }),
};
