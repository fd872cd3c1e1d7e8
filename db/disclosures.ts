/** Disclosures, their links, and the sealed identities of their sources. */
import type { Database } from 'better-sqlite3';
import { claimCounterSync } from './counters.ts';
import { insertedId, prepared } from './prepared.ts';
import type { Writer } from './store.ts';
import { fieldChanges } from './field-changes.ts';

export interface DisclosureRow {
  id: number;
  reference: string;
  received_on: string;
  channel: string;
  summary: string;
  agencies: string;
  allegations: string;
  tags: string;
  retaliation: number;
  personnel_action: string;
  classified: number;
  status: string;
  assignee: string;
  pseudonym: string;
  created_at: string;
  updated_at: string;
}

/** The disclosure's own fields as stored (JSON lists parsed): what an edit compares. */
export function fieldsOfDisclosure(d: DisclosureRow): DisclosureFields {
  return {
    received_on: d.received_on,
    channel: d.channel,
    summary: d.summary,
    agencies: JSON.parse(d.agencies) as number[],
    allegations: JSON.parse(d.allegations) as string[],
    tags: JSON.parse(d.tags) as string[],
    retaliation: d.retaliation === 1,
    personnel_action: d.personnel_action,
    classified: d.classified === 1,
    status: d.status,
    assignee: d.assignee,
    pseudonym: d.pseudonym,
  };
}

export interface DisclosureFields {
  received_on: string;
  channel: string;
  summary: string;
  agencies: number[];
  allegations: string[];
  tags: string[];
  retaliation: boolean;
  personnel_action: string;
  classified: boolean;
  status: string;
  assignee: string;
  pseudonym: string;
}

export const disclosureByReference = (db: Database, reference: string) =>
  prepared(db, 'SELECT * FROM disclosures WHERE reference = ? COLLATE NOCASE').get(reference) as DisclosureRow | undefined;

/**
 * Disclosures, newest first; `text` finds them by reference or pseudonym (any
 * part, any case). The sealed identity is ciphertext and is never searched.
 * The optional filters are cast because PostgreSQL cannot type a bare `$1 IS NULL`;
 * "all" leaves LIMIT out, since no bound value means "no limit" on both engines.
 */
