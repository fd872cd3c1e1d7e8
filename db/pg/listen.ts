/**
 * One connection of its own (never the pool's: a pooled connection is handed to other work and
 * would stop listening) that LISTENs on the changes channel, for as long as an app shows windows.
 * The server going away (a restart, an outage) is not an end: it connects again, waiting longer
 * each time up to a few seconds, and once back says so (`resumed`), since notifications sent
 * meanwhile were lost and whoever shows data must read it all again.
 */
import pg from 'pg';
import { CHANGES_CHANNEL, parseNote, type ChangeNote } from '../changes.ts';
import { pgConnection, type PgConnectOptions } from './connect.ts';

export interface ChangeListener {
  close(): void;
}

export interface ListenEvents {
  note(n: ChangeNote): void;
  /**
   * LISTEN is in place: the first time (`again` false) what was committed before it may be read
   * back; after the connection was lost (`again` true) what changed meanwhile is unknown.
   */
  listening(again: boolean): void;
}

const FIRST_WAIT_MS = 250;
const MOST_WAIT_MS = 5000;

export function listenForChanges(address: string, opts: PgConnectOptions, on: ListenEvents): ChangeListener {
  const { config } = pgConnection(address, opts);
  let closed = false;
  let client: pg.Client | null = null;
  let wait = FIRST_WAIT_MS;
  let heardBefore = false;
  let timer: NodeJS.Timeout | undefined;

  const again = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, MOST_WAIT_MS);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const c = new pg.Client({ ...config, application_name: 'sunshine-listen' } as pg.ClientConfig);
    client = c;
    let lost = false;
    const gone = () => {
      if (lost) return;
      lost = true;
      c.removeAllListeners('notification');
      c.end().catch(() => undefined);
      if (client === c) client = null;
      again();
    };
    // A lost server is an event on the client, which must never end the process.
    c.on('error', gone);
    c.on('end', gone);
    c.on('notification', (m) => {
      if (m.channel !== CHANGES_CHANNEL) return;
      const note = parseNote(m.payload);
      if (note) on.note(note);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      gone();
      return;
    }
    if (closed) {
      void c.end().catch(() => undefined);
      return;
    }
    wait = FIRST_WAIT_MS;
    on.listening(heardBefore);
    heardBefore = true;
  }

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('notification');
        void c.end().catch(() => undefined);
      }
    },
  };
}
