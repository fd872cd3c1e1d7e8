import type { Database } from 'better-sqlite3';
import { disclosureByReference, type DisclosureRow } from '../../db/disclosures.ts';
import { AppError } from '../errors.ts';

/** The disclosure a user named by its reference, or NOT_FOUND naming the field it was given in. */
export function requireDisclosure(db: Database, reference: string, field = 'reference'): DisclosureRow {
  const d = disclosureByReference(db, reference);
  if (!d) throw new AppError('NOT_FOUND', `${field}: there is no disclosure ${reference.slice(0, 40)}.`);
  return d;
}
