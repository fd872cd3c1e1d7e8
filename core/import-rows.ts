/**
 * All-or-nothing imports: every row is tried inside one write; each row's
 * AppError is kept with its line, and if any row failed the whole write is
 * rolled back, so a file either lands whole or not at all.
 */
import type { ImportReport } from './api.ts';
import { AppError } from './errors.ts';
import type { Writer, WorkspaceStore } from '../db/store.ts';

class RollBack extends Error {}

export async function importRows<R extends { line: number }>(
  store: WorkspaceStore,
  actor: string,
  rows: readonly R[],
  apply: (w: Writer, row: R) => Promise<'created' | 'updated'>,
  earlier: ImportReport['errors'] = [],
): Promise<ImportReport> {
  // Rows that failed to parse are reported with the rest; the others are still tried, so one
  // pass lists every problem in the file.
  const errors = [...earlier];
  const done = { created: 0, updated: 0 };
  try {
    await store.write(actor, async (w) => {
      for (const row of rows) {
        try {
          done[await apply(w, row)]++;
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          errors.push({ line: row.line, message: e.message });
        }
      }
      if (errors.length) throw new RollBack();
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
    return { created: 0, updated: 0, errors: errors.sort((a, b) => a.line - b.line) };
  }
  errors.sort((a, b) => a.line - b.line);
  return { ...done, errors };
}
