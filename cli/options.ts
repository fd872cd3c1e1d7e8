/** Options several commands share: document filters, exemption lists, and picking the options that were given. */
import { InvalidArgumentError, type Command } from 'commander';
import { EXEMPTIONS, type Exemption } from '../core/shared/vocabulary.ts';

/** The named options that were given, and only those. */
export function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>;
}

export interface FilterOptions {
  request?: string;
  disclosure?: string;
  type?: string;
  source?: string;
  tag?: string;
  status?: string;
  from?: string;
  to?: string;
  pii?: string;
  wholeThreads?: boolean;
  inclusiveOnly?: boolean;
}

const FILTER_KEYS = ['request', 'disclosure', 'type', 'source', 'tag', 'status', 'from', 'to', 'pii', 'wholeThreads', 'inclusiveOnly'] as const;

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--request <reference>', 'only documents linked to this request')
    .option('--disclosure <reference>', 'only documents linked to this disclosure')
    .option('--type <type>', 'only this kind: pdf, docx, eml, msg, html, csv, text or image')
    .option('--source <name>', 'only documents from this source')
    .option('--tag <path>', 'only documents with this tag (or a tag under it), e.g. "Privilege/Attorney-client"')
    .option('--status <status>', 'only documents in this review status')
    .option('--from <date>', 'only documents dated on or after YYYY-MM-DD')
    .option('--to <date>', 'only documents dated on or before YYYY-MM-DD')
    .option('--pii <kind>', 'only documents with personal data of this kind: ssn, a-number, dob, phone, email, address, passport, drivers-license, card, bank-account, routing, a custom pattern\'s name, or any')
    .option('--whole-threads', 'every email of a thread with a result is a result too')
    .option('--inclusive-only', 'of emails, only the inclusive ones (no later email of their branch holds them); other documents are kept');
}

/**
 * The filters given on the command line. Kinds and statuses go to the API as
 * typed: it checks them and names the ones it knows.
 */
export const filtersFrom = (o: FilterOptions) => pick(o, ...FILTER_KEYS) as { type?: 'pdf'; status?: 'responsive' } & Omit<FilterOptions, 'type' | 'status'>;

/** "12", "12,13 14" … as document numbers. */
export function documentIds(values: string[]): number[] {
  return values
    .flatMap((v) => v.split(/[\s,]+/))
    .filter(Boolean)
    .map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${v}" is not a document number.`);
      return n;
    });
}

// Keyed without case or brackets, so "b7e", "B7E" and "(b)(7)(E)" all name b7E.
const EXEMPTION_KEYS = new Map<string, Exemption>(EXEMPTIONS.map((e) => [e.toLowerCase(), e]));

/**
 * The parser of every --exemption option: "b6,b7e", "b5 b6" or the flag
 * repeated, in any case, each code once in its canonical spelling (b7E).
 * "none" adds nothing, so `--exemption none` gives an empty list; an unknown
 * code is refused with the list of valid ones.
 */
export function exemptionList(value: string, previous: Exemption[] = []): Exemption[] {
  const out = [...previous];
  for (const word of value.split(/[\s,]+/).filter(Boolean)) {
    const key = word.toLowerCase().replace(/[()]/g, '');
    if (key === 'none') continue;
    const code = EXEMPTION_KEYS.get(key);
    if (!code) throw new InvalidArgumentError(`"${word}" is not a FOIA exemption; give one or more of ${EXEMPTIONS.join(', ')} (any case, separated by commas or spaces), or none.`);
    if (!out.includes(code)) out.push(code);
  }
  return out;
}
