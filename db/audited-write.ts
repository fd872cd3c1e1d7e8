/**
 * The writer a write's function gets, the same on both engines: reads and writes inside the one
 * transaction (a read through it sees the write's own rows), and the audit. The rule that every
 * change is audited is kept here, once: rows changed are counted from the statements run through
 * the writer, and a write that changed rows without an audit row throws, rolling it back.
 */
import { appendAudit, type AuditInput, type AuditRow } from './audit.ts';
import type { Params, Runner, RunResult } from './engine.ts';
import type { Writer } from './store.ts';

export interface AsyncWriter extends Runner {
  readonly actor: string;
  readonly at: string;
  audit(entry: AuditInput): Promise<AuditRow>;
  /**
   * Transitional, SQLite only: the synchronous writer over the same transaction, for functions not
   * yet moved to the engine. Its audit rows count as this write's. Goes away with `store.write`.
   */
  readonly legacy: Writer;
}

export interface WriteCount {
  audited: number;
  changed: number;
}

export function writerOn(tx: Runner, actor: string, at: string, osUser: string | null, count: WriteCount, legacy: () => Writer): AsyncWriter {
  return {
    kind: tx.kind,
    actor,
    at,
    get legacy() {
      return legacy();
    },
    all: <R>(sql: string, params?: Params) => tx.all<R>(sql, params),
    get: <R>(sql: string, params?: Params) => tx.get<R>(sql, params),
    async run(sql: string, params?: Params): Promise<RunResult> {
      const r = await tx.run(sql, params);
      count.changed += r.changes;
      return r;
    },
    audit(entry) {
      count.audited++;
      return appendAudit(tx, actor, at, entry, osUser);
    },
  };
}

/** Throws when the write changed rows (`otherChanges`: through a path the count cannot see) without an audit row. */
export function refuseUnaudited(count: WriteCount, otherChanges = false): void {
  if (count.audited === 0 && (count.changed > 0 || otherChanges)) throw new Error('A change was made without an audit entry; it was rolled back.');
}
