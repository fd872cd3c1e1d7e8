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
  | { kind: 'near'; items: PhraseNode[]; gap: number; said: string; ordered?: boolean }
  /** A condition on the document rather than its page text (`from:ice`, `date:2024-01..2024-03`): see Fields below. */
  | FieldNode;

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
  | { t: 'term'; text: string; at: number; end: number }
  | FieldToken;

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
    const field = lexField(query, i);
    if (field) {
      out.push(field);
      i += field.text.length;
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
export function termNode(text: string, at: number): PhraseNode {
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

export function phraseNode(text: string, at: number, forms = false): PhraseNode {
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
      case 'field':
        this.count(t.at);
        return fieldNode(t);
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
    case 'field':
      return t.text;
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
  const tree = new Parser(tokens, query.length).parse();
  splitFields(tree); // refuses, with the way to write it, a field joined to words in a way no engine can run
  return tree;
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

/**
 * The tree in words, as shown under the search box after "Looks for": what Sunshine will look for.
 * Fields are said after the page words, as the search runs them ("“sponsor”, in documents not sent
 * by “ice”").
 */
export function explainQuery(node: QueryNode): string {
  const { text, fields } = splitFields(node);
  if (fields.length === 0) return explainNode(node);
  const conditions = fields.map((f) => (f.negated ? `not ${bracket(f.node, 'not')}` : explainNode(f.node))).join(' and ');
  return text ? `${explainNode(text)}, in documents ${conditions}` : `documents ${conditions}`;
}

function explainNode(node: QueryNode): string {
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
    case 'field':
      return explainField(node);
  }
}

function phraseWords(p: PhraseNode): string {
  const shown = p.words.join(' ') + (p.prefix ? '…' : '');
  const forms = p.forms ? ' in any form' : '';
  if (p.words.length === 1) return p.prefix ? `words starting “${p.words[0]}”` : `“${shown}”${forms}`;
  return `“${shown}” as a phrase${forms}`;
}

const bracket = (n: QueryNode, within: QueryNode['kind']) => (n.kind !== 'phrase' && n.kind !== 'near' && n.kind !== 'field' && n.kind !== within ? `(${explainNode(n)})` : explainNode(n));

/**
 * The words a query looks for, as a page marks them: each phrase as its words joined by one space
 * (`MS-13` is "MS 13", marked where the page has MS-13 or MS 13, not wherever MS stands alone); a
 * prefix keeps its `*`, word forms their `~`, a wildcard its `?`; words only excluded (after NOT)
 * are left out.
 */
export function queryWords(node: QueryNode): string[] {
  switch (node.kind) {
    case 'phrase':
      return [`${node.words.join(' ')}${node.prefix ? '*' : ''}${node.forms ? '~' : ''}`];
    case 'and':
    case 'or':
      return node.items.flatMap(queryWords);
    case 'near':
      return node.items.flatMap(queryWords);
    case 'not':
      return queryWords(node.include);
    case 'field':
      return []; // a field's words are in the document's details, not on its pages
  }
}

// ─── Fields ──────────────────────────────────────────────────────────────────────────────────────
// `name:value` terms that test a document's details rather than its page text. Only the names in
// FIELDS before a colon make a field, so `http://x`, `10:30` and `MS-13:` are still text.

/** Fields whose value is words, matched as page text is (a word, a "phrase" or a prefix*) in the document's metadata index. */
export const TEXT_FIELDS = ['from', 'to', 'cc', 'bcc', 'subject', 'filename', 'custodian', 'metadata', 'folder'] as const;
export const FIELDS = [...TEXT_FIELDS, 'tag', 'type', 'date', 'bates'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type FieldName = (typeof FIELDS)[number];

/** The kinds of document import tells apart (core/documents/sniff.ts), as `type:` and the type filter take them. */
export const DOCUMENT_KINDS = [
  'pdf',
  'docx',
  'doc',
  'rtf',
  'pptx',
  'ppt',
  'spreadsheet',
  'csv',
  'eml',
  'msg',
  'mailbox',
  'archive',
  'html',
  'text',
  'image',
  /** Stored as received, not read: a kind Sunshine has no reader for (found by its name). */
  'other',
] as const;

export type FieldNode =
  | { kind: 'field'; field: TextField; value: PhraseNode; at: number }
  /** A tag's path: the tag and the tags under it. */
  | { kind: 'field'; field: 'tag'; path: string; at: number }
  | { kind: 'field'; field: 'type'; type: string; at: number }
  /** Document dates on or after `from` and before `before` (days, YYYY-MM-DD); either may be open. */
  | { kind: 'field'; field: 'date'; from?: string; before?: string; said: string; at: number }
  /** Bates numbers: a prefix and a range of numbers under it (both open: any number with that prefix). */
  | { kind: 'field'; field: 'bates'; prefix: string; first?: number; last?: number; said: string; at: number };

/** `at`: where the field starts; `valueAt`: where its value does (its quote, if quoted). */
type FieldToken = { t: 'field'; field: FieldName; value: string; quoted: boolean; at: number; valueAt: number; text: string };

const isField = (name: string): name is FieldName => (FIELDS as readonly string[]).includes(name);
const fieldList = () => FIELDS.map((f) => `${f}:`).join(' ');

/** A `name:value` token starting at `i`, or null where the text there is not a field (then it is a term). */
function lexField(query: string, i: number): FieldToken | null {
  const head = /^([A-Za-z]+):/.exec(query.slice(i));
  if (!head) return null;
  const name = head[1]!.toLowerCase();
  const at = i + 1;
  const valueAt = i + head[0].length;
  const first = query[valueAt];
  const startsValue = first !== undefined && /["\u201C\u201D\p{L}\p{N}*.]/u.test(first);
  if (!isField(name)) {
    if (!startsValue) return null;
    throw new QueryError(`${head[0]} at position ${at} is not a field; the fields are ${fieldList()}. To search for the text itself, put it in quotes ("${query.slice(i).split(/\s/)[0]}").`, at);
  }
  if (first === undefined || /[\s()]/.test(first)) throw new QueryError(`${head[0]} at position ${at} needs a value after the colon, with no space: ${name}:${FIELD_EXAMPLES[name]}.`, at);
  if (/["\u201C\u201D]/u.test(first)) {
    const end = query.slice(valueAt + 1).search(/["\u201C\u201D]/u);
    if (end < 0) throw new QueryError(`Unclosed quote at position ${valueAt + 1}, after \`${query.slice(i, valueAt + 20)}\`: add the closing ".`, valueAt + 1);
    const star = query[valueAt + end + 2] === '*' ? '*' : '';
    const value = query.slice(valueAt + 1, valueAt + 1 + end);
    return { t: 'field', field: name, value: value + star, quoted: true, at, valueAt: valueAt + 1, text: query.slice(i, valueAt + end + 2 + star.length) };
  }
  const value = /^[^\s()"\u201C\u201D]+/u.exec(query.slice(valueAt))![0];
  return { t: 'field', field: name, value, quoted: false, at, valueAt: valueAt + 1, text: query.slice(i, valueAt + value.length) };
}

const FIELD_EXAMPLES: Record<FieldName, string> = {
  from: 'ice',
  to: '"ero@ice.dhs.gov"',
  cc: 'counsel',
  bcc: 'counsel',
  subject: 'placement*',
  filename: 'wibble.JPG',
  custodian: '"HHS production"',
  metadata: 'confidential',
  folder: '"Inbox/ORR placements"',
  tag: '"Hot/Sponsors"',
  type: 'pdf',
  date: '2024-01..2024-03',
  bates: 'HHS-00012345',
};

function fieldNode(t: FieldToken): FieldNode {
  switch (t.field) {
    case 'tag': {
      const path = t.value.trim();
      if (!path || path.endsWith('*')) throw new QueryError(`${t.text} at position ${t.at}: name the tag by its path, as shown in the tag list (tag:"Hot/Sponsors"); the tags under it are included.`, t.at);
      return { kind: 'field', field: 'tag', path, at: t.at };
    }
    case 'type': {
      const type = t.value.trim().toLowerCase();
      if (!(DOCUMENT_KINDS as readonly string[]).includes(type)) throw new QueryError(`${t.text} at position ${t.at}: the types are ${DOCUMENT_KINDS.join(', ')}.`, t.at);
      return { kind: 'field', field: 'type', type, at: t.at };
    }
    case 'date':
      return { kind: 'field', field: 'date', ...dateRange(t), at: t.at };
    case 'bates':
      return { kind: 'field', field: 'bates', ...batesRange(t), at: t.at };
    default: {
      const value = t.quoted ? phraseNode(t.value, t.valueAt) : termNode(t.value, t.valueAt);
      // A field's words are matched in the document's details, which have no vocabulary to expand against.
      if (value.forms || value.words.some(isPattern)) {
        throw new QueryError(`${t.text} at position ${t.at}: a field takes words as written or a start of a word (${t.field}:${FIELD_EXAMPLES[t.field]}); ? and ~ search page text only.`, t.at);
      }
      return { kind: 'field', field: t.field, value, at: t.at };
    }
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** One side of a date range: its first day, the day after its last, and how to say it. */
interface Span {
  start: string;
  end: string;
  year: string;
  month?: number;
  said: string;
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

function span(text: string, t: FieldToken): Span {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  const bad = (why: string) => new QueryError(`${t.text} at position ${t.at}: ${why} Write a day, a month or a year, or a range of them: date:2024-01-15, date:2024-01, date:2024, date:2024-01..2024-03.`, t.at);
  if (!m || m[1]! < '1000') throw bad(`"${text}" is not a date.`);
  const [y, mo, d] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  if (mo === undefined) return { start: day(y, 1, 1), end: day(y + 1, 1, 1), year: m[1]!, said: m[1]! };
  if (mo < 1 || mo > 12) throw bad(`there is no month ${m[2]}.`);
  if (d === undefined) return { start: day(y, mo, 1), end: day(y, mo + 1, 1), year: m[1]!, month: mo, said: `${MONTHS[mo - 1]} ${y}` };
  if (d < 1 || day(y, mo, d).slice(5) !== `${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`) throw bad(`${MONTHS[mo - 1]} ${y} has no day ${m[3]}.`);
  return { start: day(y, mo, d), end: day(y, mo, d + 1), year: m[1]!, month: mo, said: `${d} ${MONTHS[mo - 1]} ${y}` };
}

function dateRange(t: FieldToken): { from?: string; before?: string; said: string } {
  const parts = t.value.split('..');
  if (parts.length === 1) {
    const s = span(t.value, t);
    return { from: s.start, before: s.end, said: s.said };
  }
  if (parts.length > 2 || (!parts[0] && !parts[1])) throw new QueryError(`${t.text} at position ${t.at}: a range is two dates joined by .. (date:2024-01..2024-03), either of them may be left out.`, t.at);
  const a = parts[0] ? span(parts[0], t) : undefined;
  const b = parts[1] ? span(parts[1], t) : undefined;
  if (a && b && a.start >= b.end) throw new QueryError(`${t.text} at position ${t.at}: the range ends before it starts; put the earlier date first.`, t.at);
  const said = !a ? `up to ${b!.said}` : !b ? `${a.said} or later` : a.month && b.month && a.year === b.year && a.said.split(' ').length === 2 && b.said.split(' ').length === 2 ? `${MONTHS[a.month - 1]}–${b.said}` : `${a.said}–${b.said}`;
  return { ...(a ? { from: a.start } : {}), ...(b ? { before: b.end } : {}), said };
}

/** A Bates number split into its prefix and number (`HHS-00012345`: "HHS-", 12345), as productions number pages. */
function batesNumber(text: string, t: FieldToken): { prefix: string; number: number } {
  const m = /^(.*?)(\d+)$/u.exec(text);
  if (!m || m[2]!.length > 15) throw new QueryError(`${t.text} at position ${t.at}: "${text}" is not a Bates number. Write one (bates:HHS-00012345), a range (bates:HHS-00012345..HHS-00012400) or a prefix with * (bates:HHS-*).`, t.at);
  return { prefix: m[1]!, number: Number(m[2]) };
}

/** bates:HHS-00012345, bates:HHS-00012345..HHS-00012400 (the documents whose numbers meet the range), bates:HHS-* (any under that prefix). */
function batesRange(t: FieldToken): { prefix: string; first?: number; last?: number; said: string } {
  const value = t.value.trim();
  if (value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    if (!prefix || prefix.includes('*') || prefix.includes('..')) throw new QueryError(`${t.text} at position ${t.at}: write the prefix before the * (bates:HHS-*).`, t.at);
    return { prefix, said: `numbered ${prefix}…` };
  }
  const parts = value.split('..');
  if (parts.length > 2 || !parts[0] || parts[1] === '') throw new QueryError(`${t.text} at position ${t.at}: a range is two Bates numbers joined by .. (bates:HHS-00012345..HHS-00012400).`, t.at);
  const a = batesNumber(parts[0], t);
  const b = parts[1] === undefined ? a : batesNumber(parts[1], t);
  if (a.prefix.toLowerCase() !== b.prefix.toLowerCase()) throw new QueryError(`${t.text} at position ${t.at}: both ends of a range need the same prefix ("${a.prefix}" and "${b.prefix}").`, t.at);
  if (b.number < a.number) throw new QueryError(`${t.text} at position ${t.at}: the range ends before it starts; put the lower number first.`, t.at);
  return { prefix: a.prefix, first: a.number, last: b.number, said: parts[1] === undefined ? `numbered ${parts[0]}` : `numbered ${parts[0]} to ${parts[1]}` };
}

const FIELD_WORDS: Record<TextField, string> = {
  from: 'sent by',
  to: 'sent to',
  cc: 'copied to',
  bcc: 'blind copied to',
  subject: 'with a subject',
  filename: 'with a file name',
  custodian: 'from the custodian',
  metadata: 'with the load file field words',
  folder: 'filed in the mailbox folder',
};

function explainField(node: FieldNode): string {
  switch (node.field) {
    case 'tag':
      return `tagged ${node.path}`;
    case 'type':
      return `of type ${node.type}`;
    case 'date':
      return `dated ${node.said}`;
    case 'bates':
      return node.said;
    default:
      // In lower case: a field's words are matched in any case, and `wibble.JPG` reads as the name it finds.
      return `${FIELD_WORDS[node.field]} “${node.value.words.join(' ').toLowerCase()}${node.value.prefix ? '…' : ''}”`;
  }
}

/** A query cut in two: page words, and conditions on the document, each condition maybe negated (all of them must hold). */
export interface SplitQuery {
  text?: QueryNode;
  fields: { node: QueryNode; negated: boolean }[];
}

/**
 * A page matches when its text part matches and its document meets every field condition: the
 * rule both engines can run. A shape that cannot be cut so (a field OR'ed with words, words taken
 * away with nothing to take them from) is refused with the way to write it.
 */
export function splitFields(node: QueryNode): SplitQuery {
  switch (node.kind) {
    case 'field':
      return { fields: [{ node, negated: false }] };
    case 'phrase':
    case 'near':
      return { text: node, fields: [] };
    case 'and': {
      const parts = node.items.map(splitFields);
      const texts = parts.flatMap((p) => (p.text ? [p.text] : []));
      return { ...joined(texts), fields: parts.flatMap((p) => p.fields) };
    }
    case 'or': {
      const field = firstField(node);
      if (!field) return { text: node, fields: [] };
      if (node.items.every((n) => !hasText(n))) return { fields: [{ node, negated: false }] };
      throw new QueryError(
        `${fieldText(field)} at position ${field.at} is OR'ed with words: a field can be OR'ed only with other fields. Join the words with AND instead: (from:ice OR from:hhs) AND children.`,
        field.at,
      );
    }
    case 'not': {
      const inc = splitFields(node.include);
      const excluded = node.exclude.kind === 'or' ? node.exclude.items : [node.exclude];
      const texts: QueryNode[] = [];
      const fields = [...inc.fields];
      for (const e of excluded) {
        const field = firstField(e);
        if (!field) texts.push(e);
        else if (!hasText(e)) fields.push({ node: e, negated: true });
        else throw new QueryError(`NOT before ${fieldText(field)} at position ${field.at} takes away words and a field together, which cannot be searched: take away either with its own NOT (sponsor NOT from:ice NOT tattoo).`, field.at);
      }
      if (texts.length === 0) return { ...(inc.text ? { text: inc.text } : {}), fields };
      if (!inc.text) {
        const field = firstField(node.include)!;
        throw new QueryError(`NOT after ${fieldText(field)} at position ${field.at} takes words away, but there are no words before it to take them from: add some (from:ice children NOT sponsor), or take away a field (from:ice NOT to:hhs).`, field.at);
      }
      return { text: { kind: 'not', include: inc.text, exclude: texts.length === 1 ? texts[0]! : { kind: 'or', items: texts } }, fields };
    }
  }
}

const joined = (texts: QueryNode[]): { text?: QueryNode } => (texts.length === 0 ? {} : { text: texts.length === 1 ? texts[0]! : { kind: 'and', items: texts } });

function firstField(node: QueryNode): FieldNode | undefined {
  switch (node.kind) {
    case 'field':
      return node;
    case 'and':
    case 'or':
      return node.items.map(firstField).find(Boolean);
    case 'not':
      return firstField(node.include) ?? firstField(node.exclude);
    default:
      return undefined;
  }
}

function hasText(node: QueryNode): boolean {
  switch (node.kind) {
    case 'field':
      return false;
    case 'and':
    case 'or':
      return node.items.some(hasText);
    case 'not':
      return hasText(node.include) || hasText(node.exclude);
    default:
      return true;
  }
}

const fieldText = (f: FieldNode) => `${f.field}:`;
