import { z } from 'zod';
import type { PropertyType } from './properties';

/**
 * CRM search semantics: filters within a group are ANDed, groups are ORed. number and date
 * properties compare numerically (dates accept epoch ms or ISO), others as strings, case-insensitively
 * as HubSpot does. CONTAINS_TOKEN matches a whole word of the value (`*` is a wildcard).
 * https://developers.hubspot.com/docs/api/crm/search
 */
export const MAX_SEARCH_LIMIT = 200;
/** HubSpot's search returns at most 10,000 results for one query, paging included. */
export const MAX_SEARCH_RESULTS = 10_000;

export const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum([
    'EQ',
    'NEQ',
    'LT',
    'LTE',
    'GT',
    'GTE',
    'IN',
    'NOT_IN',
    'HAS_PROPERTY',
    'NOT_HAS_PROPERTY',
    'BETWEEN',
    'CONTAINS_TOKEN',
    'NOT_CONTAINS_TOKEN',
  ]),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

const sortSchema = z.union([
  z.string(),
  z.object({
    propertyName: z.string(),
    direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING'),
  }),
]);

export const searchRequestSchema = z.object({
  filterGroups: z
    .array(z.object({ filters: z.array(filterSchema).default([]) }))
    .max(5)
    .default([]),
  sorts: z.array(sortSchema).max(1).default([]),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(0).max(MAX_SEARCH_LIMIT).default(10),
  after: z.union([z.string(), z.number()]).optional(),
  query: z.string().optional(),
});

export type Filter = z.infer<typeof filterSchema>;
export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type TypeOf = (property: string) => PropertyType | undefined;
type Properties = Record<string, string>;

function comparable(value: string, type: PropertyType | undefined): number | string {
  if (type === 'number') return Number(value);
  if (type === 'datetime' || type === 'date') return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return value.toLowerCase();
}

function tokenMatch(actual: string, pattern: string): boolean {
  const wanted = pattern.toLowerCase();
  if (wanted.includes('*')) {
    const re = new RegExp(
      `^${wanted
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return re.test(actual.toLowerCase());
  }
  const lower = actual.toLowerCase();
  const tokens = new Set([lower, ...lower.split(/\s+/), ...lower.split(/[^\p{L}\p{N}]+/u)]);
  return tokens.has(wanted);
}

export function matchesFilter(properties: Properties, filter: Filter, typeOf: TypeOf): boolean {
  const actual = properties[filter.propertyName];
  const has = actual !== undefined && actual !== '';
  if (filter.operator === 'HAS_PROPERTY') return has;
  if (filter.operator === 'NOT_HAS_PROPERTY') return !has;
  const type = typeOf(filter.propertyName);
  const value = String(filter.value ?? '');
  if (filter.operator === 'IN' || filter.operator === 'NOT_IN') {
    const wanted = (filter.values ?? []).map((v) => comparable(String(v), type));
    const inList = has && wanted.includes(comparable(actual, type));
    return filter.operator === 'IN' ? inList : !inList;
  }
  if (filter.operator === 'NEQ') return !has || comparable(actual, type) !== comparable(value, type);
  if (filter.operator === 'NOT_CONTAINS_TOKEN') return !has || !tokenMatch(actual, value);
  if (!has) return false;
  if (filter.operator === 'CONTAINS_TOKEN') return tokenMatch(actual, value);
  const left = comparable(actual, type);
  const right = comparable(value, type);
  switch (filter.operator) {
    case 'EQ':
      return left === right;
    case 'LT':
      return left < right;
    case 'LTE':
      return left <= right;
    case 'GT':
      return left > right;
    case 'GTE':
      return left >= right;
    case 'BETWEEN':
      return left >= right && left <= comparable(String(filter.highValue ?? ''), type);
  }
}

export function matchesSearch(properties: Properties, request: SearchRequest, typeOf: TypeOf): boolean {
  if (request.query) {
    const q = request.query.toLowerCase();
    if (!Object.values(properties).some((v) => v.toLowerCase().includes(q))) return false;
  }
  if (request.filterGroups.length === 0) return true;
  return request.filterGroups.some((group) =>
    group.filters.every((f) => matchesFilter(properties, f, typeOf)),
  );
}

/**
 * A sort from the body: `{propertyName, direction}`, or the SDK's string form (its model types sorts
 * as strings): a property name, `-name` for descending, or that object as a JSON string.
 */
function sortOf(raw: z.infer<typeof sortSchema>): { propertyName: string; direction: string } {
  if (typeof raw !== 'string') return raw;
  if (raw.trim().startsWith('{'))
    return sortSchema.parse(JSON.parse(raw)) as { propertyName: string; direction: string };
  return { propertyName: raw.replace(/^-/, ''), direction: raw.startsWith('-') ? 'DESCENDING' : 'ASCENDING' };
}

/** Sorts by the requested property; ties (and no sorts) fall back to ascending id. */
export function compareForSort(
  request: SearchRequest,
  typeOf: TypeOf,
): (a: { id: string; properties: Properties }, b: { id: string; properties: Properties }) => number {
  const sorts = request.sorts.map(sortOf);
  return (a, b) => {
    for (const sort of sorts) {
      const type = typeOf(sort.propertyName);
      const av = a.properties[sort.propertyName];
      const bv = b.properties[sort.propertyName];
      if (av === bv) continue;
      // Records without the property sort last, whichever the direction.
      if (av === undefined) return 1;
      if (bv === undefined) return -1;
      const x = comparable(av, type);
      const y = comparable(bv, type);
      const order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return sort.direction === 'DESCENDING' ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  };
}
