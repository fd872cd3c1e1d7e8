/**
 * Sunshine's search language, parsed here into a tree that each engine's renderer compiles
 * (core/documents/query-render.ts: FTS5 on SQLite, tsquery on PostgreSQL), so both engines accept
 * and refuse the same queries and a bad query is explained before any database sees it. It lives
 * in core/shared so the window can explain a query as it is typed.
 *
 * The grammar, loosest binding first (documented in the README):
 *   query  := or
 *   or     := and (OR and)*
 *   and    := unary ((AND)? unary)*          two terms side by side mean AND
 *   unary  := NOT unary | near
 *   near   := atom ((w/N | NEAR/N | /N) atom)*   within N words, either order
 *           | atom (pre/N atom)*               within N words, the first before the next
 *   atom   := ( query ) | "phrase" | "phrase"~N | "phrase"~ | NEAR(atom atom …, N) | term | term* | term~
 * A term may hold `?` for exactly one letter or digit (`te?m`), anywhere but at its start; `~`
 * after a term or phrase asks for its word forms (`sponsor~`: sponsors, sponsored …).
 * Operators are words in any case (`and`, `Or`); to search for the word itself, quote it ("and").
 * A term is searched as the words it is made of, as the index splits text: `MS-13` is the phrase
 * "MS 13", `ada@example.org` the phrase "ada example org", `291,000` the phrase "291 000".
 */

/** The largest distance w/N and NEAR accept: each extra word of distance costs the PostgreSQL engine more alternatives. */
export const MAX_DISTANCE = 100;
/** NEAR(a b) without a distance: FTS5's default, kept so saved searches find what they found. */
export const NEAR_DEFAULT = 10;
/** The longest query (characters), as the contract allows. */
export const MAX_QUERY_LENGTH = 1000;
/** Most terms in one query; a thousand OR'ed names is a term list, not a query. */
export const MAX_TERMS = 300;

export type QueryNode =
  /**
   * Consecutive words (one word is a phrase of one); `prefix`: the last word may go on (`sponsor*`).
   * A word may hold `?` (any one letter or digit); `forms`: each word in any of its forms (`sponsor~`).
   * `alternatives`: filled in from the index's vocabulary before the query runs (core/documents/vocabulary.ts),
   * the words each position may be.
   */
  | { kind: 'phrase'; words: string[]; prefix: boolean; text: string; forms?: boolean; alternatives?: string[][] }
  | { kind: 'and'; items: QueryNode[] }
  | { kind: 'or'; items: QueryNode[] }
  /** `include` and not `exclude`: NOT is always taken away from something. */
  | { kind: 'not'; include: QueryNode; exclude: QueryNode }
  /** Every phrase within `distance` words of the next (`gap`: at most that many words between them), in any order, or in this order when `ordered` (pre/N). */
  | { kind: 'near'; items: PhraseNode[]; gap: number; said: string; ordered?: boolean };

export type PhraseNode = Extract<QueryNode, { kind: 'phrase' }>;

export class QueryError extends Error {
  constructor(
    message: string,
    /** Where the problem is, counting characters from 1; the message says it too. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** The words of a piece of text as the index splits it: runs of letters, digits and combining marks. */
export const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}\p{M}\p{Co}]+/gu) ?? [];

type Token =
  | { t: 'open' | 'close' | 'comma'; at: number }
  | { t: 'op'; op: 'AND' | 'OR' | 'NOT'; at: number; text: string }
  | { t: 'near'; gap: number; at: number; text: string; ordered: boolean }
  | { t: 'nearfn'; at: number }
  | { t: 'phrase'; text: string; at: number; end: number; slop?: number; forms?: boolean; star?: boolean }
  | { t: 'term'; text: string; at: number; end: number };

const OPERATORS: Record<string, 'AND' | 'OR' | 'NOT'> = { and: 'AND', or: 'OR', not: 'NOT' };
// Direction marks and other invisible format characters could make a query read differently on screen than it searches.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function distance(text: string, at: number, n: string): number {
  const value = Number(n);
  if (value < 1) throw new QueryError(`${text} at position ${at}: the distance must be 1 or more (w/1 means next to each other).`, at);
  if (value > MAX_DISTANCE) throw new QueryError(`${text} at position ${at}: the distance can be at most ${MAX_DISTANCE} words.`, at);
  return value;
}

