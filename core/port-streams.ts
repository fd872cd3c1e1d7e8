/**
 * Byte streams between the shell's thread and the core's worker, both ways
 * (an upload in, an original out), over `StreamMessage`s. The sender keeps at
 * most `WINDOW` chunks unacknowledged and the receiver acknowledges only what
 * its reader has room for, so a 1 GB file never sits in memory on either side.
 */
import { Readable } from 'node:stream';
import type { StreamMessage } from './core-protocol.ts';

const WINDOW = 4;

type Post = (m: StreamMessage) => void;

export class StreamSender {
  private inFlight = 0;
  private wake: (() => void) | null = null;
  private cancelled = false;

  constructor(
    private readonly stream: number,
    private readonly post: Post,
  ) {}

  /** Sends `source` to its end (or until the receiver cancels); a failing source is sent as an abort. */
  async send(source: AsyncIterable<Uint8Array | string>): Promise<void> {
    try {
      for await (const chunk of source) {
        while (this.inFlight >= WINDOW && !this.cancelled) await new Promise<void>((r) => (this.wake = r));
        if (this.cancelled) return;
        this.inFlight++;
        this.post({ type: 'chunk', stream: this.stream, data: typeof chunk === 'string' ? Buffer.from(chunk) : chunk });
      }
      if (!this.cancelled) this.post({ type: 'end', stream: this.stream });
    } catch (e) {
      if (!this.cancelled) this.post({ type: 'abort', stream: this.stream, message: (e as Error).message });
      throw e;
    }
  }

  onAck(): void {
    this.inFlight--;
    this.release();
  }

  onCancel(): void {
    this.cancelled = true;
    this.release();
  }

  private release(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}

/** The receiving end as a Readable; `stopped` ends it with an error (the other side went away). */
export class StreamReceiver {
  readonly readable: Readable;
  private owed = 0;
  private done = false;

  constructor(
    private readonly stream: number,
    private readonly post: Post,
  ) {
    this.readable = new Readable({
      read: () => {
        // The reader has room again: acknowledge what was held back.
        for (; this.owed > 0; this.owed--) this.post({ type: 'ack', stream: this.stream });
      },
      destroy: (err, cb) => {
        if (!this.done) this.post({ type: 'cancel', stream: this.stream });
        this.done = true;
        cb(err);
      },
    });
  }

  /** Handles one message for this stream; true when the stream is over. */
  take(m: StreamMessage): boolean {
    if (this.done) return true;
    if (m.type === 'chunk') {
      if (this.readable.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength))) this.post({ type: 'ack', stream: this.stream });
      else this.owed++;
      return false;
    }
    this.done = true;
    if (m.type === 'end') this.readable.push(null);
    else if (m.type === 'abort') this.readable.destroy(new Error(m.message));
    return true;
  }

  stopped(message: string): void {
    if (this.done) return;
    this.done = true;
    this.readable.destroy(new Error(message));
  }
}

/** The senders and receivers of one side, found by stream number. */
export class StreamTable {
  private readonly senders = new Map<number, StreamSender>();
  private readonly receivers = new Map<number, StreamReceiver>();

  constructor(private readonly post: Post) {}

  private sender(stream: number): StreamSender {
    const s = new StreamSender(stream, this.post);
    this.senders.set(stream, s);
    return s;
  }

  /** Sends `source` as `stream`, forgetting the sender when done. */
  async send(stream: number, source: AsyncIterable<Uint8Array | string>): Promise<void> {
    try {
      await this.sender(stream).send(source);
    } finally {
      this.senders.delete(stream);
    }
  }

  receive(stream: number): Readable {
    const r = new StreamReceiver(stream, this.post);
    this.receivers.set(stream, r);
    return r.readable;
  }

  /** Routes a stream message; false when it is not one. */
  route(m: { type: string }): m is StreamMessage {
    const s = m as StreamMessage;
    switch (s.type) {
      case 'ack':
        this.senders.get(s.stream)?.onAck();
        return true;
      case 'cancel':
        this.senders.get(s.stream)?.onCancel();
        this.senders.delete(s.stream);
        return true;
      case 'chunk':
      case 'end':
      case 'abort': {
        const r = this.receivers.get(s.stream);
        if (r?.take(s)) this.receivers.delete(s.stream);
        return true;
      }
      default:
        return false;
    }
  }

  /** The other side is gone: every stream still open ends with `message`. */
  stopAll(message: string): void {
    for (const r of this.receivers.values()) r.stopped(message);
    this.receivers.clear();
    for (const s of this.senders.values()) s.onCancel();
    this.senders.clear();
  }
}
