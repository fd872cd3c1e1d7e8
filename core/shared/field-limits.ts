/**
 * The longest text each field a person types may hold. The API's schemas
 * refuse more (core/api*.ts read their maximums from here) and the forms show
 * the same numbers under their fields, so the two cannot drift apart.
 */
export const FIELD_LIMITS = {
  request: { subject: 500, recordsSought: 20_000, requester: 200, assignee: 200, notes: 100_000, trackingNumber: 100 },
  event: { statute: 300, note: 10_000 },
  agency: { name: 200, abbreviation: 40, notes: 10_000 },
  closure: { reason: 200 },
  profile: { userName: 200, officeName: 200 },
  disclosure: { summary: 20_000, personnelAction: 2000, assignee: 200, pseudonym: 100, agency: 200, tag: 100 },
  reveal: { purpose: 500 },
  source: { name: 500, contact: 2000, mayShare: 2000 },
  contact: { summary: 20_000 },
  referral: { recipient: 300, caseNumber: 100, note: 5000 },
  tag: { name: 100 },
  review: { notes: 20_000, logDescription: 2000 },
  savedSearch: { name: 200 },
  production: { name: 200, recipient: 200, batesPrefix: 20 },
} as const;