function lex(query: string): Token[] {
  const hidden = INVISIBLE.exec(query.replace(/[\t\n\r]/g, ' '));
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new QueryError(`An invisible character (U+${code}) at position ${hidden.index + 1}: retype the query without it.`, hidden.index + 1);
  }
  const out: Token[] = [];
  let i = 0;
  // Inside NEAR( … ) a comma comes before the distance; elsewhere it is part of a term (291,000).
  let inNear = false;
  const pos = () => i + 1;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || (c === ',' && inNear)) {
      out.push({ t: c === '(' ? 'open' : c === ')' ? 'close' : 'comma', at: pos() });
      if (c === ')') inNear = false;
      i++;
      continue;
    }
    if (c === '"' || c === '\u201C' || c === '\u201D') {
      const start = pos();
      const end = query.slice(i + 1).search(/["\u201C\u201D]/u);
      if (end < 0) {
        const shown = query.slice(i, i + 20);
        throw new QueryError(`Unclosed quote at position ${start}, after \`${shown}\`: add the closing ".`, start);
      }
      let text = query.slice(i + 1, i + 1 + end);
      i += end + 2;
      // "phrase"* (FTS5's form, in saved searches and quick search) is "phrase*": its last word may go on.
      const star = query[i] === '*';
      if (star) {
        text = `${text.trimEnd()}*`;
        i++;
      }
      const slop = /^~(\d+)/.exec(query.slice(i));
      if (!slop && query[i] === '~') {
        i++;
        out.push({ t: 'phrase', text, at: start, end: i, forms: true });
      } else if (slop) {
        i += slop[0].length;
        out.push({ t: 'phrase', text, at: start, end: i, slop: distance(`"${text}"${slop[0]}`, start, slop[1]!) });
      } else {
        out.push({ t: 'phrase', text, at: start, end: i, ...(star ? { star } : {}) });
      }
      continue;
    }
    const start = pos();
    const raw = (inNear ? /^[^\s()",\u201C\u201D]+/u : /^[^\s()"\u201C\u201D]+/u).exec(query.slice(i))![0];
    i += raw.length;
    const lower = raw.toLowerCase();
    const prox = /^(w|near|pre)?\/(\d+)$/.exec(lower);
    if (prox) {
      out.push({ t: 'near', gap: distance(raw, start, prox[2]!) - 1, at: start, text: raw, ordered: prox[1] === 'pre' });
    } else if (lower === 'near' && query[i] === '(') {
      out.push({ t: 'nearfn', at: start });
      inNear = true;
    } else if (OPERATORS[lower]) {
      out.push({ t: 'op', op: OPERATORS[lower], at: start, text: raw });
    } else {
      out.push({ t: 'term', text: raw, at: start, end: i });
    }
  }
  return out;
}

/** A typed term as the phrase of its words; `*` at its end lets the last word go on, `~` asks for its word forms. */
function termNode(text: string, at: number): PhraseNode {
  if (text.startsWith('*')) {
    throw new QueryError(`${text} at position ${at}: a word cannot start with *. Search for the end of the word as typed, or for its start followed by * (sponsor*).`, at);
  }
  const forms = text.endsWith('~') && text.length > 1;
  const typed = forms ? text.slice(0, -1) : text;
  const starred = typed.endsWith('*');
  const body = starred ? typed.replace(/\*+$/, '') : typed;
  if (body.includes('*')) throw new QueryError(`${text} at position ${at}: * can only end a word (sponsor*).`, at);
  if (forms && (starred || body.includes('?'))) throw new QueryError(`${text} at position ${at}: ~ (word forms) goes on a whole word, without * or ?: sponsor~.`, at);
  const words = body.includes('?') ? patternWords(body, text, at) : wordsOf(body);
  if (words.length === 0) throw new QueryError(`${text} at position ${at} has no letters or digits to search for.`, at);
  return { kind: 'phrase', words, prefix: starred && /[\p{L}\p{N}\p{M}\p{Co}?]$/u.test(body), text, ...(forms ? { forms } : {}) };
}

/** The words of a term holding `?` (each `?` one letter or digit): a word may not start with one, the vocabulary is looked up by what comes before it. */
function patternWords(body: string, text: string, at: number): string[] {
  const words = body.match(/[\p{L}\p{N}\p{M}\p{Co}?]+/gu) ?? [];
  if (words.some((w) => w.startsWith('?'))) {
    throw new QueryError(`${text} at position ${at}: a word cannot start with ?. Type at least its first letter (te?m), or search for the word's start followed by *.`, at);
  }
  return words;
}

