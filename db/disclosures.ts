/** Disclosures, their links, and the sealed identities of their sources. */
import { claimCounter } from './counters.ts';
import { containing } from './like.ts';
import type { Reader } from './engine.ts';
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
  /** Raised by one with each edit (migration 27). */
  version: number;
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

export const disclosureById = (q: Reader, id: number) => q.get<DisclosureRow>('SELECT * FROM disclosures WHERE id = ?', [id]);

export const disclosureByReference = (q: Reader, reference: string) => q.get<DisclosureRow>('SELECT * FROM disclosures WHERE lower(reference) = lower(?)', [reference]);

/**
 * Disclosures, newest first; `text` finds them by reference or pseudonym (any
 * part, any case). The sealed identity is ciphertext and is never searched.
 * Any case on both engines (LIKE ignores case on SQLite, not on PostgreSQL): both sides lowered.
 * The optional filters are cast because PostgreSQL cannot type a bare `$1 IS NULL`;
 * "all" leaves LIMIT out, since no bound value means "no limit" on both engines.
 */
export async function listDisclosures(q: Reader, status?: string, text?: string, limit = -1): Promise<DisclosureRow[]> {
  const like = text === undefined ? null : containing(text);
  const filters = { status: status ?? null, like };
  return q.all<DisclosureRow>(disclosureListSql(limit >= 0), limit < 0 ? filters : { ...filters, limit });
}

/** listDisclosures' SQL, with `@limit` or without a LIMIT. */
export const disclosureListSql = (limited: boolean) =>
  `SELECT * FROM disclosures WHERE (CAST(@status AS TEXT) IS NULL OR status = @status)
       AND (CAST(@like AS TEXT) IS NULL OR lower(reference) LIKE lower(@like) ESCAPE '\\' OR lower(pseudonym) LIKE lower(@like) ESCAPE '\\')
     ORDER BY received_on DESC, id DESC${limited ? ' LIMIT @limit' : ''}`;

