/**
 * Live refresh: the core tells whoever shows its data (the windows of the desktop app and of
 * browser mode) each change committed to the workspace, by anyone, as a `changed` event.
 *
 * - A team workspace: PostgreSQL tells every listener each committed write (db/pg/store.ts sends
 *   it with the COMMIT); one connection of the core's own LISTENs (db/pg/listen.ts). When that
 *   connection is lost and comes back, one `everything` event says changes may have been missed.
 * - A data folder: another process (a `sunshine` command) cannot notify, but SQLite's
 *   `data_version` moves on this connection when one commits: it is looked at every second and,
 *   when it moved, the audit rows after the last one told name what changed. This core's own
 *   writes do not move it: `poke` (after each call that changes data) reads them at once.
 *
 * Nothing runs until someone subscribes, and it stops when the last one leaves: a one-shot
 * command never listens.
 */
import type { ChangeNote } from '../db/changes.ts';
import { lastSeq, lastSeqBefore, lastSeqNow, notesSince } from '../db/changes.ts';
import type { PgStore } from '../db/pg/store.ts';
import type { ChangeListener } from '../db/pg/listen.ts';
import type { WorkspaceStore } from '../db/store.ts';
import type { Store } from '../db/store.ts';
import { everythingEvent, type ChangedEvent } from './contract.ts';

/** How often a data folder's `data_version` is looked at while someone listens. */
export const DATA_VERSION_EVERY_MS = 1000;

export function eventOf(n: ChangeNote): ChangedEvent {
  const ids = n.rows?.flatMap((r) => (r.id === undefined ? [] : [{ entity: r.entity, id: r.id }]));
  return { kind: 'changed', entities: Object.keys(n.kinds), ...(ids?.length ? { ids } : {}), actor: n.actor, seq: n.seq };
}

type Listener = (e: ChangedEvent) => void;

export class LiveChanges {
  private readonly listeners = new Set<Listener>();
  private stop: (() => void) | null = null;
  private lastTold = 0;
  private dataVersion: number | null = null;
  private reading: Promise<void> | null = null;
  private again = false;

  /** `store`: the open store, or undefined while a team workspace is still being opened. */
  constructor(
    private readonly store: () => WorkspaceStore | undefined,
    private readonly ready: Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.halt();
    };
  }

  /** This core changed data (a data folder's own writes do not move `data_version`): tell it now. PostgreSQL tells its own. */
  poke(): void {
    if (this.stop && this.store()?.kind === 'sqlite') void this.readBack();
  }

  close(): void {
    this.listeners.clear();
    this.halt();
  }

  private emit(e: ChangedEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        console.error('[sunshine] a listener for changes failed', err);
      }
    }
  }

  private start(): void {
    let stopped = false;
    let listener: ChangeListener | null = null;
    let timer: NodeJS.Timeout | undefined;
    this.stop = () => {
      stopped = true;
      listener?.close();
      clearInterval(timer);
    };
    // A data folder's end of history is read at once (the connection is synchronous underneath), so
    // a write made right after subscribing is told, not taken for what was already there.
    const open = this.store();
    if (open?.kind === 'sqlite') this.lastTold = lastSeqNow((open as Store).db);
    const since = this.now().toISOString();
    void this.ready.then(
      async () => {
        if (stopped) return;
        const s = this.store()!;
        if (s.kind === 'postgres') this.lastTold = await lastSeqBefore(s.engine, since).catch(() => 0);
        if (stopped) return;
        if (s.kind === 'postgres') {
          listener = (s as PgStore).listen({
            note: (n) => {
              // Already told by the read-back when LISTEN began.
              if (n.seq <= this.lastTold) return;
              this.lastTold = n.seq;
              this.emit(eventOf(n));
            },
            // Changes committed between subscribing and LISTEN taking hold are read back from the audit log; after a lost connection, everything.
            listening: (again) => (again ? this.emit(everythingEvent(this.lastTold)) : void this.readBack()),
          });
        } else {
          this.dataVersion = this.readDataVersion();
          timer = setInterval(() => {
            const v = this.readDataVersion();
            if (v !== this.dataVersion) {
              this.dataVersion = v;
              void this.readBack();
            }
          }, DATA_VERSION_EVERY_MS);
          timer.unref();
        }
      },
      () => undefined, // a workspace that did not open has nothing to tell; its refusal is said elsewhere
    );
  }

  private halt(): void {
    this.stop?.();
    this.stop = null;
  }

  /** A data folder's connection; null after it was closed (a restore swaps it). */
  private readDataVersion(): number | null {
    try {
      return (this.store() as Store).db.pragma('data_version', { simple: true }) as number;
    } catch {
      return null;
    }
  }

  /** The audit rows after the last told, as events; one read at a time, another after it if asked meanwhile. */
  private async readBack(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        const s = this.store();
        if (!s) return;
        try {
          const last = await lastSeq(s.engine);
          // A restore put back an older history: what is shown may all be gone.
          if (last < this.lastTold) {
            this.lastTold = last;
            this.emit(everythingEvent(last));
            continue;
          }
          for (const n of await notesSince(s.engine, this.lastTold)) {
            this.lastTold = Math.max(this.lastTold, n.seq);
            this.emit(eventOf(n));
          }
        } catch {
          // The database closed under it (a restore, the app closing): the next look tries again.
        }
      } while (this.again && this.stop);
    })().finally(() => (this.reading = null));
    return this.reading;
  }
}
