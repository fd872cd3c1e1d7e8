/**
 * The audit log: append-only rows, each hash covering the previous row's hash,
 * so that editing, inserting or deleting a row behind the app's back breaks the
 * chain at a row `verifyAuditChain` can name. The head (last seq and hash) is
 * kept apart too, so rows cut off the end show. Someone who rewrites every row
 * from the edit onwards and the head as well is not caught by the chain alone:
 * the head hash that verify reports can be noted outside the database for that.
 */
import os from 'node:os';
import { createHash } from 'node:crypto';
import type { Reader, Runner } from './engine.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  /** The operating-system account of the process that wrote it; null on rows from before it was recorded. */
  os_user: string | null;
  prev_hash: string;
  hash: string;
}

let account: string | undefined;
/**
 * The operating-system account this process runs as, resolved once. It is
 * recorded with every audit row because, unlike the display name in
 * Settings, nothing in a window can change it.
 */
export function osAccount(): string {
  if (account === undefined) {
    try {
      account = os.userInfo().username;
    } catch {
      // No entry for this uid in the passwd database (some containers): fall back on what the environment says.
      account = '';
    }
    account ||= process.env.USER || process.env.USERNAME || 'unknown';
  }
  return account;
}

const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/**
 * The hash of a row: SHA-256 over the previous hash and the row's stored
 * fields. The OS account is covered when the row has one; rows written
 * before it was recorded have none and hash as they always did.
 */
