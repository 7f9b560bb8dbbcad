import { z } from 'zod';
import {
  api,
  batchEnvelope,
  notFound,
  objectTypeOf,
  parseBody,
  sendJson,
  type ApiDeps,
  type Route,
} from './api';
import { invalidInput } from './errors';
import {
  associationTypes,
  canAssociate,
  hubspotDefinedLabel,
  inverseTypeId,
  objectScope,
  TYPE_IDS,
  type ObjectType,
} from './objectTypes';
import type { CrmStore } from './store';

/**
 * Associations v4: default (unlabeled) and typed associations between two records, reading a
 * record's associations with their types and labels, and the batch create/default/read/archive
 * endpoints. Only HubSpot-defined association types exist in the sandbox.
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
 */
const specSchema = z.object({
  associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  associationTypeId: z.number().int(),
});
const objectId = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const batchCreateSchema = z.object({
  inputs: z.array(z.object({ from: objectId, to: objectId, types: z.array(specSchema).min(1) })),
});
const batchDefaultSchema = z.object({ inputs: z.array(z.object({ from: objectId, to: objectId })) });
const batchReadSchema = z.object({
  inputs: z.array(objectId.extend({ after: z.string().optional() })),
});
const batchArchiveSchema = z.object({
  inputs: z.array(z.object({ from: objectId, to: z.array(objectId) })),
});
const MAX_BATCH = 100;
const PAGE = 500;

