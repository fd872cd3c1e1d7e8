/**
 * The source matcher: finds a sealed source's name, e-mail, phone number or
 * other identifier in a document's text, so nothing naming a whistleblower
 * leaves Sunshine unreviewed (issue 15, the source gate).
 *
 * One combined matcher for every source: each name form and identifier is a
 * sequence of folded words in one word trie, so a page is read once, word by
 * word, whatever the number of sources; phone numbers are looked up by their
 * digits from the number-like words only, e-mail addresses from the "@"s only.
 *
 * A name is found as the full name, "Last, First" or initials with the last
 * name. The last name alone is found only right after a title or role word
 * ("Ms. Ramirez's complaint", "Agent Ramirez", "Special Agent Ramirez"), or
 * when it is compound ("Okonkwo-Baptiste"), which alone is nearly unique: a
 * plain "Garcia" on its own would stop every document about any Garcia, and
 * each stop needs a recorded decision. A first name alone never counts, nor a
 * word of the name that is an everyday word ("Rose", "Price") — save an
 * everyday last name right after a personal title ("Ms. Price").
 *
 * What it finds and what it never reports goes through `reference` only: the
 * identities themselves (names, contact text) must never reach a note, an
 * error or a log — a note names the disclosure's reference and what kind of
 * thing is or is not looked for.
 */
import type { IdentityOut } from '../api-disclosures.ts';
import { COMMON_NAME_WORDS } from './common-name-words.ts';
import { LazyWords, foldText, scanWords, wordHash } from './page-words.ts';

export interface SourceHit {
  reference: string;
  kind: 'name' | 'email' | 'phone' | 'identifier';
  start: number;
  end: number;
}

export interface SourceMatcher {
  find(text: string): SourceHit[];
  notes: string[];
}

type Kind = SourceHit['kind'];
interface Target {
  reference: string;
  kind: Kind;
}

/** A trie edge that takes any one-letter word: "Maria T. Ramirez" when only "Maria Ramirez" is known. */
const ANY_INITIAL = '\u0000initial';
/** A trie edge taken only where a comma stands between two words: "Price, Rose" but never "the price rose". */
const COMMA = '\u0000comma';
/** A trie edge from a title to a last name, taken only where no more than a dot and spaces or a line break stand between them ("Ms. Ramirez", "Agent\nRamirez"). */
const TITLED = '\u0000titled';

interface TrieNode {
  next: Map<string, TrieNode>;
  ends: Target[];
}

const node = (): TrieNode => ({ next: new Map(), ends: [] });

/** Folded words of a name or identifier: hyphens, apostrophes and dots split ("Ramírez-López" → ramirez, lopez). */
const foldedWords = (s: string): string[] => (s.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map(foldText).filter(Boolean);

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof']);
/**
 * The titles and role words after which a last name alone counts ("Ms. Ramirez", "Agent Ramirez"),
 * as folded words: case and the abbreviation's dot do not matter ("Mr." and "MR" alike).
 */
const TITLES_BEFORE_LAST: readonly string[][] = [
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'agent', 'special agent', 'officer', 'deputy', 'sgt', 'sergeant', 'capt', 'captain',
  'lt', 'lieutenant', 'inspector', 'director', 'supervisor', 'judge', 'senator', 'rep', 'representative',
].map((t) => t.split(' '));
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'esq', 'phd', 'md']);
/** Lower-case particles that belong to the last name ("de la Cruz", "van der Berg"). */
const PARTICLES = new Set(['de', 'del', 'della', 'la', 'le', 'van', 'von', 'der', 'den', 'da', 'di', 'du', 'dos', 'das', 'bin', 'ibn', 'al', 'el']);

interface NameParts {
  first: string[];
  middles: string[][];
  last: string[];
}

/** A name as first, middle and last parts (each its folded words); "Last, First M." is read that way round. A one-word name as its words; null for none. */
function nameParts(name: string): NameParts | string[] | null {
  const comma = name.indexOf(',');
  let words: string[];
  let last: string[];
  if (comma >= 0) {
    last = foldedWords(name.slice(0, comma)).filter((w) => !TITLES.has(w));
    words = name.slice(comma + 1).trim().split(/\s+/).filter((w) => foldedWords(w).length > 0);
  } else {
    const all = name.trim().split(/\s+/).filter((w) => foldedWords(w).length > 0);
    while (all.length > 1 && TITLES.has(foldedWords(all[0]!).join(''))) all.shift();
    while (all.length > 1 && SUFFIXES.has(foldedWords(all[all.length - 1]!).join(''))) all.pop();
    if (all.length === 0) return null;
    let at = all.length - 1;
    while (at > 1 && PARTICLES.has(all[at - 1]!)) at--;
    last = all.slice(at).flatMap(foldedWords);
    words = all.slice(0, at);
  }
  const given = words.filter((w) => !SUFFIXES.has(foldedWords(w).join(''))).map(foldedWords);
  if (last.length === 0 && given.length === 0) return null;
  if (given.length === 0) return last;
  if (last.length === 0) return given.flat();
  return { first: given[0]!, middles: given.slice(1), last };
}

