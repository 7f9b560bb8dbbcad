import { z } from 'zod';
import { actionAnswer, param, type ZohoRoute } from './call';
import { coqlLimit, runCoql } from './coql';
import { ZohoError, requiredParamMissing } from './errors';
import { creditCost } from './limits';
import { jsonTypeOf, moduleDef } from './modules';
import type { WatchMode, ZohoNotifications } from './notifications';

/**
 * COQL (the SDK's coql package: BodyWrapper `select_query`, ResponseWrapper `{ data, info }`),
 * fields metadata (fields package: ResponseWrapper `{ fields }` of Fields) and notification
 * channels (notifications package: BodyWrapper/ActionWrapper `{ watch }`).
 */
const coqlBody = z.object({ select_query: z.string().min(1) });

function coqlCredits(body: unknown): number {
  const parsed = coqlBody.safeParse(body);
  if (!parsed.success) return 1;
  try {
    return creditCost({ kind: 'coql', limit: coqlLimit(parsed.data.select_query) });
  } catch {
    return 1;
  }
}

export function queryRoutes(notifications: ZohoNotifications): ZohoRoute[] {
  const watchWrite = (method: 'POST' | 'PUT' | 'PATCH', mode: WatchMode): ZohoRoute => ({
    method,
    path: '/crm/v8/actions/watch',
    scope: 'ZohoCRM.notifications',
    cost: () => ({ credits: 1, heavy: false }),
    handle: ({ ctx, org, origin }) => {
      const parsed = z.object({ watch: z.array(z.unknown()).min(1) }).safeParse(ctx.body);
      if (!parsed.success)
        throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'watch',
          json_path: '$.watch',
        });
      return actionAnswer('watch', notifications.write(org, parsed.data.watch, mode, origin), 200);
    },
  });
  return [
    {
      method: 'POST',
      path: '/crm/v8/coql',
      scope: 'ZohoCRM.coql',
      cost: (ctx) => ({ credits: coqlCredits(ctx.body), heavy: true }),
      handle: ({ ctx, org }) => {
        const parsed = coqlBody.safeParse(ctx.body);
        if (!parsed.success)
          throw new ZohoError(400, 'MANDATORY_NOT_FOUND', 'required field not found', {
            api_name: 'select_query',
          });
        const result = runCoql(org, parsed.data.select_query);
        if (result.rows.length === 0) return { status: 204 };
        return {
          status: 200,
          body: { data: result.rows, info: { count: result.rows.length, more_records: result.moreRecords } },
        };
      },
    },
    {
      method: 'GET',
      path: '/crm/v8/settings/fields',
      scope: 'ZohoCRM.settings',
      cost: () => ({ credits: 1, heavy: false }),
      handle: ({ ctx, org }) => {
        const name = param(ctx, 'module');
        if (!name) throw requiredParamMissing('module');
        // The org's own fields (one may lack some: hideField).
        const def = org.module(name);
        return {
          status: 200,
          body: {
            fields: def.fields.map((f, index) => ({
              api_name: f.apiName,
              field_label: f.label,
              display_label: f.label,
              data_type: f.dataType,
              json_type: jsonTypeOf(f.dataType),
              id: `${def.id.slice(0, 13)}${String(300_000 + index)}`,
              custom_field: f.custom ?? false,
              system_mandatory: f.mandatory ?? false,
              read_only: f.readOnly ?? false,
              field_read_only: f.readOnly ?? false,
              visible: true,
              length: f.length ?? null,
              unique: f.unique ? { casesensitive: 'false' } : {},
              lookup:
                f.dataType === 'lookup' && f.lookup?.length === 1
                  ? { module: { api_name: f.lookup[0], id: moduleDef(f.lookup[0] ?? '')?.id } }
                  : {},
              pick_list_values: (f.picklist ?? []).map((v) => ({ display_value: v, actual_value: v })),
            })),
          },
        };
      },
    },
    watchWrite('POST', 'enable'),
    watchWrite('PUT', 'replace'),
    watchWrite('PATCH', 'patch'),
    {
      method: 'GET',
      path: '/crm/v8/actions/watch',
      scope: 'ZohoCRM.notifications',
      cost: () => ({ credits: 1, heavy: false }),
      handle: ({ ctx, org, origin }) => {
        const channelId = param(ctx, 'channel_id');
        const module = param(ctx, 'module');
        const watch = notifications.list(org, origin, {
          ...(channelId ? { channelId } : {}),
          ...(module ? { module } : {}),
        });
        if (watch.length === 0) return { status: 204 };
        return {
          status: 200,
          body: { watch, info: { per_page: 200, count: watch.length, page: 1, more_records: false } },
        };
      },
    },
    {
      method: 'DELETE',
      path: '/crm/v8/actions/watch',
      scope: 'ZohoCRM.notifications',
      cost: () => ({ credits: 1, heavy: false }),
      handle: ({ ctx, org }) => {
        const ids = (param(ctx, 'channel_ids') ?? '').split(',').filter(Boolean);
        if (ids.length === 0) throw requiredParamMissing('channel_ids');
        return actionAnswer('watch', notifications.remove(org, ids), 200);
      },
    },
  ];
}