export function auditRowHash(prevHash: string, r: Omit<AuditRow, 'hash' | 'prev_hash' | 'os_user'> & { os_user?: string | null }): string {
  const fields: unknown[] = [r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after];
  if (r.os_user !== null && r.os_user !== undefined) fields.push(r.os_user);
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** The chain's last row, read under the writer lock before a write's first append. */
export const HEAD_SQL = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';
/**
 * PostgreSQL: the chain's end as audit_head records it (every append moves it in the same
 * statement). Not the log's last row: row-level security hides rows about disclosures a member is
 * not granted (migration 25), so their last row seen need not be the chain's.
 */
export const PG_HEAD_SQL = 'SELECT seq, hash FROM audit_head WHERE id = 1';
const INSERT_SQL = `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`;
const INSERT_WITH_OS_USER_SQL = `INSERT INTO audit_log (seq, at, actor, os_user, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES (@seq, @at, @actor, @os_user, @action, @entity, @entity_id, @before, @after, @prev_hash, @hash)`;
const HEAD_UPSERT_SQL = 'INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash';
/**
 * PostgreSQL: the row and the head in one statement, one round trip to the server instead of two
 * (SQLite, in the same process, has no round trips to save, and no INSERT inside a WITH).
 */
const withHeadUpsert = (insert: string) =>
  `WITH appended AS (${insert} RETURNING seq, hash)
   INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM appended ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`;

/**
 * The chain's end as one write sees it: read once with the writer lock held, then moved along by
 * each of the write's appends, so no append reads it again. Only `appendAudit` appends rows.
 */
export interface KnownHead {
  head: ChainHead | undefined;
}

/** The row that follows `head`, and the statement that stores it. */
function nextRow(head: ChainHead | undefined, actor: string, at: string, e: AuditInput, osUser: string | null) {
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS_HASH;
  const base = {
    seq,
    at,
    actor,
    action: e.action,
    entity: e.entity,
    entity_id: e.entityId,
    before: toJson(e.before),
    after: toJson(e.after),
    os_user: osUser,
  };
  const row: AuditRow = { ...base, prev_hash: prev, hash: auditRowHash(prev, base) };
  const { os_user, ...withoutOsUser } = row;
  // A database below the schema that records the OS account (tests of older versions) has no column for it.
  return os_user === null ? { row, sql: INSERT_SQL, params: withoutOsUser } : { row, sql: INSERT_WITH_OS_USER_SQL, params: row };
}

/**
 * Append one row. Must run inside the caller's write transaction (the writer lock makes the head
 * read here the committed head). `osUser` is null only for a database opened below the schema that
 * records it (tests of older versions). `known`: the head as this write already knows it (read
 * with the lock), kept up to date here; without it the head is read from the log.
 */
export async function appendAudit(q: Runner, actor: string, at: string, e: AuditInput, osUser: string | null, known?: KnownHead): Promise<AuditRow> {
  const { row, sql, params } = nextRow(known ? known.head : await q.get<ChainHead>(HEAD_SQL), actor, at, e, osUser);
  if (q.kind === 'postgres') await q.run(withHeadUpsert(sql), params);
  else {
    await q.run(sql, params);
    await q.run(HEAD_UPSERT_SQL, { seq: row.seq, hash: row.hash });
  }
  if (known) known.head = { seq: row.seq, hash: row.hash };
  return row;
}

export async function countAudit(q: Reader): Promise<number> {
  return (await q.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
}

export interface AuditQuery {
  limit: number;
  beforeSeq?: number;
  entity?: string;
  entityId?: string;
}

export async function listAudit(db: Reader, q: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
  const filters: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.entity !== undefined) {
    filters.push('entity = @entity');
    params.entity = q.entity;
  }
  if (q.entityId !== undefined) {
    filters.push('entity_id = @entityId');
    params.entityId = q.entityId;
  }
  const where = (extra: string[]) => (extra.length ? `WHERE ${extra.join(' AND ')}` : '');
  const total = (await db.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${where(filters)}`, params))!.n;
  const page = q.beforeSeq === undefined ? filters : [...filters, 'seq < @beforeSeq'];
  const rows = await db.all<AuditRow>(`SELECT * FROM audit_log ${where(page)} ORDER BY seq DESC LIMIT @limit`, {
    ...params,
    limit: q.limit,
    ...(q.beforeSeq === undefined ? {} : { beforeSeq: q.beforeSeq }),
  });
  return { rows, total };
}

export interface ChainBreak {
  seq: number;
  message: string;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export async function readChainHead(q: Reader): Promise<ChainHead | null> {
  return (await q.get<ChainHead>('SELECT seq, hash FROM audit_head WHERE id = 1')) ?? null;
}

/**
 * Walk the whole chain, `batch` rows at a time, calling
 * `onBatch` between batches so long walks can report progress and be cancelled.
 */
export async function verifyAuditChain(
  db: Reader,
  onBatch: (checked: number, total: number) => Promise<void> | void = () => {},
  batch = 5000,
): Promise<{ checked: number; breaks: ChainBreak[]; head: ChainHead | null }> {
  const total = await countAudit(db);
  const breaks: ChainBreak[] = [];
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.all<AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?', [prevSeq, batch]);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.seq !== prevSeq + 1) {
        breaks.push({ seq: r.seq, message: `Audit rows ${prevSeq + 1}–${r.seq - 1} are missing (deleted?).` });
      }
      if (r.prev_hash !== prevHash) {
        breaks.push({ seq: r.seq, message: `Audit row ${r.seq} does not follow row ${prevSeq}: the chain was broken.` });
      }
      if (auditRowHash(r.prev_hash, r) !== r.hash) {
        breaks.push({ seq: r.seq, message: `Audit row ${r.seq} (${r.action} on ${r.entity} ${r.entity_id}) was altered after it was written.` });
      }
      prevSeq = r.seq;
      prevHash = r.hash;
      checked++;
    }
    await onBatch(checked, total);
  }
  const head = await readChainHead(db);
  if (head === null && checked > 0) {
    breaks.push({ seq: prevSeq, message: 'The record of the audit log’s last row is missing: the log may have been tampered with.' });
  } else if (head !== null && head.seq > prevSeq) {
    breaks.push({ seq: prevSeq + 1, message: `Audit rows ${prevSeq + 1}–${head.seq} are missing from the end of the log (deleted?).` });
  } else if (head !== null && (head.seq !== prevSeq || head.hash !== prevHash)) {
    breaks.push({ seq: prevSeq, message: `The audit log ends at row ${prevSeq}, which does not match its recorded last row ${head.seq}.` });
  }
  return { checked, breaks, head };
}

/** Rows from the start of `from` to the end of `to` (ISO days, UTC), oldest first. */
export const auditBetween = (q: Reader, from: string, toNextDay: string) => q.all<AuditRow>('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq', [from, toNextDay]);
