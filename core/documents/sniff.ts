/**
 * What a file is, judged by its bytes rather than its name: a renamed PDF is
 * still a PDF, and an .exe called invoice.pdf is not.
 */
import { visibleText } from '../shared/visible-text.ts';
import type { DOCUMENT_KINDS } from '../shared/search-query.ts';

/** The kinds Sunshine tells apart; the search language's `type:` and the filters take the same list. */
export type DocType = (typeof DOCUMENT_KINDS)[number];

export interface Sniffed {
  type: DocType;
  mime: string;
}

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

/** `head` is the first few kilobytes; `name` only breaks ties between text formats. */
export function sniff(head: Buffer, name: string): Sniffed | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { type: 'pdf', mime: 'application/pdf' };
  // PDFs may carry junk before the header; readers accept it within the first 1024 bytes.
  if (head.subarray(0, 1024).includes('%PDF-')) return { type: 'pdf', mime: 'application/pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return head.includes('word/') || head.includes('[Content_Types].xml')
      ? { type: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }
      : null;
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { type: 'msg', mime: 'application/vnd.ms-outlook' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { type: 'image', mime: 'image/png' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { type: 'image', mime: 'image/jpeg' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return { type: 'image', mime: 'image/tiff' };
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return { type: 'image', mime: 'image/gif' };
  if (startsWith(head, [0x42, 0x4d])) return { type: 'image', mime: 'image/bmp' };
  if (!looksLikeText(head)) return null;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
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
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.ms-outlook': '.msg',
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
