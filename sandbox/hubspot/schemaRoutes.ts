import { api, objectTypeOf, parseBody, sendJson, type ApiDeps, type Route } from './api';
import { hubspotError, invalidInput } from './errors';
import { isEngagement, objectScope, type ObjectType } from './objectTypes';
import { definition, propertyCreateSchema, propertyJson } from './properties';

/**
 * The Properties API (list, read, create custom properties, e.g. a `hasUniqueValue` property to use
 * as `idProperty`). The Pipelines API is pipelines.ts.
 * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide
 */
const MAX_UNIQUE_PROPERTIES = 10;

function schemaScopes(type: ObjectType, access: 'read' | 'write'): string[] {
  const schema = isEngagement(type) ? 'contacts' : type;
  return access === 'read'
    ? [`crm.schemas.${schema}.read`, objectScope(type, 'read')]
    : [`crm.schemas.${schema}.write`];
}

export function schemaRoutes(on: Route, deps: ApiDeps): void {
  const { ids } = deps;
  const typeOf = (params: Record<string, string>) => objectTypeOf(ids, params.objectType);

  on(
    'GET',
    '/crm/v3/properties/:objectType',
    api(
      deps,
      (ctx) => schemaScopes(typeOf(ctx.params), 'read'),
      ({ ctx, store }) => {
        const type = typeOf(ctx.params);
        sendJson(ctx, 200, { results: [...store.propertiesOf(type).values()].map(propertyJson) });
      },
    ),
  );

  on(
    'GET',
    '/crm/v3/properties/:objectType/:propertyName',
    api(
      deps,
      (ctx) => schemaScopes(typeOf(ctx.params), 'read'),
      ({ ctx, store }) => {
        const type = typeOf(ctx.params);
        const name = ctx.params.propertyName ?? '';
        const property = store.propertiesOf(type).get(name);
        if (!property)
          throw hubspotError(ids, 404, 'OBJECT_NOT_FOUND', `Unable to find property with name ${name}`, {
            context: { propertyName: [name] },
          });
        sendJson(ctx, 200, propertyJson(property));
      },
    ),
  );

  on(
    'POST',
    '/crm/v3/properties/:objectType',
    api(
      deps,
      (ctx) => schemaScopes(typeOf(ctx.params), 'write'),
      ({ ctx, store }) => {
        const type = typeOf(ctx.params);
        const input = parseBody(ids, propertyCreateSchema, ctx.body);
        const defs = store.propertiesOf(type);
        if (defs.has(input.name))
          throw hubspotError(ids, 409, 'CONFLICT', `Property named '${input.name}' already exists.`, {
            context: { name: [input.name] },
          });
        if (
          input.hasUniqueValue &&
          [...defs.values()].filter((p) => p.hasUniqueValue && !p.hubspotDefined).length >=
            MAX_UNIQUE_PROPERTIES
        )
          throw invalidInput(
            ids,
            `An object can have at most ${MAX_UNIQUE_PROPERTIES} unique value properties.`,
          );
        if (
          input.type === 'enumeration' &&
          (input.options ?? []).length === 0 &&
          input.fieldType !== 'booleancheckbox'
        )
          throw invalidInput(ids, 'Enumeration properties require options.');
        const property = definition(input.name, input.type, deps.now(), {
          label: input.label,
          groupName: input.groupName,
          fieldType: input.fieldType,
          description: input.description ?? '',
          unique: input.hasUniqueValue ?? false,
          displayOrder: input.displayOrder ?? -1,
          options: (input.options ?? []).map((o, i) => ({
            label: o.label,
            value: o.value,
            displayOrder: o.displayOrder ?? i,
            hidden: o.hidden ?? false,
            ...(o.description !== undefined ? { description: o.description } : {}),
          })),
        });
        store.addProperty(type, property);
        sendJson(ctx, 201, propertyJson(property));
      },
    ),
  );
}
