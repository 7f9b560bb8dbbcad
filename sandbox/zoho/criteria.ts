import { ZohoError } from './errors';
import { fieldOf, type FieldDef, type ModuleDef } from './modules';
import { comparableValue, type StoredRecord, type ZohoOrg } from './org';

/**
 * The search API's `criteria` (GET /crm/v8/{module}/search?criteria=…):
 * `(Field:operator:value)`, groups joined by `and`/`or`, e.g.
 * `((Xero_Contact_ID:equals:abc)or(Account_Name:starts_with:Acme))`. `(`, `)` and `,` inside a
 * value are escaped with `\`; `equals` and `in` take comma-separated values; lookups compare by
 * id (`Account_Name:equals:<id>` or `Account_Name.id:equals:<id>`). Text compares case-insensitively.
 */
type Node =
  | { kind: 'cond'; field: FieldDef; op: string; values: string[] }
  | { kind: 'and'; left: Node; right: Node }
  | { kind: 'or'; left: Node; right: Node };

const OPERATORS = new Set([
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'not_in',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
  'between',
]);

const invalidQuery = (reason: string) =>
  new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', { reason });

export function parseCriteria(def: ModuleDef, text: string): (record: StoredRecord) => boolean {
  let at = 0;
  const peek = () => text[at];
  const expect = (char: string) => {
    if (text[at] !== char) throw invalidQuery(`expected '${char}' at position ${at}`);
    at++;
  };
  const group = (): Node => {
    expect('(');
    const node = peek() === '(' ? expression() : condition();
    expect(')');
    return node;
  };
  const expression = (): Node => {
    let node = conjunction();
    while (text.slice(at, at + 2).toLowerCase() === 'or') {
      at += 2;
      node = { kind: 'or', left: node, right: conjunction() };
    }
    return node;
  };
  const conjunction = (): Node => {
    let node = group();
    while (text.slice(at, at + 3).toLowerCase() === 'and') {
      at += 3;
      node = { kind: 'and', left: node, right: group() };
    }
    return node;
  };
  const condition = (): Node => {
    let raw = '';
    while (at < text.length && text[at] !== ')') {
      if (text[at] === '\\' && at + 1 < text.length) raw += text[at++];
      raw += text[at++];
    }
    const [name = '', op = '', ...rest] = raw.split(':');
    const fieldName = name.endsWith('.id') ? name.slice(0, -3) : name;
    const field = fieldOf(def, fieldName);
    if (!field) throw invalidQuery(`no field ${name} in ${def.apiName}`);
    if (!OPERATORS.has(op)) throw invalidQuery(`unsupported operator ${op}`);
    const values = splitValues(rest.join(':'));
    if (values.length === 0) throw invalidQuery(`no value for ${name}`);
    return { kind: 'cond', field, op, values };
  };
  const tree = expression();
  if (at !== text.length) throw invalidQuery(`unexpected '${text.slice(at)}'`);
  return (record) => evaluate(tree, record);
}

function splitValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\' && i + 1 < raw.length) current += raw[++i];
    else if (raw[i] === ',') {
      values.push(current);
      current = '';
    } else current += raw[i];
  }
  values.push(current);
  return values.filter((v) => v !== '');
}

function evaluate(node: Node, record: StoredRecord): boolean {
  if (node.kind === 'and') return evaluate(node.left, record) && evaluate(node.right, record);
  if (node.kind === 'or') return evaluate(node.left, record) || evaluate(node.right, record);
  const actual = comparableValue(record, node.field.apiName);
  const wanted = node.values.map((v) => coerce(node.field, v));
  const eq = (w: unknown) => compare(actual, w) === 0;
  switch (node.op) {
    case 'equals':
    case 'in':
      return wanted.some(eq);
    case 'not_equal':
    case 'not_in':
      return !wanted.some(eq);
    case 'starts_with':
      return typeof actual === 'string' && actual.toLowerCase().startsWith(String(wanted[0]).toLowerCase());
    case 'greater_than':
      return actual !== null && compare(actual, wanted[0]) > 0;
    case 'greater_equal':
      return actual !== null && compare(actual, wanted[0]) >= 0;
    case 'less_than':
      return actual !== null && compare(actual, wanted[0]) < 0;
    case 'less_equal':
      return actual !== null && compare(actual, wanted[0]) <= 0;
    default:
      return actual !== null && compare(actual, wanted[0]) >= 0 && compare(actual, wanted[1]) <= 0;
  }
}

function coerce(field: FieldDef, value: string): string | number | boolean | null {
  if (value === 'null') return null;
  if (field.dataType === 'boolean') return value === 'true';
  if (['currency', 'double', 'integer'].includes(field.dataType)) return Number(value);
  return value;
}

/** Orders two values as Zoho compares them: numbers numerically, text case-insensitively, null first. */
export function compare(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean')
    return String(a) === String(b) ? 0 : String(a) < String(b) ? -1 : 1;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x === y ? 0 : x < y ? -1 : 1;
}

/** `email=`: any email field equal to it; `phone=`: any phone field; `word=`: any text field containing it. */
export function keywordMatcher(
  org: ZohoOrg,
  def: ModuleDef,
  kind: 'email' | 'phone' | 'word',
  value: string,
) {
  const types =
    kind === 'email'
      ? ['email']
      : kind === 'phone'
        ? ['phone']
        : ['text', 'textarea', 'email', 'phone', 'website', 'picklist'];
  const fields = def.fields.filter((f) => types.includes(f.dataType));
  const needle = value.toLowerCase();
  return (record: StoredRecord) =>
    fields.some((f) => {
      const actual = comparableValue(record, f.apiName);
      if (typeof actual !== 'string') return false;
      return kind === 'word' ? actual.toLowerCase().includes(needle) : actual.toLowerCase() === needle;
    }) ||
    (kind === 'word' && org.displayName(record).toLowerCase().includes(needle));
}
