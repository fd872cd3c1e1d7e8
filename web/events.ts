/**
 * Server-Sent Events for job progress and for changes committed to the workspace (live refresh). Every open tab holds one stream, so
 * they are bounded: past the limit a new one is refused with a message
 * (browsers open ~6 connections per host; a runaway page must not exhaust
 * the process), and a stream that stops reading is dropped, not buffered forever.
 */
import type http from 'node:http';
import type { CoreEvent } from '../core/index.ts';
import { baseHeaders, sendError } from './reply.ts';

export const MAX_EVENT_STREAMS = 16;
/** A listener further behind than this is not reading; it is cut off. */
const MAX_BACKLOG_BYTES = 1024 * 1024;

export class EventStreams {
  private readonly open = new Set<http.ServerResponse>();
  private stopWatching: (() => void) | null = null;
  /**
   * `watch`: started when the first page listens and stopped (its return) when the last leaves,
   * so the core watches for changes only while a window shows them.
   */
  constructor(
    private readonly max = MAX_EVENT_STREAMS,
    private readonly watch?: () => () => void,
  ) {}

  get size(): number {
    return this.open.size;
  }

  attach(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET') return sendError(res, { code: 'BAD_INPUT', message: 'Use GET for /api/events.' }, 405);
    if (this.open.size >= this.max) {
      return sendError(
        res,
        { code: 'CONFLICT', message: `Too many Sunshine pages are listening for progress (${this.max}); close some Sunshine tabs and reload this one.` },
        503,
        { 'Retry-After': '10' },
      );
    }
    res.writeHead(200, { ...baseHeaders, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    this.open.add(res);
    if (this.open.size === 1 && this.watch && !this.stopWatching) this.stopWatching = this.watch();
    const drop = () => {
      this.open.delete(res);
      this.idle();
    };
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
  }

  broadcast(e: CoreEvent): void {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of this.open) {
      if (res.writableLength > MAX_BACKLOG_BYTES) {
        this.open.delete(res);
        res.destroy();
      } else res.write(line);
    }
    this.idle();
  }

  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
    this.idle();
  }

  private idle(): void {
    if (this.open.size > 0 || !this.stopWatching) return;
    this.stopWatching();
    this.stopWatching = null;
  }
}
