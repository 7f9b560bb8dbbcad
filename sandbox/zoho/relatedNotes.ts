import { z } from 'zod';
import { actionAnswer, param, type Answer, type ZohoCall, type ZohoRoute } from './call';
import { ZohoError, invalidParam, requiredParamMissing } from './errors';
import { presentRecord } from './org';
import { writeRecords } from './recordWrites';

/**
 * A record's notes as its Notes related list (the SDK's RelatedRecordsOperations with
 * relatedListAPIName `Notes`: `GET /{module}/{id}/Notes` with `fields` mandatory, `page`,
 * `per_page`), and notes created on it (Zoho's v8 "Create Notes": `POST /{module}/{id}/Notes`,
 * a BodyWrapper `{ data: [Note] }` whose Parent_Id the path gives). `POST /Notes` with
 * Parent_Id + `$se_module` is the records write of recordWriteRoutes.ts.
 */
const MAX_PER_PAGE = 200;
const bodyWrapper = z.object({ data: z.array(z.unknown()).min(1).max(100) });

export function relatedNoteRoutes(): ZohoRoute[] {
  return [
    { method: 'GET', path: '/crm/v8/:module/:id/Notes', scope: 'ZohoCRM.modules', cost: one, handle: list },
    {
      method: 'POST',
      path: '/crm/v8/:module/:id/Notes',
      scope: 'ZohoCRM.modules',
      cost: one,
      handle: create,
    },
  ];
}

function one() {
  return { credits: 1, heavy: false };
}

function parentOf(call: ZohoCall): { module: string; id: string } {
  const def = call.org.module(call.ctx.params.module ?? '');
  const id = call.ctx.params.id ?? '';
  if (!call.org.get(def.apiName, id))
    throw new ZohoError(400, 'INVALID_DATA', 'the id given seems to be invalid', { id });
  return { module: def.apiName, id };
}

function list(call: ZohoCall): Answer {
  const { ctx, org } = call;
  const parent = parentOf(call);
  const raw = param(ctx, 'fields');
  if (!raw) throw requiredParamMissing('fields');
  const fields = raw.split(',').map((f) => f.trim());
  const perPage = int(param(ctx, 'per_page'), 'per_page', MAX_PER_PAGE) ?? MAX_PER_PAGE;
  const page = int(param(ctx, 'page'), 'page') ?? 1;
  const notes = org
    .list('Notes')
    .filter((n) => {
      const p = n.values.Parent_Id;
      return (
        typeof p === 'object' &&
        p !== null &&
        'module' in p &&
        p.module === parent.module &&
        p.id === parent.id
      );
    })
    .sort((a, b) => b.createdAt - a.createdAt || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const slice = notes.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return {
    status: 200,
    body: {
      data: slice.map((n) => presentRecord(org, n, fields)),
      info: { per_page: perPage, count: slice.length, page, more_records: notes.length > page * perPage },
    },
  };
}

function create(call: ZohoCall): Answer {
  const parent = parentOf(call);
  const parsed = bodyWrapper.safeParse(call.ctx.body);
  if (!parsed.success)
    throw new ZohoError(400, 'INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });
  const inputs = parsed.data.data.map((d) => ({
    ...(typeof d === 'object' && d !== null ? d : {}),
    Parent_Id: { id: parent.id, module: { api_name: parent.module } },
  }));
  const outcome = writeRecords(call.org, call.org.module('Notes'), 'create', inputs, call.now);
  call.notify(outcome.changes);
  return actionAnswer('data', outcome.results, 201);
}

function int(raw: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw invalidParam(name);
  return Number(raw);
}
