import { kindForStatus, parseRetryAfter, VendorError } from '../errors';

/**
 * @hubspot/api-client rejects with an ApiException per generated module (so no shared class to test
 * with instanceof): `{ code, body, headers }`, body in HubSpot's error shape `{ status, message,
 * category, correlationId, errors? }`. Network failures are plain Errors.
 */
interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function isApiException(err: unknown): err is ApiExceptionLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    'body' in err &&
    'headers' in err
  );
}

function bodyOf(raw: unknown): { message?: string; category?: string; policyName?: string } {
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw) as { message?: string; category?: string };
    } catch {
      return { message: raw };
    }
  }
  return raw && typeof raw === 'object' ? (raw as { message?: string; category?: string }) : {};
}

export function classifyHubspotError(err: unknown, now = Date.now()): VendorError {
  if (err instanceof VendorError) return err;
  if (!isApiException(err))
    return new VendorError('retryable', 'hubspot', err instanceof Error ? err.message : String(err));
  const body = bodyOf(err.body);
  const kind = err.code === 429 || body.category === 'RATE_LIMITS' ? 'rateLimited' : kindForStatus(err.code);
  const retryAfterMs =
    parseRetryAfter(err.headers['retry-after'], now) ??
    // HubSpot's 10-second window: without Retry-After, wait for the window to turn.
    (kind === 'rateLimited' ? (body.policyName === 'DAILY' ? 15 * 60_000 : 10_000) : undefined);
  return new VendorError(kind, 'hubspot', `${err.code} ${body.message ?? body.category ?? 'error'}`, {
    status: err.code,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(body.category ? { vendorCode: body.category } : {}),
  });
}