/** Whether a word holds `?` wildcards, to be looked up in the index's vocabulary. */
export const isPattern = (word: string): boolean => word.includes('?');

function phraseNode(text: string, at: number, forms = false): PhraseNode {
  const trimmed = text.trim();
  const starred = trimmed.endsWith('*');
  const words = wordsOf(starred ? trimmed.slice(0, -1) : trimmed);
  if (words.length === 0) throw new QueryError(`The quotes at position ${at} hold no words to search for.`, at);
  if (forms && starred) throw new QueryError(`The quotes at position ${at}: ~ (word forms) goes on whole words, without *: "released to sponsor"~.`, at);
  return { kind: 'phrase', words, prefix: starred, text: `"${text}"${forms ? '~' : ''}`, ...(forms ? { forms } : {}) };
}

class Parser {
  private i = 0;
  terms = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private end(): number {
    return this.length + 1;
  }
  private where(t: Token | undefined): string {
    return t ? `at position ${t.at}` : 'at the end';
  }

  parse(): QueryNode {
    const node = this.or();
    const rest = this.peek();
    if (rest) {
      if (rest.t === 'close') throw new QueryError(`A ) at position ${rest.at} closes nothing: remove it or add the ( it belongs to.`, rest.at);
      throw new QueryError(`Unexpected ${describe(rest)} ${this.where(rest)}.`, rest.at);
    }
    return node;
  }

