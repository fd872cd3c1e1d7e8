import type { Database } from 'better-sqlite3';
import type { Writer } from './store.ts';

/** All stored settings as parsed JSON values, keyed by name. */
export function readSettings(db: Database): Record<string, unknown> {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

/**
 * Store one setting and audit the change; a value equal to the stored one is skipped.
 * `inEffect` is what the user saw before (a default when nothing was stored), so the
 * history reads "root → Ada" rather than "— → Ada".
 */
export function writeSetting(w: Writer, key: string, value: unknown, inEffect?: unknown): boolean {
  const row = w.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  const json = JSON.stringify(value);
  if (row?.value === json) return false;
  w.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, json);
  w.audit({
    action: 'settings.update',
    entity: 'setting',
    entityId: key,
    before: row ? (JSON.parse(row.value) as unknown) : inEffect,
    after: value,
  });
  return true;
}
