import { ZohoError } from './errors';

/**
 * The subset of COQL (POST /crm/v8/coql, `select_query`) a connector uses:
 * `SELECT f1, f2, Lookup.Field FROM Module [WHERE …] [ORDER BY f [ASC|DESC], …]
 * [LIMIT n [OFFSET m] | LIMIT m, n]`, conditions `= != < <= > >=`, `[NOT] IN (…)`,
 * `[NOT] LIKE '…%'`, `IS [NOT] NULL`, `BETWEEN a AND b`, joined by AND/OR with parentheses.
 * Syntax errors answer SYNTAX_ERROR with `near`, `line`, `column`, as the SDK's
 * ParseErrorDetails (core/com/zoho/crm/api/coql/parse_error_details.ts) describes.
 */
export type Literal = string | number | boolean | null;

export type Condition =
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] }
  | { kind: 'like'; field: string; negated: boolean; pattern: string }
  | { kind: 'null'; field: string; negated: boolean }
  | { kind: 'between'; field: string; low: Literal; high: Literal }
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition };

export interface CoqlQuery {
  fields: string[];
  module: string;
  where?: Condition;
  orderBy: Array<{ field: string; desc: boolean }>;
  limit: number;
  offset: number;
}

interface Token {
  kind: 'word' | 'string' | 'number' | 'symbol';
  text: string;
  at: number;
}

const TOKEN =
  /\s*(?:('(?:[^'\\]|\\.|'')*')|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|(<=|>=|!=|<>|[=<>(),*]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw syntaxError(text, start);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').length;
    if (m[1]) tokens.push({ kind: 'string', text: m[1].slice(1, -1).replace(/''|\\'/g, "'"), at });
    else if (m[2]) tokens.push({ kind: 'number', text: m[2], at });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3], at });
    else tokens.push({ kind: 'symbol', text: m[4] === '<>' ? '!=' : (m[4] ?? ''), at });
  }
  return tokens;
}

function syntaxError(text: string, at: number): ZohoError {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return new ZohoError(400, 'SYNTAX_ERROR', 'error occurred while parsing the query', {
    near:
      text
        .slice(at, at + 20)
        .trim()
        .split(/\s+/)[0] ?? '',
    line,
    column,
  });
}

export function parseCoql(text: string): CoqlQuery {
  const tokens = tokenize(text);
  let i = 0;
  const fail = (): never => {
    throw syntaxError(text, tokens[i]?.at ?? text.length);
  };
  const isWord = (word: string) => tokens[i]?.kind === 'word' && tokens[i]?.text.toLowerCase() === word;
  const keyword = (word: string) => (isWord(word) ? (i++, true) : false);
  const need = (word: string) => void (keyword(word) || fail());
  const symbol = (s: string) => (tokens[i]?.kind === 'symbol' && tokens[i]?.text === s ? (i++, true) : false);
  const field = (): string => {
    const t = tokens[i];
    if (t?.kind !== 'word') return fail();
    i++;
    return t.text;
  };
  const integer = (): number => {
    const t = tokens[i];
    if (t?.kind !== 'number' || !/^\d+$/.test(t.text)) return fail();
    i++;
    return Number(t.text);
  };
  const literal = (): Literal => {
    const t = tokens[i++];
    if (t?.kind === 'string') return t.text;
    if (t?.kind === 'number') return Number(t.text);
    if (t?.kind === 'word' && ['true', 'false'].includes(t.text.toLowerCase()))
      return t.text.toLowerCase() === 'true';
    if (t?.kind === 'word' && t.text.toLowerCase() === 'null') return null;
    i--;
    return fail();
  };
  const primary = (): Condition => {
    if (symbol('(')) {
      const inner = disjunction();
      if (!symbol(')')) fail();
      return inner;
    }
    const name = field();
    if (keyword('is')) {
      const negated = keyword('not');
      need('null');
      return { kind: 'null', field: name, negated };
    }
    const negated = keyword('not');
    if (keyword('in')) {
      if (!symbol('(')) fail();
      const values = [literal()];
      while (symbol(',')) values.push(literal());
      if (!symbol(')')) fail();
      return { kind: 'in', field: name, negated, values };
    }
    if (keyword('like')) {
      const pattern = literal();
      return typeof pattern === 'string' ? { kind: 'like', field: name, negated, pattern } : fail();
    }
    if (negated) fail();
    if (keyword('between')) {
      const low = literal();
      need('and');
      return { kind: 'between', field: name, low, high: literal() };
    }
    const op = tokens[i];
    if (op?.kind !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text)) return fail();
    i++;
    return { kind: 'compare', field: name, op: op.text as '=', value: literal() };
  };
  const conjunction = (): Condition => {
    let node = primary();
    while (keyword('and')) node = { kind: 'and', left: node, right: primary() };
    return node;
  };
  const disjunction = (): Condition => {
    let node = conjunction();
    while (keyword('or')) node = { kind: 'or', left: node, right: conjunction() };
    return node;
  };

  need('select');
  const fields = [field()];
  while (symbol(',')) fields.push(field());
  need('from');
  const module = field();
  const query: CoqlQuery = { fields, module, orderBy: [], limit: 200, offset: 0 };
  if (keyword('where')) query.where = disjunction();
  if (keyword('order')) {
    need('by');
    do {
      const name = field();
      const desc = keyword('desc');
      if (!desc) keyword('asc');
      query.orderBy.push({ field: name, desc });
    } while (symbol(','));
  }
  if (keyword('limit')) {
    const first = integer();
    query.limit = first;
    if (symbol(',')) {
      query.offset = first;
      query.limit = integer();
    }
    if (keyword('offset')) query.offset = integer();
  }
  if (i < tokens.length) fail();
  return query;
}
