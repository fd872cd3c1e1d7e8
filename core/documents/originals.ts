/**
 * A document's original, streamed as bytes (never base64 in JSON) to the
 * window that shows it: browser mode's GET /api/original/<id> and the desktop
 * app's app://sunshine/api/original/<id> both answer with `originalReply`,
 * so the two shells only adapt it to their kind of response.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { Reader } from '../../db/engine.ts';
import { AppError } from '../errors.ts';
import { documentById } from '../../db/documents.ts';
import { exportName } from './sniff.ts';
import { blobPath, checkBlob } from './vault.ts';

/** The path the renderer fetches an original from, in both shells. */
export const ORIGINAL_PATH = /^\/api\/original\/([^/]*)$/;

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

/**
 * One `Range: bytes=…` header against a file of `size` bytes: null means send
 * the whole file (no header, a header we do not understand, or several ranges
 * — all allowed to be ignored), 'unsatisfiable' means answer 416.
 */
export function parseRange(header: string | undefined | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // The last n bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/** A document id as it comes in a URL: digits only, so "../", "%2e" or "1;2" never reach the database or a path. */
export function documentIdFrom(raw: string): number {
  const id = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('BAD_INPUT', `id: "${raw.slice(0, 40)}" is not a document number.`);
  return id;
}

/**
 * Stored files are hashed before their first byte leaves, then remembered by
 * their identity on disk (inode, size, times), so the ranges of one viewing do
 * not re-hash the whole file each time; a changed file has new times.
 */
const verified = new Map<string, string>();
const MAX_VERIFIED = 500;

async function verify(dataDir: string, id: number, sha256: string, size: number): Promise<void> {
  const file = blobPath(dataDir, sha256);
  const identity = (() => {
    try {
      const st = fs.statSync(file);
      return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    } catch {
      return null;
    }
  })();
  if (identity !== null && verified.get(file) === identity) return;
  const problem = await checkBlob(dataDir, sha256, size);
  if (problem) throw new AppError('INTEGRITY', `The stored file of document ${id} ${problem}; run "sunshine verify".`);
  verified.delete(file);
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  if (identity !== null) verified.set(file, identity);
}

export interface OriginalReply {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Opens the bytes to send (null for 416); not called for HEAD. */
  body: (() => Readable) | null;
}

/** RFC 6266: an ASCII fallback and the exact name in UTF-8. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The reply for GET /api/original/<rawId> with an optional Range header.
 * Throws AppError: BAD_INPUT (not an id), NOT_FOUND, INTEGRITY.
 */
export async function originalReply(q: Reader, dataDir: string, rawId: string, range: string | null | undefined): Promise<OriginalReply> {
  const id = documentIdFrom(rawId);
  const d = await documentById(q, id);
  if (!d) throw new AppError('NOT_FOUND', `id: there is no document ${id}.`);
  await verify(dataDir, id, d.sha256, d.size);
  const headers: Record<string, string> = {
    // Never shown by the browser itself: an original may be HTML or SVG from anyone.
    'Content-Type': d.mime || 'application/octet-stream',
    'Content-Disposition': contentDisposition(exportName(d.name, d.mime)),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Accept-Ranges': 'bytes',
  };
  const r = parseRange(range, d.size);
  const file = blobPath(dataDir, d.sha256);
  if (r === 'unsatisfiable') return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${d.size}`, 'Content-Length': '0' }, body: null };
  if (r === null) return { status: 200, headers: { ...headers, 'Content-Length': String(d.size) }, body: () => fs.createReadStream(file) };
  return {
    status: 206,
    headers: { ...headers, 'Content-Range': `bytes ${r.start}-${r.end}/${d.size}`, 'Content-Length': String(r.end - r.start + 1) },
    body: () => fs.createReadStream(file, { start: r.start, end: r.end }),
  };
}
