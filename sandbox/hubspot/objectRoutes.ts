import { z } from 'zod';
import { SandboxHttpError } from '../core/server';
import {
  api,
  associationsJson,
  batchEnvelope,
  boolParam,
  listParam,
  nextLink,
  notFound,
  objectTypeOf,
  parseBody,
  recordJson,
  sendJson,
  type ApiDeps,
  type Route,
} from './api';
import { hubspotError, invalidInput } from './errors';
import { hubspotDefinedLabel, objectScope, targetOfTypeId, type ObjectType } from './objectTypes';
import { compareForSort, matchesSearch, MAX_SEARCH_RESULTS, searchRequestSchema } from './search';
import type { CrmRecord, CrmStore } from './store';

/**
 * CRM v3 objects: list/get/create/update/archive, batch read|create|update|upsert|archive (at most
 * 100 inputs), and search.
 * https://developers.hubspot.com/docs/api-reference/crm-objects-v3/guide
 */
export const MAX_BATCH_INPUTS = 100;
const MAX_LIST_LIMIT = 100;

const propertiesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const associationInput = z.object({
  to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
  types: z
    .array(
      z.object({
        associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
        associationTypeId: z.number().int(),
      }),
    )
    .min(1),
});
const createSchema = z.object({
  properties: propertiesSchema.default({}),
  associations: z.array(associationInput).default([]),
});
const updateSchema = z.object({ properties: propertiesSchema });
const idInput = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const batchReadSchema = z.object({
  inputs: z.array(idInput),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});
const batchCreateSchema = z.object({ inputs: z.array(createSchema) });
const batchUpdateSchema = z.object({
  inputs: z.array(idInput.extend({ idProperty: z.string().optional(), properties: propertiesSchema })),
});
const batchArchiveSchema = z.object({ inputs: z.array(idInput) });

