/**
 * The search API's `criteria` (GET /crm/v8/{module}/search): `(Field:operator:value)` conditions,
 * grouped in parentheses and joined with `and`/`or`. In a value, `(`, `)`, `,` and `\` are
 * escaped with a backslash, as Zoho's v8 search documentation asks
 * (https://www.zoho.com/crm/developer/docs/api/v8/search-records.html); `in`, `not_in` and
 * `between` take comma-separated values. A name that is not an API name is refused, so no input
 * can open a condition of its own.
 */
export type ZohoCriteriaOperator =
  | 'equals'
  | 'not_equal'
  | 'starts_with'
  | 'in'
  | 'not_in'
  | 'greater_than'
  | 'greater_equal'
  | 'less_than'
  | 'less_equal'
  | 'between';

export type ZohoCriteriaValue = string | number | boolean | null;

/** A criteria expression, built only by this module's functions. */
export type ZohoCriteria = string & { readonly __zohoCriteria: true };

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

export function escapeCriteriaValue(value: ZohoCriteriaValue): string {
  if (value === null) return 'null';
  return String(value).replace(/[\\(),]/g, (char) => `\\${char}`);
}

export function condition(
  field: string,
  operator: ZohoCriteriaOperator,
  value: ZohoCriteriaValue | readonly ZohoCriteriaValue[],
): ZohoCriteria {
  if (!API_NAME.test(field)) throw new Error(`not a Zoho field API name: ${JSON.stringify(field)}`);
  const values: readonly ZohoCriteriaValue[] = Array.isArray(value) ? value : [value as ZohoCriteriaValue];
  if (values.length === 0) throw new Error(`criteria on ${field} without a value`);
  if (operator === 'between' && values.length !== 2) throw new Error('between takes two values');
  return `(${field}:${operator}:${values.map(escapeCriteriaValue).join(',')})` as ZohoCriteria;
}

export const equals = (field: string, value: ZohoCriteriaValue): ZohoCriteria =>
  condition(field, 'equals', value);

export function and(...parts: readonly ZohoCriteria[]): ZohoCriteria {
  return join(parts, 'and');
}

export function or(...parts: readonly ZohoCriteria[]): ZohoCriteria {
  return join(parts, 'or');
}

function join(parts: readonly ZohoCriteria[], joiner: 'and' | 'or'): ZohoCriteria {
  if (parts.length === 0) throw new Error(`${joiner} of no criteria`);
  if (parts.length === 1) return parts[0] as ZohoCriteria;
  return `(${parts.join(joiner)})` as ZohoCriteria;
}