/** Two or more words of at least two letters, none a particle: "Okonkwo-Baptiste", "Ramírez López" — but not "O'Brien", "de la Cruz", "Al-Sayed". */
const isCompound = (last: string[]) => last.filter((w) => w.length > 1 && !PARTICLES.has(w)).length > 1;

/** A compound part as written with spaces or hyphens, or run together ("ramirez lopez", "ramirezlopez"). */
const spellings = (part: string[]): string[][] => (part.length > 1 ? [part, [part.join('')]] : [part]);
const initial = (part: string[]): string[] => [part[0]![0]!];

/** Every word sequence a full name is looked for as; never a part alone (see `nameForms`). */
function fullForms(n: NameParts): string[][] {
  const out: string[][] = [];
  const middlesFull = n.middles.flat();
  const middlesInitial = n.middles.map(initial).flat();
  for (const first of spellings(n.first)) {
    for (const last of spellings(n.last)) {
      const fi = initial(first);
      // First Last, First Middle Last, First M. Last, First X. Last (a middle initial not on file).
      out.push([...first, ...last], [...first, ANY_INITIAL, ...last]);
      if (n.middles.length) out.push([...first, ...middlesFull, ...last], [...first, ...middlesInitial, ...last]);
      // J. Ramirez, J. M. Ramirez.
      out.push([...fi, ...last], [...fi, ANY_INITIAL, ...last]);
      // Ramirez, Maria (M.); Ramirez, J. (M.).
      out.push([...last, COMMA, ...first], [...last, COMMA, ...first, ANY_INITIAL], [...last, COMMA, ...fi], [...last, COMMA, ...fi, ANY_INITIAL]);
      if (n.middles.length) out.push([...last, COMMA, ...first, ...middlesFull]);
    }
  }
  return out;
}

/** Nothing in it worth looking for alone: everyday words and single letters. */
const isCommon = (words: string[]) => words.every((w) => COMMON_NAME_WORDS.has(w) || w.length < 2);
/** An everyday word ("Rose"), not an initial ("K."): what a note is owed for. */
const isEveryday = (words: string[]) => words.some((w) => w.length > 1) && isCommon(words);

/** The word sequences one name is looked for as, and a note when some form is deliberately not. */
function nameForms(reference: string, name: string): { forms: string[][]; note?: string } {
  const parts = nameParts(name);
  if (parts === null) return { forms: [] };
  if (Array.isArray(parts)) {
    if (isCommon(parts)) {
      return { forms: [], note: `${reference}: the source's name is a single everyday word; it is not looked for in text (that would match ordinary words) — their e-mail, phone and other identifiers still are.` };
    }
    return { forms: spellings(parts), note: `${reference}: the source's name is a single word; it is looked for as that whole word only.` };
  }
  const forms = fullForms(parts);
  const commonLast = isCommon(parts.last);
  const compound = isCompound(parts.last);
  // A last name that is no everyday word is found alone only after a title or role word
  // ("Ms. Ramirez's complaint", "Agent Ramirez"), or anywhere when it is compound
  // ("Okonkwo-Baptiste"); a first name alone never is.
  if (!commonLast) {
    if (compound) forms.push(...spellings(parts.last));
    else for (const title of TITLES_BEFORE_LAST) for (const last of spellings(parts.last)) forms.push([...title, TITLED, ...last]);
  } else {
    // "Ms. Price" names a person, where "the officer price" or "Judge Rose" may not: an everyday
    // last name counts alone after a personal title only.
    for (const title of TITLES) for (const last of spellings(parts.last)) forms.push([title, TITLED, ...last]);
  }
  const common = isEveryday(parts.first) || isEveryday(parts.last) || parts.middles.some(isEveryday);
  if (!common) return { forms };
  const lastAlone = compound ? 'the last name on its own' : 'the last name right after a title or role word such as "Ms." or "Agent"';
  const what = commonLast
    ? 'only the full name, "Last, First", initials with the last name and the last name right after a personal title such as "Ms." or "Dr." are looked for, never one of its words alone'
    : `that word is never looked for alone; the full name, "Last, First", initials with the last name, and ${lastAlone} are`;
  return { forms, note: `${reference}: the source's name has a part that is an everyday word; ${what}.` };
}

