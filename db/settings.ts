import { prepared } from './prepared.ts';
import type { Database } from 'better-sqlite3';
import type { Reader } from './engine.ts';
import type { Writer } from './store.ts';

const ALL_SQL = 'SELECT key, value FROM settings';

/**
 * All stored settings as parsed JSON values, keyed by name. A value that is not
 * valid JSON (edited outside Sunshine) counts as absent, so the default applies
 * and the setting can be saved again, instead of every call failing.
 */
export async function readSettings(q: Reader): Promise<Record<string, unknown>> {
  return settingsOf(await q.all<{ key: string; value: string }>(ALL_SQL));
}

/**
 * The same read on the synchronous connection, for the one reader that cannot await yet: the
 * core's first look at who acts, while opening it is synchronous. Goes away with `store.db`.
 */
export const readSettingsSync = (db: Database): Record<string, unknown> => settingsOf(prepared(db, ALL_SQL).all() as { key: string; value: string }[]);

function settingsOf(rows: { key: string; value: string }[]): Record<string, unknown> {
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
export async function writeSetting(w: Writer, key: string, value: unknown, inEffect?: unknown, action = 'settings.update'): Promise<boolean> {
  const row = await w.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]);
  const json = JSON.stringify(value);
  if (row?.value === json) return false;
  await w.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, json]);
  await w.audit({
    action,
    entity: 'setting',
    entityId: key,
    before: (row && parseStored(row.value)) ?? inEffect,
    after: value,
  });
  return true;
}
