import fs from 'node:fs';
import { FileProblem, emailIsoDate, splitPages, type ExtractLimits, type Extracted } from './types.ts';
import { htmlText } from './text.ts';
import { emailIds } from '../../shared/message-id.ts';

const addresses = (a: unknown): string | undefined => {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  const text = list.map((x) => (x as { text?: string }).text ?? '').filter(Boolean).join(', ');
  return text || undefined;
};

/** An .eml message: headers, body (HTML reduced to text, never run), and attachments as child documents. */
export async function extractEml(file: string, limits: ExtractLimits): Promise<Extracted> {
  const { simpleParser } = await import('mailparser');
  let mail;
  try {
    mail = await simpleParser(fs.createReadStream(file), { skipImageLinks: true, skipHtmlToText: true });
  } catch (e) {
    throw new FileProblem(`the email could not be read (${(e as Error).message})`);
  }
  const body = mail.text?.trim() ? mail.text : typeof mail.html === 'string' ? await htmlText(mail.html) : '';
  const out: Extracted = {
    pages: splitPages(body.slice(0, limits.maxChars)),
    ocrPages: [],
    meta: {
      emailFrom: addresses(mail.from),
      emailTo: addresses(mail.to),
      emailCc: addresses(mail.cc),
      emailSubject: mail.subject || undefined,
      emailDate: emailIsoDate(mail.date, mail.headerLines.find((h) => h.key === 'date')?.line.replace(/^date:/i, '')),
      ...emailIds({ messageId: mail.messageId, inReplyTo: mail.inReplyTo, references: mail.references }),
    },
    attachments: [],
    notes: [],
  };
  let taken = 0;
  for (const a of mail.attachments) {
    if (a.related) continue; // inline images of the HTML body
    taken += a.size;
    if (taken > limits.maxAttachmentBytes) {
      out.notes.push('some attachments were left out (over the size limit)');
      break;
    }
    out.attachments.push({ name: a.filename || 'attachment', data: new Uint8Array(a.content) });
  }
  return out;
}