  private or(): QueryNode {
    const items = [this.and()];
    while (this.peek()?.t === 'op' && (this.peek() as { op: string }).op === 'OR') {
      this.i++;
      items.push(this.and(true));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  /** Terms joined by AND (said or not); NOT terms are taken away from the rest. */
  private and(afterOperator = false): QueryNode {
    const include: QueryNode[] = [];
    const exclude: QueryNode[] = [];
    let first = true;
    for (;;) {
      const t = this.peek();
      if (!t || t.t === 'close' || t.t === 'comma' || (t.t === 'op' && t.op === 'OR')) {
        if (first) throw this.missing(t, afterOperator);
        break;
      }
      let saidAnd = false;
      if (t.t === 'op' && t.op === 'AND') {
        if (first) throw new QueryError(`AND at position ${t.at} needs something to search for before it.`, t.at);
        this.i++;
        saidAnd = true;
      }
      const next = this.peek();
      if (next?.t === 'op' && next.op === 'NOT') {
        this.i++;
        const target = this.peek();
        if (!target || target.t === 'close' || target.t === 'comma' || target.t === 'op') throw this.missing(target, true, 'NOT');
        if (first && include.length === 0) {
          throw new QueryError(`NOT at position ${next.at} needs something to search for before it, to take its matches away from (sponsor NOT ICE).`, next.at);
        }
        exclude.push(this.near());
      } else {
        if (saidAnd && (!next || next.t === 'close' || next.t === 'comma' || next.t === 'op')) throw this.missing(next, true, 'AND');
        include.push(this.near());
      }
      first = false;
    }
    const inc: QueryNode = include.length === 1 ? include[0]! : { kind: 'and', items: include };
    if (exclude.length === 0) return inc;
    return { kind: 'not', include: inc, exclude: exclude.length === 1 ? exclude[0]! : { kind: 'or', items: exclude } };
  }

  private missing(t: Token | undefined, afterOperator: boolean, op = 'OR'): QueryError {
    if (!afterOperator) return new QueryError(t ? `Nothing to search for before ${describe(t)} at position ${t.at}.` : 'Type something to search for.', t?.at ?? 1);
    const at = t?.at ?? this.end();
    return new QueryError(`${op} needs something to search for after it, ${this.where(t)}.`, at);
  }

  private near(): QueryNode {
    const first = this.atom();
    const t = this.peek();
    if (t?.t !== 'near') return first;
    const items: PhraseNode[] = [proximityOperand(first, t)];
    const gap = t.gap;
    const said: string[] = [];
    while (this.peek()?.t === 'near') {
      const op = this.peek() as Extract<Token, { t: 'near' }>;
      this.i++;
      said.push(op.text);
      if (op.gap !== gap || op.ordered !== t.ordered) {
        throw new QueryError(`${op.text} at position ${op.at}: one chain of distances must use one operator and distance (${said[0]}); put parentheses around a part or use one.`, op.at);
      }
      const next = this.peek();
      if (!next || next.t === 'close' || next.t === 'op' || next.t === 'near' || next.t === 'comma') throw this.missing(next, true, op.text);
      items.push(proximityOperand(this.atom(), op));
    }
    return nearNode(items, gap, said[0]!, t.at, t.ordered);
  }

  private atom(): QueryNode {
    const t = this.peek();
    if (!t) throw this.missing(t, true);
    this.i++;
    switch (t.t) {
      case 'open': {
        const inner = this.or();
        const close = this.peek();
        if (close?.t !== 'close') throw new QueryError(`The ( at position ${t.at} is never closed: add a ).`, t.at);
        this.i++;
        return inner;
      }
      case 'phrase': {
        this.count(t.at);
        const p = phraseNode(t.text, t.at, t.forms);
        if (t.slop === undefined || p.words.length < 2) return p;
        const words: PhraseNode[] = p.words.map((w) => ({ kind: 'phrase', words: [w], prefix: false, text: w }));
        return nearNode(words, t.slop, `~${t.slop}`, t.at);
      }
      case 'term':
        this.count(t.at);
        return termNode(t.text, t.at);
      case 'nearfn':
        return this.nearFunction(t.at);
      case 'close':
        throw new QueryError(`A ) at position ${t.at} closes nothing: remove it or add the ( it belongs to.`, t.at);
      default:
        throw new QueryError(`${describe(t)} at position ${t.at} needs something to search for before it.`, t.at);
    }
  }

  /** NEAR(a b c) or NEAR(a b c, N): FTS5's form, kept so saved searches go on working. */
  private nearFunction(at: number): QueryNode {
    this.i++; // the (
    const items: PhraseNode[] = [];
    let gap = NEAR_DEFAULT;
    for (;;) {
      const t = this.peek();
      if (!t) throw new QueryError(`The NEAR( at position ${at} is never closed: add a ).`, at);
      this.i++;
      if (t.t === 'close') break;
      if (t.t === 'comma') {
        const n = this.peek();
        if (n?.t !== 'term' || !/^\d+$/.test(n.text)) throw new QueryError(`After the comma in NEAR( at position ${at}, write the distance as a number: NEAR(a b, 5).`, t.at);
        gap = distance(`NEAR(…, ${n.text})`, n.at, n.text);
        this.i++;
        if (this.peek()?.t !== 'close') throw new QueryError(`The NEAR( at position ${at} is never closed: add a ).`, at);
        continue;
      }
      if (t.t === 'phrase') {
        this.count(t.at);
        items.push(phraseNode(t.text, t.at, t.forms));
      } else if (t.t === 'term') {
        this.count(t.at);
        items.push(termNode(t.text, t.at));
      } else {
        throw new QueryError(`NEAR( at position ${at} takes words and "phrases" only, then a distance: NEAR(a "b c", 5).`, t.at);
      }
    }
    if (items.length < 2) throw new QueryError(`NEAR( at position ${at} needs at least two words or phrases.`, at);
    return nearNode(items, gap, 'NEAR', at);
  }

  private count(at: number): void {
    if (++this.terms > MAX_TERMS) throw new QueryError(`Too many terms (more than ${MAX_TERMS}), from position ${at}: split the search into several.`, at);
  }
}

/**
 * Three terms near each other cost the PostgreSQL engine one alternative per order and spacing, so
 * they are held to a short distance, and more than three are refused, on both engines alike.
 */
function nearNode(items: PhraseNode[], gap: number, said: string, at: number, ordered = false): QueryNode {
  if (items.length > 3) throw new QueryError(`${said} at position ${at} joins ${items.length} terms; at most 3 can be near each other. Join pairs with AND instead.`, at);
  if (items.length === 3 && gap + 1 > NEAR_DEFAULT + 1) {
    throw new QueryError(`${said} at position ${at}: three terms can be at most ${NEAR_DEFAULT + 1} words apart; use a smaller distance or join pairs with AND.`, at);
  }
  return { kind: 'near', items, gap, said, ...(ordered ? { ordered } : {}) };
}

function proximityOperand(node: QueryNode, op: Extract<Token, { t: 'near' }>): PhraseNode {
  if (node.kind === 'phrase') return node;
  throw new QueryError(`${op.text} at position ${op.at} joins words or "phrases" only; write each alternative out: (a w/5 c) OR (b w/5 c).`, op.at);
}

function describe(t: Token): string {
  switch (t.t) {
    case 'op':
      return t.op;
    case 'near':
      return t.text;
    case 'close':
      return ')';
    case 'open':
      return '(';
    case 'comma':
      return 'a comma';
    case 'nearfn':
      return 'NEAR(';
    default:
      return `"${t.text}"`;
  }
}

/** The query as a tree, or a QueryError that says where the problem is and how to write it. */
export function parseQuery(query: string): QueryNode {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`The query is ${query.length} characters long; at most ${MAX_QUERY_LENGTH}. Split it into several searches.`, MAX_QUERY_LENGTH + 1);
  }
  const tokens = lex(query);
  if (tokens.length === 0) throw new QueryError('Type something to search for.', 1);
  return new Parser(tokens, query.length).parse();
}

