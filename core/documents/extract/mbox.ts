/**
 * An mbox, read by streaming from a byte offset: never the whole file. Messages are split at
 * separator lines (`From sender Day Mon dd hh:mm:ss yyyy`) that start the file or follow a blank
 * line, so a body line that merely starts with "From " (mboxo writers leave them unescaped) does
 * not cut a message in two; `>From ` lines are unquoted one level (mboxrd).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BATCH_BYTES, checkOutDir, normalMessageId, type BatchMessage, type MailboxBatch, type MailboxBatchJob } from './mailbox-batch.ts';

const SEPARATOR =
  /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +\d{1,2}:\d{2}(?::\d{2})? +(?:\S+ +)?\d{4}\b/;
const FROM = Buffer.from('From ');
/** A line longer than this is handled in pieces (none of which is a separator). */
const MAX_LINE = 4 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const MAX_HEADER_CHARS = 64 * 1024;

const isBlank = (line: Buffer) => line.length === 0 || (line.length === 1 && (line[0] === 0x0a || line[0] === 0x0d)) || (line.length === 2 && line[0] === 0x0d && line[1] === 0x0a);

/** One message being written out. */
class Out {
  readonly file: string;
  private fd: number | null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  bytes = 0;
  private header = '';
  private inHeader = true;
  tooLarge = false;

  constructor(
    outDir: string,
    readonly index: number,
    private readonly maxBytes: number,
  ) {
    this.file = path.join(outDir, `${index}.eml`);
    this.fd = fs.openSync(this.file, 'wx', 0o600);
  }

  write(raw: Buffer): void {
    if (this.tooLarge) return;
    // mboxrd: ">From " and ">>From " were quoted on writing; one ">" comes off.
    let line = raw;
    let i = 0;
    while (line[i] === 0x3e) i++;
    if (i > 0 && line.subarray(i, i + 5).equals(FROM)) line = line.subarray(1);
    this.bytes += line.length;
    if (this.bytes > this.maxBytes) {
      this.tooLarge = true;
      this.close();
      fs.rmSync(this.file, { force: true });
      return;
    }
    if (this.inHeader) {
      if (isBlank(line)) this.inHeader = false;
      else if (this.header.length < MAX_HEADER_CHARS) this.header += line.toString('latin1');
    }
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= CHUNK) this.flush();
  }

  private flush(): void {
    if (this.fd === null || !this.pending.length) return;
    fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private close(): void {
    if (this.fd === null) return;
    this.pending = [];
    fs.closeSync(this.fd);
    this.fd = null;
  }

  finish(): BatchMessage {
    const at = { folder: '', index: this.index };
    if (this.tooLarge) return { ...at, problem: `is over the ${Math.round(this.maxBytes / 1024 / 1024)} MB limit for one message` };
    this.flush();
    this.close();
    if (this.bytes === 0) {
      fs.rmSync(this.file, { force: true });
      return { ...at, problem: 'is empty' };
    }
    const id = /^message-id:[ \t]*(.*)$/im.exec(this.header.replace(/\r?\n[ \t]+/g, ' '))?.[1];
    const messageId = normalMessageId(id);
    return { ...at, file: this.file, ...(messageId ? { messageId } : {}) };
  }

  /** Left unfinished (the batch failed): its file goes. */
  abandon(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }
}

export function readMboxBatch(job: MailboxBatchJob['mailboxBatch']): MailboxBatch {
  checkOutDir(job.outDir);
  const start = job.cursor && 'offset' in job.cursor ? job.cursor : { offset: 0, index: 0 };
  const fd = fs.openSync(job.file, 'r');
  const messages: BatchMessage[] = [];
  let current: Out | null = null;
  try {
    const chunk = Buffer.alloc(CHUNK);
    let buf = Buffer.alloc(0);
    /** The file offset of buf[0]. */
    let bufAt = start.offset;
    let eof = false;
    // The cursor always points at a separator (or the file's start).
    let afterBlank = true;
    let index = start.index;
    let written = 0;

    /** One line (with its line end); a new cursor when the batch is full and this line starts the next one. */
    const line = (text: Buffer, at: number, whole: boolean): MailboxBatch | null => {
      const separator = whole && afterBlank && text.subarray(0, 5).equals(FROM) && SEPARATOR.test(text.subarray(0, 300).toString('latin1'));
      if (separator) {
        if (current) {
          const done = current.finish();
          written += current.bytes;
          current = null;
          messages.push(done);
          if (messages.length >= job.max || written >= BATCH_BYTES) return { messages, next: { offset: at, index } };
        }
        current = new Out(job.outDir, ++index, job.maxMessageBytes);
        afterBlank = false;
        return null;
      }
      current?.write(text);
      afterBlank = whole && isBlank(text);
      return null;
    };

    for (;;) {
      const nl = buf.indexOf(0x0a);
      if (nl >= 0 || (eof && buf.length) || buf.length >= MAX_LINE) {
        const end = nl >= 0 ? nl + 1 : buf.length;
        const full = line(buf.subarray(0, end), bufAt, nl >= 0 || eof);
        if (full) return full;
        buf = buf.subarray(end);
        bufAt += end;
        continue;
      }
      if (eof) break;
      const n = fs.readSync(fd, chunk, 0, CHUNK, bufAt + buf.length);
      if (n === 0) eof = true;
      else buf = Buffer.concat([buf, chunk.subarray(0, n)]);
    }
    if (current) {
      messages.push((current as Out).finish());
      current = null;
    }
    return { messages, next: null };
  } catch (e) {
    (current as Out | null)?.abandon();
    for (const m of messages) if (m.file) fs.rmSync(m.file, { force: true });
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}
