/** Saving and opening files from the page, the same way in Electron and browser mode. */
import type { ImportReport } from '../../core/api.ts';
import { canUpload, upload } from './api/client.ts';
export function saveFile(name: string, content: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Ask for one file; resolves null if the user cancels. */
export function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => resolve(null));
    input.click();
  });
}

/** "date: 2026-12-01 is before …" → { field: 'date', text: '2026-12-01 is before …' } for showing under a field. */
export function splitFieldError(message: string): { field: string | null; text: string } {
  const m = /^(?:[a-z]+\.[A-Za-z]+: )?([A-Za-z][\w.]*): (.+)$/s.exec(message);
  return m ? { field: m[1]!.split('.')[0]!, text: m[2]! } : { field: null, text: message };
}

export const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export interface ImportOutcome {
  error: boolean;
  text: string;
  changed: boolean;
}

/** What an import call takes: the text, or in browser mode (calls are capped at 1 MiB) the id of the file sent ahead. */
export type CsvSource = { csv: string } | { upload: string };

/** Pick a CSV file and import it; the outcome says what happened in words (null if cancelled). */
export async function importCsvFile(run: (source: CsvSource) => Promise<ImportReport>): Promise<ImportOutcome | null> {
  const file = await pickFile('.csv,text/csv');
  if (!file) return null;
  try {
    const r = await run(canUpload ? { upload: await upload(file, file.name, file.lastModified) } : { csv: await file.text() });
    if (r.errors.length) {
      return { error: true, changed: false, text: `Nothing was imported from ${file.name}. Fix these lines and try again:\n${r.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n')}` };
    }
    return { error: false, changed: true, text: `${file.name}: ${r.created} added${r.updated ? `, ${r.updated} updated` : ''}.` };
  } catch (e) {
    return { error: true, changed: false, text: (e as Error).message };
  }
}