export function objectRoutes(on: Route, deps: ApiDeps): void {
  const { ids } = deps;
  const base = '/crm/v3/objects/:objectType';
  const typeOf = (params: Record<string, string>) => objectTypeOf(ids, params.objectType);
  const read = (ctx: { params: Record<string, string> }) => objectScope(typeOf(ctx.params), 'read');
  const write = (ctx: { params: Record<string, string> }) => objectScope(typeOf(ctx.params), 'write');
  const limitInputs = (inputs: unknown[]) => {
    if (inputs.length > MAX_BATCH_INPUTS)
      throw invalidInput(
        ids,
        `Batch input limit exceeded: ${inputs.length} inputs, maximum is ${MAX_BATCH_INPUTS}.`,
        {
          context: { inputs: [String(inputs.length)] },
        },
      );
  };
  const uniqueIdProperty = (store: CrmStore, type: ObjectType, idProperty: string | undefined) => {
    if (idProperty && !store.isUniqueProperty(type, idProperty))
      throw invalidInput(ids, `Property ${idProperty} is not a unique identifier property for ${type}.`);
  };

  on(
    'GET',
    base,
    api(deps, read, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const url = ctx.url;
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 10) || 10, MAX_LIST_LIMIT);
      const after = Number(url.searchParams.get('after') ?? 0) || 0;
      const archived = boolParam(url, 'archived');
      const names = listParam(url, 'properties');
      const assoc = listParam(url, 'associations');
      const all = [...store.of(type).values()].filter(
        (r) => r.archived === archived && Number(r.id) >= after,
      );
      const page = all.slice(0, limit);
      const next = all[limit];
      sendJson(ctx, 200, {
        results: page.map((r) => withAssociations(store, type, r, names, assoc)),
        ...(next ? { paging: { next: { after: next.id, link: nextLink(ctx, next.id) } } } : {}),
      });
    }),
  );

  on(
    'POST',
    base,
    api(deps, write, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const input = parseBody(ids, createSchema, ctx.body);
      const links = resolveAssociations(deps, store, type, input.associations);
      const record = store.create(type, input.properties);
      for (const link of links) store.associate(type, record.id, link.to, link.toId, link.typeIds);
      sendJson(ctx, 201, recordJson(store, type, record, Object.keys(input.properties)));
    }),
  );

  on(
    'GET',
    `${base}/:id`,
    api(deps, read, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const id = ctx.params.id ?? '';
      const idProperty = ctx.url.searchParams.get('idProperty') ?? undefined;
      uniqueIdProperty(store, type, idProperty);
      const record = store.find(type, id, idProperty, boolParam(ctx.url, 'archived'));
      if (!record) throw notFound(ids, id);
      sendJson(
        ctx,
        200,
        withAssociations(
          store,
          type,
          record,
          listParam(ctx.url, 'properties'),
          listParam(ctx.url, 'associations'),
        ),
      );
    }),
  );

  on(
    'PATCH',
    `${base}/:id`,
    api(deps, write, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const id = ctx.params.id ?? '';
      const idProperty = ctx.url.searchParams.get('idProperty') ?? undefined;
      uniqueIdProperty(store, type, idProperty);
      const input = parseBody(ids, updateSchema, ctx.body);
      const record = store.find(type, id, idProperty);
      if (!record) throw notFound(ids, id);
      store.update(type, record, input.properties);
      sendJson(ctx, 200, recordJson(store, type, record, Object.keys(input.properties)));
    }),
  );

  on(
    'DELETE',
    `${base}/:id`,
    api(deps, write, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const record = store.find(type, ctx.params.id ?? '');
      // HubSpot answers 204 whether or not the record existed.
      if (record) store.archive(type, record);
      sendJson(ctx, 204, null);
    }),
  );

  on(
    'POST',
    `${base}/batch/read`,
    api(deps, read, ({ ctx, store }) => {
      const started = deps.now();
      const type = typeOf(ctx.params);
      const input = parseBody(ids, batchReadSchema, ctx.body);
      limitInputs(input.inputs);
      uniqueIdProperty(store, type, input.idProperty);
      const archived = boolParam(ctx.url, 'archived');
      const results: unknown[] = [];
      const missing: string[] = [];
      const seen = new Set<string>();
      for (const { id } of input.inputs) {
        const record = store.find(type, id, input.idProperty, archived);
        if (!record) missing.push(id);
        else if (!seen.has(record.id)) {
          seen.add(record.id);
          results.push(recordJson(store, type, record, input.properties));
        }
      }
      const errors = missing.length ? [notFoundError(type, 'get', missing)] : [];
      const { status, body } = batchEnvelope(started, deps.now(), results, errors);
      sendJson(ctx, status, body);
    }),
  );

  on(
    'POST',
    `${base}/batch/create`,
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const type = typeOf(ctx.params);
      const input = parseBody(ids, batchCreateSchema, ctx.body);
      limitInputs(input.inputs);
      // All or nothing: every input is validated (including unique values within the batch) first.
      const seenUnique = new Map<string, number>();
      const plans = input.inputs.map((item, index) => {
        store.validate(type, item.properties, undefined);
        for (const [name, value] of Object.entries(item.properties)) {
          if (value === null || value === '' || !store.isUniqueProperty(type, name)) continue;
          const key = `${name}:${String(value).toLowerCase()}`;
          if (seenUnique.has(key))
            throw hubspotError(
              ids,
              409,
              'CONFLICT',
              `Duplicate ${name} '${String(value)}' in inputs ${seenUnique.get(key)} and ${index}.`,
            );
          seenUnique.set(key, index);
        }
        return { item, links: resolveAssociations(deps, store, type, item.associations) };
      });
      const results = plans.map(({ item, links }) => {
        const record = store.create(type, item.properties);
        for (const link of links) store.associate(type, record.id, link.to, link.toId, link.typeIds);
        return recordJson(store, type, record, Object.keys(item.properties));
      });
      const { body } = batchEnvelope(started, deps.now(), results, []);
      sendJson(ctx, 201, body);
    }),
  );

  on(
    'POST',
    `${base}/batch/update`,
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const type = typeOf(ctx.params);
      const input = parseBody(ids, batchUpdateSchema, ctx.body);
      limitInputs(input.inputs);
      const found: Array<{ record: CrmRecord; properties: Record<string, unknown> }> = [];
      const missing: string[] = [];
      for (const item of input.inputs) {
        uniqueIdProperty(store, type, item.idProperty);
        const record = store.find(type, item.id, item.idProperty);
        if (!record) missing.push(item.id);
        else {
          store.validate(type, item.properties, record.id);
          found.push({ record, properties: item.properties });
        }
      }
      const results = found.map(({ record, properties }) => {
        store.update(type, record, properties);
        return recordJson(store, type, record, Object.keys(properties));
      });
      const errors = missing.length ? [notFoundError(type, 'update', missing)] : [];
      const { status, body } = batchEnvelope(started, deps.now(), results, errors);
      sendJson(ctx, status, body);
    }),
  );

  on(
    'POST',
    `${base}/batch/upsert`,
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const type = typeOf(ctx.params);
      const input = parseBody(ids, batchUpdateSchema, ctx.body);
      limitInputs(input.inputs);
      const plans = input.inputs.map((item) => {
        if (!item.idProperty || item.idProperty === 'hs_object_id')
          throw invalidInput(
            ids,
            'Upsert requires an idProperty that is a unique value property other than hs_object_id.',
          );
        uniqueIdProperty(store, type, item.idProperty);
        const record = store.find(type, item.id, item.idProperty);
        const properties = record ? item.properties : { ...item.properties, [item.idProperty]: item.id };
        store.validate(type, properties, record?.id);
        return { record, properties };
      });
      const results = plans.map(({ record, properties }) => {
        const saved = record ? store.update(type, record, properties) : store.create(type, properties);
        return { ...recordJson(store, type, saved, Object.keys(properties)), new: !record };
      });
      const { body } = batchEnvelope(started, deps.now(), results, []);
      sendJson(ctx, 200, body);
    }),
  );

  on(
    'POST',
    `${base}/batch/archive`,
    api(deps, write, ({ ctx, store }) => {
      const type = typeOf(ctx.params);
      const input = parseBody(ids, batchArchiveSchema, ctx.body);
      limitInputs(input.inputs);
      for (const { id } of input.inputs) {
        const record = store.find(type, id);
        if (record) store.archive(type, record);
      }
      sendJson(ctx, 204, null);
    }),
  );

  on(
    'POST',
    `${base}/search`,
    api(
      deps,
      read,
      ({ ctx, store }) => {
        const type = typeOf(ctx.params);
        const request = parseBody(ids, searchRequestSchema, ctx.body);
        const filters = request.filterGroups.reduce((n, g) => n + g.filters.length, 0);
        if (filters > 18)
          throw invalidInput(ids, `There were ${filters} filters in the request; the maximum is 18.`);
        const defs = store.propertiesOf(type);
        const typeOfProperty = (name: string) => defs.get(name)?.type;
        const offset = Number(request.after ?? 0) || 0;
        if (offset + request.limit > MAX_SEARCH_RESULTS)
          throw invalidInput(
            ids,
            `Search results are limited to ${MAX_SEARCH_RESULTS} records; page beyond that is not allowed.`,
          );
        const matches = store
          .live(type)
          .filter((r) => matchesSearch(r.properties, request, typeOfProperty))
          .sort(compareForSort(request, typeOfProperty));
        const page = matches.slice(offset, offset + request.limit);
        const nextOffset = offset + page.length;
        const hasMore = nextOffset < Math.min(matches.length, MAX_SEARCH_RESULTS) && page.length > 0;
        sendJson(ctx, 200, {
          total: matches.length,
          results: page.map((r) => recordJson(store, type, r, request.properties)),
          ...(hasMore ? { paging: { next: { after: String(nextOffset) } } } : {}),
        });
      },
      { search: true },
    ),
  );
}

