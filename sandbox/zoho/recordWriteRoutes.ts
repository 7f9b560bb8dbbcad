import { z } from 'zod';
import type { SandboxContext } from '../core/server';
import { actionAnswer, param, type Answer, type ZohoCall, type ZohoRoute } from './call';
import { ZohoError, requiredParamMissing } from './errors';
import { deleteRecords, writeRecords, type WriteKind } from './recordWrites';

/**
 * Record writes (the SDK's RecordOperations createRecords, updateRecords, updateRecord,
 * upsertRecords, deleteRecords, deleteRecord): a BodyWrapper `{ data: [...] }` of up to 100
 * records (upsert also `duplicate_check_fields`), answered with an ActionWrapper `{ data: [...] }`
 * of one SuccessResponse or APIException per record, in order.
 */
const MAX_RECORDS = 100;

const bodyWrapper = z.object({
  data: z.array(z.unknown()),
  duplicate_check_fields: z.array(z.string()).optional(),
  trigger: z.array(z.string()).optional(),
});

function recordsIn(ctx: SandboxContext): number {
  const parsed = bodyWrapper.safeParse(ctx.body);
  return parsed.success ? parsed.data.data.length : 1;
}

const writeCost = (ctx: SandboxContext) => ({
  credits: Math.max(1, Math.ceil(recordsIn(ctx) / 10)),
  heavy: false,
});

const deleteCost = (ctx: SandboxContext) => ({
  credits: Math.max(1, Math.ceil((param(ctx, 'ids') ?? '').split(',').filter(Boolean).length / 10)),
  heavy: false,
});

export function recordWriteRoutes(): ZohoRoute[] {
  const route = (
    method: ZohoRoute['method'],
    path: string,
    handle: ZohoRoute['handle'],
    cost = writeCost,
  ): ZohoRoute => ({
    method,
    path,
    scope: 'ZohoCRM.modules',
    cost,
    handle,
  });
  return [
    route('POST', '/crm/v8/:module/upsert', (call) => write(call, 'upsert', 200)),
    route('PUT', '/crm/v8/:module/:id', (call) => write(call, 'update', 200, call.ctx.params.id)),
    route(
      'DELETE',
      '/crm/v8/:module/:id',
      (call) => remove(call, [call.ctx.params.id ?? '']),
      () => ({ credits: 1, heavy: false }),
    ),
    route('POST', '/crm/v8/:module', (call) => write(call, 'create', 201)),
    route('PUT', '/crm/v8/:module', (call) => write(call, 'update', 200)),
    route(
      'DELETE',
      '/crm/v8/:module',
      (call) => {
        const ids = (param(call.ctx, 'ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0) throw requiredParamMissing('ids');
        if (ids.length > MAX_RECORDS) throw tooMany();
        return remove(call, ids);
      },
      deleteCost,
    ),
  ];
}

function write(call: ZohoCall, kind: WriteKind, okStatus: number, pathId?: string): Answer {
  const { ctx, org, now } = call;
  const def = org.module(ctx.params.module ?? '');
  const parsed = bodyWrapper.safeParse(ctx.body);
  if (!parsed.success)
    throw new ZohoError(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'data',
      json_path: '$.data',
      expected_data_type: 'jsonarray',
    });
  const { data, duplicate_check_fields: checkFields } = parsed.data;
  if (data.length === 0)
    throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
      api_name: 'data',
      json_path: '$.data',
    });
  if (data.length > MAX_RECORDS) throw tooMany();
  const unknownCheck = checkFields?.find((f) => !def.fields.some((d) => d.apiName === f));
  if (unknownCheck)
    throw new ZohoError(400, 'INVALID_DATA', 'invalid data', {
      api_name: 'duplicate_check_fields',
      json_path: '$.duplicate_check_fields',
    });
  const inputs =
    pathId === undefined ? data : data.slice(0, 1).map((d) => ({ ...(d as object), id: pathId }));
  const outcome = writeRecords(org, def, kind, inputs, now, checkFields);
  call.notify(outcome.changes);
  return actionAnswer('data', outcome.results, okStatus);
}

function remove(call: ZohoCall, ids: readonly string[]): Answer {
  const def = call.org.module(call.ctx.params.module ?? '');
  const outcome = deleteRecords(call.org, def, ids);
  call.notify(outcome.changes);
  return actionAnswer('data', outcome.results, 200);
}

function tooMany(): ZohoError {
  return new ZohoError(400, 'LIMIT_EXCEEDED', 'at most 100 records can be written in one call', {
    limit: MAX_RECORDS,
  });
}