/** E-mail addresses, in contact text and in documents. */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** A phone number as written in contact text: digits with any of + ( ) . - and spaces between (not the tail of "EMP-0042177"). */
const PHONE = /(?<![\p{L}\p{N}-])\+?\d[\d\s().-]{5,}\d/gu;

/** A phone number's digits as compared: a North American number without its leading 1. */
const phoneKey = (digits: string): string => (digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits);

/** What is looked for in one source's contact text: e-mails, phone numbers, and other tokens with digits. */
function contactTargets(contact: string): { emails: string[]; phones: string[]; identifiers: string[][]; shortNumbers: number } {
  const emails = (contact.match(EMAIL) ?? []).map(foldText);
  let rest = contact.replace(EMAIL, ' ');
  const phones: string[] = [];
  rest = rest.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return m;
    phones.push(phoneKey(digits));
    return ' ';
  });
  const identifiers: string[][] = [];
  let shortNumbers = 0;
  for (const raw of rest.split(/\s+/)) {
    const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!/\d/.test(token)) continue;
    const words = foldedWords(token);
    const alnum = words.join('');
    // A bare number of a few digits (a year, a room) would be found everywhere.
    if (/^\d+$/.test(alnum) && alnum.length < 5) {
      shortNumbers++;
      continue;
    }
    if (alnum.length >= 4) identifiers.push(...spellings(words));
  }
  return { emails, phones, identifiers, shortNumbers };
}

