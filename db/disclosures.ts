/** Disclosures, their links, and the sealed identities of their sources. */
import type { Database } from 'better-sqlite3';
import { prepared } from './prepared.ts';
import type { Writer } from './store.ts';

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

export const listDisclosures = (db: Database, status?: string) =>
  (status
    ? prepared(db, 'SELECT * FROM disclosures WHERE status = ? ORDER BY received_on DESC, id DESC').all(status)
    : prepared(db, 'SELECT * FROM disclosures ORDER BY received_on DESC, id DESC').all()) as DisclosureRow[];

/** The next DIS-YYYY-NNNN of a year (inside the caller's write). */
export function claimDisclosureReference(db: Database, year: number): string {
  const name = `disclosure-reference-${year}`;
  const last = (prepared(db, 'SELECT value FROM counters WHERE name = ?', 'pluck').get(name) as number | undefined) ?? 0;
  prepared(db, 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, last + 1);
  return `DIS-${year}-${String(last + 1).padStart(4, '0')}`;
}

/** Insert a disclosure. Its audit row names the fields, never the source (only whether one is on file). */
export function insertDisclosure(w: Writer, reference: string, f: DisclosureFields, identity: { nonce: Buffer; ciphertext: Buffer } | null): number {
  const id = Number(
    prepared(
      w.db,
      `INSERT INTO disclosures (reference, received_on, channel, summary, agencies, allegations, tags, retaliation, personnel_action, classified, status, assignee, pseudonym, created_at, updated_at)
       VALUES (@reference, @received_on, @channel, @summary, @agencies, @allegations, @tags, @retaliation, @personnel_action, @classified, @status, @assignee, @pseudonym, @at, @at)`,
    ).run({
      ...f,
      reference,
      agencies: JSON.stringify(f.agencies),
      allegations: JSON.stringify(f.allegations),
      tags: JSON.stringify(f.tags),
      retaliation: f.retaliation ? 1 : 0,
      classified: f.classified ? 1 : 0,
      at: w.at,
    }).lastInsertRowid,
  );
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

export const documentsOfDisclosure = (db: Database, id: number) =>
  prepared(db, 'SELECT d.id, d.name, d.type FROM document_disclosures dd JOIN documents d ON d.id = dd.document_id WHERE dd.disclosure_id = ? ORDER BY d.id').all(id) as {
    id: number;
    name: string;
    type: string;
  }[];

export function linkDocumentToDisclosure(w: Writer, documentId: number, disclosureId: number, reference: string): boolean {
  const changed = prepared(w.db, 'INSERT OR IGNORE INTO document_disclosures (document_id, disclosure_id) VALUES (?, ?)').run(documentId, disclosureId).changes > 0;
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
