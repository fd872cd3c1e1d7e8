/** How the CLI speaks: plain lines for people, one JSON document with --json. */
import type { ApiError } from '../core/index.ts';

export interface Output {
  json: boolean;
  out(text: string): void;
  err(text: string): void;
}

export const consoleOutput = (json: boolean): Output => ({
  json,
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
});

/** Exit codes: 0 fine, 1 a check found problems, 2 the command could not run. */
export const EXIT = { ok: 0, problems: 1, error: 2 } as const;

export function reportError(o: Output, e: ApiError): number {
  if (o.json) o.out(JSON.stringify({ ok: false, error: e }));
  else o.err(`sunshine: ${e.message} [${e.code}]`);
  return EXIT.error;
}
