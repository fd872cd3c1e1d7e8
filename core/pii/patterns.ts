/**
 * The custom patterns of a workspace, kept with its settings (key `piiPatterns`, audited like any
 * setting), and the version of the whole set of detectors and patterns pages are scanned under.
 */
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { readSettings, writeSetting } from '../../db/settings.ts';
import { sha256Hex } from '../sha256.ts';
import { AppError } from '../errors.ts';
import { EXEMPTIONS } from '../shared/vocabulary.ts';
import { ANY_PII, PII_KINDS, customKind, isBuiltinPiiKind } from '../shared/pii-kinds.ts';
import { checkPattern, type PiiPattern } from './custom.ts';
import { DETECTORS_VERSION } from './find.ts';

const KEY = 'piiPatterns';

const isPattern = (v: unknown): v is PiiPattern => {
  const p = v as PiiPattern;
  return typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.pattern === 'string' && (EXEMPTIONS as readonly string[]).includes(p.exemption);
};

/** The stored patterns; entries of the wrong shape (edited outside Sunshine) are left out. */
export async function storedPatterns(q: Reader): Promise<PiiPattern[]> {
  const v = (await readSettings(q))[KEY];
  return Array.isArray(v) ? v.filter(isPattern) : [];
}

/** Check every pattern (each refusal names its pattern) and keep the list in place of the old one; audited. */
export async function savePatterns(w: Writer, patterns: PiiPattern[]): Promise<PiiPattern[]> {
  const seen = new Set<string>();
  for (const p of patterns) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) throw new AppError('BAD_INPUT', `Two patterns are named "${p.name.slice(0, 60)}": give each its own name. Nothing was saved.`);
    seen.add(key);
    checkPattern(p);
  }
  await writeSetting(w, KEY, patterns, [], 'pii.patterns');
  return patterns;
}

/** Changes whenever the finds of an unchanged page could: a built-in detector changed, or a pattern was added, changed or removed. */
export const scanVersion = (patterns: readonly PiiPattern[]): string =>
  sha256Hex(JSON.stringify({ detectors: DETECTORS_VERSION, patterns: patterns.map((p) => [p.name, p.pattern]) })).slice(0, 16);

/**
 * What a `pii` filter names: `any`, a built-in kind (`ssn`), or a custom pattern by its name
 * (with or without `custom:`); anything else is refused with the kinds there are.
 */
export async function piiFilterOf(q: Reader, value: string): Promise<{ kind: string | null }> {
  if (value.toLowerCase() === ANY_PII) return { kind: null };
  if (isBuiltinPiiKind(value.toLowerCase())) return { kind: value.toLowerCase() };
  const name = value.replace(/^custom:/i, '').toLowerCase();
  const custom = (await storedPatterns(q)).find((p) => p.name.toLowerCase() === name);
  if (custom) return { kind: customKind(custom.name) };
  throw new AppError('BAD_INPUT', `pii: there is no kind "${value.slice(0, 80)}"; write any, one of ${PII_KINDS.join(', ')}, or the name of a pattern in Settings.`);
}
