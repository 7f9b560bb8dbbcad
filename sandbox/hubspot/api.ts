import { type z } from 'zod';
import { send } from '../core/http';
import type { SandboxContext, SandboxHandler } from '../core/server';
import { hubspotError, invalidInput, type CorrelationIds } from './errors';
import {
  DEFAULT_PROPERTIES,
  lastModifiedProperty,
  OBJECT_TYPES,
  resolveObjectType,
  v3AssociationTypeName,
  type ObjectType,
} from './objectTypes';
import type { AccessGrant, HubSpotOAuth } from './oauth';
import type { RateGate } from './rateLimits';
import type { CrmRecord, CrmStore } from './store';

/** What the CRM route handlers share: auth, rate limits, the portal's store, correlation ids. */
export interface ApiDeps {
  oauth: HubSpotOAuth;
  gate: RateGate;
  ids: CorrelationIds;
  store(portalId: number): CrmStore;
  now(): number;
}

export interface ApiCall {
  ctx: SandboxContext;
  grant: AccessGrant;
  store: CrmStore;
}

export type Route = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  handler: SandboxHandler,
) => void;

/**
 * Wraps a handler: bearer auth and the scope the call needs (from the request, since it depends on
 * the object type), then the rate limits, then the handler with the token's portal.
 */
export function api(
  deps: ApiDeps,
  scopeOf: (ctx: SandboxContext) => string | string[],
  handler: (call: ApiCall) => void | Promise<void>,
  options: { search?: boolean } = {},
): SandboxHandler {
  return async (ctx) => {
    // Authentication comes first: a call without a valid token is a 401 whatever else is wrong.
    const grant = deps.oauth.authenticate(ctx);
    deps.oauth.requireScopes(grant, scopeOf(ctx));
    deps.gate.admit(ctx, grant, options.search ?? false);
    await handler({ ctx, grant, store: deps.store(grant.portalId) });
  };
}

export function objectTypeOf(ids: CorrelationIds, raw: string | undefined): ObjectType {
  const type = resolveObjectType(raw);
  if (!type) throw invalidInput(ids, `Unable to infer object type from: ${raw ?? ''}`);
  return type;
}

/** A list query parameter: the SDK sends arrays comma-joined; repeated parameters work too. */
export function listParam(url: URL, name: string): string[] | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length === 0) return undefined;
  return all.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

export function boolParam(url: URL, name: string): boolean {
  return url.searchParams.get(name) === 'true';
}

/** Parses a body with zod, answering HubSpot's 400 VALIDATION_ERROR when it does not fit. */
export function parseBody<T>(ids: CorrelationIds, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalidInput(
      ids,
      `Invalid input JSON on line 1, column 1: ${first?.path.join('.') ?? ''}: ${first?.message ?? ''}`,
      {
        errors: parsed.error.issues.map((i) => ({
          message: i.message,
          in: i.path.join('.'),
        })),
      },
    );
  }
  return parsed.data;
}

export function notFound(ids: CorrelationIds, id: string): Error {
  return hubspotError(ids, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
    context: { id: [id] },
  });
}

/** The properties a read returns: the named ones (null when unset) or the type's defaults. */
export function selectProperties(
  store: CrmStore,
  type: ObjectType,
  record: CrmRecord,
  names: string[] | undefined,
): Record<string, string | null> {
  const defs = store.propertiesOf(type);
  const wanted = new Set([
    ...(names && names.length > 0 ? names : DEFAULT_PROPERTIES[type]),
    'hs_object_id',
    'createdate',
    lastModifiedProperty(type),
  ]);
  const out: Record<string, string | null> = {};
  for (const name of [...wanted].sort()) {
    if (!defs.has(name)) continue;
    out[name] = record.properties[name] ?? null;
  }
  return out;
}

export function recordJson(
  store: CrmStore,
  type: ObjectType,
  record: CrmRecord,
  names: string[] | undefined,
): Record<string, unknown> {
  return {
    id: record.id,
    properties: selectProperties(store, type, record, names),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
    ...(record.archivedAt !== undefined ? { archivedAt: new Date(record.archivedAt).toISOString() } : {}),
  };
}

/** `associations` of a v3 object read: per requested type, the associated ids and type names. */
export function associationsJson(
  store: CrmStore,
  type: ObjectType,
  record: CrmRecord,
  wanted: string[] | undefined,
): Record<string, unknown> | undefined {
  if (!wanted || wanted.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const raw of wanted) {
    const to = resolveObjectType(raw);
    if (!to || !(OBJECT_TYPES as readonly string[]).includes(to)) continue;
    const results: Array<{ id: string; type: string }> = [];
    for (const [toId, typeIds] of store.associated(type, record.id, to)) {
      for (const typeId of [...typeIds].sort((a, b) => a - b))
        results.push({ id: toId, type: v3AssociationTypeName(type, to, typeId) });
    }
    if (results.length > 0) out[to] = { results };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function sendJson(ctx: SandboxContext, status: number, body: unknown): void {
  send(ctx.res, status, body);
}

/** The absolute link HubSpot puts in `paging.next.link`. */
export function nextLink(ctx: SandboxContext, after: string): string {
  const url = new URL(ctx.url.pathname, `http://${ctx.req.headers.host ?? 'localhost'}`);
  for (const [k, v] of ctx.url.searchParams) if (k !== 'after') url.searchParams.append(k, v);
  url.searchParams.set('after', after);
  return url.toString();
}

export function batchEnvelope(
  startedAt: number,
  now: number,
  results: unknown[],
  errors: unknown[],
): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date(now).toISOString(),
  };
  if (errors.length === 0) return { status: 200, body };
  return { status: 207, body: { ...body, numErrors: errors.length, errors } };
}
