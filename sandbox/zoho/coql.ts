import { compare } from './criteria';
import { parseCoql, type Condition, type CoqlQuery, type Literal } from './coqlParser';
import { ZohoError } from './errors';
import { fieldOf, moduleDef, type ModuleDef } from './modules';
import { comparableValue, zohoDateTime, type StoredRecord, type ZohoOrg } from './org';

/** COQL answers at most 2,000 rows a query (`LIMIT` above it is refused). */
export const COQL_MAX_LIMIT = 2000;

export interface CoqlResult {
  rows: Array<Record<string, unknown>>;
  moreRecords: boolean;
  limit: number;
}

const invalidColumn = (column: string) =>
  new ZohoError(400, 'INVALID_QUERY', 'column given seems to be invalid', { column_name: column });

/** The `LIMIT` of a query, read without running it (its credit cost depends on it). */
export function coqlLimit(text: string): number {
  return parseCoql(text).limit;
}

export function runCoql(org: ZohoOrg, text: string): CoqlResult {
  const query = parseCoql(text);
  const def = moduleDef(query.module);
  if (!def || def.apiName === 'Notes')
    throw new ZohoError(400, 'INVALID_QUERY', 'invalid query formed', {
      reason: `module ${query.module} is not supported`,
    });
  if (query.limit > COQL_MAX_LIMIT || query.limit < 1)
    throw new ZohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { by: 'limit', limit: COQL_MAX_LIMIT });
  for (const field of [
    ...query.fields,
    ...query.orderBy.map((o) => o.field),
    ...conditionFields(query.where),
  ])
    resolvePath(def, field);
  const read = (record: StoredRecord, path: string) => readPath(org, def, record, path);
  let records = org.list(def.apiName);
  if (query.where) {
    const where = query.where;
    records = records.filter((r) => matches(where, (path) => read(r, path)));
  }
  records.sort((a, b) => order(query, a, b, read));
  const page = records.slice(query.offset, query.offset + query.limit);
  return {
    rows: page.map((record) => row(org, def, record, query.fields)),
    moreRecords: records.length > query.offset + query.limit,
    limit: query.limit,
  };
}

function conditionFields(condition: Condition | undefined): string[] {
  if (!condition) return [];
  if (condition.kind === 'and' || condition.kind === 'or')
    return [...conditionFields(condition.left), ...conditionFields(condition.right)];
  return [condition.field];
}

/** `Field`, `Lookup.id` or `Lookup.Field` (one hop through a single-module lookup). */
function resolvePath(def: ModuleDef, path: string): { field: string; via?: ModuleDef } {
  const [head = '', tail, ...rest] = path.split('.');
  const field = fieldOf(def, head);
  if (!field || rest.length > 0) throw invalidColumn(path);
  if (tail === undefined || tail === 'id') return { field: head };
  const target =
    field.dataType === 'lookup' && field.lookup?.length === 1 ? moduleDef(field.lookup[0] ?? '') : undefined;
  if (!target || !fieldOf(target, tail)) throw invalidColumn(path);
  return { field: head, via: target };
}

function readPath(org: ZohoOrg, def: ModuleDef, record: StoredRecord, path: string): Literal {
  const { field, via } = resolvePath(def, path);
  const value = comparableValue(record, field);
  if (!via || typeof value !== 'string') return value;
  const target = org.get(via.apiName, value);
  return target ? comparableValue(target, path.split('.')[1] ?? 'id') : null;
}

function matches(condition: Condition, read: (path: string) => Literal): boolean {
  switch (condition.kind) {
    case 'and':
      return matches(condition.left, read) && matches(condition.right, read);
    case 'or':
      return matches(condition.left, read) || matches(condition.right, read);
    case 'null':
      return (read(condition.field) === null) !== condition.negated;
    case 'in':
      return condition.values.some((v) => compare(read(condition.field), v) === 0) !== condition.negated;
    case 'like': {
      const value = read(condition.field);
      const source = condition.pattern
        .split('%')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return (typeof value === 'string' && new RegExp(`^${source}$`, 'i').test(value)) !== condition.negated;
    }
    case 'between': {
      const value = read(condition.field);
      return value !== null && compare(value, condition.low) >= 0 && compare(value, condition.high) <= 0;
    }
    default: {
      const value = read(condition.field);
      const c = compare(value, condition.value);
      if (condition.op === '=') return c === 0;
      if (condition.op === '!=') return c !== 0;
      if (value === null) return false;
      return condition.op === '<'
        ? c < 0
        : condition.op === '<='
          ? c <= 0
          : condition.op === '>'
            ? c > 0
            : c >= 0;
    }
  }
}

function order(
  query: CoqlQuery,
  a: StoredRecord,
  b: StoredRecord,
  read: (r: StoredRecord, p: string) => Literal,
): number {
  for (const { field, desc } of query.orderBy) {
    const c = compare(read(a, field), read(b, field));
    if (c !== 0) return desc ? -c : c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A COQL row: the selected fields (lookups as `{ id }`, as COQL answers them) plus `id`. */
function row(
  org: ZohoOrg,
  def: ModuleDef,
  record: StoredRecord,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    if (path.includes('.')) {
      out[path] = readPath(org, def, record, path);
      continue;
    }
    if (path === 'Created_Time') out[path] = zohoDateTime(record.createdAt);
    else if (path === 'Modified_Time') out[path] = zohoDateTime(record.modifiedAt);
    else if (path === 'id') out.id = record.id;
    else {
      const value = record.values[path] ?? null;
      out[path] = value !== null && typeof value === 'object' ? { id: value.id } : value;
    }
  }
  out.id = record.id;
  return out;
}
