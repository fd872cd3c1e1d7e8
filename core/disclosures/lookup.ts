import type { Database } from 'better-sqlite3';
import type { Reader } from '../../db/engine.ts';
import { disclosureByReference, disclosureByReferenceSync, type DisclosureRow } from '../../db/disclosures.ts';
import { AppError } from '../errors.ts';

/** The disclosure a user named by its reference, or NOT_FOUND naming the field it was given in. */
export async function requireDisclosure(q: Reader, reference: string, field = 'reference'): Promise<DisclosureRow> {
  return found(await disclosureByReference(q, reference), reference, field);
}

/** The same on the synchronous connection, for the document filters until they move to the engine. */
export const requireDisclosureSync = (db: Database, reference: string, field = 'reference'): DisclosureRow => found(disclosureByReferenceSync(db, reference), reference, field);

function found(d: DisclosureRow | undefined, reference: string, field: string): DisclosureRow {
  if (!d) throw new AppError('NOT_FOUND', `${field}: there is no disclosure ${reference.slice(0, 40)}.`);
  return d;
}
