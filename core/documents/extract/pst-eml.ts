/**
 * An Outlook message from a PST/OST as an RFC 822 email, so the EML reader gives it the same
 * dates, participants, body and attachments as any email. The headers are the ones it was sent
 * with when the PST kept them (Message-ID, Date with its offset, Received…); else they are built
 * from the message's own fields. Bodies and attachments become base64 MIME parts; an attached
 * message becomes a message/rfc822 part.
 */
import { randomBytes } from 'node:crypto';

/** What is read of a pst-extractor PSTMessage (its own fields, so a test can build one). */
export interface PstMessageLike {
  subject: string;
  transportMessageHeaders: string;
  senderName: string;
  senderEmailAddress: string;
  displayTo: string;
  displayCC: string;
  displayBCC: string;
  numberOfRecipients: number;
  getRecipient(i: number): { displayName: string; smtpAddress: string; emailAddress: string; recipientType: number } | null;
  messageDeliveryTime: Date | null;
  clientSubmitTime: Date | null;
  internetMessageId: string;
  inReplyToId: string;
  body: string;
  bodyHTML: string;
  numberOfAttachments: number;
  getAttachment(i: number): PstAttachmentLike;
}

export interface PstAttachmentLike {
  longFilename: string;
  filename: string;
  mimeTag: string;
  embeddedPSTMessage: PstMessageLike | null;
  fileInputStream: { read(output: Buffer): number } | null;
}

/** Attached messages inside attached messages are taken this deep. */
const MAX_NESTING = 3;
/** Headers that describe the original body: the email written here has its own. */
const BODY_HEADERS = /^(content-[\w-]+|mime-version)$/i;

