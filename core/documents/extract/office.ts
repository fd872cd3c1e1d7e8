import fs from 'node:fs';
import type MsgReaderClass from '@kenjiuno/msgreader';
import { checkZip } from './zip-check.ts';
import { emailIds } from '../../shared/message-id.ts';
import { FileProblem, emailIsoDate, splitPages, type ExtractLimits, type Extracted } from './types.ts';

export async function extractDocx(file: string, limits: ExtractLimits): Promise<Extracted> {
  checkZip(file, limits.maxUnzippedBytes, '.docx');
  const mammoth = (await import('mammoth')).default;
  let text: string;
  try {
    text = (await mammoth.extractRawText({ path: file })).value;
  } catch (e) {
    throw new FileProblem(`the Word document could not be read (${(e as Error).message})`);
  }
  const created = await officeCreated(file);
  return { pages: splitPages(text.slice(0, limits.maxChars)), ocrPages: [], meta: created ? { created } : {}, attachments: [], notes: [] };
}

/** The size past which docProps/core.xml is no document's properties and is not read. */
const MAX_CORE_XML = 1024 * 1024;

/**
 * When Word or PowerPoint says the document was made (dcterms:created in
 * docProps/core.xml, W3CDTF, normally UTC), ISO; undefined when missing or
 * unreadable. Without it an Office file would be undated: the file's modified
 * time is when it was copied, not its date.
 */
export async function officeCreated(file: string): Promise<string | undefined> {
  try {
    const JSZip = (await import('jszip')).default;
    const entry = (await JSZip.loadAsync(fs.readFileSync(file))).file('docProps/core.xml');
    if (!entry) return undefined;
    const xml = (await entry.async('string')).slice(0, MAX_CORE_XML);
    const m = /<dcterms:created\b[^>]*>\s*(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)\s*<\/dcterms:created>/.exec(xml);
    if (!m) return undefined;
    // A date without a time or zone is read as that day in UTC, as W3CDTF means it.
    const t = Date.parse(/T.*(?:Z|[+-]\d{2}:\d{2})$/.test(m[1]!) || !m[1]!.includes('T') ? m[1]! : `${m[1]}Z`);
    return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
  } catch {
    return undefined; // the properties are a nicety: an unreadable part leaves the document undated, not failed
  }
}

/** A header's value in transport headers, folded lines joined; undefined when absent. */
function headerValue(headers: string | undefined, name: string): string | undefined {
  const m = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(headers ?? '');
  return m?.[1];
}

/** Outlook .msg: headers, body and attachments. */
export async function extractMsg(file: string, limits: ExtractLimits): Promise<Extracted> {
  // A CommonJS package: Node's own ESM loader hands over module.exports, bundlers its .default.
  const mod = (await import('@kenjiuno/msgreader')) as unknown as { default: typeof MsgReaderClass | { default: typeof MsgReaderClass } };
  const MsgReader = 'default' in mod.default ? mod.default.default : mod.default;
  const buf = fs.readFileSync(file);
  let reader;
  let data;
  try {
    reader = new MsgReader(new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
    data = reader.getFileData();
  } catch (e) {
    throw new FileProblem(`the Outlook message could not be read (${(e as Error).message})`);
  }
  if (data.error) throw new FileProblem(`the Outlook message could not be read (${data.error})`);
  const people = (kind: string) =>
    (data.recipients ?? [])
      .filter((r) => (r.recipType ?? 'to') === kind)
      .map((r) => (r.smtpAddress || r.email ? `${r.name ?? ''} <${r.smtpAddress || r.email}>`.trim() : (r.name ?? '')))
      .join(', ');
  const out: Extracted = {
    pages: splitPages((data.body ?? '').slice(0, limits.maxChars)),
    ocrPages: [],
    meta: {
      emailFrom: [data.senderName, data.senderSmtpAddress || data.senderEmail ? `<${data.senderSmtpAddress || data.senderEmail}>` : ''].filter(Boolean).join(' ') || undefined,
      emailTo: people('to') || undefined,
      emailCc: people('cc') || undefined,
      emailSubject: data.subject || undefined,
      // The transport headers, when kept, hold the Date header with the sender's offset.
      emailDate: emailIsoDate(data.messageDeliveryTime || data.clientSubmitTime, /^Date:[ \t]*(.+)$/im.exec(data.headers ?? '')?.[1]),
      // The ids from the transport headers when Outlook kept them, else its own Message-ID property.
      ...emailIds({ messageId: headerValue(data.headers, 'Message-ID') ?? data.messageId, inReplyTo: headerValue(data.headers, 'In-Reply-To'), references: headerValue(data.headers, 'References') }),
    },
    attachments: [],
    notes: [],
  };
  let taken = 0;
  for (const a of data.attachments ?? []) {
    if (a.innerMsgContent) continue;
    const att = reader.getAttachment(a);
    taken += att.content.length;
    if (taken > limits.maxAttachmentBytes) {
      out.notes.push('some attachments were left out (over the size limit)');
      break;
    }
    out.attachments.push({ name: att.fileName || 'attachment', data: att.content });
  }
  return out;
}
