/**
 * Files sent by a browser (browser mode has no paths to give): each upload is
 * streamed to files/uploads/<id>/, never held whole, and waits there until an
 * import takes it. The import removes it, kept or not; leftovers a day old are
 * swept at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isRandomId, newRandomId } from '../random-id.ts';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import { filesDirIn } from '../datadir.ts';
import { safeName } from './sniff.ts';
import { DEFAULT_MAX_FILE_BYTES } from './vault.ts';
import { mkdirPrivate, privateWriteStream, writePrivate } from '../private-files.ts';
import { DAY_MS, sweepStale } from '../sweep.ts';

const uploadsDir = (dataDir: string) => path.join(filesDirIn(dataDir), 'uploads');

/** A relative path as the user's browser gave it ("Production 2/emails/a.eml"), each part made safe to show. */
export function safeRelativePath(p: string): string {
  const parts = p
    .split(/[\\/]+/)
    .map((s) => s.trim())
    .filter((s) => s && s !== '.' && s !== '..')
    .map(safeName)
    .slice(-8);
  return parts.join('/').slice(0, 1000) || 'unnamed';
}

export interface Upload {
  file: string;
  /** The relative path it was dropped as, made safe. */
  label: string;
  /** Its file name, made safe. */
  name: string;
}

/**
 * Take one file from a stream. `name` is the path the browser reported,
 * `modified` its last-modified time in ms (kept as the file's date).
 */
export async function receiveUpload(
  dataDir: string,
  body: Readable,
  name: string,
  modified: number | null,
  declaredBytes: number | null,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<string> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit for one file.`);
  // Refused before a byte is read, when the sender says how much is coming.
  if (declaredBytes !== null && declaredBytes > maxBytes) throw tooLarge();
  const id = newRandomId();
  const dir = path.join(uploadsDir(dataDir), id);
  mkdirPrivate(dir);
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(tooLarge());
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, meter, privateWriteStream(path.join(dir, 'data')));
    writePrivate(path.join(dir, 'name'), safeRelativePath(name));
    if (modified !== null && Number.isFinite(modified) && modified > 0) {
      const t = new Date(modified);
      fs.utimesSync(path.join(dir, 'data'), t, t);
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return id;
}

/** The waiting upload with this id; NOT_FOUND if there is none (already imported, or swept). */
export function findUpload(dataDir: string, id: string): Upload {
  if (!isRandomId(id)) throw new AppError('BAD_INPUT', `uploads: "${id.slice(0, 40)}" is not an upload id.`);
  const dir = path.join(uploadsDir(dataDir), id);
  let label: string;
  try {
    label = fs.readFileSync(path.join(dir, 'name'), 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `uploads: there is no waiting upload ${id}; send the file again.`);
  }
  return { file: path.join(dir, 'data'), label, name: safeName(label) };
}

export const dropUpload = (dataDir: string, id: string) => {
  if (isRandomId(id)) fs.rmSync(path.join(uploadsDir(dataDir), id), { recursive: true, force: true });
};

/** Uploads nobody imported (the window closed first), once a day old. */
export const sweepUploads = (dataDir: string, olderThanMs = DAY_MS) => sweepStale(uploadsDir(dataDir), { match: isRandomId, olderThanMs }).length;
