/** How the CLI speaks: plain lines for people, one JSON document with --json. */
import type { ApiError } from '../core/index.ts';

export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

/**
 * Terminal escape sequences: CSI (ESC [ … and its 8-bit form), OSC (ESC ] …
 * ended by BEL or ST — window titles, hyperlinks, clipboard writes), DCS/SOS/
 * PM/APC strings, and the two- and three-byte escapes (ESC c resets the
 * terminal). A lone ESC goes too.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPE_SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?|[ -/]*[0-~])?|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
/** What is left of C0 and C1 once \t and \n are dealt with, and DEL. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;

/**
 * Text from outside (an email's subject, a file's name, a snippet, an error
 * echoing input) made safe to print on a terminal: escape sequences and
 * control characters removed, tabs made spaces, carriage returns (which
 * overwrite the line) made line breaks. Line breaks stay only where a
 * multi-line print is meant; elsewhere they become spaces.
 */
export function safeText(text: string, opts: { multiline?: boolean } = {}): string {
  const t = text.replace(ESCAPE_SEQUENCES, '').replace(/\t/g, ' ').replace(/\r\n?/g, '\n');
  return opts.multiline ? t.split('\n').map((line) => line.replace(CONTROLS, '')).join('\n') : t.replace(/\n/g, ' ').replace(CONTROLS, '');
}

/**
 * JSON stays exact: JSON.stringify already escapes C0 controls; DEL and the
 * C1 range (which some terminals obey) are escaped too — the same value
 * when parsed, harmless when shown.
 */
const jsonSafe = (text: string) => text.replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);

/** Every line printed for people passes safeText: commands need not remember to. */
export const consoleOutput = (json: boolean): Output => ({
  json,
  out: (t) => process.stdout.write(line(json ? jsonSafe(t) : safeText(t, { multiline: true }))),
  err: (t) => process.stderr.write(line(safeText(t, { multiline: true }))),
});

/** A progress line on a terminal's stderr, rewritten in place ("12/40 report.pdf"); nothing when stderr is not a terminal. */
export function progressLine(text: string | null): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(text === null ? '\r\x1b[K' : `\r\x1b[K${safeText(text).slice(0, 120)}`);
}

/** Data written as is (CSV): exact into a file or pipe, made safe when it would land on a terminal. */
export function rawOut(text: string): void {
  process.stdout.write(process.stdout.isTTY ? safeText(text, { multiline: true }) : text);
}

/** Exit codes: 0 fine, 1 a check found problems, 2 the command could not run. */
export const EXIT = { ok: 0, problems: 1, error: 2 } as const;

export function reportError(o: Output, e: ApiError): number {
  if (o.json) o.out(JSON.stringify({ ok: false, error: e }));
  else o.err(`sunshine: ${e.message} [${e.code}]`);
  return EXIT.error;
}