export function listDisclosures(db: Database, status?: string, text?: string, limit = -1): DisclosureRow[] {
  const like = text === undefined ? null : `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const filters = { status: status ?? null, like };
  return prepared(db, disclosureListSql(limit >= 0)).all(limit < 0 ? filters : { ...filters, limit }) as DisclosureRow[];
}

/** listDisclosures' SQL, with `@limit` or without a LIMIT. */
export const disclosureListSql = (limited: boolean) =>
  `SELECT * FROM disclosures WHERE (CAST(@status AS TEXT) IS NULL OR status = @status)
       AND (CAST(@like AS TEXT) IS NULL OR reference LIKE @like ESCAPE '\\' OR pseudonym LIKE @like ESCAPE '\\')
     ORDER BY received_on DESC, id DESC${limited ? ' LIMIT @limit' : ''}`;

/** The next DIS-YYYY-NNNN of a year (inside the caller's write). */
export function claimDisclosureReference(db: Database, year: number): string {
  const next = claimCounterSync(db, `disclosure-reference-${year}`, () => 1);
  return `DIS-${year}-${String(next).padStart(4, '0')}`;
}

const toColumns = (f: DisclosureFields) => ({
  ...f,
  agencies: JSON.stringify(f.agencies),
  allegations: JSON.stringify(f.allegations),
  tags: JSON.stringify(f.tags),
  retaliation: f.retaliation ? 1 : 0,
  classified: f.classified ? 1 : 0,
});

/** Insert a disclosure. Its audit row names the fields, never the source (only whether one is on file). */
export function insertDisclosure(w: Writer, reference: string, f: DisclosureFields, identity: { nonce: Buffer; ciphertext: Buffer } | null): number {
  const id = insertedId(w.db, `INSERT INTO disclosures (reference, received_on, channel, summary, agencies, allegations, tags, retaliation, personnel_action, classified, status, assignee, pseudonym, created_at, updated_at)
       VALUES (@reference, @received_on, @channel, @summary, @agencies, @allegations, @tags, @retaliation, @personnel_action, @classified, @status, @assignee, @pseudonym, @at, @at) RETURNING id`, { ...toColumns(f), reference, at: w.at });
  if (identity) prepared(w.db, 'INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext) VALUES (?, ?, ?)').run(id, identity.nonce, identity.ciphertext);
  w.audit({ action: 'disclosures.create', entity: 'disclosure', entityId: reference, after: { ...f, sourceIdentity: identity ? 'sealed' : 'none' } });
  return id;
}

export const sealedIdentity = (db: Database, disclosureId: number) =>
  prepared(db, 'SELECT nonce, ciphertext FROM disclosure_identities WHERE disclosure_id = ?').get(disclosureId) as { nonce: Buffer; ciphertext: Buffer } | undefined;

export interface KeyringRow {
  salt: Buffer;
  kdf: string;
  nonce: Buffer;
  verifier: Buffer;
}

export const keyring = (db: Database) => prepared(db, 'SELECT salt, kdf, nonce, verifier FROM identity_keyring WHERE id = 1').get() as KeyringRow | undefined;

export function createKeyring(w: Writer, k: KeyringRow): void {
  prepared(w.db, 'INSERT INTO identity_keyring (id, salt, kdf, nonce, verifier, created_at) VALUES (1, ?, ?, ?, ?, ?)').run(k.salt, k.kdf, k.nonce, k.verifier, w.at);
  w.audit({ action: 'identity.keyring', entity: 'keyring', entityId: '1', after: { kdf: JSON.parse(k.kdf) as unknown } });
}

/** Every sealed identity, with the reference it is bound to. */
export const allSealedIdentities = (db: Database) =>
  prepared(db, 'SELECT i.disclosure_id AS id, d.reference, i.nonce, i.ciphertext FROM disclosure_identities i JOIN disclosures d ON d.id = i.disclosure_id ORDER BY i.disclosure_id').all() as {
    id: number;
    reference: string;
    nonce: Buffer;
    ciphertext: Buffer;
  }[];

/**
 * A new keyring (salt, parameters, verifier) and every identity re-sealed
 * under it, with one history entry that says what happened, never a key.
 */
export function rewrapKeyring(w: Writer, k: KeyringRow, identities: { id: number; nonce: Buffer; ciphertext: Buffer }[], action: string, detail: Record<string, unknown>): void {
  prepared(w.db, 'UPDATE identity_keyring SET salt = ?, kdf = ?, nonce = ?, verifier = ? WHERE id = 1').run(k.salt, k.kdf, k.nonce, k.verifier);
  const update = prepared(w.db, 'UPDATE disclosure_identities SET nonce = ?, ciphertext = ? WHERE disclosure_id = ?');
  for (const i of identities) update.run(i.nonce, i.ciphertext, i.id);
  w.audit({ action, entity: 'keyring', entityId: '1', after: { ...detail, kdf: JSON.parse(k.kdf) as unknown } });
}

export const documentsOfDisclosure = (db: Database, id: number) =>
  prepared(db, 'SELECT d.id, d.name, d.type FROM document_disclosures dd JOIN documents d ON d.id = dd.document_id WHERE dd.disclosure_id = ? ORDER BY d.id').all(id) as {
    id: number;
    name: string;
    type: string;
  }[];

export function linkDocumentToDisclosure(w: Writer, documentId: number, disclosureId: number, reference: string): boolean {
  const changed = prepared(w.db, 'INSERT INTO document_disclosures (document_id, disclosure_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(documentId, disclosureId).changes > 0;
  if (changed) w.audit({ action: 'documents.link', entity: 'document', entityId: String(documentId), after: { disclosure: reference } });
  return changed;
}

export function unlinkDocumentFromDisclosure(w: Writer, documentId: number, disclosureId: number, reference: string): boolean {
  const changed = prepared(w.db, 'DELETE FROM document_disclosures WHERE document_id = ? AND disclosure_id = ?').run(documentId, disclosureId).changes > 0;
  if (changed) w.audit({ action: 'documents.unlink', entity: 'document', entityId: String(documentId), before: { disclosure: reference } });
  return changed;
}

export const disclosuresOfDocument = (db: Database, documentId: number) =>
  prepared(db, 'SELECT s.reference FROM document_disclosures dd JOIN disclosures s ON s.id = dd.disclosure_id WHERE dd.document_id = ? ORDER BY s.reference', 'pluck').all(documentId) as string[];

/** Change a disclosure's fields; the audit row holds only what changed. */
export function updateDisclosure(w: Writer, id: number, reference: string, before: DisclosureFields, after: DisclosureFields): void {
  prepared(
    w.db,
    `UPDATE disclosures SET received_on = @received_on, channel = @channel, summary = @summary, agencies = @agencies, allegations = @allegations,
       tags = @tags, retaliation = @retaliation, personnel_action = @personnel_action, classified = @classified, status = @status,
       assignee = @assignee, pseudonym = @pseudonym, updated_at = @at WHERE id = @id`,
  ).run({ ...toColumns(after), id, at: w.at });
  w.audit({ action: 'disclosures.update', entity: 'disclosure', entityId: reference, ...fieldChanges(before, after) });
}

/** Put a (re-)sealed identity on file; the audit row says only that it changed. */
export function replaceIdentity(w: Writer, id: number, reference: string, sealed: { nonce: Buffer; ciphertext: Buffer }): void {
  const had = sealedIdentity(w.db, id) !== undefined;
  prepared(w.db, 'INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext) VALUES (?, ?, ?) ON CONFLICT(disclosure_id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext').run(id, sealed.nonce, sealed.ciphertext);
  prepared(w.db, 'UPDATE disclosures SET updated_at = ? WHERE id = ?').run(w.at, id);
  w.audit({ action: 'disclosures.identity', entity: 'disclosure', entityId: reference, before: { sourceIdentity: had ? 'sealed' : 'none' }, after: { sourceIdentity: had ? 'sealed (changed)' : 'sealed' } });
}

export interface ContactRow {
  id: number;
  contacted_on: string;
  kind: string;
  direction: string;
  summary: string;
  created_by: string;
  created_at: string;
}

export const contactsOf = (db: Database, disclosureId: number) =>
  prepared(db, 'SELECT id, contacted_on, kind, direction, summary, created_by, created_at FROM disclosure_contacts WHERE disclosure_id = ? ORDER BY contacted_on, id').all(disclosureId) as ContactRow[];

export function insertContact(w: Writer, disclosureId: number, reference: string, c: Pick<ContactRow, 'contacted_on' | 'kind' | 'direction' | 'summary'>): number {
  const id = insertedId(
    w.db,
    'INSERT INTO disclosure_contacts (disclosure_id, contacted_on, kind, direction, summary, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    disclosureId,
    c.contacted_on,
    c.kind,
    c.direction,
    c.summary,
    w.actor,
    w.at,
  );
  w.audit({ action: 'disclosures.contact', entity: 'disclosure', entityId: reference, after: { contact: id, ...c } });
  return id;
}

export interface ReferralRow {
  id: number;
  referred_on: string;
  recipient_kind: string;
  recipient: string;
  case_number: string;
  shares_identity: number;
  consent_on_file: number;
  warnings: string;
  note: string;
  created_by: string;
  created_at: string;
}

export const referralsOf = (db: Database, disclosureId: number) =>
  prepared(db, 'SELECT * FROM disclosure_referrals WHERE disclosure_id = ? ORDER BY referred_on, id').all(disclosureId) as ReferralRow[];

export const referralById = (db: Database, disclosureId: number, id: number) =>
  prepared(db, 'SELECT * FROM disclosure_referrals WHERE disclosure_id = ? AND id = ?').get(disclosureId, id) as ReferralRow | undefined;

export interface ReferralFields {
  referred_on: string;
  recipient_kind: string;
  recipient: string;
  case_number: string;
  shares_identity: boolean;
  consent_on_file: boolean;
  warnings: string[];
  note: string;
}

export function insertReferral(w: Writer, disclosureId: number, reference: string, r: ReferralFields): number {
  const id = insertedId(w.db, `INSERT INTO disclosure_referrals (disclosure_id, referred_on, recipient_kind, recipient, case_number, shares_identity, consent_on_file, warnings, note, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, disclosureId, r.referred_on, r.recipient_kind, r.recipient, r.case_number, r.shares_identity ? 1 : 0, r.consent_on_file ? 1 : 0, JSON.stringify(r.warnings), r.note, w.actor, w.at);
  w.audit({ action: 'disclosures.refer', entity: 'disclosure', entityId: reference, after: { referral: id, ...r } });
  return id;
}

