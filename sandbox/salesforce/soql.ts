import { contentLinkQueryRefusal } from './content';
import { SfRequestError, sfError } from './errors';
import { normalizeId } from './ids';
import type { FieldDef, ObjectDef, Schema } from './schema';
import { formatDateTime, parseDateTime, type SfRecord, type Store } from './store';

/**
 * A SOQL subset (SOQL and SOSL Reference): SELECT fields and parent relationship paths
 * (Account.Name, Owner.Email, up to 5 levels) or COUNT(), FROM one object (optional alias), WHERE
 * with = != <> < > <= >= IN / NOT IN, LIKE, AND/OR/NOT and parentheses, null, booleans, numbers,
 * strings, date and dateTime literals and TODAY/YESTERDAY/TOMORROW/LAST_N_DAYS:n/NEXT_N_DAYS:n/
 * THIS_MONTH/LAST_MONTH; ORDER BY with ASC/DESC and NULLS FIRST/LAST; LIMIT; OFFSET (max 2,000).
 * Errors carry Salesforce's "ERROR at Row:1:Column:n" text.
 */
type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number; escapedWildcards: ReadonlySet<number> }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'date'; text: string; pos: number }
  | { kind: 'datetime'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'eof'; text: string; pos: number };

type Value =
  | { kind: 'string'; v: string }
  | { kind: 'number'; v: number }
  | { kind: 'bool'; v: boolean }
  | { kind: 'null' }
  | { kind: 'date'; v: string }
  | { kind: 'datetime'; v: number }
  | { kind: 'range'; start: number; end: number; text: string };

interface Path {
  /** Canonical relationship names, then the field name. */
  names: string[];
  field: FieldDef;
  pos: number;
}

type Cond =
  | { kind: 'and' | 'or'; items: Cond[] }
  | { kind: 'not'; item: Cond }
  | { kind: 'cmp'; path: Path; op: string; value: Value }
  | { kind: 'in'; path: Path; not: boolean; values: Value[] }
  | { kind: 'like'; path: Path; pattern: RegExp };

export interface ParsedQuery {
  object: ObjectDef;
  count: boolean;
  fields: Path[];
  where?: Cond;
  orderBy: Array<{ path: Path; desc: boolean; nullsLast: boolean }>;
  limit?: number;
  offset?: number;
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'by',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'limit',
  'offset',
  'null',
  'true',
  'false',
  'with',
  'group',
  'having',
  'for',
  'using',
]);

function locate(soql: string, pos: number): string {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  const line = soql.split('\n')[row - 1] ?? '';
  return `${line}\n${' '.repeat(Math.max(0, col - 1))}^\nERROR at Row:${row}:Column:${col}\n`;
}

