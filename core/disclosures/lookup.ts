import type { Reader } from '../../db/engine.ts';
import { disclosureByReference, type DisclosureRow } from '../../db/disclosures.ts';
import { AppError } from '../errors.ts';

/** The disclosure a user named by its reference, or NOT_FOUND naming the field it was given in. */
export async function requireDisclosure(q: Reader, reference: string, field = 'reference'): Promise<DisclosureRow> {
  const d = await disclosureByReference(q, reference);
  if (!d) throw new AppError('NOT_FOUND', `${field}: there is no disclosure ${reference.slice(0, 40)}.`);
  return d;
}
