import { send } from '../core/http';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import type { ApiGate } from './apiGate';
import { validationException } from './errors';
import { IdempotencyCache, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency';
import { problem } from './identity';
import type { FaultInjector } from '../core/faults';
import type { XeroState } from './state';

/**
 * Plumbing shared by the Accounting API routes: the gate (auth, tenant, rate limits), the
 * Idempotency-Key replay for writes, and Xero's batch write semantics: a body holds an array under
 * the resource's key; with summarizeErrors (the default) any invalid element fails the whole call
 * with a ValidationException and nothing is saved, with summarizeErrors=false each element reports
 * its own ValidationErrors and the valid ones are saved.
 */
export const API = '/api.xro/2.0';

export interface RouteDeps {
  state: XeroState;
  faults: FaultInjector;
  gate: ApiGate;
  idempotency: IdempotencyCache;
  now(): number;
}

export type ApiHandler = (ctx: SandboxContext, tenantId: string) => void | Promise<void>;

export function api(deps: RouteDeps, handler: ApiHandler): SandboxHandler {
  return async (ctx) => {
    const { tenantId, release } = deps.gate.admit(ctx);
    ctx.res.once('close', release);
    const latency = deps.faults.draw(['latency'], {
      method: ctx.req.method ?? 'GET',
      path: ctx.url.pathname,
    });
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency.latencyMs));
    const header = ctx.req.headers['idempotency-key'];
    const key = ctx.req.method !== 'GET' ? (Array.isArray(header) ? header[0] : header) : undefined;
    if (!key) return handler(ctx, tenantId);
    if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
      throw new SandboxHttpError(
        400,
        problem(
          400,
          'Bad Request',
          `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
        ),
      );
    const fingerprint = IdempotencyCache.fingerprint(ctx.req.method ?? '', ctx.url.pathname, ctx.rawBody);
    const found = deps.idempotency.lookup(tenantId, key, fingerprint);
    if (found.kind === 'replay') return send(ctx.res, found.status, found.body);
    if (found.kind === 'conflict')
      throw new SandboxHttpError(
        400,
        problem(400, 'Bad Request', `Idempotency Key ${key} is used with a different request.`),
      );
    // Capture what the handler answers so a retry with the same key gets exactly that.
    const remember = (status: number, body: unknown) =>
      deps.idempotency.put(tenantId, key, fingerprint, status, body);
    const original = ctx.res.end.bind(ctx.res);
    ctx.res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' && ctx.res.statusCode < 500)
        remember(ctx.res.statusCode, JSON.parse(chunk) as unknown);
      return (original as (...args: unknown[]) => unknown)(chunk, ...rest);
    }) as typeof ctx.res.end;
    try {
      await handler(ctx, tenantId);
    } catch (err) {
      if (err instanceof SandboxHttpError && err.status < 500) remember(err.status, err.body);
      throw err;
    }
  };
}

/** The elements of a write body: `{ Invoices: [...] }`, or a single object. */
export function elementsOf(body: unknown, key: string): Record<string, unknown>[] {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const list = (body as Record<string, unknown>)[key];
    if (Array.isArray(list)) return list as Record<string, unknown>[];
    return [body as Record<string, unknown>];
  }
  throw validationException([{ ValidationErrors: [{ Message: `The request body must contain ${key}` }] }]);
}

/**
 * Runs `write` for each element. Validation happens per element; with summarizeErrors the first
 * invalid element aborts the call before any element is saved (elements are validated by a dry
 * pass first: `write(element, true)` must not save).
 */
export function batchWrite<T>(
  ctx: SandboxContext,
  elements: Record<string, unknown>[],
  write: (element: Record<string, unknown>) => { ok: true; json: T } | { ok: false; errors: string[] },
): Array<T | Record<string, unknown>> {
  const summarize = ctx.url.searchParams.get('summarizeErrors') !== 'false';
  const results = elements.map((element) => ({ element, result: write(element) }));
  const failed = results.filter((r) => !r.result.ok);
  if (summarize && failed.length > 0) {
    throw validationException(
      failed.map(({ element, result }) => ({
        ...element,
        ValidationErrors: result.ok ? [] : result.errors.map((Message) => ({ Message })),
      })),
    );
  }
  return results.map(({ element, result }) =>
    result.ok
      ? result.json
      : {
          ...element,
          HasErrors: true,
          HasValidationErrors: true,
          StatusAttributeString: 'ERROR',
          ValidationErrors: result.errors.map((Message) => ({ Message })),
        },
  );
}
