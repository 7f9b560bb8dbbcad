import type { SandboxContext } from '../core/server';
import { param, type Answer, type ZohoCall, type ZohoRoute } from './call';
import { keywordMatcher, parseCriteria } from './criteria';
import { ZohoError, invalidParam, requiredParamMissing } from './errors';
import { pageInfo, readPage, PAGE_REACH } from './paging';
import { presentRecord, type StoredRecord } from './org';

/**
 * Record reads (the SDK's RecordOperations getRecords, getRecord, searchRecords): answers are the
 * ResponseWrapper `{ data, info }`; no records is 204 without a body; `If-Modified-Since` keeps the
 * records modified after it, and 304 when there are none.
 */
const read = { credits: 1, heavy: false };
const MAX_FIELDS = 50;

export function recordReadRoutes(): ZohoRoute[] {
  return [
    {
      method: 'GET',
      path: '/crm/v8/:module/search',
      scope: 'ZohoCRM.modules',
      cost: () => ({ credits: 1, heavy: true }),
      handle: search,
    },
    {
      method: 'GET',
      path: '/crm/v8/:module/:id',
      scope: 'ZohoCRM.modules',
      cost: () => read,
      handle: getOne,
    },
    { method: 'GET', path: '/crm/v8/:module', scope: 'ZohoCRM.modules', cost: () => read, handle: list },
  ];
}

function list(call: ZohoCall): Answer {
  const { ctx, org, now } = call;
  const def = org.module(ctx.params.module ?? '');
  const fields = requestedFields(ctx, true);
  const page = readPage(ctx, org, def.apiName, ['id', 'Created_Time', 'Modified_Time'], now);
  let records = modifiedSince(ctx, org.list(def.apiName));
  const ids = param(ctx, 'ids');
  if (ids !== undefined) {
    const wanted = new Set(ids.split(','));
    records = records.filter((r) => wanted.has(r.id));
  }
  if (records.length === 0) return { status: ctx.req.headers['if-modified-since'] ? 304 : 204 };
  const key = (r: StoredRecord) =>
    page.sortBy === 'Created_Time'
      ? r.createdAt
      : page.sortBy === 'Modified_Time'
        ? r.modifiedAt
        : BigInt(r.id);
  records.sort((a, b) => {
    const c = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    return page.sortOrder === 'asc' ? c : -c;
  });
  const slice = records.slice(page.offset, page.offset + page.perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((r) => presentRecord(org, r, fields)),
      info: pageInfo(org, def.apiName, page, slice.length, records.length, now),
    },
  };
}

function getOne(call: ZohoCall): Answer {
  const { ctx, org } = call;
  const def = org.module(ctx.params.module ?? '');
  const record = org.get(def.apiName, ctx.params.id ?? '');
  if (!record) return { status: 204 };
  if (modifiedSince(ctx, [record]).length === 0) return { status: 304 };
  return { status: 200, body: { data: [presentRecord(org, record, requestedFields(ctx, false))] } };
}

function search(call: ZohoCall): Answer {
  const { ctx, org } = call;
  const def = org.module(ctx.params.module ?? '');
  const perPage = Number(param(ctx, 'per_page') ?? 200);
  const page = Number(param(ctx, 'page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) throw invalidParam('per_page');
  if (!Number.isInteger(page) || page < 1) throw invalidParam('page');
  if (page * perPage > PAGE_REACH)
    throw new ZohoError(400, 'LIMIT_REACHED', 'search reaches the first 2000 records only', {
      limit: PAGE_REACH,
    });
  const criteria = param(ctx, 'criteria');
  const keyword = (['email', 'phone', 'word'] as const).find((k) => param(ctx, k) !== undefined);
  let matcher: (r: StoredRecord) => boolean;
  if (criteria !== undefined) matcher = parseCriteria(def, criteria);
  else if (keyword) {
    const value = param(ctx, keyword) ?? '';
    if (keyword === 'word' && value.length < 2) throw invalidParam('word');
    matcher = keywordMatcher(org, def, keyword, value);
  } else throw requiredParamMissing('criteria');
  const found = org
    .list(def.apiName)
    .filter(matcher)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const slice = found.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((r) => presentRecord(org, r, requestedFields(ctx, false))),
      info: { per_page: perPage, count: slice.length, page, more_records: found.length > page * perPage },
    },
  };
}

/** `fields=` is mandatory for listing records in v8 (up to 50); elsewhere it narrows the answer. */
function requestedFields(ctx: SandboxContext, required: boolean): string[] | undefined {
  const raw = param(ctx, 'fields');
  if (raw === undefined || raw === '') {
    if (required) throw requiredParamMissing('fields');
    return undefined;
  }
  const fields = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length > MAX_FIELDS)
    throw new ZohoError(400, 'LIMIT_EXCEEDED', 'at most 50 fields can be asked for', {
      limit: MAX_FIELDS,
      param_name: 'fields',
    });
  return fields;
}

/** Records modified strictly after `If-Modified-Since` (ISO 8601 or an HTTP date), at second precision. */
function modifiedSince(ctx: SandboxContext, records: StoredRecord[]): StoredRecord[] {
  const header = ctx.req.headers['if-modified-since'];
  if (!header) return records;
  const since = Date.parse(header);
  if (Number.isNaN(since)) throw invalidParam('If-Modified-Since');
  return records.filter((r) => Math.floor(r.modifiedAt / 1000) > Math.floor(since / 1000));
}
