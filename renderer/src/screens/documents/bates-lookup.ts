/** A search box's text taken as a Bates number, range or start of one, when it may be one; null otherwise (a search word, or nothing numbered so). */
import type { BatesLookupOut } from '../../../../core/api.ts';
import { batesQuery, splitBates } from '../../../../core/shared/bates-number.ts';
import { call } from '../../api/client.ts';

export async function lookUpBates(text: string): Promise<BatesLookupOut | null> {
  const typed = text.trim();
  // Ends in digits (the workspace may know a short prefix) or reads as a range: ask; words never reach the look-up.
  if (!typed || (!batesQuery(typed) && (!splitBates(typed) || /\s/.test(typed)))) return null;
  return call('documents.byBates', { bates: typed.slice(0, 200) }).then(
    (r) => r,
    () => null,
  );
}
