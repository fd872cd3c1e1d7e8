/** Need-to-know (migration 25): what the server lets the caller read. */
import type { Reader } from './engine.ts';

/**
 * Whether the caller reads every row (every disclosure, document and history row): on SQLite
 * always; on PostgreSQL an admin, or a login the server exempts from row-level security (a
 * superuser or BYPASSRLS, e.g. whoever restored a data folder's backup, which has no members).
 */
export async function seesEveryRow(q: Reader): Promise<boolean> {
  if (q.kind === 'sqlite') return true;
  const row = await q.get<{ every: boolean }>('SELECT sunshine_is_admin() OR r.rolsuper OR r.rolbypassrls AS every FROM pg_roles r WHERE r.rolname = session_user');
  return row?.every === true;
}
