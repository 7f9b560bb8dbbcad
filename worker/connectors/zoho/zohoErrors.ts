import { kindForStatus, parseRetryAfter, VendorError, type ErrorKind } from '../errors';
import { zohoStatusSchema, type ZohoStatus } from './zohoSchemas';

/**
 * Zoho CRM's errors as VendorErrors. A whole call's error is an APIException body `{ code,
 * details, message, status: "error" }` with an HTTP status; a write's per-record errors sit in
 * `data` with the same shape. Codes from the v8 SDK's record/api_exception.ts and Zoho's v8 status
 * codes page (https://www.zoho.com/crm/developer/docs/api/v8/status-codes.html).
 */
export interface ZohoReply {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Codes whose meaning does not depend on the HTTP status they come with. */
const KIND_BY_CODE: Record<string, ErrorKind> = {
  INVALID_DATA: 'validation',
  MANDATORY_NOT_FOUND: 'validation',
  REQUIRED_PARAM_MISSING: 'validation',
  INVALID_MODULE: 'validation',
  INVALID_QUERY: 'validation',
  SYNTAX_ERROR: 'validation',
  LIMIT_REACHED: 'validation',
  DUPLICATE_DATA: 'conflict',
  INVALID_TOKEN: 'auth',
  AUTHENTICATION_FAILURE: 'auth',
  // The grant lacks the scope: a refresh does not add one, a new consent does.
  OAUTH_SCOPE_MISMATCH: 'forbidden',
  NO_PERMISSION: 'forbidden',
  TOO_MANY_REQUESTS: 'rateLimited',
  INTERNAL_ERROR: 'retryable',
};

export const DEFAULT_CREDIT_WAIT_MS = 3600_000;

export function statusOf(body: unknown): ZohoStatus | undefined {
  const parsed = zohoStatusSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/**
 * A refused call. 429 LIMIT_EXCEEDED is the org's credits for the rolling 24 hours spent: rate
 * limited until the time Zoho gives (Retry-After, X-RATELIMIT-RESET), else `creditWaitMs` ahead —
 * v8 frees credits as the window rolls, so this is when to look again, not a promised reset. The
 * same code with 400 is a request over a per-call cap (100 records, 50 fields): validation.
 */
export function classifyZohoReply(
  reply: ZohoReply,
  now: number,
  creditWaitMs = DEFAULT_CREDIT_WAIT_MS,
): VendorError {
  const status = statusOf(reply.body);
  const code = status?.code;
  const retryAfter = parseRetryAfter(reply.headers.get('retry-after'), now);
  const field = fieldOf(status);
  const base = {
    status: reply.status,
    ...(code ? { vendorCode: code } : {}),
    ...(field ? { fields: [field] } : {}),
  };
  const what = `${reply.status} ${code ?? 'error'}${status?.message ? `: ${status.message}` : ''}`;
  if (reply.status === 429 && code === 'LIMIT_EXCEEDED') {
    const waitMs = retryAfter ?? resetHeader(reply.headers.get('x-ratelimit-reset'), now) ?? creditWaitMs;
    const until = new Date(now + waitMs).toISOString();
    return new VendorError('rateLimited', 'zoho', `${what} (API credits spent; retry after ${until})`, {
      ...base,
      retryAfterMs: waitMs,
    });
  }
  const kind =
    reply.status === 429
      ? 'rateLimited'
      : reply.status >= 500
        ? 'retryable'
        : (KIND_BY_CODE[code ?? ''] ?? kindForStatus(reply.status));
  return new VendorError(kind, 'zoho', what, {
    ...base,
    ...(kind === 'rateLimited' ? { retryAfterMs: retryAfter ?? 1_000 } : {}),
  });
}

/** One record's error in a write's answer (200, 207 or 400 with `data`). */
export function recordError(status: ZohoStatus, index: number): VendorError {
  const kind = KIND_BY_CODE[status.code] ?? 'validation';
  const field = fieldOf(status);
  return new VendorError(
    kind,
    'zoho',
    `record ${index}: ${status.code}${status.message ? `: ${status.message}` : ''}`,
    {
      vendorCode: status.code,
      ...(field ? { fields: [field] } : {}),
    },
  );
}

function fieldOf(status: ZohoStatus | undefined): string | undefined {
  const name = status?.details?.api_name ?? status?.details?.param_name;
  return typeof name === 'string' ? name : undefined;
}

/** X-RATELIMIT-RESET: epoch milliseconds or seconds, or seconds from now. */
function resetHeader(value: string | null, now: number): number | undefined {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n < 0) return undefined;
  const at = n > 1e12 ? n : n > 1e9 ? n * 1000 : now + n * 1000;
  return Math.max(0, at - now);
}
