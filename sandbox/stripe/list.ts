import { z } from 'zod';
import { invalidRequest } from './errors';
import type { FormValue } from './form';
import { list, type List } from './objects';
import { int, parseParams, positiveInt } from './params';

/**
 * Stripe's list endpoints: newest first, `limit` (1–100, default 10), cursor pagination with
 * `starting_after` / `ending_before` (object IDs), `created` filters, `has_more`.
 * https://docs.stripe.com/api/pagination
 */
const range = z.union([
  int,
  z.strictObject({ gt: int.optional(), gte: int.optional(), lt: int.optional(), lte: int.optional() }),
]);

export const listParams = {
  limit: positiveInt.optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  created: range.optional(),
};

export function listSchema<T extends z.ZodRawShape>(filters: T) {
  return z.strictObject({ ...listParams, ...filters });
}

export function paginate<T extends { id: string; created: number }>(
  items: T[],
  params: Record<string, FormValue>,
  url: string,
  filters: Record<string, z.ZodType> = {},
  keep: (item: T, filter: Record<string, unknown>) => boolean = () => true,
): List<T> {
  const parsed = parseParams(listSchema(filters), params) as {
    limit?: number;
    starting_after?: string;
    ending_before?: string;
    created?: number | { gt?: number; gte?: number; lt?: number; lte?: number };
  } & Record<string, unknown>;
  const limit = parsed.limit ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  const created = parsed.created;
  // Stable newest first: created descending, then the order of creation reversed.
  let rows = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.created - a.item.created || b.index - a.index)
    .map((r) => r.item)
    .filter((item) => keep(item, parsed))
    .filter((item) => {
      if (created === undefined) return true;
      if (typeof created === 'number') return item.created === created;
      return (
        (created.gt === undefined || item.created > created.gt) &&
        (created.gte === undefined || item.created >= created.gte) &&
        (created.lt === undefined || item.created < created.lt) &&
        (created.lte === undefined || item.created <= created.lte)
      );
    });
  if (parsed.starting_after) {
    const at = rows.findIndex((r) => r.id === parsed.starting_after);
    if (at < 0) throw invalidRequest(`Invalid starting_after: ${parsed.starting_after}`, 'starting_after');
    rows = rows.slice(at + 1);
    return list(rows.slice(0, limit), url, rows.length > limit);
  }
  if (parsed.ending_before) {
    const at = rows.findIndex((r) => r.id === parsed.ending_before);
    if (at < 0) throw invalidRequest(`Invalid ending_before: ${parsed.ending_before}`, 'ending_before');
    rows = rows.slice(0, at);
    return list(rows.slice(Math.max(0, rows.length - limit)), url, rows.length > limit);
  }
  return list(rows.slice(0, limit), url, rows.length > limit);
}
