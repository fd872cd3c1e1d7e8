/**
 * The writer a write's function gets, the same on both engines: reads and writes inside the one
 * transaction (a read through it sees the write's own rows), and the audit. The rule that every
 * change is audited is kept here, once: rows changed are counted from the statements run through
 * the writer, and a write that changed rows without an audit row throws, rolling it back.
 */
import { appendAudit, type AuditInput, type AuditRow, type KnownHead } from './audit.ts';
import type { Engine, Params, Runner, RunResult } from './engine.ts';

/** Handed to the function given to `store.write`: the only way to change data. */
export interface Writer extends Runner {
  readonly actor: string;
  readonly at: string;
  audit(entry: AuditInput): Promise<AuditRow>;
}

/** A workspace's database on either engine: the engine for reads, the one audited write path. */
export interface WorkspaceStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly engine: Engine;
  /** The database as the status names it: SQLite's file, or `database "x" on host:port` (never a password). */
  readonly where: string;
  schemaVersion(): number | Promise<number>;
  /**
   * Run `fn` as one audited write transaction: one writer at a time across every process, a write
   * that changes rows without an audit row is rolled back, and if `fn` throws nothing is written.
   * `fn` must await only the writer: slow work (files, extraction, key derivation) goes before.
   */
  write<T>(actor: string, fn: (w: Writer) => Promise<T>): Promise<T>;
  close(): void | Promise<void>;
}

export interface WriteCount {
  audited: number;
  changed: number;
}

/** `known`: the audit chain's head, when the engine read it with the writer lock (db/pg/store.ts). */
export function writerOn(tx: Runner, actor: string, at: string, osUser: string | null, count: WriteCount, known?: KnownHead): Writer {
  return {
    kind: tx.kind,
    actor,
    at,
    all: <R>(sql: string, params?: Params) => tx.all<R>(sql, params),
    get: <R>(sql: string, params?: Params) => tx.get<R>(sql, params),
    async run(sql: string, params?: Params): Promise<RunResult> {
      const r = await tx.run(sql, params);
      count.changed += r.changes;
      return r;
    },
    audit(entry) {
      count.audited++;
      return appendAudit(tx, actor, at, entry, osUser, known);
    },
  };
}

/** Throws when the write changed rows (`otherChanges`: through a path the count cannot see) without an audit row. */
export function refuseUnaudited(count: WriteCount, otherChanges = false): void {
  if (count.audited === 0 && (count.changed > 0 || otherChanges)) throw new Error('A change was made without an audit entry; it was rolled back.');
}
