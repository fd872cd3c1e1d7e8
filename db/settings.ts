import { prepared } from './prepared.ts';
import type { Database } from 'better-sqlite3';
import type { Writer } from './store.ts';

/**
 * All stored settings as parsed JSON values, keyed by name. A value that is not
 * valid JSON (edited outside Sunshine) counts as absent, so the default applies
 * and the setting can be saved again, instead of every call failing.
 */
export function readSettings(db: Database): Record<string, unknown> {
  const rows = prepared(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const v = parseStored(r.value);
    if (v !== undefined) out[r.key] = v;
  }
  return out;
}

function parseStored(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Store one setting and audit the change; a value equal to the stored one is skipped.
 * `inEffect` is what the user saw before (a default when nothing was stored), so the
 * history reads "root → Ada" rather than "— → Ada".
 */
export function writeSetting(w: Writer, key: string, value: unknown, inEffect?: unknown, action = 'settings.update'): boolean {
  const row = prepared(w.db, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  const json = JSON.stringify(value);
  if (row?.value === json) return false;
  prepared(w.db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, json);
  w.audit({
    action,
    entity: 'setting',
    entityId: key,
    before: (row && parseStored(row.value)) ?? inEffect,
    after: value,
  });
  return true;
}