function withAssociations(
  store: CrmStore,
  type: ObjectType,
  record: CrmRecord,
  names: string[] | undefined,
  assoc: string[] | undefined,
): Record<string, unknown> {
  const json = recordJson(store, type, record, names);
  const associations = associationsJson(store, type, record, assoc);
  return associations ? { ...json, associations } : json;
}

function notFoundError(type: ObjectType, verb: string, missing: string[]): Record<string, unknown> {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not ${verb} some ${type} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: missing },
    errors: [],
  };
}

/** Associations given with a create: the target must exist and the type id must be known. */
function resolveAssociations(
  deps: ApiDeps,
  store: CrmStore,
  from: ObjectType,
  associations: Array<z.infer<typeof associationInput>>,
): Array<{ to: ObjectType; toId: string; typeIds: number[] }> {
  return associations.map((a) => {
    const typeIds = a.types.map((t) => t.associationTypeId);
    const targets = new Set(typeIds.map((id) => targetOfTypeId(from, id)));
    const to = [...targets][0];
    if (targets.size !== 1 || !to || typeIds.some((id) => hubspotDefinedLabel(from, to, id) === undefined))
      throw invalidInput(deps.ids, `Invalid association type ids ${typeIds.join(', ')} from ${from}.`);
    if (!store.find(to, a.to.id))
      throw new SandboxHttpError(400, {
        status: 'error',
        message: `One or more associations are invalid: ${to} ${a.to.id} does not exist`,
        correlationId: deps.ids(),
        category: 'VALIDATION_ERROR',
        context: { toObjectId: [a.to.id] },
      });
    return { to, toId: a.to.id, typeIds };
  });
}
