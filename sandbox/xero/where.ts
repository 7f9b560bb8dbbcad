/**
 * The subset of Xero's `where` filter syntax the worker and tests use, parsed into a predicate over
 * a record's JSON: `Field == "x"`, `!=`, `<`, `>`, `<=`, `>=` on strings, numbers, booleans,
 * `Guid("…")` and `DateTime(y,m,d[,h,mi,s])`; `Field.Contains("x")`, `.StartsWith`, `.EndsWith`;
 * `AND`/`&&`, `OR`/`||`, `NOT`/`!`, parentheses; dotted paths such as `Contact.ContactID`. In a string
 * `\"` or `""` is a quote and `\\` a backslash.
 * Anything else is refused with an error rather than silently ignored.
 */
export class WhereSyntaxError extends Error {
  override name = 'WhereSyntaxError';
}

type Json = Record<string, unknown>;
type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: number };
export type Predicate = (record: Json) => boolean;

const TOKEN =
  /\s*(?:(\(|\)|,)|(==|!=|>=|<=|>|<|&&|\|\||!)|"((?:[^"\\]|\\.|"")*)"|(-?\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    TOKEN.lastIndex = index;
    const m = TOKEN.exec(text);
    if (!m)
      throw new WhereSyntaxError(`unexpected text at position ${index}: "${text.slice(index, index + 20)}"`);
    tokens.push(m[3] !== undefined ? `"${m[3]}` : (m[1] ?? m[2] ?? m[4] ?? m[5] ?? ''));
    index = TOKEN.lastIndex;
  }
  return tokens;
}

export function parseWhere(text: string): Predicate {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (t === undefined) throw new WhereSyntaxError('unexpected end of filter');
    return t;
  };
  const expect = (t: string) => {
    if (next() !== t) throw new WhereSyntaxError(`expected "${t}"`);
  };

  const literal = (): Literal => {
    const t = next();
    if (t.startsWith('"')) return { kind: 'string', value: unescapeString(t.slice(1)) };
    if (/^-?\d/.test(t)) return { kind: 'number', value: Number(t) };
    const word = t.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'bool', value: word === 'true' };
    if (word === 'null') return { kind: 'null' };
    if (word === 'guid') {
      expect('(');
      const g = next();
      expect(')');
      if (!g.startsWith('"')) throw new WhereSyntaxError('Guid() takes a quoted value');
      return { kind: 'string', value: g.slice(1) };
    }
    if (word === 'datetime') {
      expect('(');
      const parts: number[] = [Number(next())];
      while (peek() === ',') {
        next();
        parts.push(Number(next()));
      }
      expect(')');
      const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = parts;
      return { kind: 'date', value: Date.UTC(y, mo - 1, d, h, mi, s) };
    }
    throw new WhereSyntaxError(`unsupported value "${t}"`);
  };

  const primary = (): Predicate => {
    const t = peek();
    if (t === '(') {
      next();
      const inner = or();
      expect(')');
      return inner;
    }
    if (t === '!' || t?.toUpperCase() === 'NOT') {
      next();
      const inner = primary();
      return (r) => !inner(r);
    }
    const path = next();
    if (!/^[A-Za-z_]/.test(path)) throw new WhereSyntaxError(`expected a field name, got "${path}"`);
    const method = /^(.*)\.(Contains|StartsWith|EndsWith)$/i.exec(path);
    if (method?.[1] && method[2] && peek() === '(') {
      next();
      const arg = literal();
      expect(')');
      if (arg.kind !== 'string') throw new WhereSyntaxError(`${method[2]}() takes a string`);
      const field = method[1];
      const needle = arg.value.toLowerCase();
      const op = method[2].toLowerCase();
      return (r) => {
        const v = String(getPath(r, field) ?? '').toLowerCase();
        return op === 'contains'
          ? v.includes(needle)
          : op === 'startswith'
            ? v.startsWith(needle)
            : v.endsWith(needle);
      };
    }
    const op = next();
    if (!['==', '!=', '<', '>', '<=', '>='].includes(op))
      throw new WhereSyntaxError(`unsupported operator "${op}"`);
    const value = literal();
    return (r) => compare(getPath(r, path), op, value);
  };

  const and = (): Predicate => {
    let left = primary();
    while (peek() === '&&' || peek()?.toUpperCase() === 'AND') {
      next();
      const l = left;
      const right = primary();
      left = (r) => l(r) && right(r);
    }
    return left;
  };

  const or = (): Predicate => {
    let left = and();
    while (peek() === '||' || peek()?.toUpperCase() === 'OR') {
      next();
      const l = left;
      const right = and();
      left = (r) => l(r) || right(r);
    }
    return left;
  };

  const predicate = or();
  if (pos !== tokens.length) throw new WhereSyntaxError(`unexpected "${tokens[pos]}"`);
  return predicate;
}

/**
 * Xero's filters are .NET Dynamic LINQ expressions: inside a string literal, `\"` and `\\` escape
 * with a backslash and a doubled `""` stands for one quote.
 */
function unescapeString(body: string): string {
  return body.replace(/\\(.)|""/g, (_, escaped: string | undefined) => escaped ?? '"');
}

function getPath(record: Json, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    const obj = value as Json;
    // Xero field names are case-insensitive in filters.
    const actual = key in obj ? key : Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase());
    value = actual === undefined ? undefined : obj[actual];
  }
  return value;
}

function toMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\/Date\((-?\d+)/.exec(value);
  if (m?.[1]) return Number(m[1]);
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function compare(actual: unknown, op: string, literal: Literal): boolean {
  let a: unknown = actual;
  let b: unknown;
  switch (literal.kind) {
    case 'null':
      return op === '=='
        ? actual === undefined || actual === null
        : op === '!='
          ? actual !== undefined && actual !== null
          : false;
    case 'date':
      a = toMs(actual);
      b = literal.value;
      break;
    case 'string':
      a = typeof actual === 'string' ? actual.toLowerCase() : actual;
      b = literal.value.toLowerCase();
      break;
    default:
      b = literal.value;
  }
  if (a === undefined) return op === '!=';
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    default:
      return (a as number) >= (b as number);
  }
}
