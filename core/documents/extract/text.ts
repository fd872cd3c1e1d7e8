import fs from 'node:fs';
import { splitPages, type ExtractLimits, type Extracted } from './types.ts';

/**
 * Text of an HTML page: scripts, styles and markup dropped, nothing run or fetched.
 * html-to-text is loaded here, when a page is read, so commands that read none start faster.
 */
export async function htmlText(html: string): Promise<string> {
  const { convert } = await import('html-to-text');
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
    ],
  });
}

/** UTF-8 when the bytes are valid UTF-8 (a byte-order mark dropped), else Latin-1. */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return buf.toString('latin1');
  }
}

export async function extractText(file: string, kind: 'text' | 'csv' | 'html', limits: ExtractLimits): Promise<Extracted> {
  const fd = fs.openSync(file, 'r');
  let buf: Buffer;
  const notes: string[] = [];
  try {
    const size = fs.fstatSync(fd).size;
    const take = Math.min(size, limits.maxChars * 4);
    buf = Buffer.alloc(take);
    fs.readSync(fd, buf, 0, take, 0);
    if (take < size) notes.push('the end of the file was left out (over the text limit)');
  } finally {
    fs.closeSync(fd);
  }
  const raw = decodeText(buf);
  const text = kind === 'html' ? await htmlText(raw) : raw;
  return { pages: splitPages(text.slice(0, limits.maxChars)), ocrPages: [], meta: {}, attachments: [], notes };
}