/** The next DIS-YYYY-NNNN of a year (inside the caller's write). */
export async function claimDisclosureReference(w: Writer, year: number): Promise<string> {
  const next = await claimCounter(w, `disclosure-reference-${year}`, () => Promise.resolve(1));
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

/**
 * Insert a disclosure, granting it to `grantees` (team workspaces: whoever logs it and a member it
 * is assigned to). Its audit row names the fields, never the source (only whether one is on file).
 * The grants come first: on PostgreSQL the rows hanging off the disclosure, and its history, are
 * written only by someone who sees it (migration 25).
 */
export async function insertDisclosure(
  w: Writer,
  reference: string,
  f: DisclosureFields,
  identity: { nonce: Buffer; ciphertext: Buffer } | null,
  /** `sealedAfter`: the caller seals the identity itself in this write (under the disclosure's own key, team-keys.ts). */
  { grantees = [], sealedAfter = false }: { grantees?: readonly string[]; sealedAfter?: boolean } = {},
): Promise<number> {
  // PostgreSQL: no RETURNING, which would ask to read the new row before its creator is granted it
  // (migration 25); the id is the identity sequence's value this session just took.
  const insert = `INSERT INTO disclosures (reference, received_on, channel, summary, agencies, allegations, tags, retaliation, personnel_action, classified, status, assignee, pseudonym, created_at, updated_at)
       VALUES (@reference, @received_on, @channel, @summary, @agencies, @allegations, @tags, @retaliation, @personnel_action, @classified, @status, @assignee, @pseudonym, @at, @at)`;
  const values = { ...toColumns(f), reference, at: w.at };
  let id: number;
  if (w.kind === 'postgres') {
    await w.run(insert, values);
    id = Number((await w.get<{ id: number }>("SELECT currval(pg_get_serial_sequence('disclosures', 'id')) AS id"))!.id);
  } else id = (await w.run(`${insert} RETURNING id`, values)).lastId!;
  for (const login of new Set(grantees)) await putGrant(w, id, login);
  if (identity) await w.run('INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext) VALUES (?, ?, ?)', [id, identity.nonce, identity.ciphertext]);
  await w.audit({ action: 'disclosures.create', entity: 'disclosure', entityId: reference, after: { ...f, sourceIdentity: identity || sealedAfter ? 'sealed' : 'none' } });
  return id;
}

/** BLOBs come back as Buffers on both engines (bytea on PostgreSQL). */
export const sealedIdentity = (q: Reader, disclosureId: number) =>
  q.get<{ nonce: Buffer; ciphertext: Buffer }>('SELECT nonce, ciphertext FROM disclosure_identities WHERE disclosure_id = ?', [disclosureId]);

export interface KeyringRow {
  salt: Buffer;
  kdf: string;
  nonce: Buffer;
  verifier: Buffer;
}

export const keyring = (q: Reader) => q.get<KeyringRow>('SELECT salt, kdf, nonce, verifier FROM identity_keyring WHERE id = 1');

export async function createKeyring(w: Writer, k: KeyringRow): Promise<void> {
  await w.run('INSERT INTO identity_keyring (id, salt, kdf, nonce, verifier, created_at) VALUES (1, ?, ?, ?, ?, ?)', [k.salt, k.kdf, k.nonce, k.verifier, w.at]);
  await w.audit({ action: 'identity.keyring', entity: 'keyring', entityId: '1', after: { kdf: JSON.parse(k.kdf) as unknown } });
}

/** Every identity sealed under the office passphrase, with the reference it is bound to (those under their disclosure's own key are team-keys.ts's). */
export const allSealedIdentities = (q: Reader) =>
  q.all<{
    id: number;
    reference: string;
    nonce: Buffer;
    ciphertext: Buffer;
  }>("SELECT i.disclosure_id AS id, d.reference, i.nonce, i.ciphertext FROM disclosure_identities i JOIN disclosures d ON d.id = i.disclosure_id WHERE i.sealed_with = 'office' ORDER BY i.disclosure_id");

/**
 * A new keyring (salt, parameters, verifier) and every identity re-sealed
 * under it, with one history entry that says what happened, never a key.
 */
export async function rewrapKeyring(w: Writer, k: KeyringRow, identities: { id: number; nonce: Buffer; ciphertext: Buffer }[], action: string, detail: Record<string, unknown>): Promise<void> {
  await w.run('UPDATE identity_keyring SET salt = ?, kdf = ?, nonce = ?, verifier = ? WHERE id = 1', [k.salt, k.kdf, k.nonce, k.verifier]);
  for (const i of identities) await w.run('UPDATE disclosure_identities SET nonce = ?, ciphertext = ? WHERE disclosure_id = ?', [i.nonce, i.ciphertext, i.id]);
  await w.audit({ action, entity: 'keyring', entityId: '1', after: { ...detail, kdf: JSON.parse(k.kdf) as unknown } });
}

export interface GrantRow {
  login: string;
  granted_by: string;
  granted_at: string;
}

/** Who is granted a disclosure (need-to-know, migration 25), in the order they were granted. */
export const grantsOf = (q: Reader, disclosureId: number) =>
  q.all<GrantRow>('SELECT login, granted_by, granted_at FROM disclosure_grants WHERE disclosure_id = ? ORDER BY granted_at, login', [disclosureId]);

/** Grant a login a disclosure; false when it already was. The caller audits. */
export async function putGrant(w: Writer, disclosureId: number, login: string): Promise<boolean> {
  const sql = 'INSERT INTO disclosure_grants (disclosure_id, login, granted_by, granted_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING';
  return (await w.run(sql, [disclosureId, login, w.actor, w.at])).changes > 0;
}

/** Take a login's grant away; false when it had none. The caller audits (before: see insertDisclosure). */
export async function deleteGrant(w: Writer, disclosureId: number, login: string): Promise<boolean> {
  return (await w.run('DELETE FROM disclosure_grants WHERE disclosure_id = ? AND login = ?', [disclosureId, login])).changes > 0;
}

export const documentsOfDisclosure = (q: Reader, id: number) =>
  q.all<{
    id: number;
    name: string;
    type: string;
  }>('SELECT d.id, d.name, d.type FROM document_disclosures dd JOIN documents d ON d.id = dd.document_id WHERE dd.disclosure_id = ? ORDER BY d.id', [id]);

export async function linkDocumentToDisclosure(w: Writer, documentId: number, disclosureId: number, reference: string): Promise<boolean> {
  const changed = (await w.run('INSERT INTO document_disclosures (document_id, disclosure_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [documentId, disclosureId])).changes > 0;
  if (changed) await w.audit({ action: 'documents.link', entity: 'document', entityId: String(documentId), after: { disclosure: reference } });
  return changed;
}

export async function unlinkDocumentFromDisclosure(w: Writer, documentId: number, disclosureId: number, reference: string): Promise<boolean> {
  const changed = (await w.run('DELETE FROM document_disclosures WHERE document_id = ? AND disclosure_id = ?', [documentId, disclosureId])).changes > 0;
  if (changed) await w.audit({ action: 'documents.unlink', entity: 'document', entityId: String(documentId), before: { disclosure: reference } });
  return changed;
}

export const disclosuresOfDocument = async (q: Reader, documentId: number) =>
  (await q.all<{ reference: string }>('SELECT s.reference FROM document_disclosures dd JOIN disclosures s ON s.id = dd.disclosure_id WHERE dd.document_id = ? ORDER BY s.reference', [documentId])).map((r) => r.reference);


/** Change a disclosure's fields; the audit row holds only what changed. */
export async function updateDisclosure(w: Writer, id: number, reference: string, before: DisclosureFields, after: DisclosureFields): Promise<void> {
  await w.run(
    `UPDATE disclosures SET received_on = @received_on, channel = @channel, summary = @summary, agencies = @agencies, allegations = @allegations,
       tags = @tags, retaliation = @retaliation, personnel_action = @personnel_action, classified = @classified, status = @status,
       assignee = @assignee, pseudonym = @pseudonym, updated_at = @at, version = version + 1 WHERE id = @id`,
    { ...toColumns(after), id, at: w.at },
  );
  await w.audit({ action: 'disclosures.update', entity: 'disclosure', entityId: reference, ...fieldChanges(before, after) });
}

/** Put a (re-)sealed identity on file; the audit row says only that it changed. */
export async function replaceIdentity(w: Writer, id: number, reference: string, sealed: { nonce: Buffer; ciphertext: Buffer }): Promise<void> {
  const had = (await sealedIdentity(w, id)) !== undefined;
  await w.run(
    "INSERT INTO disclosure_identities (disclosure_id, nonce, ciphertext) VALUES (?, ?, ?) ON CONFLICT(disclosure_id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, sealed_with = 'office', rotate = 0",
    [id, sealed.nonce, sealed.ciphertext],
  );
  await identityChanged(w, id, reference, had);
}

/** Say that a disclosure's identity was put on file or changed (it was sealed by the caller); the audit row never holds it. */
export async function identityChanged(w: Writer, id: number, reference: string, had: boolean): Promise<void> {
  await w.run('UPDATE disclosures SET updated_at = ? WHERE id = ?', [w.at, id]);
  await w.audit({ action: 'disclosures.identity', entity: 'disclosure', entityId: reference, before: { sourceIdentity: had ? 'sealed' : 'none' }, after: { sourceIdentity: had ? 'sealed (changed)' : 'sealed' } });
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

export const contactsOf = (q: Reader, disclosureId: number) =>
  q.all<ContactRow>('SELECT id, contacted_on, kind, direction, summary, created_by, created_at FROM disclosure_contacts WHERE disclosure_id = ? ORDER BY contacted_on, id', [disclosureId]);

export async function insertContact(w: Writer, disclosureId: number, reference: string, c: Pick<ContactRow, 'contacted_on' | 'kind' | 'direction' | 'summary'>): Promise<number> {
  const { lastId: id } = await w.run(
    'INSERT INTO disclosure_contacts (disclosure_id, contacted_on, kind, direction, summary, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
    [disclosureId, c.contacted_on, c.kind, c.direction, c.summary, w.actor, w.at],
  );
  await w.audit({ action: 'disclosures.contact', entity: 'disclosure', entityId: reference, after: { contact: id, ...c } });
  return id!;
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

export const referralsOf = (q: Reader, disclosureId: number) => q.all<ReferralRow>('SELECT * FROM disclosure_referrals WHERE disclosure_id = ? ORDER BY referred_on, id', [disclosureId]);

export const referralById = (q: Reader, disclosureId: number, id: number) => q.get<ReferralRow>('SELECT * FROM disclosure_referrals WHERE disclosure_id = ? AND id = ?', [disclosureId, id]);

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

export async function insertReferral(w: Writer, disclosureId: number, reference: string, r: ReferralFields): Promise<number> {
  const { lastId: id } = await w.run(
    `INSERT INTO disclosure_referrals (disclosure_id, referred_on, recipient_kind, recipient, case_number, shares_identity, consent_on_file, warnings, note, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [disclosureId, r.referred_on, r.recipient_kind, r.recipient, r.case_number, r.shares_identity ? 1 : 0, r.consent_on_file ? 1 : 0, JSON.stringify(r.warnings), r.note, w.actor, w.at],
  );
  await w.audit({ action: 'disclosures.refer', entity: 'disclosure', entityId: reference, after: { referral: id, ...r } });
  return id!;
}

/** The recipient's case number, which often arrives weeks after the referral. */
export async function setReferralCaseNumber(w: Writer, referral: ReferralRow, reference: string, caseNumber: string): Promise<void> {
  await w.run('UPDATE disclosure_referrals SET case_number = ? WHERE id = ?', [caseNumber, referral.id]);
  await w.audit({ action: 'disclosures.referralCase', entity: 'disclosure', entityId: reference, before: { referral: referral.id, case_number: referral.case_number }, after: { referral: referral.id, case_number: caseNumber } });
}

export const requestsOfDisclosure = (q: Reader, disclosureId: number) =>
  q.all<{ reference: string; subject: string; status: string; agency: string }>(
    `SELECT r.reference, r.subject, r.status, a.abbreviation AS agency FROM request_disclosures rd
       JOIN requests r ON r.id = rd.request_id JOIN agencies a ON a.id = r.agency_id
     WHERE rd.disclosure_id = ? ORDER BY r.reference`,
    [disclosureId],
  );

export const disclosuresOfRequest = (q: Reader, requestId: number) =>
  q.all<{ reference: string; status: string; receivedOn: string }>(
    `SELECT s.reference, s.status, s.received_on AS "receivedOn" FROM request_disclosures rd JOIN disclosures s ON s.id = rd.disclosure_id
     WHERE rd.request_id = ? ORDER BY s.reference`,
    [requestId],
  );

/** Link or unlink a request; audited on both sides' histories (the disclosure's and the request's). */
export async function setRequestLink(w: Writer, link: boolean, requestId: number, requestRef: string, disclosureId: number, disclosureRef: string): Promise<boolean> {
  const sql = link ? 'INSERT INTO request_disclosures (request_id, disclosure_id) VALUES (?, ?) ON CONFLICT DO NOTHING' : 'DELETE FROM request_disclosures WHERE request_id = ? AND disclosure_id = ?';
  const changed = (await w.run(sql, [requestId, disclosureId])).changes > 0;
  if (changed) {
    const action = link ? 'disclosures.linkRequest' : 'disclosures.unlinkRequest';
    const side = link ? 'after' : 'before';
    await w.audit({ action, entity: 'disclosure', entityId: disclosureRef, [side]: { request: requestRef } });
    await w.audit({ action, entity: 'request', entityId: requestRef, [side]: { disclosure: disclosureRef } });
  }
  return changed;
}
