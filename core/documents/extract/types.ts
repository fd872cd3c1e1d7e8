import type { Kind, SniffType } from '../sniff.ts';
import type { ZipLimits } from '../zip-entries.ts';
import { headerOffset, isoAtOffset } from '../../shared/email-date.ts';

export interface ExtractLimits {
  /** Pages read from one PDF; the rest are left out with a note. */
  maxPages: number;
  /** Characters of text kept from one file. */
  maxChars: number;
  /** Uncompressed bytes a .docx may expand to (zip bombs). */
  maxUnzippedBytes: number;
  /** Bytes of attachments taken from one email. */
  maxAttachmentBytes: number;
  /** Limits for a ZIP archive opened during import (zip-entries.ts DEFAULT_ZIP_LIMITS where not given). */
  archive?: Partial<ZipLimits>;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  maxPages: 20_000,
  maxChars: 50_000_000,
  maxUnzippedBytes: 300 * 1024 * 1024,
  maxAttachmentBytes: 200 * 1024 * 1024,
};

export interface ExtractJob {
  file: string;
  /** What the bytes said (sniff.ts); the reader settles it (Extracted.kind) when it is a container or an OLE file. */
  type: SniffType;
  limits: ExtractLimits;
  /** A private folder (the vault's temporary one) where the reader may write what it derives, such as a spreadsheet's cell grid. */
  scratchDir?: string;
}

/** A box burned into a rendered page: fractions of the page from its top left, and a label. */
export interface BurnBox {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

/** Render one page of a PDF to PNG: for OCR, or with redaction boxes burned in. */
export interface RenderJob {
  render: { file: string; page: number; dpi?: number; boxes?: BurnBox[] };
}

/** A rendered page: the PNG, and the dpi it was drawn at (lower than asked for on a very large page). */
export interface Rendered {
  png: Uint8Array;
  dpi: number;
}

export interface Extracted {
  pages: string[];
  /** Pages (0-based) with no text layer: they wait for OCR. */
  ocrPages: number[];
  meta: {
    title?: string;
    /** When the file says it was made (a PDF's CreationDate), ISO. */
    created?: string;
    emailFrom?: string;
    emailTo?: string;
    emailCc?: string;
    emailDate?: string;
    emailSubject?: string;
    /** An email's Message-ID, In-Reply-To and References, normalized by messageIds (shared/message-id.ts). */
    messageId?: string;
    inReplyTo?: string;
    references?: string[];
  };
  attachments: { name: string; data: Uint8Array }[];
  notes: string[];
  /** The kind the reader found inside, when it differs from what sniffing said (an OLE file that is a .doc, a ZIP that is an .xlsx). */
  kind?: Kind;
  /** Why the file is stored but not read (a kind with no reader): it is then found by its name only. */
  notRead?: string;
  /** A spreadsheet's cell grid, written by the reader into the job's scratchDir (extract/spreadsheet.ts). */
  gridFile?: string;
}

/** Text without page breaks of its own, cut into pages of about `size` characters at line ends. */
export function splitPages(text: string, size = 5000): string[] {
  const pages: string[] = [];
  let rest = text.replace(/\r\n?/g, '\n');
  while (rest.length > size) {
    let cut = rest.lastIndexOf('\n', size);
    if (cut < size / 2) cut = rest.lastIndexOf(' ', size);
    if (cut < size / 2) cut = size;
    pages.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length || pages.length === 0) pages.push(rest);
  return pages;
}

/** The note on a file whose text was cut at the limit of characters kept. */
export const charLimitNote = (maxChars: number) => `only the first ${maxChars.toLocaleString('en-US')} characters of text were kept`;

/** An error meant for the per-file report: the message says what is wrong with the file. */
export class FileProblem extends Error {}

/** A date (or date string) as ISO, or undefined when it is missing or no real date. */
/**
 * An email's date as ISO 8601 at the offset its Date header was written with
 * (in UTC when the header names none or cannot be had).
 */
export function emailIsoDate(v: Date | string | undefined | null, dateHeader: string | undefined): string | undefined {
  const utc = isoDate(v);
  const offset = dateHeader === undefined ? undefined : headerOffset(dateHeader);
  return utc === undefined || offset === undefined ? utc : isoAtOffset(new Date(utc), offset);
}

export function isoDate(v: Date | string | undefined | null): string | undefined {
  if (!v) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