export function associationRoutes(on: Route, deps: ApiDeps): void {
  const { ids } = deps;
  const pair = (params: Record<string, string>) => {
    const from = objectTypeOf(ids, params.fromType);
    const to = objectTypeOf(ids, params.toType);
    if (!canAssociate(from, to)) throw invalidInput(ids, `${from} cannot be associated with ${to}.`);
    return { from, to };
  };
  const read = (ctx: { params: Record<string, string> }) => objectScope(pair(ctx.params).from, 'read');
  const write = (ctx: { params: Record<string, string> }) => objectScope(pair(ctx.params).from, 'write');
  const existing = (store: CrmStore, type: ObjectType, id: string) => {
    if (!store.find(type, id)) throw notFound(ids, id);
  };
  const checkTypes = (from: ObjectType, to: ObjectType, specs: Array<z.infer<typeof specSchema>>) => {
    for (const spec of specs) {
      if (
        spec.associationCategory !== 'HUBSPOT_DEFINED' ||
        hubspotDefinedLabel(from, to, spec.associationTypeId) === undefined
      )
        throw invalidInput(
          ids,
          `association type id ${spec.associationTypeId} (${spec.associationCategory}) doesn't exist between ${from} and ${to}`,
        );
    }
    return specs.map((s) => s.associationTypeId);
  };
  const labelsBetween = (
    store: CrmStore,
    from: ObjectType,
    fromId: string,
    to: ObjectType,
    toId: string,
  ) => ({
    fromObjectTypeId: TYPE_IDS[from],
    fromObjectId: Number(fromId),
    toObjectTypeId: TYPE_IDS[to],
    toObjectId: Number(toId),
    labels: [...(store.associated(from, fromId, to).get(toId) ?? [])]
      .map((typeId) => hubspotDefinedLabel(from, to, typeId))
      .filter((label): label is string => typeof label === 'string'),
  });
  const defaultAssociate = (
    store: CrmStore,
    from: ObjectType,
    fromId: string,
    to: ObjectType,
    toId: string,
  ) => {
    const { unlabeled } = associationTypes(from, to);
    store.associate(from, fromId, to, toId, [unlabeled]);
    const back = inverseTypeId(from, to, unlabeled);
    return [
      { from: { id: fromId }, to: { id: toId }, associationSpec: spec(unlabeled) },
      ...(back === undefined
        ? []
        : [{ from: { id: toId }, to: { id: fromId }, associationSpec: spec(back) }]),
    ];
  };
  const associatedJson = (store: CrmStore, from: ObjectType, fromId: string, to: ObjectType) =>
    [...store.associated(from, fromId, to)].map(([toId, typeIds]) => ({
      toObjectId: Number(toId),
      associationTypes: [...typeIds]
        .sort((a, b) => a - b)
        .map((typeId) => ({
          category: 'HUBSPOT_DEFINED',
          typeId,
          label: hubspotDefinedLabel(from, to, typeId) ?? null,
        })),
    }));

  on(
    'PUT',
    '/crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId',
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const { from, to } = pair(ctx.params);
      const fromId = ctx.params.fromId ?? '';
      const toId = ctx.params.toId ?? '';
      existing(store, from, fromId);
      existing(store, to, toId);
      const results = defaultAssociate(store, from, fromId, to, toId);
      sendJson(ctx, 200, batchEnvelope(started, deps.now(), results, []).body);
    }),
  );

  on(
    'PUT',
    '/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId',
    api(deps, write, ({ ctx, store }) => {
      const { from, to } = pair(ctx.params);
      const fromId = ctx.params.fromId ?? '';
      const toId = ctx.params.toId ?? '';
      const typeIds = checkTypes(from, to, parseBody(ids, z.array(specSchema).min(1), ctx.body));
      existing(store, from, fromId);
      existing(store, to, toId);
      store.associate(from, fromId, to, toId, typeIds);
      sendJson(ctx, 201, labelsBetween(store, from, fromId, to, toId));
    }),
  );

  on(
    'DELETE',
    '/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId',
    api(deps, write, ({ ctx, store }) => {
      const { from, to } = pair(ctx.params);
      store.unlink(from, ctx.params.fromId ?? '', to, ctx.params.toId ?? '');
      sendJson(ctx, 204, null);
    }),
  );

  on(
    'GET',
    '/crm/v4/objects/:fromType/:fromId/associations/:toType',
    api(deps, read, ({ ctx, store }) => {
      const { from, to } = pair(ctx.params);
      const fromId = ctx.params.fromId ?? '';
      existing(store, from, fromId);
      const limit = Math.min(Number(ctx.url.searchParams.get('limit') ?? PAGE) || PAGE, PAGE);
      const after = Number(ctx.url.searchParams.get('after') ?? 0) || 0;
      const all = associatedJson(store, from, fromId, to).filter((r) => r.toObjectId >= after);
      const next = all[limit];
      sendJson(ctx, 200, {
        results: all.slice(0, limit),
        ...(next ? { paging: { next: { after: String(next.toObjectId) } } } : {}),
      });
    }),
  );

  const batchPath = '/crm/v4/associations/:fromType/:toType/batch';
  const limited = (inputs: unknown[]) => {
    if (inputs.length > MAX_BATCH)
      throw invalidInput(
        ids,
        `Batch input limit exceeded: ${inputs.length} inputs, maximum is ${MAX_BATCH}.`,
      );
  };

  on(
    'POST',
    `${batchPath}/create`,
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const { from, to } = pair(ctx.params);
      const input = parseBody(ids, batchCreateSchema, ctx.body);
      limited(input.inputs);
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const item of input.inputs) {
        const typeIds = checkTypes(from, to, item.types);
        if (!store.find(from, item.from.id) || !store.find(to, item.to.id)) {
          missing.push(`${item.from.id}->${item.to.id}`);
          continue;
        }
        store.associate(from, item.from.id, to, item.to.id, typeIds);
        results.push(labelsBetween(store, from, item.from.id, to, item.to.id));
      }
      const { status, body } = batchEnvelope(
        started,
        deps.now(),
        results,
        missing.length ? [missingError(missing)] : [],
      );
      sendJson(ctx, status === 200 ? 201 : status, body);
    }),
  );

  on(
    'POST',
    `${batchPath}/associate/default`,
    api(deps, write, ({ ctx, store }) => {
      const started = deps.now();
      const { from, to } = pair(ctx.params);
      const input = parseBody(ids, batchDefaultSchema, ctx.body);
      limited(input.inputs);
      const results: unknown[] = [];
      const missing: string[] = [];
      for (const item of input.inputs) {
        if (!store.find(from, item.from.id) || !store.find(to, item.to.id)) {
          missing.push(`${item.from.id}->${item.to.id}`);
          continue;
        }
        results.push(...defaultAssociate(store, from, item.from.id, to, item.to.id));
      }
      const { body } = batchEnvelope(
        started,
        deps.now(),
        results,
        missing.length ? [missingError(missing)] : [],
      );
      sendJson(ctx, 200, body);
    }),
  );

  on(
    'POST',
    `${batchPath}/read`,
    api(deps, read, ({ ctx, store }) => {
      const started = deps.now();
      const { from, to } = pair(ctx.params);
      const input = parseBody(ids, batchReadSchema, ctx.body);
      limited(input.inputs);
      const results: unknown[] = [];
      const none: string[] = [];
      for (const item of input.inputs) {
        const found = store.find(from, item.id) ? associatedJson(store, from, item.id, to) : [];
        if (found.length === 0) none.push(item.id);
        else results.push({ from: { id: item.id }, to: found });
      }
      const errors = none.length
        ? [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
              message: `No ${to} are associated with ${from} ${none.join(', ')}.`,
              context: { fromObjectId: none },
              errors: [],
            },
          ]
        : [];
      const { status, body } = batchEnvelope(started, deps.now(), results, errors);
      sendJson(ctx, status, body);
    }),
  );

  on(
    'POST',
    `${batchPath}/archive`,
    api(deps, write, ({ ctx, store }) => {
      const { from, to } = pair(ctx.params);
      const input = parseBody(ids, batchArchiveSchema, ctx.body);
      limited(input.inputs);
      for (const item of input.inputs)
        for (const target of item.to) store.unlink(from, item.from.id, to, target.id);
      sendJson(ctx, 204, null);
    }),
  );
}

function spec(associationTypeId: number) {
  return { associationCategory: 'HUBSPOT_DEFINED', associationTypeId };
}

function missingError(pairs: string[]) {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not associate some records, they may be deleted or not exist: ${pairs.join(', ')}`,
    context: { pairs },
    errors: [],
  };
}
