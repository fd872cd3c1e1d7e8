/**
 * Paths the desktop app's main process picked for a window, held here under
 * opaque tokens: files to import (its file dialog, or files dropped on the
 * window; `documents.import` takes the tokens back) and, in a store of their
 * own, folders to write a production into (`productions.create` takes the
 * token back). The window gets the token and a name to show, never the path.
 * Each token is random (128 bits), works once, and expires: a page cannot
 * guess one, replay one, or keep a stock of them.
 */
import { newRandomId } from '../random-id.ts';
import path from 'node:path';
import type { PickedFile } from '../api.ts';
import { AppError } from '../errors.ts';

/** Long enough to fill in the rest of the import form; short enough that forgotten picks go. */
export const PICK_TTL_MS = 30 * 60_000;
/** More than any one dialog or drop gives; a page asking for more is refused. */
const MAX_HELD = 10_000;

/** How refusals name what a store holds, so each says what to do in the words of its own screen. */
export interface PickWords {
  /** The input that carries the tokens. */
  field: string;
  /** "picked file": one of what is held. */
  one: string;
  /** "picked files". */
  many: string;
  /** What using one up does ("imported"). */
  used: string;
  /** How to use them ("import them"). */
  useThem: string;
  /** How to get new ones ("choose or drop them again"). */
  again: string;
  /** The whole call's outcome ("Nothing was imported."). */
  nothing: string;
}

const IMPORT_WORDS: PickWords = {
  field: 'picked',
  one: 'picked file',
  many: 'picked files',
  used: 'imported',
  useThem: 'import them',
  again: 'choose or drop them again',
  nothing: 'Nothing was imported.',
};

export class PickedPaths {
  private readonly held = new Map<string, { file: string; expires: number }>();
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly words: PickWords;

  constructor(opts: { ttlMs?: number; now?: () => number; words?: PickWords } = {}) {
    this.ttl = opts.ttlMs ?? PICK_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.words = opts.words ?? IMPORT_WORDS;
  }

  /** A token for each path (already judged allowed), in order. */
  issue(files: readonly string[]): PickedFile[] {
    this.sweep();
    if (this.held.size + files.length > MAX_HELD) {
      const w = this.words;
      throw new AppError('CONFLICT', `Too many ${w.many} are waiting to be ${w.used} (at most ${MAX_HELD}); ${w.useThem} or wait ${this.minutes()} minutes.`);
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
    if (missing.length) throw this.gone(missing.length);
    return tokens.map((t) => {
      const { file } = this.held.get(t)!;
      this.held.delete(t);
      return file;
    });
  }

  /** The path behind a token, which stays waiting: a production plan looks at the folder it would write into. */
  peek(token: string): string {
    this.sweep();
    const held = this.held.get(token);
    if (!held) throw this.gone(1);
    return held.file;
  }

  /**
   * Run `work` with the path behind one token. The token is held out while it
   * runs, so no second use can start meanwhile; it is used up when `work`
   * succeeds and waits again (its expiry unchanged) when `work` fails, so a
   * refused production can be tried again without choosing the folder again.
   */
  async spend<T>(token: string, work: (file: string) => Promise<T>): Promise<T> {
    this.sweep();
    const held = this.held.get(token);
    if (!held) throw this.gone(1);
    this.held.delete(token);
    try {
      return await work(held.file);
    } catch (e) {
      this.held.set(token, held);
      throw e;
    }
  }

  private gone(count: number): AppError {
    const w = this.words;
    return new AppError(
      'FORBIDDEN',
      `${w.field}: ${count === 1 ? `one ${w.one} is` : `${count} ${w.many} are`} no longer waiting (already ${w.used}, expired after ${this.minutes()} minutes, or never picked here); ${w.again}. ${w.nothing}`,
    );
  }

  private minutes(): number {
    return Math.round(this.ttl / 60_000);
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, h] of this.held) if (h.expires <= now) this.held.delete(t);
  }
}
