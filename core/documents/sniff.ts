/**
 * What a file is, judged by its bytes rather than its name: a renamed PDF is
 * still a PDF, and an .exe called invoice.pdf is not.
 */
import { visibleText } from '../shared/visible-text.ts';
import type { DOCUMENT_KINDS } from '../shared/search-query.ts';

/** The kinds Sunshine tells apart; the search language's `type:` and the filters take the same list. */
export type DocType = (typeof DOCUMENT_KINDS)[number];

/**
 * What the bytes say before a reader has looked inside: an OLE compound file (Outlook .msg, Word
 * .doc, Excel .xls, PowerPoint .ppt all are one) is only told apart by its streams, which the file
 * reader's helper lists (extract/ole.ts) — never here, in the app, on untrusted bytes.
 */
export type SniffType = DocType | 'ole';

export interface Sniffed {
  type: SniffType;
  mime: string;
}

/** A kind for certain, as the reader's helper settles it. */
export interface Kind {
  type: DocType;
  mime: string;
}

export const MIME = {
  zip: 'application/zip',
  ole: 'application/x-ole-storage',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odt: 'application/vnd.oasis.opendocument.text',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  msg: 'application/vnd.ms-outlook',
  rtf: 'application/rtf',
  mbox: 'application/mbox',
  pst: 'application/vnd.ms-outlook-pst',
  other: 'application/octet-stream',
} as const;
const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  // Valid UTF-8 (allowing a character cut at the end of the sample), or mostly printable single bytes.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    let printable = 0;
    for (const c of head) if (c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127)) printable++;
    return printable / head.length > 0.95;
  }
}

const EMAIL_HEADER = /^(received|from|to|subject|date|message-id|mime-version|return-path|delivered-to|x-[\w-]+|content-type):/im;

/** An Office Open XML or OpenDocument package, by the part names near its start; any other ZIP is an archive (the helper looks again, whole). */
export function zipKind(names: string): Kind {
  if (names.includes('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return { type: 'spreadsheet', mime: MIME.ods };
  if (names.includes('mimetypeapplication/vnd.oasis.opendocument.text')) return { type: 'other', mime: MIME.odt };
  if (names.includes('mimetypeapplication/vnd.oasis.opendocument.presentation')) return { type: 'other', mime: MIME.odp };
  if (names.includes('word/')) return { type: 'docx', mime: MIME.docx };
  if (names.includes('xl/')) return { type: 'spreadsheet', mime: MIME.xlsx };
  if (names.includes('ppt/')) return { type: 'pptx', mime: MIME.pptx };
  return { type: 'archive', mime: MIME.zip };
}

const MBOX_FROM = /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) /;

/**
 * `head` is the first few kilobytes; `name` only breaks ties between text formats. A container (ZIP,
 * OLE, mailbox) is judged as one before anything inside it is: a ZIP stored without compression
 * holds a PDF's header within its first kilobyte, and is still a ZIP.
 */
export function sniff(head: Buffer, name: string): Sniffed | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { type: 'pdf', mime: 'application/pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return zipKind(head.toString('latin1'));
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { type: 'ole', mime: MIME.ole };
  if (startsWith(head, [0x21, 0x42, 0x44, 0x4e])) return { type: 'mailbox', mime: MIME.pst };
  if (startsWith(head, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return { type: 'rtf', mime: MIME.rtf };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { type: 'image', mime: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { type: 'image', mime: 'image/jpeg' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { type: 'image', mime: 'image/tiff' };
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return { type: 'image', mime: 'image/gif' };
  if (startsWith(head, [0x42, 0x4d])) return { type: 'image', mime: 'image/bmp' };
  // PDFs may carry junk before the header; readers accept it within the first 1024 bytes.
  if (head.subarray(0, 1024).includes('%PDF-')) return { type: 'pdf', mime: 'application/pdf' };
  if (!looksLikeText(head)) return null;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (MBOX_FROM.test(text)) return { type: 'mailbox', mime: MIME.mbox };
  const firstLines = text.split(/\r?\n/).slice(0, 30).join('\n');
  if (EMAIL_HEADER.test(firstLines) && /^(from|received|message-id|mime-version):/im.test(firstLines) && /\r?\n\r?\n/.test(text)) {
    return { type: 'eml', mime: 'message/rfc822' };
  }
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text)) return { type: 'html', mime: 'text/html' };
  if (/\.csv$/i.test(name)) return { type: 'csv', mime: 'text/csv' };
  return { type: 'text', mime: 'text/plain' };
}

/**
 * A name safe to show and store: no folders, no control or bidirectional
 * override characters (which can disguise "exe.pdf" as "fdp.exe"), not empty.
 */
export function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = visibleText(base).trim();
  const noDots = clean.replace(/^\.+$/, '');
  return (noDots || 'unnamed').slice(0, 255);
}

const EXTENSIONS: Record<string, string> = {
  'application/pdf': '.pdf',
  [MIME.docx]: '.docx',
  [MIME.xlsx]: '.xlsx',
  [MIME.pptx]: '.pptx',
  [MIME.ods]: '.ods',
  [MIME.odt]: '.odt',
  [MIME.odp]: '.odp',
  [MIME.doc]: '.doc',
  [MIME.xls]: '.xls',
  [MIME.ppt]: '.ppt',
  [MIME.msg]: '.msg',
  [MIME.rtf]: '.rtf',
  [MIME.mbox]: '.mbox',
  [MIME.pst]: '.pst',
  [MIME.zip]: '.zip',
  'message/rfc822': '.eml',
  'text/html': '.html',
  'text/csv': '.csv',
  'text/plain': '.txt',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
  'image/gif': '.gif',
  'image/bmp': '.bmp',
};

/** The extension a file of this (sniffed) type gets when it leaves Sunshine. */
export const extensionFor = (mime: string) => EXTENSIONS[mime] ?? '.bin';

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A file name for a copy that leaves the vault: the original's stem, safe on
 * every system (no \\ / : * ? " < > |, no device names such as NUL, no trailing
 * dots or spaces), and the extension of the type Sunshine found in its bytes —
 * never the one it arrived with, so "invoice.bat" that holds text opens as text.
 */
export function exportName(name: string, mime: string): string {
  const safe = safeName(name);
  const dot = safe.lastIndexOf('.');
  return `${safeStem(dot > 0 ? safe.slice(0, dot) : safe)}${extensionFor(mime)}`;
}

/** One name part safe as a file or folder name on every system (see exportName). */
export function safeStem(s: string): string {
  let stem = safeName(s).replace(/[<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '');
  if (!stem) stem = 'document';
  if (WINDOWS_DEVICE.test(stem.split('.')[0]!)) stem = `_${stem}`;
  return stem.slice(0, 200);
}
