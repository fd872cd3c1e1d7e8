/**
 * SQL in db/ binds `@name` (from an object) or `?` (from an array), as better-sqlite3 does;
 * PostgreSQL numbers its parameters `$1, $2 …`. This is the one place that translates, skipping
 * string literals, quoted names, comments and dollar-quoted bodies, where `@` and `?` are text.
 */
import type { Params } from '../engine.ts';

interface Shape {
  text: string;
  /** Parameter names in `$n` order, or the count of `?` marks. */
  names: string[] | number;
}

const shapes = new Map<string, Shape>();
const SHAPE_CACHE = 1024;

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Where the quoted stretch starting at `i` ends (the index after it). */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2; // a doubled quote stands for itself
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (c === '$') {
    const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i))?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end < 0 ? sql.length : end + tag.length;
    }
  }
  return i;
}

function shapeOf(sql: string): Shape {
  const cached = shapes.get(sql);
  if (cached) return cached;
  let text = '';
  const names: string[] = [];
  let marks = 0;
  let i = 0;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const c = sql[i]!;
    if (c === '@' && IDENT_START.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && IDENT_PART.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let n = names.indexOf(name);
      if (n < 0) n = names.push(name) - 1;
      text += `$${n + 1}`;
      i = j;
    } else if (c === '?') {
      text += `$${++marks}`;
      i++;
    } else {
      text += c;
      i++;
    }
  }
  if (names.length > 0 && marks > 0) throw new Error('SQL mixes @name and ? parameters; use one kind.');
  const shape: Shape = { text, names: names.length > 0 ? names : marks };
  if (shapes.size >= SHAPE_CACHE) shapes.delete(shapes.keys().next().value!);
  shapes.set(sql, shape);
  return shape;
}

/** PostgreSQL's text and values for SQL written with `@name` or `?` parameters. */
export function toPositional(sql: string, params?: Params): { text: string; values: unknown[] } {
  const { text, names } = shapeOf(sql);
  if (names === 0) return { text, values: [] };
  if (typeof names === 'number') {
    const values = params === undefined ? [] : Array.isArray(params) ? [...params] : null;
    if (values === null) throw new Error('This SQL uses ? parameters: pass an array.');
    if (values.length !== names) throw new Error(`This SQL has ${names} ? parameters but ${values.length} values were given.`);
    return { text, values };
  }
  if (params === undefined || Array.isArray(params)) throw new Error('This SQL uses @name parameters: pass an object.');
  const byName = params as Readonly<Record<string, unknown>>;
  return {
    text,
    values: names.map((n) => {
      if (!Object.hasOwn(byName, n)) throw new Error(`Missing named parameter @${n}.`);
      return byName[n];
    }),
  };
}
