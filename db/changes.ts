/**
 * What a committed write changed, as other processes are told it: on PostgreSQL as the payload of
 * `pg_notify('sunshine_changes', …)` sent with the write's COMMIT; on SQLite read back from the
 * audit log when `PRAGMA data_version` moves. Both give the same `ChangeNote`, so the core turns
 * either into one kind of event.
 *
 * Need-to-know: every login on the database may LISTEN, so a note never carries what only some may
 * see. A disclosure's reference is left out (the kind alone is told); document ids and request
 * references are already listed to every member.
 */
import type { AuditRow } from './audit.ts';
import type { Reader } from './engine.ts';

export const CHANGES_CHANNEL = 'sunshine_changes';

/** PostgreSQL refuses a payload of 8000 bytes or more; a note stays well under, leaving room for the quoting. */
export const MAX_NOTE_BYTES = 7000;

export interface ChangedRow {
  seq: number;
  entity: string;
  /** The entity's id; absent where it may not be told to everyone (a disclosure's reference). */
  id?: string;
  action: string;
}

export interface ChangeNote {
  /** The last audit seq the write appended. */
  seq: number;
  actor: string;
  /** Every entity kind the write touched, with how many audit rows named it. */
  kinds: Record<string, number>;
  /** The rows themselves, unless there were too many to tell (then only `kinds`). */
  rows?: ChangedRow[];
}

/** Entity kinds whose ids are told to everyone listening. */
const SECRET_IDS = new Set(['disclosure', 'keyring']);

const rowOf = (r: Pick<AuditRow, 'seq' | 'entity' | 'entity_id' | 'action'>): ChangedRow =>
  SECRET_IDS.has(r.entity) ? { seq: r.seq, entity: r.entity, action: r.action } : { seq: r.seq, entity: r.entity, id: r.entity_id, action: r.action };

/** The note for audit rows (in seq order), summarised to kinds and counts when it would be too big to send. */
export function noteOf(actor: string, rows: readonly Pick<AuditRow, 'seq' | 'entity' | 'entity_id' | 'action'>[]): ChangeNote | null {
  if (rows.length === 0) return null;
  const kinds: Record<string, number> = {};
  for (const r of rows) kinds[r.entity] = (kinds[r.entity] ?? 0) + 1;
  const seq = rows[rows.length - 1]!.seq;
  const full: ChangeNote = { seq, actor, kinds, rows: rows.map(rowOf) };
  if (Buffer.byteLength(JSON.stringify(full)) <= MAX_NOTE_BYTES) return full;
  const summary: ChangeNote = { seq, actor, kinds };
  // Thousands of kinds cannot happen (they are a fixed list), but a note must never be refused.
  return Buffer.byteLength(JSON.stringify(summary)) <= MAX_NOTE_BYTES ? summary : { seq, actor, kinds: { '*': rows.length } };
}

/** A payload off the channel, or null when it is not one of ours (anyone may NOTIFY on it). */
export function parseNote(payload: string | undefined): ChangeNote | null {
  if (!payload) return null;
  try {
    const n = JSON.parse(payload) as Partial<ChangeNote>;
    if (typeof n.seq !== 'number' || typeof n.actor !== 'string' || typeof n.kinds !== 'object' || n.kinds === null) return null;
    const rows = Array.isArray(n.rows)
      ? n.rows.filter((r): r is ChangedRow => typeof r === 'object' && r !== null && typeof r.entity === 'string' && typeof r.seq === 'number')
      : undefined;
    return { seq: n.seq, actor: n.actor, kinds: n.kinds, ...(rows ? { rows } : {}) };
  } catch {
    return null;
  }
}

/** The audit log's last seq (0 when empty). */
export async function lastSeq(q: Reader): Promise<number> {
  return (await q.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_log'))?.seq ?? 0;
}

/**
 * The last audit seq written before `at` (an ISO time): where telling starts for an app that began
 * listening at `at`, so a write it made at once after is told even if it commits before this is
 * read. Walks back from the end of the log, so it reads only the few newest rows.
 */
export async function lastSeqBefore(q: Reader, at: string): Promise<number> {
  return (await q.get<{ seq: number }>('SELECT seq FROM audit_log WHERE at < ? ORDER BY seq DESC LIMIT 1', [at]))?.seq ?? 0;
}

/** The same, on a data folder's connection, at once (better-sqlite3 is synchronous). */
export const lastSeqNow = (db: { prepare(sql: string): { get(): unknown } }): number =>
  (db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number | null } | undefined)?.seq ?? 0;

/** At most this many rows are read back at once; a bigger gap is told as kinds only. */
const READ_BACK = 500;

/**
 * What was written after `since`, as notes per actor, in order: the audit rows after it (a data
 * folder's other processes, which cannot NOTIFY). Summarised when the gap is large.
 */
export async function notesSince(q: Reader, since: number): Promise<ChangeNote[]> {
  const rows = await q.all<Pick<AuditRow, 'seq' | 'entity' | 'entity_id' | 'action' | 'actor'>>(
    'SELECT seq, entity, entity_id, action, actor FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
    [since, READ_BACK + 1],
  );
  if (rows.length > READ_BACK) {
    const kinds = await q.all<{ entity: string; n: number }>('SELECT entity, count(*) AS n FROM audit_log WHERE seq > ? GROUP BY entity', [since]);
    const last = await lastSeq(q);
    return [{ seq: last, actor: '', kinds: Object.fromEntries(kinds.map((k) => [k.entity, k.n])) }];
  }
  const notes: ChangeNote[] = [];
  let run: typeof rows = [];
  // One note per run of rows by the same actor, so each event names who changed it.
  for (const r of rows) {
    if (run.length && run[0]!.actor !== r.actor) {
      notes.push(noteOf(run[0]!.actor, run)!);
      run = [];
    }
    run.push(r);
  }
  if (run.length) notes.push(noteOf(run[0]!.actor, run)!);
  return notes;
}
