/**
 * Bates numbers as people write them (`ICE-0004211`, `DHS-OIG-000123`, `ABC0000001`, `EPA 0001`):
 * the one place that splits them into prefix and number and tells a Bates number typed in a search
 * box from a search word. Used by storage (page_bates), the look-up and the search box.
 */

export interface BatesParts {
  /** Everything before the final run of digits, as written (`ICE-`, `DHS-OIG-`, `ABC`, `EPA `). */
  prefix: string;
  number: number;
  /** How many digits the number is written with (`0004211` → 7). */
  width: number;
}

/** More digits than this cannot be a safe integer; no producing party numbers that far. */
const MAX_DIGITS = 15;

/** `ICE-0004211` → { prefix: 'ICE-', number: 4211, width: 7 }; null without a final run of digits. */
export function splitBates(text: string): BatesParts | null {
  const m = /^(.*?)(\d+)$/s.exec(text.trim());
  if (!m || m[2]!.length > MAX_DIGITS) return null;
  return { prefix: m[1]!, number: Number(m[2]), width: m[2]!.length };
}

export type BatesQuery =
  | { kind: 'exact'; bates: string }
  | { kind: 'range'; from: string; to: string }
  /** The start of a Bates number (`ICE-00042`): every page whose number begins so. */
  | { kind: 'prefix'; prefix: string };

/** Between the two ends of a range: -, – (en dash), — (em dash) or the word "to", spaced or not (a hyphen only spaced, as prefixes hold hyphens). */
const RANGE = /^(\S+)\s*(?:[–—]|\s-\s|\sto\s)\s*(\S+)$/i;

/** The two ends of a range as written; an unspaced hyphen (`ICE-0004211-ICE-0004260`) splits where both sides end in digits. */
function rangeEnds(typed: string): [string, string] | null {
  const spaced = RANGE.exec(typed);
  if (spaced) return [spaced[1]!, spaced[2]!];
  for (let i = typed.indexOf('-'); i > 0; i = typed.indexOf('-', i + 1)) {
    const [from, to] = [typed.slice(0, i), typed.slice(i + 1)];
    if (/\d$/.test(from) && /^[A-Za-z]/.test(to) && splitBates(to)) return [from, to];
  }
  return null;
}

/** A Bates prefix in use in the workspace and the width its numbers are written with. */
export interface KnownPrefix {
  prefix: string;
  width: number;
}

/**
 * What a typed text is, if it is a Bates number at all. The rule that tells one from a search
 * word: letters (and the marks between them) then a run of at least 4 digits (`ICE-0004211`,
 * `ABC0001`; spaces only between capitals, `EPA 0001`), so words like `2024`, `b6` or `covid19` are never taken for one; or a prefix the
 * workspace knows (`known`, in any case) followed by digits or by nothing. Under a known prefix,
 * fewer digits than its numbers are written with is the start of a number (`ICE-00042`): a prefix.
 */
export function batesQuery(text: string, known: readonly KnownPrefix[] = []): BatesQuery | null {
  const typed = text.trim();
  const range = rangeEnds(typed);
  if (range) {
    const [from, to] = range;
    const a = splitBates(from);
    const b = splitBates(to);
    if (!a || !b || !looksLikeBates(from, known) || !looksLikeBates(to, known)) return null;
    if (a.prefix.toLowerCase() !== b.prefix.toLowerCase() || a.number > b.number) return null;
    return { kind: 'range', from, to };
  }
  const prefixOnly = known.find((k) => k.prefix.length > 0 && k.prefix.toLowerCase() === typed.toLowerCase());
  if (prefixOnly) return { kind: 'prefix', prefix: typed };
  if (!looksLikeBates(typed, known)) return null;
  const parts = splitBates(typed)!;
  const under = known.find((k) => k.prefix.toLowerCase() === parts.prefix.toLowerCase());
  return under && parts.width < under.width ? { kind: 'prefix', prefix: typed } : { kind: 'exact', bates: typed };
}

function looksLikeBates(text: string, known: readonly KnownPrefix[]): boolean {
  const parts = splitBates(text);
  if (!parts || /[\r\n\t]|\s{2,}/.test(text)) return false;
  if (known.some((k) => k.prefix.toLowerCase() === parts.prefix.toLowerCase())) return true;
  if (parts.width < 4) return false;
  // A space inside the prefix only in capitals (`EPA 0001`), so words before a number (`form 1040`) stay words.
  return /\s/.test(parts.prefix) ? /^[A-Z][A-Z.]*(?:[-_ ][A-Z.]+)*[-_ ]?$/.test(parts.prefix) : /^[A-Za-z][A-Za-z.]*(?:[-_][A-Za-z.]+)*[-_]?$/.test(parts.prefix);
}
