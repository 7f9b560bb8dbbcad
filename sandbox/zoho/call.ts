import type { SandboxContext } from '../core/server';
import type { ZohoOrg } from './org';
import type { RecordChange } from './recordWrites';

/** One authenticated API call at an org's DC, as the route handlers see it. */
export interface ZohoCall {
  ctx: SandboxContext;
  org: ZohoOrg;
  /** The sandbox origin (`http://host:port`), from which api domains are built. */
  origin: string;
  now: number;
  /** Hands a write's changes to the org's notification channels. */
  notify(changes: readonly RecordChange[]): void;
}

/** A handler's answer; no body for 204 and 304. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A v8 route under the API domain: its OAuth scope family and what it costs in credits. */
export interface ZohoRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path after the API domain, e.g. `/crm/v8/:module/search`. */
  path: string;
  scope: string;
  cost(ctx: SandboxContext): { credits: number; heavy: boolean };
  handle(call: ZohoCall): Answer;
}

/** A write's answer: 201/200 when every record succeeded, 400 when all failed, 207 when mixed. */
export function actionAnswer(
  key: 'data' | 'watch',
  results: ReadonlyArray<{ status: string }>,
  okStatus: number,
): Answer {
  const failed = results.filter((r) => r.status === 'error').length;
  const status = failed === 0 ? okStatus : failed === results.length ? 400 : 207;
  return { status, body: { [key]: results } };
}

export function param(ctx: SandboxContext, name: string): string | undefined {
  return ctx.url.searchParams.get(name) ?? undefined;
}