/**
 * The query with word forms asked for on every term and phrase that can have them (`sponsor`
 * becomes `sponsor~`; `spons*`, `te?m` and `"a b"~5` stay as typed): the Search screen's "Word
 * forms" switch and `sunshine search --word-forms`. A query that does not parse is returned as
 * typed, so its error is reported as the user wrote it.
 */
export function withWordForms(query: string): string {
  let tokens: Token[];
  try {
    tokens = lex(query);
    new Parser(tokens, query.length).parse();
  } catch (e) {
    if (e instanceof QueryError) return query;
    throw e;
  }
  let out = '';
  let from = 0;
  tokens.forEach((t, i) => {
    if (!takesForms(t, tokens[i - 1])) return;
    out += `${query.slice(from, (t as { end: number }).end)}~`;
    from = (t as { end: number }).end;
  });
  return out + query.slice(from);
}

function takesForms(t: Token, before: Token | undefined): boolean {
  if (t.t === 'phrase') return !t.forms && t.slop === undefined && !t.star && !t.text.trimEnd().endsWith('*');
  if (t.t !== 'term') return false;
  // NEAR(a b, 5): the distance is a number, not a term.
  if (before?.t === 'comma') return false;
  return !/[*?~]$/.test(t.text) && !t.text.includes('?') && /\p{L}/u.test(t.text);
}

/** The tree in words, as shown under the search box: what Sunshine will look for. */
export function explainQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'phrase':
      return phraseWords(node);
    case 'and':
      return node.items.map((n) => bracket(n, 'and')).join(' and ');
    case 'or':
      return `either ${node.items.map((n) => bracket(n, 'or')).join(' or ')}`;
    case 'not':
      return `${bracket(node.include, 'not')}, but not ${bracket(node.exclude, 'not')}`;
    case 'near': {
      const words = node.items.map(phraseWords);
      if (node.ordered) return `${words.join(', then ')}, in that order within ${node.gap + 1} words`;
      return words.length === 2 ? `${words[0]} within ${node.gap + 1} words of ${words[1]}` : `${words.slice(0, -1).join(', ')} and ${words.at(-1)} within ${node.gap + 1} words of each other`;
    }
  }
}

function phraseWords(p: PhraseNode): string {
  const shown = p.words.join(' ') + (p.prefix ? '…' : '');
  const forms = p.forms ? ' in any form' : '';
  if (p.words.length === 1) return p.prefix ? `words starting “${p.words[0]}”` : `“${shown}”${forms}`;
  return `“${shown}” as a phrase${forms}`;
}

const bracket = (n: QueryNode, within: QueryNode['kind']) => (n.kind !== 'phrase' && n.kind !== 'near' && n.kind !== within ? `(${explainQuery(n)})` : explainQuery(n));

/** The words a query looks for, as a page marks them: a prefix keeps its `*`; words only excluded (after NOT) are left out. */
export function queryWords(node: QueryNode): string[] {
  switch (node.kind) {
    case 'phrase':
      return node.words.map((w, i) => (node.prefix && i === node.words.length - 1 ? `${w}*` : w));
    case 'and':
    case 'or':
      return node.items.flatMap(queryWords);
    case 'near':
      return node.items.flatMap(queryWords);
    case 'not':
      return queryWords(node.include);
  }
}
