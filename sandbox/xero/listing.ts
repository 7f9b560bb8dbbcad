import type { SandboxContext } from '../core/server';
import { validationException } from './errors';
import { parseWhere, WhereSyntaxError } from './where';

/**
 * List semantics shared by the Accounting API's GET collections: If-Modified-Since, `where`,
 * ID/number/status lists, `order`, and paging (`page`, `pageSize` up to 1,000, default 100).
 */
export const MAX_PAGE_SIZE = 1_000;
export const DEFAULT_PAGE_SIZE = 100;

export interface ListQuery {
  page: number | undefined;
  pageSize: number;
  modifiedSince: number | undefined;
  where: ((json: Record<string, unknown>) => boolean) | undefined;
  order: { field: string; desc: boolean } | undefined;
  list(name: string): string[] | undefined;
}

export function parseListQuery(ctx: SandboxContext): ListQuery {
  const q = ctx.url.searchParams;
  const pageText = q.get('page');
  const page = pageText === null ? undefined : Math.max(1, Number.parseInt(pageText, 10) || 1);
  const pageSize = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Number.parseInt(q.get('pageSize') ?? '', 10) || DEFAULT_PAGE_SIZE),
  );
  const ims = ctx.req.headers['if-modified-since'];
  const modifiedSince =
    typeof ims === 'string' && ims
      ? Date.parse(ims.endsWith('Z') || /[+-]\d\d:?\d\d$|GMT$/.test(ims) ? ims : `${ims}Z`)
      : undefined;
  let where: ListQuery['where'];
  const whereText = q.get('where');
  if (whereText) {
    try {
      where = parseWhere(whereText);
    } catch (err) {
      if (err instanceof WhereSyntaxError)
        throw validationException([
          { ValidationErrors: [{ Message: `Invalid where clause: ${err.message}` }] },
        ]);
      throw err;
    }
  }
  const orderText = q.get('order');
  const order = orderText
    ? { field: orderText.trim().split(/\s+/)[0] ?? '', desc: /\sdesc$/i.test(orderText.trim()) }
    : undefined;
  return {
    page,
    pageSize,
    modifiedSince: Number.isNaN(modifiedSince) ? undefined : modifiedSince,
    where,
    order,
    // Lists arrive as `IDs=a,b`, or repeated (`IDs=a&IDs=b`), or axios-style (`IDs[]=a`).
    list: (name) => {
      const values = [...q.getAll(name), ...q.getAll(`${name}[]`)]
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean);
      return values.length ? values : undefined;
    },
  };
}

/** Applies ordering and paging; `records` are already filtered, `json` serialises one for `where`/order. */
export function orderAndPage<T>(
  records: readonly T[],
  query: ListQuery,
  sortValue: (record: T, field: string) => unknown,
) {
  let items = records;
  if (query.order) {
    const { field, desc } = query.order;
    items = [...records].sort((a, b) => {
      const x = sortValue(a, field) as string | number;
      const y = sortValue(b, field) as string | number;
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    });
  }
  if (query.page === undefined) return { items, pagination: undefined };
  const start = (query.page - 1) * query.pageSize;
  return {
    items: items.slice(start, start + query.pageSize),
    pagination: {
      page: query.page,
      pageSize: query.pageSize,
      pageCount: Math.ceil(items.length / query.pageSize),
      itemCount: items.length,
    },
  };
}