/** "Rami-" at a line end and "rez" on the next: one word broken by hyphenation. */
const HYPHEN_BREAK = /^[-\u00ad][ \t]*\r?\n\s*$/;
/** The start of such a break, right after a word. */
const HYPHEN_AT = /^[-\u00ad][ \t]*\r?\n/;
/** Between a title and the last name after it: a dot, spaces, a line break ("Ms. ", "Agent\n"). */
const TITLE_GAP = /^\.?\s*$/;
/** Between the groups of one phone number. */
const PHONE_GAP = /^[\s().+-]{0,3}$/;
/** Characters that glue an identifier to more of itself ("X-4471-B" is not "4471-B"). */
const GLUE = /[-/._#]/;

export function sourceMatcher(sources: { reference: string; identity: IdentityOut }[]): SourceMatcher {
  const root = node();
  const emails = new Map<string, Target[]>();
  const phones = new Map<string, Target[]>();
  const notes: string[] = [];
  const add = <K>(map: Map<K, Target[]>, key: K, t: Target) => map.set(key, [...(map.get(key) ?? []), t]);
  const insert = (words: string[], t: Target) => {
    let at = root;
    for (const w of words) {
      let n = at.next.get(w);
      if (!n) at.next.set(w, (n = node()));
      at = n;
    }
    if (!at.ends.some((e) => e.reference === t.reference && e.kind === t.kind)) at.ends.push(t);
  };
  let longestPhone = 0;
  for (const { reference, identity } of sources) {
    const { forms, note } = nameForms(reference, identity.name);
    for (const f of forms) insert(f, { reference, kind: 'name' });
    if (note) notes.push(note);
    const contact = contactTargets(identity.contact);
    for (const e of contact.emails) add(emails, e, { reference, kind: 'email' });
    for (const p of contact.phones) {
      add(phones, p, { reference, kind: 'phone' });
      longestPhone = Math.max(longestPhone, p.length);
    }
    for (const words of contact.identifiers) insert(words, { reference, kind: 'identifier' });
    if (contact.shortNumbers) {
      notes.push(`${reference}: ${contact.shortNumbers === 1 ? 'a number' : `${contact.shortNumbers} numbers`} of fewer than 5 digits in the source's contact details ${contact.shortNumbers === 1 ? 'is' : 'are'} not looked for on ${contact.shortNumbers === 1 ? 'its' : 'their'} own (it would match ordinary numbers).`);
    }
  }

  // The words a name or identifier can start with, by hash: the scan looks closer only at those.
  const starts = new Set([...root.next.keys()].map(wordHash));

  /** Every way the trie goes on from `n` at word `i`: the word itself, or it joined with the next across a hyphenated line break. */
  function walk(words: LazyWords, n: TrieNode, i: number, hits: SourceHit[]): void {
    const w = words.at(i);
    if (!w) return;
    const text = words.text;
    const start = words.at(0)!.start;
    const comma = n.next.get(COMMA);
    if (comma && i > 0 && text.slice(words.at(i - 1)!.end, w.start).includes(',')) walk(words, comma, i, hits);
    const titled = n.next.get(TITLED);
    if (titled && i > 0 && TITLE_GAP.test(text.slice(words.at(i - 1)!.end, w.start))) walk(words, titled, i, hits);
    const steps: [TrieNode | undefined, number][] = [[n.next.get(w.key), i]];
    if (w.key.length === 1) steps.push([n.next.get(ANY_INITIAL), i]);
    const after = words.at(i + 1);
    if (after && HYPHEN_BREAK.test(text.slice(w.end, after.start))) steps.push([n.next.get(w.key + after.key), i + 1]);
    for (const [to, last] of steps) {
      if (!to) continue;
      const end = words.at(last)!.end;
      for (const t of to.ends) {
        if (t.kind === 'identifier' && glued(text, start, end)) continue;
        hits.push({ reference: t.reference, kind: t.kind, start, end });
      }
      walk(words, to, last + 1, hits);
    }
  }

  const glued = (text: string, start: number, end: number) =>
    (GLUE.test(text[start - 1] ?? '') && /[\p{L}\p{N}]/u.test(text[start - 2] ?? '')) || (GLUE.test(text[end] ?? '') && /[\p{L}\p{N}]/u.test(text[end + 1] ?? ''));

  /** Phone numbers starting at word `from`: its digits and those of the groups right after it. */
  function phonesFrom(words: LazyWords, from: number, hits: SourceHit[]): void {
    let digits = '';
    for (let j = from; ; j++) {
      const w = words.at(j);
      if (!w || !/^\d+$/.test(w.key) || (j > from && !PHONE_GAP.test(words.text.slice(words.at(j - 1)!.end, w.start)))) return;
      digits += w.key;
      if (digits.length > longestPhone + 1) return;
      for (const t of phones.get(phoneKey(digits)) ?? []) hits.push({ ...t, start: words.at(from)!.start, end: w.end });
    }
  }

  /** Is the text between two digit groups what may stand inside a phone number (") ", "-", " ")? */
  const phoneGap = (text: string, from: number, to: number) => to - from <= 3 && PHONE_GAP.test(text.slice(from, to));

  function find(text: string): SourceHit[] {
    const hits: SourceHit[] = [];
    // Runs of digit groups, as the scan goes: only a run with enough digits for a phone number is looked at closer.
    let run = { start: -1, end: -1, digits: 0 };
    const endRun = () => {
      if (run.digits >= 7) {
        const words = new LazyWords(text, run.start);
        for (let k = 0; words.at(k) && words.at(k)!.end <= run.end; k++) phonesFrom(words, k, hits);
      }
      run = { start: -1, end: -1, digits: 0 };
    };
    const lookPhones = phones.size > 0;
    scanWords(text, (w) => {
      const next = text.charCodeAt(w.end);
      const broken = (next === 45 || next === 0xad) && HYPHEN_AT.test(text.slice(w.end, w.end + 16));
      if (starts.has(w.hash) || broken) walk(new LazyWords(text, w.start), root, 0, hits);
      if (!lookPhones) return;
      if (!w.digits) endRun();
      else {
        if (run.start < 0 || !phoneGap(text, run.end, w.start)) {
          endRun();
          run.start = w.start;
        }
        run.end = w.end;
        run.digits += w.end - w.start;
      }
    });
    if (lookPhones) endRun();
    if (emails.size && text.includes('@')) {
      for (const m of text.matchAll(EMAIL)) for (const t of emails.get(foldText(m[0])) ?? []) hits.push({ ...t, start: m.index, end: m.index + m[0].length });
    }
    return outermost(hits);
  }

  return { find, notes };
}

/** Hits in text order, without those inside a longer hit for the same source ("Ramirez" within "Maria Ramirez"). */
function outermost(hits: SourceHit[]): SourceHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SourceHit[] = [];
  for (const h of hits) {
    const inside = out.some((o) => o.reference === h.reference && o.start <= h.start && o.end >= h.end);
    if (!inside) out.push(h);
  }
  return out;
}
