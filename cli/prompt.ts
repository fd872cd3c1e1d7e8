/**
 * Asking at the terminal without echo: the sources' passphrase and a source's
 * identity. What is typed never reaches the screen, the command line or the
 * shell's history.
 */
import fs from 'node:fs';
import tty from 'node:tty';
import { StringDecoder } from 'node:string_decoder';

/** Asks one question; resolves to the answer, or null when the person gave up (Ctrl+D, Ctrl+C). */
export type Ask = (question: string) => Promise<string | null>;

/**
 * The terminal to ask at: standard input when it is one. When standard input
 * carries data instead (`--source-from -`), the controlling terminal itself
 * (/dev/tty), as ssh and gpg do; null when there is none (a pipe, a cron job).
 */
function openTerminal(stdinTaken: boolean): { input: NodeJS.ReadableStream & { isTTY?: boolean }; close(): void } | null {
  if (!stdinTaken) return process.stdin.isTTY ? { input: process.stdin, close: () => {} } : null;
  try {
    const input = new tty.ReadStream(fs.openSync('/dev/tty', 'r'));
    return { input, close: () => input.destroy() };
  } catch {
    return null;
  }
}

/**
 * Run fn with a way to ask hidden questions; null when there is no terminal.
 * The terminal stays in raw mode for the whole exchange and nothing typed is
 * written back — not even type-ahead between two questions, not even its
 * length. (readline redraws its line with the cursor after the hidden text.)
 */
export async function withHiddenPrompt<T>(fn: (ask: Ask) => Promise<T>, opts: { stdinTaken?: boolean } = {}): Promise<T | null> {
  const t = openTerminal(opts.stdinTaken === true);
  if (!t) return null;
  const input = t.input as tty.ReadStream;
  const out = process.stderr;
  const decoder = new StringDecoder('utf8');
  let typed = ''; // received, not yet taken by a question
  let ended = false;
  let wake: (() => void) | null = null;
  const onData = (d: Buffer) => {
    typed += decoder.write(d);
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  input.setRawMode(true);
  input.on('data', onData);
  input.on('end', onEnd);
  input.resume();
  let afterCR = false;
  const ask: Ask = async (question) => {
    out.write(question);
    let line = '';
    for (;;) {
      while (typed) {
        const ch = String.fromCodePoint(typed.codePointAt(0)!);
        typed = typed.slice(ch.length);
        const wasCR = afterCR;
        afterCR = ch === '\r';
        if (ch === '\n' && wasCR) continue; // the \n of a pasted \r\n
        if (ch === '\r' || ch === '\n') {
          out.write('\n');
          return line;
        }
        if (ch === '\x03' || (ch === '\x04' && line === '')) {
          out.write('\n');
          return null;
        }
        if (ch === '\x7f' || ch === '\b') line = Array.from(line).slice(0, -1).join('');
        else if (ch === '\x15') line = '';
        else if (ch === '\x1b') typed = typed.replace(/^(\[[0-?]*[ -/]*[@-~]|O.)/, ''); // arrow and function keys: not text
        else if (ch >= ' ') line += ch;
      }
      if (ended) {
        out.write('\n');
        return null;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
  try {
    return await fn(ask);
  } finally {
    input.setRawMode(false);
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause();
    t.close();
  }
}

/** Thrown when a prompt cannot give an answer (stopped with Ctrl+C or Ctrl+D, two typings differ): nothing is saved. */
export class PromptError extends Error {}

/** An answer, or PromptError when the person stopped. */
export async function answer(ask: Ask, question: string): Promise<string> {
  const a = await ask(question);
  if (a === null) throw new PromptError('stopped at the prompt; nothing was saved.');
  return a;
}

/**
 * The sources' passphrase: from SUNSHINE_PASSPHRASE (or `env`), else asked
 * for at the terminal; null when neither is there. `confirm` asks twice (a new
 * passphrase mistyped once would lock every source away).
 */
export async function passphrase(opts: { stdinTaken?: boolean; confirm?: boolean; env?: string; question?: string } = {}): Promise<string | null> {
  const fromEnv = process.env[opts.env ?? 'SUNSHINE_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  return withHiddenPrompt(async (ask) => {
    const first = await answer(ask, opts.question ?? 'Passphrase for protected sources: ');
    if (opts.confirm && (await answer(ask, 'Type it again: ')) !== first) throw new PromptError('the two passphrases typed differ; nothing was saved. Run it again.');
    return first;
  }, opts);
}
