/**
 * A source's identity for the command line: from a JSON file or standard
 * input (`--source-from FILE|-`), or asked for at the terminal without echo —
 * never from arguments, which every local user can read (`ps`,
 * /proc/PID/cmdline) and the shell's history keeps.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { describeZodError, identityInput } from '../core/index.ts';
import type { IdentityOut } from '../core/api.ts';
import { CONSENT_LEVELS, SOURCE_RELATIONS } from '../core/shared/vocabulary.ts';
import { answer, type Ask } from './prompt.ts';

/** A --source-from that cannot be used; the message says what to fix, never what the file holds. */
export class SourceError extends Error {}

/** The old identity arguments: still parsed, only to be refused with the reason. */
const REFUSED = [
  ['--source-name <name>', 'sourceName'],
  ['--source-contact <text>', 'sourceContact'],
  ['--relation <relation>', 'relation'],
  ['--consent <level>', 'consent'],
  ['--may-share <text>', 'mayShare'],
] as const;

export function addSourceOptions(cmd: Command): Command {
  cmd.option('--source-from <file>', 'the source\'s identity as JSON {"name", "contact", "relation", "consent", "mayShare"} in an owner-only file, or "-" for standard input');
  for (const [flags] of REFUSED) cmd.addOption(new Option(flags).hideHelp());
  return cmd;
}

/** Why an identity given as arguments is refused, and what to do instead; null when none was. */
export function refusedArguments(o: object): string | null {
  const given = REFUSED.filter(([, key]) => (o as Record<string, unknown>)[key] !== undefined).map(([flags]) => flags.split(' ')[0]);
  if (!given.length) return null;
  return (
    `${given.join(', ')}: the source's identity is not taken as arguments — every user of this computer can see a command's arguments (ps, /proc) and the shell's history keeps them. ` +
    'Put it in an owner-only JSON file and give --source-from FILE (or pipe it in with --source-from -), or leave the option out to be asked at the terminal without echo. Nothing was saved.'
  );
}

const MAX_BYTES = 64 * 1024;
const SHAPE = '{"name": "…", "contact": "…", "relation": "employee", "consent": "confidential", "mayShare": "…"}';

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) {
    throw new SourceError('--source-from -: standard input is the terminal, where the identity would be shown as it is typed; leave out --source-from to be asked without echo, or pipe a file in.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new SourceError(`--source-from -: more than ${MAX_BYTES / 1024} KB came on standard input; give one JSON object such as ${SHAPE}.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function readFile(file: string, warn: (text: string) => void): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new SourceError(`--source-from: there is no file ${file}.`);
  }
  if (!st.isFile()) throw new SourceError(`--source-from: ${file} is not a file.`);
  if (st.size > MAX_BYTES) throw new SourceError(`--source-from: ${file} is larger than ${MAX_BYTES / 1024} KB; give one JSON object such as ${SHAPE}.`);
  if (process.platform !== 'win32' && st.mode & 0o077) {
    warn(`warning: ${file} can be read by other users of this computer (mode ${(st.mode & 0o777).toString(8)}); keep such files owner-only (chmod 600) and delete it once the source is on file.`);
  }
  return fs.readFileSync(file);
}

/** The identity in a --source-from file or on standard input ("-"), checked by the same rules as the API's. */
export async function readSourceIdentity(spec: string, warn: (text: string) => void): Promise<IdentityOut> {
  const bytes = spec === '-' ? await readStdin() : readFile(spec, warn);
  const where = spec === '-' ? 'standard input' : spec;
  let value: unknown;
  try {
    // JSON.parse's own message quotes the text it stopped at: that could be the source's name, so it is not shown.
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SourceError(`--source-from: ${where} is not valid JSON; give one object such as ${SHAPE}.`);
  } finally {
    bytes.fill(0);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SourceError(`--source-from: ${where} holds no JSON object; give one such as ${SHAPE}.`);
  const parsed = identityInput.safeParse(value);
  if (!parsed.success) throw new SourceError(`--source-from: ${where}: ${describeZodError(parsed.error)}.`);
  return parsed.data;
}

/** Ask for one of a few words until one is given (Enter takes the default). */
async function askChoice<T extends string>(ask: Ask, label: string, choices: readonly T[], fallback: T): Promise<T> {
  for (;;) {
    const a = (await answer(ask, `${label} — ${choices.join(', ')} (Enter for ${fallback}): `)).trim();
    if (!a) return fallback;
    if ((choices as readonly string[]).includes(a)) return a as T;
    process.stderr.write(`That is not one of: ${choices.join(', ')}.\n`);
  }
}

/** Asked at the terminal, nothing echoed; null when no name is given (the disclosure is taken without a source identity). */
export async function askSourceIdentity(ask: Ask): Promise<IdentityOut | null> {
  process.stderr.write("The source's identity is sealed with the passphrase; nothing you type is shown.\n");
  const name = (await answer(ask, "Source's name (Enter for none): ")).trim();
  if (!name) return null;
  const given = {
    name,
    contact: (await answer(ask, 'Contact details (Enter for none): ')).trim(),
    relation: await askChoice(ask, 'Relation', SOURCE_RELATIONS, 'employee'),
    consent: await askChoice(ask, 'Consent', CONSENT_LEVELS, 'confidential'),
    mayShare: (await answer(ask, 'What the source agreed may be shared (Enter for nothing): ')).trim(),
  };
  const parsed = identityInput.safeParse(given);
  if (!parsed.success) throw new SourceError(describeZodError(parsed.error));
  return parsed.data;
}
