/**
 * What a person reads when their input is refused: "subject: is too long: at most 500 characters",
 * never zod's own wording ("Too big: expected string to have <=500 characters"). A schema's own
 * message (`.max(500, 'the file is larger than 50 MB')`) still wins: this map is zod's fallback,
 * set once for the process.
 */
import { z } from 'zod';

type RawIssue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no (true or false)',
  object: 'a group of fields',
  array: 'a list',
  date: 'a date',
  bigint: 'a whole number',
};

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function humanIssue(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'too_big': {
      const n = Number(iss.maximum);
      if (iss.origin === 'string') return `is too long: at most ${count(n, 'character', 'characters')}`;
      if (iss.origin === 'array' || iss.origin === 'set') return `has too many entries: at most ${n.toLocaleString('en-US')}`;
      if (iss.origin === 'number' || iss.origin === 'bigint' || iss.origin === 'int') return `must be ${iss.inclusive === false ? 'less than' : 'at most'} ${n.toLocaleString('en-US')}`;
      return 'is too large';
    }
    case 'too_small': {
      const n = Number(iss.minimum);
      if (iss.origin === 'string') return n <= 1 ? 'cannot be empty' : `is too short: at least ${count(n, 'character', 'characters')}`;
      if (iss.origin === 'array' || iss.origin === 'set') return n <= 1 ? 'needs at least one entry' : `needs at least ${n.toLocaleString('en-US')} entries`;
      if (iss.origin === 'number' || iss.origin === 'bigint' || iss.origin === 'int') return `must be ${iss.inclusive === false ? 'more than' : 'at least'} ${n.toLocaleString('en-US')}`;
      return 'is too small';
    }
    case 'invalid_type':
      return iss.input === undefined ? 'is required' : `should be ${KINDS[iss.expected] ?? iss.expected}`;
    case 'invalid_value':
      return iss.values.length === 1 ? `should be ${String(iss.values[0])}` : `should be one of: ${iss.values.map(String).join(', ')}`;
    case 'invalid_format':
      return iss.format === 'regex' ? 'is not written in the expected form' : `is not a valid ${iss.format}`;
    case 'unrecognized_keys':
      return `${iss.keys.length === 1 ? 'is a field' : 'are fields'} not known here: ${iss.keys.join(', ')}`;
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}`;
    default:
      return undefined;
  }
}

z.config({ customError: humanIssue });

/** "theme: should be one of: system, light, dark; userName: cannot be empty" — one line a person can act on. */
export function describeZodError(e: z.ZodError): string {
  return e.issues
    .map((i) => {
      const field = i.path.map(String).join('.');
      return (field ? `${field}: ` : '') + i.message;
    })
    .join('; ');
}
