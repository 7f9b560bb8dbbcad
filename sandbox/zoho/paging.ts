import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../core/server';
import { param } from './call';
import { ZohoError, invalidParam } from './errors';
import { zohoDateTime, type PageCursor, type ZohoOrg } from './org';

/**
 * v8 paging (the SDK's record Info: per_page, count, page, more_records, next_page_token,
 * previous_page_token, page_token_expiry, sort_by, sort_order): `page`/`per_page` (200 at most)
 * reach the first 2,000 records; beyond them a listing goes on with `page_token`, which each
 * page hands out as `next_page_token` and which lapses after a day.
 */
export const MAX_PER_PAGE = 200;
export const PAGE_REACH = 2000;
const TOKEN_TTL_MS = 24 * 3600_000;

export interface Page {
  offset: number;
  perPage: number;
  page: number;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  viaToken: boolean;
}

export function readPage(
  ctx: SandboxContext,
  org: ZohoOrg,
  module: string,
  sortable: readonly string[],
  now: number,
): Page {
  const perPage = positiveInt(ctx, 'per_page') ?? MAX_PER_PAGE;
  if (perPage > MAX_PER_PAGE) throw invalidParam('per_page');
  const token = param(ctx, 'page_token');
  if (token !== undefined) {
    if (param(ctx, 'page') !== undefined)
      throw invalidParam('page', 'page and page_token cannot be used together');
    const cursor = org.pageTokens.get(token);
    if (!cursor || cursor.module !== module || cursor.expiresAt <= now)
      throw invalidParam('page_token', 'the page_token given is invalid or has expired');
    return {
      offset: cursor.offset,
      perPage,
      page: Math.floor(cursor.offset / perPage) + 1,
      sortBy: cursor.sortBy,
      sortOrder: cursor.sortOrder,
      viaToken: true,
    };
  }
  const page = positiveInt(ctx, 'page') ?? 1;
  if (page * perPage > PAGE_REACH)
    throw new ZohoError(400, 'LIMIT_REACHED', 'records beyond the first 2000 are reached with page_token', {
      limit: PAGE_REACH,
      param_name: 'page',
    });
  const sortBy = param(ctx, 'sort_by') ?? 'id';
  if (!sortable.includes(sortBy)) throw invalidParam('sort_by');
  const sortOrder = param(ctx, 'sort_order') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') throw invalidParam('sort_order');
  return { offset: (page - 1) * perPage, perPage, page, sortBy, sortOrder, viaToken: false };
}

/** The info block of a listing page, issuing a next_page_token when more records follow. */
export function pageInfo(
  org: ZohoOrg,
  module: string,
  page: Page,
  count: number,
  total: number,
  now: number,
): Record<string, unknown> {
  const more = page.offset + count < total;
  let next: string | null = null;
  let expiry: string | null = null;
  if (more) {
    next = randomBytes(24).toString('hex');
    const cursor: PageCursor = {
      module,
      offset: page.offset + count,
      sortBy: page.sortBy,
      sortOrder: page.sortOrder,
      expiresAt: now + TOKEN_TTL_MS,
    };
    org.pageTokens.set(next, cursor);
    expiry = zohoDateTime(cursor.expiresAt);
  }
  return {
    per_page: page.perPage,
    next_page_token: next,
    count,
    sort_by: page.sortBy,
    page: page.page,
    previous_page_token: null,
    page_token_expiry: expiry,
    sort_order: page.sortOrder,
    more_records: more,
  };
}

function positiveInt(ctx: SandboxContext, name: string): number | undefined {
  const raw = param(ctx, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidParam(name);
  return Number(raw);
}
