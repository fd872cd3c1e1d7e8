/**
 * The words of records requests: kinds, timeline events, outcomes, exemptions
 * and statuses. Shared by the contract (validation), the clocks and the UI.
 * Pure data: the renderer imports it.
 */
export const REQUEST_KINDS = ['foia', 'state-records', 'oversight-letter', 'subpoena'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const KIND_LABELS: Record<RequestKind, string> = {
  foia: 'FOIA request',
  'state-records': 'State public-records request',
  'oversight-letter': 'Oversight letter',
  subpoena: 'Subpoena',
};
/** Kinds whose due date is written in the document itself (date, hour, time zone). */
export const KINDS_WITH_SET_DUE: readonly RequestKind[] = ['oversight-letter', 'subpoena', 'state-records'];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const FEE_CATEGORIES = ['commercial', 'educational', 'news-media', 'other'] as const;
export type FeeCategory = (typeof FEE_CATEGORIES)[number];

export const TRACKING_KINDS = ['agency', 'split', 'referral', 'appeal', 'portal'] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

export const EVENT_TYPES = [
  'sent',
  'received',
  'acknowledged',
  'toll',
  'resume',
  'extension',
  'interim-production',
  'determination',
  'appeal-filed',
  'appeal-decided',
  'litigation',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  sent: 'Sent',
  received: 'Received by agency',
  acknowledged: 'Acknowledged',
  toll: 'Clock stopped (tolled)',
  resume: 'Clock resumed',
  extension: 'Extension (unusual circumstances)',
  'interim-production': 'Interim production',
  determination: 'Final determination',
  'appeal-filed': 'Appeal filed',
  'appeal-decided': 'Appeal decided',
  litigation: 'Litigation',
};

/** Events only the agency can make happen: they cannot predate its receipt of the request. */
export const AGENCY_EVENTS: readonly EventType[] = ['acknowledged', 'toll', 'extension', 'interim-production', 'determination', 'appeal-decided'];

/** Events that exist only for FOIA-style requests with statutory clocks. */
export const CLOCK_EVENTS: readonly EventType[] = ['toll', 'resume', 'extension', 'appeal-filed', 'appeal-decided'];

export const TOLL_REASONS = ['information', 'fees'] as const;
export type TollReason = (typeof TOLL_REASONS)[number];

export const DETERMINATIONS = ['full-grant', 'partial-grant', 'denial', 'no-records', 'withdrawn'] as const;
export type Determination = (typeof DETERMINATIONS)[number];
export const ADVERSE: readonly Determination[] = ['partial-grant', 'denial', 'no-records'];

export const APPEAL_OUTCOMES = ['granted', 'partly-granted', 'denied', 'remanded'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

/** FOIA exemptions, 5 U.S.C. 552(b). (b)(3) must name its statute. */
export const EXEMPTIONS = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7A', 'b7B', 'b7C', 'b7D', 'b7E', 'b7F', 'b8', 'b9'] as const;
export type Exemption = (typeof EXEMPTIONS)[number];
export const exemptionLabel = (e: Exemption) => (e.startsWith('b7') ? `(b)(7)(${e.slice(2)})` : `(b)(${e.slice(1)})`);

export const STATUSES = [
  'draft',
  'submitted',
  'acknowledged',
  'needs-clarification',
  'payment-required',
  'partial',
  'done',
  'partially-granted',
  'rejected',
  'no-records',
  'withdrawn',
  'appealing',
  'appeal-decided',
  'remanded',
  'in-litigation',
] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draft (not sent)',
  submitted: 'Submitted',
  acknowledged: 'Acknowledged',
  'needs-clarification': 'Needs clarification',
  'payment-required': 'Payment required',
  partial: 'Partly produced',
  done: 'Done (granted in full)',
  'partially-granted': 'Partly granted',
  rejected: 'Rejected',
  'no-records': 'No records',
  withdrawn: 'Withdrawn',
  appealing: 'Appealing',
  'appeal-decided': 'Appeal decided',
  remanded: 'Remanded to the agency',
  'in-litigation': 'In litigation',
};
/** Statuses where the agency still owes an answer. */
export const OPEN_STATUSES: readonly Status[] = ['submitted', 'acknowledged', 'needs-clarification', 'payment-required', 'partial', 'appealing', 'remanded', 'in-litigation'];

/** Where a document stands in review. */
export const REVIEW_STATUSES = ['unreviewed', 'responsive', 'non-responsive', 'needs-redaction', 'privileged'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const RATINGS = ['hot', 'warm', 'cold'] as const;
export type Rating = (typeof RATINGS)[number];

/** Grounds for withholding from a committee, a court or a requester. */
export const PRIVILEGE_BASES = [
  'attorney-client',
  'work-product',
  'deliberative-process',
  'presidential-communications',
  'law-enforcement',
  'state-secrets',
  'speech-or-debate',
  'other',
] as const;
export type PrivilegeBasis = (typeof PRIVILEGE_BASES)[number];
export const privilegeLabel = (p: PrivilegeBasis) => p.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * Keyboard review: j/k step through the results, 1–5 set the status (in
 * REVIEW_STATUSES order), 6/7/8 the rating (hot, warm, cold), 0 clears it.
 * Tags may take any other letter as their one-key shortcut.
 */
/** `nextInBatch` (Shift+J: a bigger step than j) opens the next document of one's review batches; every plain letter may be a tag's. */
export const REVIEW_NAV_KEYS = { next: 'j', previous: 'k', nextInBatch: 'J' } as const;
export const TAG_SHORTCUT_KEYS = 'abcdefghilmnopqrstuvwxyz'.split('');

/** How a disclosure came in. */
export const DISCLOSURE_CHANNELS = ['email', 'phone', 'in-person', 'letter', 'secure-drop', 'referral'] as const;
export type DisclosureChannel = (typeof DISCLOSURE_CHANNELS)[number];

/** The categories of 5 U.S.C. 2302(b)(8) and 1213. */
export const ALLEGATIONS = ['violation-of-law', 'gross-mismanagement', 'gross-waste', 'abuse-of-authority', 'danger-to-health-or-safety'] as const;
export type Allegation = (typeof ALLEGATIONS)[number];

export const DISCLOSURE_STATUSES = ['intake', 'under-review', 'referred', 'investigating', 'closed'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

/** The source's relation to the agency. */
export const SOURCE_RELATIONS = ['employee', 'former-employee', 'applicant', 'contractor', 'other'] as const;
/** What the source agreed to: nothing known to anyone (anonymous), known to the office only, or named with consent. */
export const CONSENT_LEVELS = ['anonymous', 'confidential', 'consented'] as const;

/** A contact with the source, on the disclosure's timeline. */
export const CONTACT_KINDS = ['phone', 'email', 'meeting', 'letter', 'secure-message', 'other'] as const;
export const CONTACT_DIRECTIONS = ['from-source', 'to-source'] as const;

/** Where a disclosure may be referred onward. */
export const REFERRAL_RECIPIENTS = ['inspector-general', 'osc', 'gao', 'committee', 'agency', 'other'] as const;
export const REFERRAL_RECIPIENT_LABELS: Record<(typeof REFERRAL_RECIPIENTS)[number], string> = {
  'inspector-general': 'Inspector general',
  osc: 'Office of Special Counsel',
  gao: 'GAO',
  committee: 'Another committee',
  agency: 'The agency',
  other: 'Other',
};

/** A reference typed where a request or a disclosure may go: disclosures are DIS-YYYY-NNNN, anything else is a request's. */
export const linkTarget = (reference: string): { request: string } | { disclosure: string } =>
  /^DIS-/i.test(reference.trim()) ? { disclosure: reference.trim() } : { request: reference.trim() };
