/** SHA-256 in hex, the app's one way to name content: stored files, backups, what leaves in a production. */
import fs from 'node:fs';
import { createHash } from 'node:crypto';

export const sha256Hex = (bytes: Buffer | Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** A file's SHA-256, read as a stream (a stored file or a backup may be far larger than memory should hold). */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
