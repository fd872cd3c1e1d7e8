/**
 * Files the desktop app's main process picked for a window (its file dialog,
 * or files dropped on the window), held here under opaque tokens. The window
 * gets the token and a name to show, never the path; `documents.import` takes
 * the tokens back. Each token is random (128 bits), works once, and expires:
 * a page cannot guess one, replay one, or keep a stock of them.
 */
import { newRandomId } from '../random-id.ts';
import path from 'node:path';
import type { PickedFile } from '../api.ts';
import { AppError } from '../errors.ts';

/** Long enough to fill in the rest of the import form; short enough that forgotten picks go. */
export const PICK_TTL_MS = 30 * 60_000;
/** More than any one dialog or drop gives; a page asking for more is refused. */
const MAX_HELD = 10_000;

export class PickedPaths {
  private readonly held = new Map<string, { file: string; expires: number }>();
  private readonly ttl: number;
  private readonly now: () => number;

  constructor(opts: { ttlMs?: number; now?: () => number } = {}) {
    this.ttl = opts.ttlMs ?? PICK_TTL_MS;
    this.now = opts.now ?? Date.now;
  }

  /** A token for each path (already judged allowed), in order. */
  issue(files: readonly string[]): PickedFile[] {
    this.sweep();
    if (this.held.size + files.length > MAX_HELD) {
      throw new AppError('CONFLICT', `Too many picked files are waiting to be imported (at most ${MAX_HELD}); import them or wait ${Math.round(this.ttl / 60_000)} minutes.`);
    }
    const expires = this.now() + this.ttl;
    return files.map((file) => {
      const token = newRandomId();
      this.held.set(token, { file, expires });
      return { token, name: path.basename(file) || file };
    });
  }

  /**
   * The paths behind the tokens, each token used up. All or nothing: one
   * unknown, used or expired token refuses the lot and uses none of the others.
   */
  take(tokens: readonly string[]): string[] {
    this.sweep();
    const missing = tokens.filter((t, i) => !this.held.has(t) || tokens.indexOf(t) !== i);
    if (missing.length) {
      throw new AppError(
        'FORBIDDEN',
        `picked: ${missing.length === 1 ? 'one picked file is' : `${missing.length} picked files are`} no longer waiting (already imported, expired after ${Math.round(this.ttl / 60_000)} minutes, or never picked here); choose or drop them again. Nothing was imported.`,
      );
    }
    return tokens.map((t) => {
      const { file } = this.held.get(t)!;
      this.held.delete(t);
      return file;
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, h] of this.held) if (h.expires <= now) this.held.delete(t);
  }
}