function fail(soql: string, pos: number, code: string, message: string): never {
  throw new SfRequestError(400, sfError(code, `${locate(soql, pos)}${message}`));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\u0007',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * A quoted string from `start` (its opening quote), decoded as the SOQL and SOSL Reference's "Quoted
 * String Escape Sequences" says: \n \r \t \b \f (either case), \" \' \\ and \uXXXX anywhere;
 * \% and \_ stand for a literal percent sign and underscore, which only a LIKE pattern may hold, so
 * their positions in the text are kept apart from unescaped wildcards. Any other backslash is an error.
 */
function stringLiteral(
  soql: string,
  start: number,
): { text: string; escapedWildcards: Set<number>; end: number } {
  let j = start + 1;
  let text = '';
  const escapedWildcards = new Set<number>();
  while (j < soql.length && soql.charAt(j) !== "'") {
    if (soql.charAt(j) !== '\\') {
      text += soql.charAt(j++);
      continue;
    }
    const e = soql.charAt(j + 1);
    if (e === '') break;
    const simple = SIMPLE_ESCAPES[/^[NRTBF]$/.test(e) ? e.toLowerCase() : e];
    const unicode = /^[uU]([0-9A-Fa-f]{4})/.exec(soql.slice(j + 1, j + 6));
    if (simple !== undefined) {
      text += simple;
      j += 2;
    } else if (unicode?.[1]) {
      text += String.fromCharCode(Number.parseInt(unicode[1], 16));
      j += 6;
    } else if (e === '%' || e === '_') {
      escapedWildcards.add(text.length);
      text += e;
      j += 2;
    } else {
      fail(
        soql,
        j,
        'MALFORMED_QUERY',
        `Invalid string literal. Illegal character sequence '\\${e}' in string literal.`,
      );
    }
  }
  if (j >= soql.length)
    fail(soql, start, 'MALFORMED_QUERY', 'unexpected token: end of query (unterminated string)');
  return { text, escapedWildcards, end: j + 1 };
}

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = soql.slice(i);
    const dt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})/.exec(rest);
    if (dt) {
      tokens.push({ kind: 'datetime', text: dt[0], pos: i });
      i += dt[0].length;
      continue;
    }
    const d = /^\d{4}-\d{2}-\d{2}(?![\d:T])/.exec(rest);
    if (d) {
      tokens.push({ kind: 'date', text: d[0], pos: i });
      i += d[0].length;
      continue;
    }
    const n = /^-?\d+(?:\.\d+)?/.exec(rest);
    if (n) {
      tokens.push({ kind: 'number', text: n[0], pos: i });
      i += n[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?::\d+)?/.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === "'") {
      const literal = stringLiteral(soql, i);
      tokens.push({ kind: 'string', ...literal, pos: i });
      i = literal.end;
      continue;
    }
    const op = /^(?:!=|<>|<=|>=|=|<|>|\(|\)|,)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    fail(soql, i, 'MALFORMED_QUERY', `unexpected token: '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', pos: soql.length });
  return tokens;
}

const DAY = 86_400_000;

function dateLiteral(text: string, now: number): { start: number; end: number } | undefined {
  const today = Math.floor(now / DAY) * DAY;
  const [name, arg] = text.toUpperCase().split(':');
  const n = arg === undefined ? undefined : Number(arg);
  const d = new Date(today);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_N_DAYS':
      return n === undefined ? undefined : { start: today - n * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return n === undefined ? undefined : { start: today + DAY, end: today + (n + 1) * DAY };
    case 'THIS_MONTH':
      return {
        start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
        end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
      };
    case 'LAST_MONTH':
      return {
        start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1),
        end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
      };
    default:
      return undefined;
  }
}

class Parser {
  private i = 0;
  private alias: string | undefined;
  private object!: ObjectDef;

  constructor(
    private readonly soql: string,
    private readonly tokens: Token[],
    private readonly schema: Schema,
    private readonly now: number,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  private isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === op;
  }
  private unexpected(t: Token = this.peek()): never {
    fail(
      this.soql,
      t.pos,
      'MALFORMED_QUERY',
      `unexpected token: ${t.kind === 'eof' ? '<EOF>' : `'${t.text}'`}`,
    );
  }
  private expectKw(word: string): void {
    if (!this.isKw(word)) this.unexpected();
    this.i++;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) this.unexpected();
    this.i++;
  }

  parse(): ParsedQuery {
    this.expectKw('select');
    // Find FROM first: field paths are resolved against the object.
    let depth = 0;
    let fromAt = -1;
    for (let j = this.i; j < this.tokens.length; j++) {
      const t = this.tokens[j] as Token;
      if (t.kind === 'op' && t.text === '(') depth++;
      if (t.kind === 'op' && t.text === ')') depth--;
      if (depth === 0 && t.kind === 'ident' && t.text.toLowerCase() === 'from') {
        fromAt = j;
        break;
      }
    }
    if (fromAt < 0) fail(this.soql, this.soql.length, 'MALFORMED_QUERY', 'unexpected token: <EOF>');
    const objectToken = this.tokens[fromAt + 1] as Token;
    if (objectToken.kind !== 'ident') this.unexpected(objectToken);
    const object = this.schema.object(objectToken.text);
    if (!object)
      fail(
        this.soql,
        objectToken.pos,
        'INVALID_TYPE',
        `sObject type '${objectToken.text}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    this.object = object;
    const aliasToken = this.tokens[fromAt + 2] as Token;
    if (aliasToken.kind === 'ident' && !KEYWORDS.has(aliasToken.text.toLowerCase()))
      this.alias = aliasToken.text;

    let count = false;
    const fields: Path[] = [];
    if (this.isKw('count') && this.peek(1).kind === 'op' && this.peek(1).text === '(') {
      this.i += 2;
      if (!this.isOp(')'))
        fail(
          this.soql,
          this.peek().pos,
          'MALFORMED_QUERY',
          'COUNT(field) aggregates are not supported by the emulator; use COUNT()',
        );
      this.i++;
      count = true;
    } else {
      for (;;) {
        const t = this.next();
        if (t.kind !== 'ident' || KEYWORDS.has(t.text.toLowerCase())) this.unexpected(t);
        const path = this.path(t);
        if (!fields.some((f) => f.names.join('.') === path.names.join('.'))) fields.push(path);
        if (!this.isOp(',')) break;
        this.i++;
      }
    }
    if (this.i !== fromAt) this.unexpected();
    this.i = fromAt + (this.alias ? 3 : 2);

    const query: ParsedQuery = { object, count, fields, orderBy: [] };
    if (this.isKw('where')) {
      this.i++;
      query.where = this.condition();
    }
    if (this.isKw('with')) {
      // WITH SECURITY_ENFORCED / USER_MODE: the integration user sees everything here.
      this.i++;
      this.next();
    }
    if (this.isKw('order')) {
      this.i++;
      this.expectKw('by');
      for (;;) {
        const t = this.next();
        if (t.kind !== 'ident') this.unexpected(t);
        const path = this.path(t);
        let desc = false;
        if (this.isKw('asc')) this.i++;
        else if (this.isKw('desc')) {
          this.i++;
          desc = true;
        }
        let nullsLast = desc;
        if (this.isKw('nulls')) {
          this.i++;
          if (this.isKw('first')) nullsLast = false;
          else if (this.isKw('last')) nullsLast = true;
          else this.unexpected();
          this.i++;
        }
        query.orderBy.push({ path, desc, nullsLast });
        if (!this.isOp(',')) break;
        this.i++;
      }
    }
    if (this.isKw('limit')) {
      this.i++;
      const t = this.next();
      if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.unexpected(t);
      query.limit = Number(t.text);
    }
    if (this.isKw('offset')) {
      this.i++;
      const t = this.next();
      if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.unexpected(t);
      query.offset = Number(t.text);
      if (query.offset > 2000)
        fail(this.soql, t.pos, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
    }
    if (this.peek().kind !== 'eof') this.unexpected();
    return query;
  }

  private path(t: Token): Path {
    let parts = t.text.split('.');
    if (this.alias && parts.length > 1 && parts[0]?.toLowerCase() === this.alias.toLowerCase())
      parts = parts.slice(1);
    let object = this.object;
    const names: string[] = [];
    for (const [k, part] of parts.entries()) {
      if (k === parts.length - 1) {
        const field = this.schema.field(object.name, part);
        if (!field)
          fail(
            this.soql,
            t.pos,
            'INVALID_FIELD',
            `No such column '${part}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        names.push(field.name);
        return { names, field, pos: t.pos };
      }
      const rel = this.schema.relationship(object.name, part);
      const target = rel ? this.schema.object(rel.referenceTo?.[0] ?? '') : undefined;
      if (!rel || !target)
        fail(
          this.soql,
          t.pos,
          'INVALID_FIELD',
          `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      names.push(rel.relationshipName as string);
      object = target;
    }
    throw new Error('unreachable');
  }

  private condition(): Cond {
    const first = this.unary();
    const items = [first];
    let joiner: 'and' | 'or' | undefined;
    while (this.isKw('and') || this.isKw('or')) {
      const word = this.peek().text.toLowerCase() as 'and' | 'or';
      // SOQL refuses a mix of AND and OR without parentheses.
      if (joiner && joiner !== word) this.unexpected();
      joiner = word;
      this.i++;
      items.push(this.unary());
    }
    return joiner ? { kind: joiner, items } : first;
  }

  private unary(): Cond {
    if (this.isKw('not')) {
      this.i++;
      return { kind: 'not', item: this.unary() };
    }
    if (this.isOp('(')) {
      this.i++;
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    const t = this.next();
    if (t.kind !== 'ident' || KEYWORDS.has(t.text.toLowerCase())) this.unexpected(t);
    const path = this.path(t);
    if (this.isKw('like')) {
      this.i++;
      const v = this.next();
      if (v.kind !== 'string') this.unexpected(v);
      if (!isText(path.field))
        fail(
          this.soql,
          t.pos,
          'INVALID_QUERY_FILTER_OPERATOR',
          `invalid operator on ${path.field.type} field: LIKE`,
        );
      return { kind: 'like', path, pattern: likePattern(v.text, v.escapedWildcards) };
    }
    let not = false;
    if (this.isKw('not') && this.isKw('in', 1)) {
      this.i++;
      not = true;
    }
    if (this.isKw('in')) {
      this.i++;
      this.expectOp('(');
      const values: Value[] = [];
      for (;;) {
        values.push(this.value(path));
        if (this.isOp(',')) {
          this.i++;
          continue;
        }
        break;
      }
      this.expectOp(')');
      return { kind: 'in', path, not, values };
    }
    const op = this.next();
    if (op.kind !== 'op' || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op.text)) this.unexpected(op);
    const value = this.value(path);
    if (value.kind === 'null' && op.text !== '=' && op.text !== '!=' && op.text !== '<>') this.unexpected(op);
    return { kind: 'cmp', path, op: op.text === '<>' ? '!=' : op.text, value };
  }

  private value(path: Path): Value {
    const t = this.next();
    const f = path.field;
    const mismatch = (want: string, quoted: boolean): never =>
      fail(
        this.soql,
        t.pos,
        'INVALID_FIELD',
        `value of filter criterion for field '${f.name}' must be of type ${want} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      );
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (word === 'null') return { kind: 'null' };
      if (word === 'true' || word === 'false') {
        if (f.type !== 'boolean') mismatch(typeName(f), isText(f) || isIdLike(f));
        return { kind: 'bool', v: word === 'true' };
      }
      const range = dateLiteral(t.text, this.now);
      if (range) {
        if (f.type !== 'date' && f.type !== 'datetime') mismatch(typeName(f), isText(f) || isIdLike(f));
        return { kind: 'range', ...range, text: t.text };
      }
      this.unexpected(t);
    }
    if (t.kind === 'string') {
      if (t.escapedWildcards.size > 0)
        fail(
          this.soql,
          t.pos,
          'MALFORMED_QUERY',
          'the escape sequences \\% and \\_ are allowed in LIKE only',
        );
      if (!isText(f) && !isIdLike(f)) mismatch(typeName(f), false);
      return { kind: 'string', v: t.text };
    }
    if (t.kind === 'number') {
      if (!isNumeric(f)) mismatch(typeName(f), isText(f) || isIdLike(f));
      return { kind: 'number', v: Number(t.text) };
    }
    if (t.kind === 'date') {
      if (f.type !== 'date') mismatch(typeName(f), isText(f) || isIdLike(f));
      return { kind: 'date', v: t.text };
    }
    if (t.kind === 'datetime') {
      if (f.type !== 'datetime') mismatch(typeName(f), isText(f) || isIdLike(f));
      return { kind: 'datetime', v: parseDateTime(t.text) as number };
    }
    this.unexpected(t);
  }
}

const isText = (f: FieldDef) => ['string', 'textarea', 'url', 'email', 'phone', 'picklist'].includes(f.type);
const isIdLike = (f: FieldDef) => f.type === 'id' || f.type === 'reference';
const isNumeric = (f: FieldDef) => ['currency', 'double', 'percent', 'int'].includes(f.type);
const typeName = (f: FieldDef) =>
  isText(f) || isIdLike(f) ? 'string' : f.type === 'datetime' ? 'dateTime' : isNumeric(f) ? 'number' : f.type;

/** `%` and `_` are wildcards unless the literal escaped them (then they match themselves). */
function likePattern(text: string, escapedWildcards: ReadonlySet<number>): RegExp {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '%' && !escapedWildcards.has(i)) source += '.*';
    else if (c === '_' && !escapedWildcards.has(i)) source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

export function parseSoql(soql: string, schema: Schema, now: number): ParsedQuery {
  return new Parser(soql, tokenize(soql), schema, now).parse();
}

// ---- evaluation ----

function resolve(store: Store, record: SfRecord, path: Path): unknown {
  let current: SfRecord | undefined = record;
  for (const rel of path.names.slice(0, -1)) {
    const field = store.schema.relationship(current.type, rel);
    const id: unknown = field ? current.fields[field.name] : undefined;
    current = typeof id === 'string' ? store.records.get(id) : undefined;
    if (!current) return null;
  }
  const v = current.fields[path.field.name];
  return v === undefined ? null : v;
}

/** Comparable form of a stored value (case-folded text, epoch ms for dates). */
function key(field: FieldDef, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (isText(field)) return String(v).toLowerCase();
  if (field.type === 'date') return Date.parse(`${String(v)}T00:00:00Z`);
  return v as string | number | boolean;
}

function literalKey(field: FieldDef, value: Value): string | number | boolean | null {
  switch (value.kind) {
    case 'null':
      return null;
    case 'string':
      if (isIdLike(field)) return normalizeId(value.v) ?? value.v;
      return value.v.toLowerCase();
    case 'number':
    case 'bool':
      return value.v;
    case 'date':
      return Date.parse(`${value.v}T00:00:00Z`);
    case 'datetime':
      return value.v;
    case 'range':
      return value.start;
  }
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matchesCmp(field: FieldDef, stored: unknown, op: string, value: Value): boolean {
  const v = key(field, stored);
  if (value.kind === 'range') {
    if (v === null) return op === '!=';
    const n = v as number;
    const inRange = n >= value.start && n < value.end;
    switch (op) {
      case '=':
        return inRange;
      case '!=':
        return !inRange;
      case '<':
        return n < value.start;
      case '<=':
        return n < value.end;
      case '>':
        return n >= value.end;
      default:
        return n >= value.start;
    }
  }
  const lit = literalKey(field, value);
  if (op === '=') return v === lit || (v !== null && lit !== null && compare(v, lit) === 0);
  if (op === '!=') return !(v === lit || (v !== null && lit !== null && compare(v, lit) === 0));
  if (v === null || lit === null) return false;
  const c = compare(v, lit);
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function evaluate(store: Store, record: SfRecord, cond: Cond): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.items.every((c) => evaluate(store, record, c));
    case 'or':
      return cond.items.some((c) => evaluate(store, record, c));
    case 'not':
      return !evaluate(store, record, cond.item);
    case 'cmp':
      return matchesCmp(cond.path.field, resolve(store, record, cond.path), cond.op, cond.value);
    case 'in': {
      const stored = resolve(store, record, cond.path);
      const hit = cond.values.some((v) => matchesCmp(cond.path.field, stored, '=', v));
      // NOT IN excludes nulls only when null is listed.
      return cond.not ? !hit : hit;
    }
    case 'like': {
      const stored = resolve(store, record, cond.path);
      return stored !== null && cond.pattern.test(String(stored));
    }
  }
}

/** A stored value as the API answers it; a blob field answers the URL of its content under the record's. */
export function serializeValue(field: FieldDef, v: unknown, recordUrl?: string): unknown {
  if (v === undefined || v === null) return null;
  if (field.type === 'base64') return recordUrl ? `${recordUrl}/${field.name}` : null;
  if (field.type === 'datetime' && typeof v === 'number') return formatDateTime(v);
  return v;
}

export function attributes(type: string, id: string, version: string): { type: string; url: string } {
  return { type, url: `/services/data/v${version}/sobjects/${type}/${id}` };
}

/** One result row: attributes, then the selected fields, parents nested under their relationship names. */
function project(store: Store, record: SfRecord, fields: Path[], version: string): Record<string, unknown> {
  const row: Record<string, unknown> = {
    attributes: attributes(record.type, record.fields.Id as string, version),
  };
  for (const path of fields) {
    let target = row;
    let current: SfRecord | undefined = record;
    let dead = false;
    for (const rel of path.names.slice(0, -1)) {
      const field = current ? store.schema.relationship(current.type, rel) : undefined;
      const id: unknown = current && field ? current.fields[field.name] : undefined;
      current = typeof id === 'string' ? store.records.get(id) : undefined;
      if (!current) {
        if (!(rel in target)) target[rel] = null;
        dead = true;
        break;
      }
      let nested = target[rel] as Record<string, unknown> | null | undefined;
      if (!nested) {
        nested = { attributes: attributes(current.type, current.fields.Id as string, version) };
        target[rel] = nested;
      }
      target = nested;
    }
    if (dead || !current) continue;
    target[path.field.name] = serializeValue(
      path.field,
      current.fields[path.field.name],
      attributes(current.type, current.fields.Id as string, version).url,
    );
  }
  return row;
}

/** The value a literal must have, as stored, to equal `field`; undefined when no index applies. */
function indexValue(field: FieldDef, value: Value): unknown {
  if (value.kind === 'string' && isIdLike(field)) return normalizeId(value.v) ?? value.v;
  if (value.kind === 'string' && isText(field)) return value.v;
  if (value.kind === 'number' && isNumeric(field)) return value.v;
  if (value.kind === 'bool' && field.type === 'boolean') return value.v;
  if (value.kind === 'date' && field.type === 'date') return value.v;
  if (value.kind === 'datetime' && field.type === 'datetime') return value.v;
  return undefined;
}

/**
 * A field of the queried object that the WHERE clause requires to equal one of some values (a
 * top-level `=` or `IN`, or one inside a top-level AND), so the rows can come from its index.
 */
function indexedLookup(cond: Cond): { field: string; values: unknown[] } | undefined {
  if (cond.kind === 'and') {
    for (const item of cond.items) {
      const found = indexedLookup(item);
      if (found) return found;
    }
    return undefined;
  }
  const own = (cond.kind === 'cmp' || cond.kind === 'in') && cond.path.names.length === 1;
  const literals =
    cond.kind === 'cmp' && cond.op === '='
      ? [cond.value]
      : cond.kind === 'in' && !cond.not
        ? cond.values
        : [];
  if (!own || literals.length === 0) return undefined;
  const field = cond.path.field;
  const values = literals.map((v) => indexValue(field, v));
  if (values.some((v) => v === undefined)) return undefined;
  return { field: field.name, values };
}

/** The object's own fields a top-level `=` or `IN` (alone or inside a top-level AND) filters on. */
function equalityFields(cond: Cond | undefined): string[] {
  if (!cond) return [];
  if (cond.kind === 'and') return cond.items.flatMap(equalityFields);
  const equal = (cond.kind === 'cmp' && cond.op === '=') || (cond.kind === 'in' && !cond.not);
  return equal && cond.path.names.length === 1 ? [cond.path.field.name] : [];
}

export interface QueryResult {
  totalSize: number;
  records: Array<Record<string, unknown>>;
}

export function executeSoql(
  store: Store,
  soql: string,
  options: { now: number; version: string; includeDeleted: boolean },
): QueryResult {
  const q = parseSoql(soql, store.schema, options.now);
  const refusal = contentLinkQueryRefusal(q.object.name, equalityFields(q.where));
  if (refusal) throw new SfRequestError(400, sfError('MALFORMED_QUERY', refusal));
  const indexed = q.where ? indexedLookup(q.where) : undefined;
  let rows = indexed
    ? store.candidates(q.object.name, indexed.field, indexed.values, options.includeDeleted)
    : store.all(q.object.name, options.includeDeleted);
  if (q.where) {
    const where = q.where;
    rows = rows.filter((r) => evaluate(store, r, where));
  }
  if (q.orderBy.length > 0) {
    const keyed = rows.map((r) => ({
      r,
      keys: q.orderBy.map((o) => key(o.path.field, resolve(store, r, o.path))),
    }));
    keyed.sort((a, b) => {
      for (const [k, o] of q.orderBy.entries()) {
        const x = a.keys[k] ?? null;
        const y = b.keys[k] ?? null;
        if (x === null && y === null) continue;
        if (x === null) return o.nullsLast ? 1 : -1;
        if (y === null) return o.nullsLast ? -1 : 1;
        const c = compare(x, y);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
    rows = keyed.map((k) => k.r);
  }
  if (q.offset) rows = rows.slice(q.offset);
  if (q.limit !== undefined) rows = rows.slice(0, q.limit);
  if (q.count) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((r) => project(store, r, q.fields, options.version)) };
}