/** A header value in ASCII: non-ASCII text as an RFC 2047 encoded word. */
const word = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`);
const oneLine = (s: string | undefined | null) => (s ?? '').replace(/[\r\n]+/g, ' ').trim();
const mailbox = (name: string, address: string) => {
  const n = oneLine(name);
  const a = oneLine(address);
  if (!a || !a.includes('@')) return n ? `"${word(n).replace(/"/g, "'")}"` + (a ? ` <${a}>` : '') : a;
  return n && n !== a ? `"${word(n).replace(/"/g, "'")}" <${a}>` : a;
};
const base64Lines = (data: Buffer) => (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

/** The message's transport headers, less those describing its body, folded lines kept whole. */
function keptTransportHeaders(raw: string): string[] {
  const fields: string[] = [];
  for (const line of raw.replace(/\r\n?/g, '\n').split('\n')) {
    if (!line.trim()) {
      if (fields.length) break;
      continue;
    }
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  return fields.filter((f) => {
    const name = /^([^:\s]+):/.exec(f)?.[1];
    return name !== undefined && !BODY_HEADERS.test(name);
  });
}

function builtHeaders(m: PstMessageLike): string[] {
  const by: Record<number, string[]> = { 1: [], 2: [], 3: [] };
  for (let i = 0; i < m.numberOfRecipients; i++) {
    const r = m.getRecipient(i);
    if (r) by[r.recipientType]?.push(mailbox(r.displayName, r.smtpAddress || r.emailAddress));
  }
  const list = (type: number, display: string) => (by[type]!.length ? by[type]!.join(', ') : word(oneLine(display)));
  const date = m.messageDeliveryTime ?? m.clientSubmitTime;
  const id = oneLine(m.internetMessageId);
  const inReplyTo = oneLine(m.inReplyToId);
  const h = [`From: ${mailbox(m.senderName, m.senderEmailAddress)}`];
  const to = list(1, m.displayTo);
  const cc = list(2, m.displayCC);
  const bcc = list(3, m.displayBCC);
  if (to) h.push(`To: ${to}`);
  if (cc) h.push(`Cc: ${cc}`);
  if (bcc) h.push(`Bcc: ${bcc}`);
  h.push(`Subject: ${word(oneLine(m.subject))}`);
  if (date && !Number.isNaN(date.getTime())) h.push(`Date: ${date.toUTCString().replace('GMT', '+0000')}`);
  if (id) h.push(`Message-ID: ${id.startsWith('<') ? id : `<${id}>`}`);
  if (inReplyTo) h.push(`In-Reply-To: ${inReplyTo.startsWith('<') ? inReplyTo : `<${inReplyTo}>`}`);
  return h;
}

/** An attachment's bytes, read from the PST in blocks; null when it has none or is over `maxBytes`. */
function attachmentBytes(a: PstAttachmentLike, maxBytes: number): Buffer | null {
  const stream = a.fileInputStream;
  if (!stream) return null;
  const parts: Buffer[] = [];
  let total = 0;
  const block = Buffer.alloc(64 * 1024);
  for (;;) {
    const n = stream.read(block);
    if (n <= 0) break;
    total += n;
    if (total > maxBytes) return null;
    parts.push(Buffer.from(block.subarray(0, n)));
    if (n < block.length) break;
  }
  return Buffer.concat(parts);
}

const textPart = (type: string, text: string) => [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(text, 'utf8'))].join('\r\n');
const quotedName = (name: string) => `"${word(oneLine(name)).replace(/"/g, "'")}"`;

/** The message as an .eml; `notes` hears of attachments left out. */
export function pstMessageEml(m: PstMessageLike, maxBytes: number, notes: string[] = [], depth = 0): Buffer {
  const kept = m.transportMessageHeaders ? keptTransportHeaders(m.transportMessageHeaders) : [];
  const headers = kept.some((f) => /^(from|date):/i.test(f)) ? kept : builtHeaders(m);
  const boundary = `sunshine-${randomBytes(12).toString('hex')}`;
  const parts: (string | Buffer)[] = [];
  const html = m.bodyHTML?.trim() ? m.bodyHTML : '';
  const text = m.body ?? '';
  if (html && text.trim()) {
    const alt = `alt-${boundary}`;
    parts.push([`Content-Type: multipart/alternative; boundary="${alt}"`, '', `--${alt}`, textPart('text/plain', text), `--${alt}`, textPart('text/html', html), `--${alt}--`].join('\r\n'));
  } else parts.push(html ? textPart('text/html', html) : textPart('text/plain', text));
  for (let i = 0; i < m.numberOfAttachments; i++) {
    const a = m.getAttachment(i);
    const name = a.longFilename || a.filename || `attachment ${i + 1}`;
    const inner = a.embeddedPSTMessage;
    if (inner) {
      if (depth >= MAX_NESTING) {
        notes.push(`an attached message nested deeper than ${MAX_NESTING} was left out (${oneLine(name)})`);
        continue;
      }
      const eml = pstMessageEml(inner, maxBytes, notes, depth + 1);
      const partHead = [`Content-Type: message/rfc822; name=${quotedName(name)}`, `Content-Disposition: attachment; filename=${quotedName(`${name}.eml`)}`, '', ''].join('\r\n');
      parts.push(Buffer.concat([Buffer.from(partHead), eml]));
      continue;
    }
    const data = attachmentBytes(a, maxBytes);
    if (!data) {
      notes.push(`an attachment with no readable content or over the size limit was left out (${oneLine(name)})`);
      continue;
    }
    const type = /^[\w.+-]+\/[\w.+-]+$/.test(oneLine(a.mimeTag)) ? oneLine(a.mimeTag) : 'application/octet-stream';
    parts.push([`Content-Type: ${type}; name=${quotedName(name)}`, `Content-Disposition: attachment; filename=${quotedName(name)}`, 'Content-Transfer-Encoding: base64', '', base64Lines(data)].join('\r\n'));
  }
  const head = [...headers, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`].join('\r\n');
  // Kept transport headers are written as UTF-8 (RFC 6532) should the PST hold any non-ASCII in them.
  const out: Buffer[] = [Buffer.from(`${head}\r\n\r\n`, 'utf8')];
  for (const p of parts) out.push(Buffer.from(`--${boundary}\r\n`), Buffer.from(p), Buffer.from('\r\n'));
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}