/** The recipient's case number, which often arrives weeks after the referral. */
export function setReferralCaseNumber(w: Writer, referral: ReferralRow, reference: string, caseNumber: string): void {
  prepared(w.db, 'UPDATE disclosure_referrals SET case_number = ? WHERE id = ?').run(caseNumber, referral.id);
  w.audit({ action: 'disclosures.referralCase', entity: 'disclosure', entityId: reference, before: { referral: referral.id, case_number: referral.case_number }, after: { referral: referral.id, case_number: caseNumber } });
}

export const requestsOfDisclosure = (db: Database, disclosureId: number) =>
  prepared(
    db,
    `SELECT r.reference, r.subject, r.status, a.abbreviation AS agency FROM request_disclosures rd
       JOIN requests r ON r.id = rd.request_id JOIN agencies a ON a.id = r.agency_id
     WHERE rd.disclosure_id = ? ORDER BY r.reference`,
  ).all(disclosureId) as { reference: string; subject: string; status: string; agency: string }[];

export const disclosuresOfRequest = (db: Database, requestId: number) =>
  prepared(
    db,
    `SELECT s.reference, s.status, s.received_on AS receivedOn FROM request_disclosures rd JOIN disclosures s ON s.id = rd.disclosure_id
     WHERE rd.request_id = ? ORDER BY s.reference`,
  ).all(requestId) as { reference: string; status: string; receivedOn: string }[];

/** Link or unlink a request; audited on both sides' histories (the disclosure's and the request's). */
export function setRequestLink(w: Writer, link: boolean, requestId: number, requestRef: string, disclosureId: number, disclosureRef: string): boolean {
  const changed = link
    ? prepared(w.db, 'INSERT INTO request_disclosures (request_id, disclosure_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(requestId, disclosureId).changes > 0
    : prepared(w.db, 'DELETE FROM request_disclosures WHERE request_id = ? AND disclosure_id = ?').run(requestId, disclosureId).changes > 0;
  if (changed) {
    const action = link ? 'disclosures.linkRequest' : 'disclosures.unlinkRequest';
    const side = link ? 'after' : 'before';
    w.audit({ action, entity: 'disclosure', entityId: disclosureRef, [side]: { request: requestRef } });
    w.audit({ action, entity: 'request', entityId: requestRef, [side]: { disclosure: disclosureRef } });
  }
  return changed;
}
