/**
 * The database's own consistency, as `sunshine verify` reports it beside the audit chain and the
 * stored files. SQLite: its integrity check and its foreign keys (which a SQLite shell can turn
 * off). PostgreSQL checks its pages and enforces foreign keys itself, but a database owner can
 * disable triggers, which would silence both the audit log's append-only guard and the foreign
 * keys: so on PostgreSQL the check is that the guard is there and no trigger of Sunshine's tables
 * is disabled. Deeper page checks there need the amcheck extension, which is not assumed.
 */
import type { Reader } from './engine.ts';

export interface IntegrityReport {
  /** What was checked, in words. */
  checked: string;
  problems: string[];
}

const AUDIT_GUARDS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_truncate'];

export async function databaseIntegrity(q: Reader): Promise<IntegrityReport> {
  if (q.kind === 'sqlite') {
    const rows = await q.all<{ integrity_check: string }>('SELECT integrity_check FROM pragma_integrity_check()');
    const problems = rows.map((r) => r.integrity_check).filter((m) => m !== 'ok');
    const fk = await q.all<{ table: string; rowid: number; parent: string }>('SELECT "table", rowid, parent FROM pragma_foreign_key_check()');
    for (const f of fk) problems.push(`${f.table} row ${f.rowid} points to a missing ${f.parent} row`);
    return { checked: 'SQLite integrity and foreign keys', problems };
  }
  const guards = await q.all<{ name: string; enabled: string }>(
    "SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger WHERE tgrelid = to_regclass('audit_log') AND NOT tgisinternal",
  );
  const problems = AUDIT_GUARDS.filter((g) => !guards.some((t) => t.name === g && t.enabled !== 'D')).map(
    (g) => `The audit log's guard ${g} is missing or disabled: someone with the database owner's rights changed the schema.`,
  );
  const disabled = await q.all<{ name: string; on: string }>(
    "SELECT t.tgname AS name, c.relname AS on FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND t.tgenabled = 'D'",
  );
  for (const d of disabled) problems.push(`Checks on ${d.on} are turned off (trigger ${d.name} disabled): rows may have been changed without them.`);
  return { checked: "PostgreSQL: the audit log's append-only guard and that no check of Sunshine's tables is turned off", problems };
}
